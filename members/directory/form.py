"""The directory's search form: reads whatever arrives in the query string and keeps only what is
valid. A bad value shows an error on its field and is ignored; the rest of the search still runs.

A plain form rather than a django-filter FilterSet: the search itself is bounded SQL
(members.directory.query), so the form only has to validate; the choices of sectors and chapters
come from lists the view has already loaded, which keeps the page at a fixed number of queries.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from redtalentos.lib.widgets import InlineSelect

from ..models import Availability, ContributionOffer, Language
from ..profiles import clean_skill_name, skill_key
from .criteria import SORTS, Criteria, decode_cursor

MAX_TEXT = 200


def country_names():
    """{code: name} of every country in the active language, for the result cards and facets."""
    return dict(countries)


# The fixed choices are callables, read when the field is rendered or a value is checked: the
# countries are sorted by their names in the request's language.


def _country_field_choices():
    return [("", _("Todos")), *countries]


def _offer_choices():
    return [("", _("Cualquiera")), *ContributionOffer.choices]


def _language_choices():
    return [("", _("Cualquiera")), *Language.choices]


def _availability_choices():
    return [("", _("Cualquiera")), *Availability.choices]


def _sort_choices():
    return [("", _("Predeterminado")), *((key, SORT_LABELS[key]) for key in SORTS)]


class SafeCharField(forms.CharField):
    """A text field that never refuses: control characters go, long values are cut."""

    def __init__(self, *, limit, **kwargs):
        self.limit = limit
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_skill_name(str(super().to_python(value))[:2000])[: self.limit]


SORT_LABELS = {
    "relevance": _("Relevancia"),
    "recent": _("Más recientes"),
    "name": _("Nombre"),
}


def _slugs_to_ids(data, choices):
    """`data` with each field of `choices` ({field: objects with pk and slug}) that names an
    object by its slug given its id instead; `data` itself when none does."""
    if data is None:
        return data
    found = {}
    for field, objects in choices.items():
        value = data.get(field)
        if value and not str(value).isdigit():
            ids = {item.slug: item.pk for item in objects}
            if value in ids:
                found[field] = str(ids[value])
    if not found:
        return data
    data = data.copy()
    for field, value in found.items():
        data[field] = value
    return data


class DirectoryForm(forms.Form):
    q = SafeCharField(
        limit=MAX_TEXT,
        label=_("Buscar"),
        widget=forms.SearchInput(
            attrs={
                "placeholder": _("Nombre, especialidad, organización, ciudad…"),
                "autocomplete": "off",
                # htmx keeps what is being typed while the results around it are replaced.
                "data-hx-preserve": "true",
            }
        ),
    )
    sector = forms.TypedChoiceField(label=_("Sector"), required=False, coerce=int, empty_value=None)
    capitulo = forms.TypedChoiceField(
        label=_("Capítulo"), required=False, coerce=int, empty_value=None
    )
    pais = forms.ChoiceField(
        label=_("País de residencia"),
        required=False,
        choices=_country_field_choices,
        widget=InlineSelect,
    )
    ciudad = SafeCharField(limit=120, label=_("Ciudad"))
    aporte = forms.ChoiceField(label=_("Qué puede aportar"), required=False, choices=_offer_choices)
    habilidad = SafeCharField(limit=60, label=_("Habilidad"))
    idioma = forms.ChoiceField(
        label=_("Idioma"), required=False, choices=_language_choices, widget=InlineSelect
    )
    disponibilidad = forms.ChoiceField(
        label=_("Disponibilidad"),
        required=False,
        choices=_availability_choices,
    )
    verificado = forms.BooleanField(label=_("Solo perfiles verificados"), required=False)
    orden = forms.ChoiceField(label=_("Ordenar por"), required=False, choices=_sort_choices)
    despues = forms.CharField(required=False, widget=forms.HiddenInput, max_length=600)

    def __init__(self, data, *, sectors, chapters, **kwargs):
        # A sector or chapter named by its slug, as people share links (`?sector=salud`), is the
        # same filter as its id.
        data = _slugs_to_ids(data, {"sector": sectors, "capitulo": chapters})
        super().__init__(data, **kwargs)
        self.fields["sector"].choices = [("", _("Todos"))] + [
            (sector.pk, sector.display_name) for sector in sectors
        ]
        self.fields["capitulo"].choices = [("", _("Todos"))] + [
            (chapter.pk, chapter.name) for chapter in chapters
        ]
        self.cursor_refused = False

    def criteria(self):
        """The valid part of the query as search criteria (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        criteria = Criteria(
            text=data.get("q", ""),
            sector=data.get("sector"),
            chapter=data.get("capitulo"),
            country=data.get("pais") or "",
            city=data.get("ciudad", ""),
            offer=data.get("aporte") or "",
            skill=skill_key(data.get("habilidad", "")),
            language=data.get("idioma") or "",
            availability=data.get("disponibilidad") or "",
            verified=bool(data.get("verificado")),
            sort=data.get("orden") or "",
        )
        token = data.get("despues") or ""
        if token:
            cursor = decode_cursor(token, criteria.effective_sort)
            self.cursor_refused = cursor is None
            if cursor is not None:
                criteria.after, criteria.page_number, criteria.backward = cursor
        elif self.data.get("despues"):
            self.cursor_refused = True
        return criteria
