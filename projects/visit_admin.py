"""IME administration of the expert visits (imported by projects.admin).

A request is made on the site and its status changes only there (projects.visits, along
VISIT_TRANSITIONS, kept in its history): here IME reads it, corrects its texts, sector and what
the host covers, and the visit's dates, itinerary, activities and report. People appear by name,
never by address.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin
from redtalentos.lib.workflows import HistoryInline

from .models import Visit, VisitActivity, VisitChange, VisitRequest


def _name(user):
    return (user.get_full_name() or "—") if user is not None else "—"


class VisitChangeInline(HistoryInline):
    model = VisitChange


@admin.register(VisitRequest)
class VisitRequestAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["institution", "city", "sector", "status", "window_start", "requester_name"]
    list_filter = ["status", "sector", "window_start"]
    search_fields = ["institution", "city", "expertise", "requester__full_name"]
    list_select_related = ["sector", "requester"]
    date_hierarchy = "created_at"
    inlines = [VisitChangeInline]
    readonly_fields = ["uuid", "status", "requester_name", "created_at", "updated_at"]
    fields = [
        "uuid",
        "status",
        "requester_name",
        "institution",
        "city",
        "sector",
        "objectives",
        "expertise",
        "window_start",
        "window_end",
        "covers_lodging",
        "covers_per_diem",
        "covers_local_transport",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False  # a request is made on the site

    @admin.display(description=_("solicitante"), ordering="requester__full_name")
    def requester_name(self, visit_request):
        return _name(visit_request.requester)


class VisitActivityInline(admin.TabularInline):
    model = VisitActivity
    extra = 0
    fields = ["kind", "title", "when", "place"]


@admin.register(Visit)
class VisitAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["request", "expert", "arrives_on", "leaves_on", "report_at"]
    list_filter = ["arrives_on", "report_at"]
    search_fields = ["request__institution", "expert__full_name"]
    list_select_related = ["request", "expert"]
    autocomplete_fields = ["expert"]
    readonly_fields = ["request", "report_at"]
    fields = ["request", "expert", "arrives_on", "leaves_on", "itinerary", "report", "report_at"]
    inlines = [VisitActivityInline]

    def has_add_permission(self, request):
        return False  # a visit is recorded when the expert accepts
