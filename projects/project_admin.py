"""IME administration of the binational projects (imported by projects.admin).

A project is created on the site and its status changes only there (projects.binational, along
PROJECT_TRANSITIONS, kept in its history): here IME reads it, corrects its texts, sectors, PNCS,
dates, team roles, institutions and milestones. Its documents and history are read only (a
document is fetched on the project's page, where the fetch is logged). People appear by name,
never by address.
"""

from django.contrib import admin
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin
from redtalentos.lib.admin_parts import ReadOnlyInline
from redtalentos.lib.workflows import HistoryInline

from .models import Institution, Milestone, Project, ProjectChange, ProjectDocument, TeamMember


def _name(user):
    return (user.get_full_name() or "—") if user is not None else "—"


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    fields = ["member", "role"]
    autocomplete_fields = ["member"]


class InstitutionInline(admin.TabularInline):
    model = Institution
    extra = 0
    fields = ["name", "country", "role"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_on", "status", "progress"]


class ProjectDocumentInline(ReadOnlyInline):
    model = ProjectDocument
    fields = ["title", "pages", "size", "uploader", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("subido por"))
    def uploader(self, document):
        return _name(document.uploaded_by)


class ProjectChangeInline(HistoryInline):
    model = ProjectChange


@admin.register(Project)
class ProjectAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["title", "status", "sector_list", "creator", "results_public", "created_at"]
    list_filter = ["status", "sectors", "results_public", "created_at"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "created_at"
    filter_horizontal = ["sectors", "contact_points"]
    inlines = [
        TeamMemberInline,
        InstitutionInline,
        MilestoneInline,
        ProjectDocumentInline,
        ProjectChangeInline,
    ]
    readonly_fields = ["uuid", "slug", "status", "creator", "page_link", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["uuid", "slug", "status", "creator", "page_link"]}),
        (_("El proyecto"), {"fields": ["title", "summary", "objectives"]}),
        (_("Sectores y PNCS"), {"fields": ["sectors", "contact_points"]}),
        (_("Fechas y resultados"), {"fields": ["starts_on", "ends_on", "results_public"]}),
        (_("Registro"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("search")
            .select_related("created_by")
            .prefetch_related("sectors")
        )

    def has_add_permission(self, request):
        return False  # a project is proposed on the site by a member, who coordinates it

    def save_model(self, request, obj, form, change):
        # Only what the form changed: the status changes under a row lock in the services, and
        # a whole-row save would write back the status this page read.
        fields = [name for name in form.changed_data if name not in ("sectors", "contact_points")]
        if fields:
            obj.save(update_fields=[*fields, "updated_at"])

    @admin.display(description=_("sectores"))
    def sector_list(self, project):
        return ", ".join(sector.display_name for sector in project.sectors.all()) or "—"

    @admin.display(description=_("creado por"), ordering="created_by__full_name")
    def creator(self, project):
        return _name(project.created_by)

    @admin.display(description=_("página del proyecto"))
    def page_link(self, project):
        try:
            url = project.get_absolute_url()
        except NoReverseMatch:
            return "—"
        return format_html('<a href="{}">{}</a>', url, _("Abrir en el sitio"))
