"""The forms of opportunities: the author's form, the staff's review, an expression of interest,
and the board's filters (shared by the board and its Atom feed)."""

import datetime

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pncs.models import Sector
from redtalentos.lib.widgets import InlineSelect

from .models import Opportunity, OpportunityKind

COUNTRIES_MAX = 10
DEADLINE_YEARS = 2
SEARCH_WORDS_MAX = 12


def country_choices():
    return list(countries)


class OpportunityForm(forms.ModelForm):
    """The author's opportunity. The sectors' ids are copied by the service
    (projects.opportunities.save_opportunity), not by the form."""

    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectores"),
        queryset=Sector.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("El personal del PNCS de estos sectores la revisa antes de publicarla."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Países involucrados"),
        choices=country_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hasta 10. Mantén presionada la tecla Ctrl (o Cmd) para elegir varios."),
    )

    class Meta:
        model = Opportunity
        fields = [
            "kind",
            "title",
            "summary",
            "description",
            "sectors",
            "countries",
            "deadline",
            "organisation",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "description": _(
                "Qué se ofrece o se busca, con qué capacidades, y qué tipo de socio esperas."
            ),
            "deadline": _(
                "Opcional: hasta cuándo buscas socios (dentro de los próximos dos años)."
            ),
            "organisation": _(
                "La organización que ofrece o busca, si no eres tú a título personal."
            ),
        }

    def clean_countries(self):
        codes = self.cleaned_data["countries"]
        if len(codes) > COUNTRIES_MAX:
            raise forms.ValidationError(
                _("Elige hasta %(max)s países."), params={"max": COUNTRIES_MAX}
            )
        return list(dict.fromkeys(codes))

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline is None:
            return None
        today = timezone.localdate()
        unchanged = self.instance.pk is not None and deadline == self.instance.deadline
        if deadline < today and not unchanged:
            raise forms.ValidationError(_("La fecha límite no puede estar en el pasado."))
        if deadline > today + datetime.timedelta(days=365 * DEADLINE_YEARS + 1):
            raise forms.ValidationError(
                _("La fecha límite debe caer dentro de los próximos dos años.")
            )
        return deadline


class ReviewForm(forms.Form):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[(APPROVE, _("Aprobar y publicar")), (RETURN, _("Devolver con comentarios"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comentario para quien la publicó"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatorio al devolverla: di qué debe cambiar."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Explica qué debe cambiar antes de devolverla."))
        return cleaned


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("Tu mensaje"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Preséntate y di por qué te interesa (de 10 a 1000 caracteres). Tu correo se comparte "
            "solo si aceptan tu interés."
        ),
    )


class AnswerForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"
    decision = forms.ChoiceField(choices=[(ACCEPT, _("Aceptar")), (DECLINE, _("Declinar"))])


# The board's filters


class OpportunityFilter(django_filters.FilterSet):
    """Filters and search of the board; a bad value is shown as an error on its field and left
    out (never a 500)."""

    q = django_filters.CharFilter(
        label=_("Buscar"),
        method="search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Palabras del título, el resumen o la descripción."),
    )
    tipo = django_filters.ChoiceFilter(
        label=_("Tipo"),
        field_name="kind",
        choices=OpportunityKind.choices,
        empty_label=_("Todos"),
        widget=InlineSelect,
    )
    # Sectors are offered from the list the view has already read (choices set per request), so
    # that neither validating nor rendering them costs a query of its own.
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        method="by_sector",
        choices=[],
        empty_label=_("Todos"),
        widget=InlineSelect,
    )
    pais = django_filters.ChoiceFilter(
        label=_("País"),
        method="by_country",
        choices=country_choices,
        empty_label=_("Todos"),
        widget=InlineSelect,
    )

    class Meta:
        model = Opportunity
        fields = ["q", "tipo", "sector", "pais"]

    def __init__(self, data=None, queryset=None, *, sectors, **kwargs):
        """`sectors`: every sector, in their order."""
        super().__init__(data, queryset, **kwargs)
        self.sector_ids = {sector.slug: sector.pk for sector in sectors}
        self.filters["sector"].extra["choices"] = [(sector.slug, str(sector)) for sector in sectors]

    def by_sector(self, queryset, name, value):
        return queryset.filter(sector_ids__contains=[self.sector_ids[value]])

    def by_country(self, queryset, name, value):
        return queryset.filter(countries__contains=[value])

    def search(self, queryset, name, value):
        words = " ".join(value.split()[:SEARCH_WORDS_MAX])
        if not words:
            return queryset
        query = SearchQuery(words, config="rt_es", search_type="plain") | SearchQuery(
            words, config="rt_en", search_type="plain"
        )
        return queryset.filter(search=query)

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
