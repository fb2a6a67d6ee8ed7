"""The mentoring's forms. Forms validate; mentoring.services writes."""

import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from members.models import Language
from pncs.models import Sector

from . import timezones
from .models import Cohort, Format, MentorOffer, Request

TEXT_LIMIT = 2000


class _ZoneMixin:
    def _zone_field(self):
        field = self.fields["time_zone"]
        self.fields["time_zone"] = forms.ChoiceField(
            label=field.label,
            choices=timezones.choices(),
            initial=field.initial,
            help_text=field.help_text,
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("hours_from"), data.get("hours_to")
        if start is not None and end is not None and start == end:
            self.add_error("hours_to", _("La hora final debe ser distinta de la inicial."))
        return data


class OfferForm(_ZoneMixin, forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Idiomas en que puedes dar mentoría"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    formats = forms.MultipleChoiceField(
        label=_("Formatos"), choices=Format.choices, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectores"),
        queryset=Sector.objects.order_by("position"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MentorOffer
        fields = [
            "capacity",
            "sectors",
            "topics",
            "languages",
            "time_zone",
            "hours_from",
            "hours_to",
            "formats",
            "hours_per_month",
            "paused",
        ]
        widgets = {"topics": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "capacity": _("Cuántas personas puedes acompañar a la vez (de 1 a 10)."),
            "hours_per_month": _("Las horas al mes que puedes dedicar a cada persona (de 1 a 40)."),
            "hours_from": _("En tu zona horaria: te proponemos con quien tenga horas en común."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].help_text = _(
            "La sugerimos a partir de tu ciudad; cámbiala si no es la tuya."
        )
        self._zone_field()
        for name in ("capacity", "hours_per_month"):
            self.fields[name].widget.attrs.update({"min": 1})


class RequestForm(_ZoneMixin, forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Idiomas en que puedes conversar"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Request
        fields = [
            "goal",
            "organisation",
            "sector",
            "topics",
            "languages",
            "time_zone",
            "hours_from",
            "hours_to",
        ]
        widgets = {"goal": forms.Textarea(attrs={"rows": 5})}
        labels = {"goal": _("¿Qué quieres lograr con la mentoría?")}
        help_texts = {
            "topics": _("Separados por comas: «exportación, certificación orgánica, precios»."),
            "hours_from": _("Las horas del día en que puedes reunirte, en tu zona horaria."),
        }

    def __init__(self, *args, cohort=None, **kwargs):
        super().__init__(*args, **kwargs)
        sectors = Sector.objects.order_by("position")
        if cohort is not None:
            sectors = sectors.filter(pk__in=cohort.sectors.values("pk"))
        self.fields["sector"].queryset = sectors
        self.fields["sector"].empty_label = None
        self._zone_field()

    def clean_topics(self):
        topics = [topic.strip() for topic in self.cleaned_data["topics"].split(",")]
        topics = [topic for topic in topics if topic]
        if not topics:
            raise forms.ValidationError(_("Escribe al menos un tema."))
        if any(len(topic) > 80 for topic in topics):
            raise forms.ValidationError(_("Cada tema puede tener hasta 80 caracteres."))
        return ", ".join(topics[:10])


class ProposeForm(forms.Form):
    offer = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class ReasonForm(forms.Form):
    """The reason of an ending or of closing a request, which the other side reads."""

    note = forms.CharField(
        label=_("Motivo"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckInForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Mes"), coerce=datetime.date.fromisoformat)
    text = forms.CharField(max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))
    hours = forms.DecimalField(
        label=_("Horas de mentoría en el mes"),
        min_value=0,
        max_value=200,
        max_digits=4,
        decimal_places=1,
        required=False,
    )

    def __init__(self, *args, months, side, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [
            (month.isoformat(), _month_label(month)) for month in months
        ]
        if side == "mentee":
            self.fields["text"].label = _("¿Cómo vas? Lo que avanzaste y lo que sigue")
            del self.fields["hours"]
        else:
            self.fields["text"].label = _("Retroalimentación para la persona")
            self.fields["hours"].required = True


def _month_label(month):
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


class CohortForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectores"),
        queryset=Sector.objects.order_by("position"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Cohort
        fields = [
            "name",
            "name_en",
            "description",
            "sectors",
            "places",
            "applications_close",
            "starts_on",
            "ends_on",
            "mentee_picks",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            **{
                name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                for name in ("applications_close", "starts_on", "ends_on")
            },
        }

    def clean(self):
        data = super().clean()
        close, start, end = (
            data.get(name) for name in ("applications_close", "starts_on", "ends_on")
        )
        today = timezone.localdate()
        if close and self.instance.pk is None and close < today:
            self.add_error("applications_close", _("El cierre no puede estar en el pasado."))
        if close and start and start < close:
            self.add_error(
                "starts_on", _("El grupo empieza cuando cierran las solicitudes o después.")
            )
        if start and end and end < start:
            self.add_error("ends_on", _("El fin no puede ser anterior al inicio."))
        if end and end > today + datetime.timedelta(days=365 * 5):
            self.add_error("ends_on", _("Elige una fecha en los próximos cinco años."))
        return data
