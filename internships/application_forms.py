"""The student's forms: the application (kept as a draft or sent) and the order of preference of
their applications in a cycle. Forms validate; internships.applications writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Language
from redtalentos.lib.documents import MB, PDFField

from .applications import REQUIRED_TO_SEND

CV_MAX_BYTES = 5 * MB
SEND, DRAFT = "enviar", "borrador"
NEEDED_TO_SEND = _("Lo necesitamos para enviar la postulación (un borrador puede esperar).")


def rank_label(rank):
    return {
        1: _("1 · la plaza que más quiero"),
        2: _("2 · mi segunda opción"),
        3: _("3 · mi tercera opción"),
    }.get(rank, str(rank))


class ApplicationForm(forms.Form):
    """Every field may wait in a draft; sending needs them all (NEEDED_TO_SEND). `ranks` are the
    preferences the student may give (the free ones); `has_cv`: a draft holds a CV already."""

    rank = forms.TypedChoiceField(
        label=_("Preferencia"),
        coerce=int,
        help_text=_(
            "Puedes postularte a tres plazas por ciclo; ordénalas del 1 (la que más quieres) "
            "al 3. Puedes cambiar el orden mientras las postulaciones estén abiertas."
        ),
    )
    motivation = forms.CharField(
        label=_("¿Por qué te interesa esta plaza?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Qué quieres aprender, qué puedes aportar y por qué ahora. Hasta 4,000 caracteres."
        ),
    )
    university = forms.CharField(label=_("Universidad"), max_length=200, required=False)
    programme = forms.CharField(label=_("Carrera o programa"), max_length=200, required=False)
    semester = forms.IntegerField(
        label=_("Semestre que cursas"), min_value=1, max_value=20, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Idiomas que hablas"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cv = PDFField(
        label=_("Currículum (PDF)"),
        max_bytes=CV_MAX_BYTES,
        required=False,
        help_text=_(
            "Un PDF de hasta 5 MB. Solo lo ven tú, la persona anfitriona de esta plaza (cuando "
            "envías la postulación) y el IME; cada consulta queda registrada."
        ),
    )

    def __init__(self, *args, ranks, sending=False, has_cv=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sending = sending
        self.has_cv = has_cv
        self.fields["rank"].choices = [(rank, rank_label(rank)) for rank in ranks]
        if has_cv:
            self.fields["cv"].help_text = _(
                "Ya subiste tu CV; sube otro PDF (hasta 5 MB) solo si quieres reemplazarlo."
            )

    def clean(self):
        cleaned = super().clean()
        if self.sending:
            for name in REQUIRED_TO_SEND:
                if name in self.errors:
                    continue
                if name == "cv" and self.has_cv:
                    continue
                if not cleaned.get(name):
                    self.add_error(name, NEEDED_TO_SEND)
        return cleaned


class RankForm(forms.Form):
    """One preference per active application of the cycle, each different."""

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = applications
        choices = [(rank, rank_label(rank)) for rank in range(1, 4)]
        for application in applications:
            self.fields[f"rank_{application.pk}"] = forms.TypedChoiceField(
                label=application.posting.title,
                coerce=int,
                choices=choices,
                initial=application.rank,
            )

    def clean(self):
        cleaned = super().clean()
        ranks = [cleaned.get(f"rank_{application.pk}") for application in self.applications]
        if None not in ranks and len(set(ranks)) != len(ranks):
            raise forms.ValidationError(
                _("Cada postulación necesita una preferencia distinta."), code="repeated"
            )
        return cleaned

    def ranks(self):
        """{application pk: rank}."""
        return {
            application.pk: self.cleaned_data[f"rank_{application.pk}"]
            for application in self.applications
        }
