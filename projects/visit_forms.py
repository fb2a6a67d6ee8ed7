"""The forms of expert visits: the request (its window of two to six weeks), a status change, an
invitation to one of the suggested experts, the visit's record (dates within the window,
itinerary), an activity within the visit's dates, and the expert's report."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pncs.models import Sector

from .models import Visit, VisitActivity, VisitRequest, VisitStatus
from .models.visits import MAX_WINDOW_DAYS, MIN_WINDOW_DAYS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VisitRequestForm(forms.ModelForm):
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.order_by("position", "name"),
        help_text=_("El personal del PNCS de este sector atiende la solicitud."),
    )

    class Meta:
        model = VisitRequest
        fields = [
            "institution",
            "city",
            "sector",
            "objectives",
            "expertise",
            "window_start",
            "window_end",
            "covers_lodging",
            "covers_per_diem",
            "covers_local_transport",
        ]
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 6}),
            "window_start": DATE_INPUT,
            "window_end": DATE_INPUT,
        }
        help_texts = {
            "expertise": _(
                "Temas o habilidades, separados por comas: con ellos sugerimos expertos."
            ),
            "window_end": _("La ventana de fechas dura de dos a seis semanas."),
        }

    def __init__(self, *args, sectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sectors is not None:  # PNCS staff ask for their own sectors
            self.fields["sector"].queryset = self.fields["sector"].queryset.filter(pk__in=sectors)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("window_start"), cleaned.get("window_end")
        if start and end:
            if start < timezone.localdate():
                self.add_error("window_start", _("La ventana no puede empezar en el pasado."))
            days = (end - start).days
            if not MIN_WINDOW_DAYS <= days <= MAX_WINDOW_DAYS:
                self.add_error(
                    "window_end",
                    _(
                        "La ventana de fechas debe durar entre dos y seis semanas "
                        "(ahora dura %(days)s días)."
                    )
                    % {"days": days},
                )
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=VisitStatus.choices)
    note = forms.CharField(
        label=_("Nota (opcional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InvitationForm(forms.Form):
    member = forms.ChoiceField(label=_("Experto"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Mensaje"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Si lo dejas vacío, enviamos uno con la institución, la ciudad y las fechas."),
    )

    def __init__(self, *args, suggested=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested = {member.slug: member for member in suggested}
        self.fields["member"].choices = [(m.slug, m.full_name) for m in suggested]

    def clean_member(self):
        return self.suggested[self.cleaned_data["member"]]


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["arrives_on", "leaves_on", "itinerary"]
        widgets = {
            "arrives_on": DATE_INPUT,
            "leaves_on": DATE_INPUT,
            "itinerary": forms.Textarea(attrs={"rows": 8}),
        }

    def clean(self):
        cleaned = super().clean()
        arrives, leaves = cleaned.get("arrives_on"), cleaned.get("leaves_on")
        window = self.instance.request
        if arrives and leaves and leaves < arrives:
            self.add_error("leaves_on", _("La salida no puede ser antes de la llegada."))
        for name, day in (("arrives_on", arrives), ("leaves_on", leaves)):
            if day and not window.window_start <= day <= window.window_end:
                self.add_error(
                    name,
                    _("La fecha debe caer en la ventana de la solicitud (%(start)s a %(end)s).")
                    % {
                        "start": window.window_start.strftime("%d/%m/%Y"),
                        "end": window.window_end.strftime("%d/%m/%Y"),
                    },
                )
        return cleaned


class ActivityForm(forms.ModelForm):
    class Meta:
        model = VisitActivity
        fields = ["kind", "title", "when", "place"]
        widgets = {"when": DATETIME_INPUT}

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit

    def clean_when(self):
        when = self.cleaned_data["when"]
        day = timezone.localtime(when).date()
        arrives, leaves = self.visit.arrives_on, self.visit.leaves_on
        if arrives is None or leaves is None:
            raise forms.ValidationError(_("Primero registra las fechas de llegada y salida."))
        if not arrives <= day <= leaves:
            raise forms.ValidationError(_("La actividad debe caer entre la llegada y la salida."))
        return when


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("Informe"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Qué se hizo, con quién y qué sigue: unas líneas bastan."),
    )
