"""The forms of the calls' pages (staff): a call and its rules, a criterion, a required document,
a review phase, a change of status."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from pncs.models import Sector

from .models import LANGUAGES, Call, CallStatus, Criterion, RequiredDocument, ReviewPhase

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SLUG_LENGTH = Call._meta.get_field("slug").max_length
# Paths under /convocatorias/ that are not a call.
RESERVED_SLUGS = frozenset(
    {"nueva", "propuestas", "mis-propuestas", "mis-evaluaciones", "conflictos"}
)


def unique_slug(title):
    """The slug of a new call from its title, as internships.cycles does for a cycle."""
    base = slugify(title)[: SLUG_LENGTH - 4].strip("-") or "convocatoria"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Call.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base[: SLUG_LENGTH - len(str(number)) - 1]}-{number}"
    return slug


class CallForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Idiomas de las propuestas"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Elige al menos un idioma.")},
    )

    class Meta:
        model = Call
        fields = [
            "title",
            "slug",
            "description",
            "sectors",
            "opens_at",
            "closes_at",
            "blind",
            "reviewers_per_proposal",
            "max_per_reviewer",
            "languages",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "sectors": forms.CheckboxSelectMultiple,
            "opens_at": DATETIME_INPUT,
            "closes_at": DATETIME_INPUT,
        }
        help_texts = {
            "slug": _("Déjalo vacío y se toma del título. Aparece en la dirección de la página."),
        }

    def __init__(self, *args, sector_ids=None, **kwargs):
        """`sector_ids`: the sectors the author works on (None: every sector)."""
        super().__init__(*args, **kwargs)
        sectors = Sector.objects.order_by("position", "name")
        if sector_ids is not None:
            sectors = sectors.filter(pk__in=sector_ids)
        self.fields["sectors"].queryset = sectors
        self.fields["sectors"].error_messages["invalid_choice"] = _(
            "Ese sector no está entre los que puedes elegir."
        )
        self.fields["sectors"].error_messages["invalid_pk_value"] = _(
            "Ese sector no está entre los que puedes elegir."
        )
        self.fields["slug"].required = False
        if self.instance.pk is not None:
            # A call keeps its address, so its links keep working.
            del self.fields["slug"]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("Esa dirección está reservada; elige otra."))
        return slug

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error(
                "closes_at",
                _("La fecha límite debe ser posterior a la apertura de la convocatoria."),
            )
        if "slug" in self.fields and not data.get("slug") and data.get("title"):
            data["slug"] = unique_slug(data["title"])
            self.instance.slug = data["slug"]
        return data


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight", "scale_max"]
        help_texts = {
            "weight": _("De 1 a 100: cuánto cuenta en el total."),
            "scale_max": _("De 2 a 10: las puntuaciones van de 0 a este número."),
        }


class RequiredDocumentForm(forms.ModelForm):
    class Meta:
        model = RequiredDocument
        fields = ["name"]


class PhaseForm(forms.ModelForm):
    class Meta:
        model = ReviewPhase
        fields = ["name", "can_write", "other_reviews", "hide_names"]


class CallStatusForm(forms.Form):
    """The changes of status staff make from the site."""

    status = forms.ChoiceField(
        choices=[
            (CallStatus.PUBLISHED, _("Publicar")),
            (CallStatus.CANCELLED, _("Cancelar")),
            (CallStatus.DECIDED, _("Publicar los resultados")),
        ]
    )
