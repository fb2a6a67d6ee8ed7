"""The forms of the missions' pages: a mission and its status (staff), a host, a delegate's
registration, a meeting request and its answer."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pncs.models import Sector

from .models import Delegate, Mission, MissionHost

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MissionForm(forms.ModelForm):
    class Meta:
        model = Mission
        fields = [
            "title",
            "kind",
            "direction",
            "sector",
            "destination_city",
            "destination_country",
            "organiser",
            "starts_on",
            "ends_on",
            "registration_closes_on",
            "capacity",
            "description",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "registration_closes_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, sector_ids=None, **kwargs):
        """`sector_ids`: the sectors the author manages (None: every sector)."""
        super().__init__(*args, **kwargs)
        sectors = Sector.objects.order_by("position", "name")
        if sector_ids is not None:
            sectors = sectors.filter(pk__in=sector_ids)
        self.fields["sector"].queryset = sectors

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        closes = data.get("registration_closes_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("La misión debe terminar el día que empieza o después."))
        if starts and closes and closes > starts:
            self.add_error(
                "registration_closes_on", _("El registro debe cerrar antes de que empiece.")
            )
        return data


class MissionStatusForm(forms.Form):
    """Publishing a draft or calling a mission off; the note goes, with a cancellation, to
    every person who held a place or waited for one."""

    status = forms.ChoiceField(
        choices=[
            (Mission.Status.PUBLISHED, _("Publicar")),
            (Mission.Status.CANCELLED, _("Cancelar la misión")),
        ]
    )
    note = forms.CharField(
        label=_("Motivo (se envía a las personas registradas)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HostForm(forms.ModelForm):
    class Meta:
        model = MissionHost
        fields = ["name", "contact_name", "description"]
        help_texts = {
            "contact_name": _(
                "Solo el nombre: el portal no guarda datos de contacto del anfitrión."
            )
        }

    def __init__(self, *args, mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.mission = mission

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if MissionHost.objects.filter(mission=self.mission, name__iexact=name).exists():
            raise forms.ValidationError(_("Este anfitrión ya está en la misión."))
        return name


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Delegate
        fields = ["organisation", "role", "interests"]
        widgets = {"interests": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "organisation": _(
                "La que representas en la delegación; el resto de la delegación la ve."
            ),
            "role": _("Por ejemplo: directora comercial, investigador, fundador."),
            "interests": _("Qué buscas en la misión; lo ven los organizadores."),
        }


class MeetingRequestForm(forms.Form):
    """`with`: "d<id>" for a delegate, "h<id>" for a host; a day of the mission and two times."""

    with_ = forms.ChoiceField(label=_("Con"))
    day = forms.DateField(label=_("Día"), widget=DATE_INPUT)
    starts = forms.TimeField(label=_("De"), widget=TIME_INPUT)
    ends = forms.TimeField(label=_("A"), widget=TIME_INPUT)
    note = forms.CharField(
        label=_("Nota"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Para qué quieres la reunión."),
    )

    def __init__(self, *args, delegates=(), hosts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["with_"].choices = [
            (f"d{d.pk}", f"{d.user.get_full_name()} · {d.organisation}") for d in delegates
        ] + [(f"h{h.pk}", _("%(name)s (anfitrión)") % {"name": h.name}) for h in hosts]
        self.delegates = {f"d{d.pk}": d for d in delegates}
        self.hosts = {f"h{h.pk}": h for h in hosts}

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.datetime.combine(day, starts, tzinfo=zone)
            data["ends_at"] = datetime.datetime.combine(day, ends, tzinfo=zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("La reunión debe terminar después de empezar."))
        choice = data.get("with_")
        data["with_delegate"] = self.delegates.get(choice)
        data["with_host"] = self.hosts.get(choice)
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Aceptar")), ("decline", _("Rechazar"))])
