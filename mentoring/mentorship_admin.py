"""IME administration of the mentorships: the list by status, sector and cohort, searchable by
mentor, mentee and goal, with a streamed and logged CSV export; each relationship read only with
its history, its check-ins editable (IME corrects a month's hours). A status changes only on the
site (mentoring.services, along MENTORSHIP_TRANSITIONS). Loaded by admin.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin
from redtalentos.lib.workflows import HistoryInline

from .admin_parts import _end_mentor, _name, _page_link
from .exports import export_mentorships
from .models import CheckIn, Mentorship, MentorshipChange


class MentorshipChangeInline(HistoryInline):
    model = MentorshipChange


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0
    fields = ["month", "progress", "progress_at", "feedback", "hours", "feedback_at"]
    readonly_fields = ["progress_at", "feedback_at"]


@admin.action(description=_("Exportar las mentorías elegidas (CSV)"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    return export_mentorships(request, queryset)


_DELETED = _("El IME eliminó esta mentoría.")


@admin.register(Mentorship)
class MentorshipAdmin(SafeSearchMixin, admin.ModelAdmin):
    """The relationship is read only (its status changes on the site, through the services);
    IME may correct a month's check-in."""

    list_display = ["mentor", "mentee", "status", "proposed_at", "started_on", "ended_on"]
    list_filter = ["status", "request__sector", "request__cohort"]
    search_fields = ["mentor__full_name", "request__mentee__full_name", "request__goal"]
    list_select_related = ["mentor", "request__mentee"]
    date_hierarchy = "proposed_at"
    actions = [export_csv]
    inlines = [MentorshipChangeInline, CheckInInline]
    fields = [
        "uuid",
        "mentor",
        "mentee",
        "request",
        "status",
        "proposer",
        "reasons",
        "proposed_at",
        "expires_at",
        "started_on",
        "ended_on",
        "end_reason",
        "page_link",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # a mentorship starts as a proposal on the site

    def save_model(self, request, obj, form, change):
        pass  # nothing of the mentorship itself is edited here, only its check-ins

    # Deleting a live mentorship ends it first: the request goes back to the queue, the mentee
    # is told and the mentor's place is freed.

    def delete_model(self, request, obj):
        _end_mentor(request, Mentorship.objects.filter(pk=obj.pk), _DELETED)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        _end_mentor(request, queryset, _DELETED)
        super().delete_queryset(request, queryset)

    @admin.display(description=_("persona mentorada"), ordering="request__mentee__full_name")
    def mentee(self, mentorship):
        return _name(mentorship.request.mentee)

    @admin.display(description=_("propuesta por"))
    def proposer(self, mentorship):
        return _name(mentorship.proposed_by)

    @admin.display(description=_("página de la mentoría"))
    def page_link(self, mentorship):
        return _page_link(mentorship)
