"""IME administration of the selection's outcome: matching runs (read only, their inputs and
result pretty-printed) and placements (read only but for IME's actions: in progress, completed
with the certificate of completion), each with both sides' evaluations. Loaded by admin.py."""

import json

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.admin import SafeSearchMixin
from redtalentos.lib.workflows import HistoryInline

from .models import (
    Evaluation,
    MatchingRun,
    Placement,
    PlacementStatus,
    PlacementStatusChange,
    TransitionRefused,
)
from .placements import complete_placements, move_placement


def _pretty(value):
    return format_html(
        '<pre class="json">{}</pre>',
        json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True),
    )


@admin.register(MatchingRun)
class MatchingRunAdmin(SafeSearchMixin, admin.ModelAdmin):
    """Read only: a run is made, approved and discarded on the matching page of its cycle."""

    list_display = ["cycle", "created_at", "status", "run_by", "approved_by", "approved_at"]
    list_filter = ["status", "cycle"]
    search_fields = ["cycle__name", "run_by__full_name", "approved_by__full_name"]
    list_select_related = ["cycle", "run_by", "approved_by"]
    date_hierarchy = "created_at"
    fields = [
        "uuid",
        "cycle",
        "status",
        "run_by",
        "created_at",
        "approved_by",
        "approved_at",
        "review_link",
        "inputs_pretty",
        "result_pretty",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("datos de entrada"))
    def inputs_pretty(self, run):
        return _pretty(run.inputs)

    @admin.display(description=_("resultado"))
    def result_pretty(self, run):
        return _pretty(run.result)

    @admin.display(description=_("revisar en el sitio"))
    def review_link(self, run):
        url = reverse("internships:matching_run", kwargs={"slug": run.cycle.slug, "uuid": run.uuid})
        return format_html('<a href="{}">{}</a>', url, _("Abrir la asignación"))


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    extra = 0
    can_delete = False
    fields = ["author_role", "author", "rating", "comment", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PlacementStatusChangeInline(HistoryInline):
    model = PlacementStatusChange


def _move(modeladmin, request, queryset, status):
    done, refused = 0, []
    for placement in queryset:
        try:
            move_placement(placement=placement, status=status, actor=request.user)
        except TransitionRefused as refusal:
            refused.append((placement, refusal.message))
        else:
            done += 1
    return done, refused


def _report(modeladmin, request, done, refused, message):
    if done:
        modeladmin.message_user(request, message % {"count": done}, messages.SUCCESS)
    for placement, reason in refused:
        modeladmin.message_user(request, f"{placement}: {reason}", messages.WARNING)


@admin.action(description=_("Marcar como concluidas y emitir el certificado"))
def mark_completed(modeladmin, request, queryset):
    done, refused = complete_placements(
        queryset.select_related("application__posting", "application__student"),
        actor=request.user,
    )
    message = ngettext(
        "%(count)d estancia concluida, con su certificado.",
        "%(count)d estancias concluidas, con su certificado.",
        done,
    )
    _report(modeladmin, request, done, refused, message)


@admin.action(description=_("Marcar como en curso"))
def mark_in_progress(modeladmin, request, queryset):
    done, refused = _move(modeladmin, request, queryset, PlacementStatus.IN_PROGRESS)
    message = ngettext("%(count)d estancia en curso.", "%(count)d estancias en curso.", done)
    _report(modeladmin, request, done, refused, message)


@admin.register(Placement)
class PlacementAdmin(SafeSearchMixin, admin.ModelAdmin):
    """The status changes only through the actions, along PLACEMENT_TRANSITIONS."""

    list_display = ["student", "posting", "cycle", "starts_on", "ends_on", "status", "completed_at"]
    list_filter = ["status", "application__cycle", "application__posting__sectors"]
    search_fields = [
        "application__student__full_name",
        "application__posting__title",
        "application__posting__organisation",
    ]
    list_select_related = ["application__student", "application__posting", "application__cycle"]
    date_hierarchy = "starts_on"
    actions = [mark_in_progress, mark_completed]
    inlines = [PlacementStatusChangeInline, EvaluationInline]
    fields = [
        "uuid",
        "application",
        "starts_on",
        "ends_on",
        "status",
        "completed_by",
        "completed_at",
        "page_link",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # a placement comes from an accepted offer

    @admin.display(description=_("estudiante"), ordering="application__student__full_name")
    def student(self, placement):
        return placement.application.student.get_full_name()

    @admin.display(description=_("plaza"), ordering="application__posting__title")
    def posting(self, placement):
        return placement.application.posting

    @admin.display(description=_("ciclo"), ordering="application__cycle")
    def cycle(self, placement):
        return placement.application.cycle

    @admin.display(description=_("página de la estancia"))
    def page_link(self, placement):
        return format_html('<a href="{}">{}</a>', placement.get_absolute_url(), _("Abrir"))
