"""IME administration of the evaluation calls (and, below, of their proposals, committees and
reviews).

A call's status changes only on the site (committees.services.move_call, which refuses what the
rules refuse and issues the certificates); here IME corrects its texts, dates, sectors, rules,
criteria, required documents and phases, and reads who exported its reviews. People appear by
name: an account's `str()` falls back to its email address, so accounts are shown through
`_name`, never as a plain field.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin

from .models import Call, Criterion, RequiredDocument, ReviewExport, ReviewPhase


def _name(user):
    return (user.get_full_name() or "—") if user is not None else "—"


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "name", "description", "weight", "scale_max"]


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = ["position", "name"]


class ReviewPhaseInline(admin.TabularInline):
    """A call's phases; which one is active changes on the site (activating a phase starts the
    review), so it is only read here."""

    model = ReviewPhase
    extra = 0
    fields = ["position", "name", "is_active", "can_write", "other_reviews", "hide_names"]
    readonly_fields = ["is_active"]


class ReviewExportInline(admin.TabularInline):
    """Who exported the call's reviews, when, how many rows: a log, never edited."""

    model = ReviewExport
    extra = 0
    can_delete = False
    fields = ["at", "who", "rows"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exported_by")

    @admin.display(description=_("quién"))
    def who(self, export):
        return _name(export.exported_by)


@admin.register(Call)
class CallAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["title", "status", "opens_at", "closes_at", "opener_name", "created_at"]
    list_filter = ["status", "blind", "sectors", "closes_at"]
    search_fields = ["title", "slug", "description"]
    list_select_related = ["opened_by"]
    date_hierarchy = "closes_at"
    filter_horizontal = ["sectors"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CriterionInline, RequiredDocumentInline, ReviewPhaseInline, ReviewExportInline]
    readonly_fields = ["status", "opener_name", "created_at"]
    fieldsets = [
        (None, {"fields": ["status", "opener_name", "created_at"]}),
        (_("La convocatoria"), {"fields": ["title", "slug", "description", "sectors"]}),
        (_("Fechas"), {"fields": ["opens_at", "closes_at"]}),
        (
            _("Reglas de la evaluación"),
            {"fields": ["blind", "reviewers_per_proposal", "max_per_reviewer", "languages"]},
        ),
    ]

    @admin.display(description=_("abierta por"), ordering="opened_by__full_name")
    def opener_name(self, call):
        return _name(call.opened_by)
