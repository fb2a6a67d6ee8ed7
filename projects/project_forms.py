"""The forms of binational projects: the project (its coordinators'), an institution, a
milestone and its progress, a team invitation with its candidate search, a status change, a
document, and the public board's filters."""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.utils.translation import gettext_lazy as _

from pncs.models import ContactPoint, Sector
from redtalentos.lib.documents import PDFField

from .models import Institution, Milestone, Project, ProjectStatus, TeamMember

PS = ProjectStatus
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
SEARCH_WORDS_MAX = 12
# The board shows the projects past the proposal (projects.project_permissions.PUBLIC_STATUSES).
BOARD_STATUSES = [(s.value, s.label) for s in (PS.APPROVED, PS.IN_PROGRESS, PS.CONCLUDED)]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectores"),
        queryset=Sector.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("El personal del PNCS de estos sectores evalúa el proyecto."),
    )
    contact_points = forms.ModelMultipleChoiceField(
        label=_("PNCS"),
        queryset=ContactPoint.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Los Puntos Nacionales de Contacto Sectorial que acompañan el proyecto."),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "objectives",
            "sectors",
            "contact_points",
            "starts_on",
            "ends_on",
            "results_public",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "objectives": forms.Textarea(attrs={"rows": 8}),
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
        }
        help_texts = {
            "summary": _("Una o dos frases: aparece en el tablero de proyectos."),
            "objectives": _("Qué busca el proyecto y cómo sabrán que lo lograron."),
            "results_public": _(
                "Con el acuerdo del equipo, los hitos y su avance se muestran en la página "
                "pública del proyecto una vez aprobado."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("El fin no puede ser anterior al inicio."))
        return cleaned


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "country", "role"]
        help_texts = {
            "role": _("Opcional: qué aporta al proyecto."),
        }


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "description", "due_on", "status", "progress"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_on": DATE_INPUT,
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }


class MilestoneProgressForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["status", "progress"]
        widgets = {"progress": forms.NumberInput(attrs={"min": 0, "max": 100})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Milestone.Status.DONE:
            cleaned["progress"] = 100
        return cleaned


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label=_("Buscar por nombre"), max_length=100, required=False)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return member.full_name


class InvitationForm(forms.Form):
    """`candidates`: the members the coordinator may invite; one of those shown is picked."""

    member = MemberChoiceField(
        label=_("Miembro"),
        queryset=None,
        to_field_name="slug",
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Elige a un miembro de la lista."),
            "required": _("Elige a un miembro de la lista."),
        },
    )
    role = forms.ChoiceField(label=_("Papel en el equipo"), choices=TeamMember.Role.choices)
    message = forms.CharField(
        label=_("Mensaje"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Lo recibe por correo, sin tu dirección. Hasta 1000 caracteres; si lo dejas vacío, "
            "enviamos una invitación con el título del proyecto y el papel."
        ),
    )

    def __init__(self, *args, candidates, shown, **kwargs):
        super().__init__(*args, **kwargs)
        # Validated against every candidate; the radio buttons list the ones found by the search.
        self.fields["member"].queryset = candidates
        self.fields["member"].widget.choices = [(member.slug, member.full_name) for member in shown]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=PS.choices)
    note = forms.CharField(
        label=_("Nota (opcional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    file = PDFField(
        label=_("Archivo PDF"),
        max_bytes=DOCUMENT_MAX_BYTES,
        help_text=_(
            "Un PDF de hasta 20 MB, sin contraseña, sin JavaScript y sin archivos adjuntos."
        ),
    )


# The board's filters


class ProjectFilter(django_filters.FilterSet):
    """Filters and search of the public board; a bad value is shown as an error on its field and
    left out (never a 500)."""

    q = django_filters.CharFilter(
        label=_("Buscar"),
        method="search_words",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Palabras del título, el resumen o los objetivos."),
    )
    # Offered from the list the view has already read (choices set per request).
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), method="by_sector", choices=[], empty_label=_("Todos")
    )
    estado = django_filters.ChoiceFilter(
        label=_("Estado"), field_name="status", choices=BOARD_STATUSES, empty_label=_("Todos")
    )

    class Meta:
        model = Project
        fields = ["q", "sector", "estado"]

    def __init__(self, data=None, queryset=None, *, sectors, **kwargs):
        """`sectors`: every sector, in their order."""
        super().__init__(data, queryset, **kwargs)
        self.sector_ids = {sector.slug: sector.pk for sector in sectors}
        self.filters["sector"].extra["choices"] = [(sector.slug, str(sector)) for sector in sectors]

    def by_sector(self, queryset, name, value):
        return queryset.filter(sectors=self.sector_ids[value])

    def search_words(self, queryset, name, value):
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
