"""The forms of postings: the host's posting form, the PNCS review, and the filters of the
public list (shared by the list and the Atom feed)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.models import Language
from members.profiles import SKILL_MAX_LENGTH, skill_key, split_skill_names
from pncs.models import Sector

from .models import Cycle, Posting

SKILLS_MAX = 20


class PostingForm(forms.ModelForm):
    """The host's posting. Skills are typed as text and saved by the service
    (internships.postings.save_posting), not by the form."""

    skills = forms.CharField(
        label=_("Habilidades buscadas"),
        required=False,
        max_length=1000,
        help_text=_("Separadas por comas, p. ej. «Python, análisis de datos, inglés técnico»."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Idiomas de trabajo"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectores"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("El personal del PNCS de estos sectores revisa la plaza antes de publicarla."),
    )

    class Meta:
        model = Posting
        fields = [
            "cycle",
            "title",
            "organisation",
            "city",
            "country",
            "remote",
            "duration_weeks",
            "seats",
            "sectors",
            "languages",
            "description",
            "learning_outcomes",
            "stipend",
            "lodging",
            "visa_letter",
            "support_note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "learning_outcomes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "remote": _("Marca si la pasantía se hace a distancia (puede tener además una sede)."),
            "duration_weeks": _("De 1 a 104 semanas."),
            "seats": _("Cuántas personas puedes recibir en esta plaza (de 1 a 50)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cycles = Cycle.objects.accepting_postings()
        if self.instance.cycle_id:
            cycles = Cycle.objects.filter(Q(pk__in=cycles) | Q(pk=self.instance.cycle_id))
        self.fields["cycle"].queryset = cycles.order_by("applications_open")
        self.fields["cycle"].empty_label = None
        for name in ("duration_weeks", "seats"):
            self.fields[name].widget.attrs.update({"min": 1})
        self.fields["duration_weeks"].max_value = 104
        self.fields["seats"].max_value = 50
        if self.instance.pk and not self.is_bound:
            self.initial["skills"] = ", ".join(skill.name for skill in self.instance.skills.all())

    def clean_skills(self):
        names = split_skill_names(self.cleaned_data["skills"])
        if any(
            len(name) > SKILL_MAX_LENGTH or len(skill_key(name)) > SKILL_MAX_LENGTH
            for name in names
        ):
            raise forms.ValidationError(
                _("Cada habilidad puede tener hasta %(max)s caracteres."),
                params={"max": SKILL_MAX_LENGTH},
            )
        if len(names) > SKILLS_MAX:
            raise forms.ValidationError(
                _("Puedes indicar hasta %(max)s habilidades."), params={"max": SKILLS_MAX}
            )
        return names

    def clean_duration_weeks(self):
        weeks = self.cleaned_data["duration_weeks"]
        if not 1 <= weeks <= 104:
            raise forms.ValidationError(_("La duración va de 1 a 104 semanas."))
        return weeks

    def clean_seats(self):
        seats = self.cleaned_data["seats"]
        if not 1 <= seats <= 50:
            raise forms.ValidationError(_("Una plaza recibe de 1 a 50 personas."))
        return seats

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("remote") and not cleaned.get("country"):
            self.add_error(
                "country", _("Indica el país de la pasantía, o márcala como a distancia.")
            )
        return cleaned


class ReviewForm(forms.Form):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[(APPROVE, _("Aprobar y publicar")), (RETURN, _("Devolver con comentarios"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comentario para la persona anfitriona"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatorio al devolverla: di qué debe cambiar."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Explica qué debe cambiar antes de devolverla."))
        return cleaned


# The public list's filters

MODE_REMOTE, MODE_ON_SITE = "remoto", "presencial"
SUPPORT_FIELDS = {"apoyo": "stipend", "alojamiento": "lodging", "visa": "visa_letter"}


class PostingFilter(django_filters.FilterSet):
    """Filters and search of the published postings; a bad value is shown as an error on its
    field and left out (never a 500)."""

    q = django_filters.CharFilter(
        label=_("Buscar"),
        method="search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("En el título, la organización y la descripción."),
    )
    # Cycles and sectors are offered from lists the view has already read (choices set per
    # request), so that neither validating nor rendering them costs a query of its own.
    ciclo = django_filters.ChoiceFilter(
        label=_("Ciclo"), method="by_cycle", choices=[], empty_label=_("Todos")
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), method="by_sector", choices=[], empty_label=_("Todos")
    )
    pais = django_filters.ChoiceFilter(
        label=_("País"), field_name="country", choices=[], empty_label=_("Todos")
    )
    idioma = django_filters.ChoiceFilter(
        label=_("Idioma"), method="language", choices=Language.choices, empty_label=_("Todos")
    )
    modalidad = django_filters.ChoiceFilter(
        label=_("Modalidad"),
        method="mode",
        choices=[(MODE_REMOTE, _("A distancia")), (MODE_ON_SITE, _("Presencial"))],
        empty_label=_("Todas"),
    )
    ofrece = django_filters.MultipleChoiceFilter(
        label=_("Ofrece"),
        method="support",
        choices=[
            ("apoyo", _("Apoyo económico")),
            ("alojamiento", _("Alojamiento")),
            ("visa", _("Carta para la visa")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Posting
        fields = ["q", "ciclo", "sector", "pais", "idioma", "modalidad", "ofrece"]

    def __init__(self, data=None, queryset=None, *, cycles, sectors, country_codes, **kwargs):
        """`cycles`: the cycles offered (those shown today); `sectors`: every sector;
        `country_codes`: the countries of the postings listed, offered in the country filter."""
        super().__init__(data, queryset, **kwargs)
        self.cycle_ids = {cycle.slug: cycle.pk for cycle in cycles}
        self.sector_ids = {sector.slug: sector.pk for sector in sectors}
        self.filters["ciclo"].extra["choices"] = [(cycle.slug, str(cycle)) for cycle in cycles]
        self.filters["sector"].extra["choices"] = [(sector.slug, str(sector)) for sector in sectors]
        names = dict(countries)
        self.filters["pais"].extra["choices"] = sorted(
            ((code, names.get(code, code)) for code in country_codes if code),
            key=lambda pair: str(pair[1]),
        )

    def by_cycle(self, queryset, name, value):
        return queryset.filter(cycle_id=self.cycle_ids[value])

    def by_sector(self, queryset, name, value):
        return queryset.filter(sectors=self.sector_ids[value])

    def search(self, queryset, name, value):
        words = value.split()[:8]
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(organisation__icontains=word)
                | Q(description__icontains=word)
            )
        return queryset

    def language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])

    def mode(self, queryset, name, value):
        return queryset.filter(remote=value == MODE_REMOTE)

    def support(self, queryset, name, values):
        for value in values:
            queryset = queryset.filter(**{SUPPORT_FIELDS[value]: True})
        return queryset

    def applied(self):
        """The valid filters in use, as {name: value} for the pages' links."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", [])
        }
