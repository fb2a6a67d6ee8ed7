"""Forms of a member's own profile: the profile itself, the photo and education rows."""

import re
from urllib.parse import urlsplit

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter
from pncs.models import Sector
from redtalentos.lib.images import process_photo

from ..models import ContributionOffer, Education, Language, Member
from ..profiles import SKILL_MAX_LENGTH, SKILLS_MAX, skill_key, split_skill_names

# The label of each group's visibility select names the fields it covers.
VISIBILITY_LABELS = {
    "photo": _("Tu foto"),
    "about": _("Tu biografía"),
    "location": _("Dónde vives y de dónde eres (ciudad, país y estado de origen)"),
    "work": _("Tu trabajo actual (organización y cargo)"),
    "expertise": _("Tu experiencia (sectores, habilidades, qué puedes aportar y disponibilidad)"),
    "education": _("Tu formación académica"),
    "languages": _("Tus idiomas"),
    "links": _("Tus enlaces profesionales (LinkedIn, ORCID y sitio web)"),
    "chapter": _("Tu capítulo"),
}
VISIBILITY_FIELDS = [f"visibility_{group}" for group in Member.FIELD_GROUPS]

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
ORCID_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")


def orcid_checksum_ok(orcid):
    """ISO 7064 MOD 11-2, the check digit of every ORCID iD."""
    digits = orcid.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def _web_url(value):
    """Only http and https links reach a profile page."""
    if value and urlsplit(value).scheme.lower() not in ("http", "https"):
        raise forms.ValidationError(
            _("Escribe una dirección que empiece con https://."), code="scheme"
        )
    return value


class ProfileForm(forms.ModelForm):
    skills = forms.CharField(
        label=_("Habilidades"),
        required=False,
        max_length=2000,
        help_text=_(
            "Sepáralas con comas, p. ej. «Python, robótica, gestión de proyectos». "
            "Hasta 30, de hasta 60 caracteres cada una."
        ),
        widget=forms.TextInput(
            attrs={
                "list": "skill-options",
                "autocomplete": "off",
                # data-hx-*: htmx reads them too, and they are valid HTML.
                "data-hx-get": reverse_lazy("members:skill_suggestions"),
                "data-hx-trigger": "input changed delay:300ms",
                "data-hx-target": "#skill-options",
                "data-hx-swap": "innerHTML",
            }
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Idiomas"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contribution_offers = forms.MultipleChoiceField(
        label=_("Qué puedo aportar"),
        choices=ContributionOffer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    linkedin_url = forms.URLField(
        label=_("Perfil de LinkedIn"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_("P. ej. https://www.linkedin.com/in/tu-nombre"),
    )
    orcid = forms.CharField(
        label=_("ORCID iD"),
        required=False,
        max_length=60,
        help_text=_("16 caracteres con el formato 0000-0002-1825-0097."),
    )
    website = forms.URLField(
        label=_("Sitio web"),
        required=False,
        max_length=300,
        assume_scheme="https",
    )
    intro_monthly_limit = forms.IntegerField(
        label=_("Solicitudes de presentación que aceptas recibir al mes"),
        min_value=0,
        max_value=30,
        help_text=_(
            "De 0 a 30. Las solicitudes que pasen de este número se rechazan antes de enviarse."
        ),
    )

    class Meta:
        model = Member
        fields = [
            "full_name",
            "headline",
            "bio",
            "city",
            "country",
            "state_of_origin",
            "organisation",
            "position",
            "sectors",
            "contribution_offers",
            "availability",
            "languages",
            "linkedin_url",
            "orcid",
            "website",
            "chapter",
            *VISIBILITY_FIELDS,
            "intro_monthly_limit",
            "intro_paused",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 8}),
            "sectors": forms.CheckboxSelectMultiple,
        }
        labels = {"intro_paused": _("Pausar las solicitudes de presentación")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.order_by("position", "name")
        # Joining goes through the chapter's leadership (a join request on the chapter page):
        # a chapter picked here would open its members' chapter-only profiles to anyone. Here a
        # member can only stay in their chapter or leave it.
        if self.instance.chapter_id:
            self.fields["chapter"].queryset = Chapter.objects.filter(pk=self.instance.chapter_id)
            self.fields["chapter"].empty_label = _("Ninguno (salir del capítulo)")
            self.fields["chapter"].help_text = _(
                "Para cambiar de capítulo, pide unirte en la página del otro capítulo."
            )
        else:
            del self.fields["chapter"]
        self.fields["state_of_origin"].choices = [
            ("", _("Prefiero no decirlo")),
            *self.fields["state_of_origin"].choices[1:],
        ]
        self.fields["country"].label = _("País de residencia")
        for group, label in VISIBILITY_LABELS.items():
            self.fields[f"visibility_{group}"].label = label
        if self.instance.pk and not self.is_bound:
            names = [skill.name for skill in self.instance.skills.all()]
            self.initial["skills"] = ", ".join(names)

    def clean_skills(self):
        names = split_skill_names(self.cleaned_data["skills"])
        too_long = [name for name in names if len(skill_key(name)) > SKILL_MAX_LENGTH]
        too_long += [name for name in names if len(name) > SKILL_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Cada habilidad puede tener hasta %(max)s caracteres."),
                code="skill_too_long",
                params={"max": SKILL_MAX_LENGTH},
            )
        if len(names) > SKILLS_MAX:
            raise forms.ValidationError(
                _("Puedes indicar hasta %(max)s habilidades; escribiste %(count)s."),
                code="too_many_skills",
                params={"max": SKILLS_MAX, "count": len(names)},
            )
        return names

    def clean_linkedin_url(self):
        url = _web_url(self.cleaned_data["linkedin_url"])
        if url:
            host = (urlsplit(url).hostname or "").lower()
            if host != "linkedin.com" and not host.endswith(".linkedin.com"):
                raise forms.ValidationError(
                    _("Escribe la dirección de tu perfil en linkedin.com."), code="not_linkedin"
                )
        return url

    def clean_website(self):
        return _web_url(self.cleaned_data["website"])

    def clean_orcid(self):
        value = self.cleaned_data["orcid"].strip().upper()
        for prefix in ORCID_PREFIXES:
            if value.lower().startswith(prefix):
                value = value[len(prefix) :]
        if not value:
            return ""
        if not ORCID_PATTERN.match(value) or not orcid_checksum_ok(value):
            raise forms.ValidationError(
                _("Revisa tu ORCID iD: debe tener el formato 0000-0002-1825-0097."),
                code="invalid_orcid",
            )
        return value


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Nueva foto"),
        help_text=_(
            "JPEG, PNG o WebP de hasta 5 MB. La recortamos en cuadrado y le quitamos los "
            "metadatos (ubicación, cámara) antes de guardarla."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_photo(self):
        upload = self.cleaned_data["photo"]
        # Processing is the check: a file that cannot be re-encoded safely is refused here.
        self.versions = process_photo(upload)
        return upload


class EducationForm(forms.ModelForm):
    year = forms.IntegerField(
        label=_("Año de obtención"), required=False, min_value=1940, max_value=2100
    )

    class Meta:
        model = Education
        fields = ["degree", "field", "institution", "year"]
