"""IME administration of the internships: cycles (IME opens them here, and exports their
postings, applications and placements as CSV) and postings, with the
history of each posting's status. A posting's status changes only through its review on the site
(internships.postings, along POSTING_TRANSITIONS): here it is read only."""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin
from redtalentos.lib.workflows import HistoryInline

from .exports import export_cycles
from .models import Cycle, Posting, PostingStatusChange


@admin.action(description=_("Exportar sus plazas (CSV)"), permissions=["view"])
def export_postings(modeladmin, request, queryset):
    return export_cycles(request, queryset, "postings")


@admin.action(description=_("Exportar sus postulaciones (CSV, sin CV)"), permissions=["view"])
def export_applications(modeladmin, request, queryset):
    return export_cycles(request, queryset, "applications")


@admin.action(description=_("Exportar sus estancias (CSV)"), permissions=["view"])
def export_placements(modeladmin, request, queryset):
    return export_cycles(request, queryset, "placements")


@admin.register(Cycle)
class CycleAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "stage_label",
        "applications_open",
        "applications_close",
        "selection_on",
        "placement_start",
        "posting_count",
    ]
    list_filter = ["allow_direct_offers"]
    search_fields = ["name", "name_en", "slug"]
    actions = [export_postings, export_applications, export_placements]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_by", "created_at"]
    date_hierarchy = "applications_open"
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "description"]}),
        (
            _("Fechas del ciclo"),
            {
                "fields": [
                    "postings_open",
                    ("applications_open", "applications_close"),
                    "selection_on",
                    ("offers_until", "offer_days"),
                    ("placement_start", "placement_end"),
                ]
            },
        ),
        (_("Reglas"), {"fields": ["allow_direct_offers"]}),
        (_("Registro"), {"fields": ["created_by", "created_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_postings=Count("postings", filter=Q(postings__status="approved")))
        )

    @admin.display(description=_("etapa"))
    def stage_label(self, cycle):
        return cycle.stage.label

    @admin.display(description=_("plazas publicadas"), ordering="_postings")
    def posting_count(self, cycle):
        return cycle._postings

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class PostingStatusChangeInline(HistoryInline):
    model = PostingStatusChange


@admin.register(Posting)
class PostingAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "host",
        "cycle",
        "country",
        "remote",
        "seats",
        "status",
        "published_at",
    ]
    list_filter = ["status", "cycle", "sectors", "remote", "stipend", "lodging", "visa_letter"]
    search_fields = ["title", "organisation", "slug", "host__full_name", "city"]
    autocomplete_fields = ["host", "skills"]
    filter_horizontal = ["sectors"]
    list_select_related = ["host", "cycle"]
    readonly_fields = [
        "status",
        "review_comment",
        "reviewed_by",
        "reviewed_at",
        "submitted_at",
        "published_at",
        "created_at",
        "updated_at",
        "review_link",
    ]
    inlines = [PostingStatusChangeInline]
    fieldsets = [
        (None, {"fields": ["cycle", "host", "title", "slug", "organisation"]}),
        (
            _("Lugar y duración"),
            {"fields": ["city", "country", "remote", "duration_weeks", "seats"]},
        ),
        (_("Perfil buscado"), {"fields": ["sectors", "skills", "languages"]}),
        (_("Descripción"), {"fields": ["description", "learning_outcomes"]}),
        (_("Apoyos"), {"fields": ["stipend", "lodging", "visa_letter", "support_note"]}),
        (
            _("Revisión"),
            {
                "fields": [
                    "status",
                    "review_link",
                    "review_comment",
                    "reviewed_by",
                    "reviewed_at",
                    "submitted_at",
                    "published_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("revisar en el sitio"))
    def review_link(self, posting):
        if posting.pk is None or posting.status != "submitted":
            return "—"
        url = reverse("internships:posting_review", kwargs={"slug": posting.slug})
        return format_html('<a href="{}">{}</a>', url, _("Aprobar o devolver"))


# Register the applications', the matching runs' and the placements' admin.
from . import application_admin, placement_admin  # noqa: E402, F401
