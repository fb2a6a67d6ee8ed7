"""IME administration of the missions (imported by projects.admin).

A mission is created and edited on the site by IME and the PNCS of its sector; here IME also
corrects it and its hosts. Its status is read only, with its history: it is published and called
off on the site, where calling it off cancels the delegation and tells each delegate. Delegates'
places change only through the capacity engine (on the site: registration, cancellation,
acceptance of an offer), so here they are read only, with their history; meetings are read only
too. People appear by name, never by address.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin
from redtalentos.lib.admin_parts import ReadOnlyInline
from redtalentos.lib.workflows import HistoryInline

from .models import Delegate, DelegateLog, Meeting, Mission, MissionChange, MissionHost


def _name(user):
    return (user.get_full_name() or "—") if user is not None else "—"


class MissionHostInline(admin.TabularInline):
    model = MissionHost
    extra = 0
    fields = ["name", "contact_name", "description"]


class DelegateInline(ReadOnlyInline):
    model = Delegate
    fields = ["person", "organisation", "role", "status", "priority", "requested_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    @admin.display(description=_("persona"))
    def person(self, delegate):
        return _name(delegate.user)


class MissionChangeInline(HistoryInline):
    model = MissionChange


@admin.register(Mission)
class MissionAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "direction", "sector", "starts_on", "capacity", "status"]
    list_filter = ["status", "kind", "direction", "sector", "starts_on"]
    search_fields = ["title", "slug", "destination_city", "organiser"]
    date_hierarchy = "starts_on"
    readonly_fields = ["slug", "status", "creator", "created_at", "updated_at"]
    exclude = ["created_by"]
    inlines = [MissionHostInline, DelegateInline, MissionChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sector", "created_by")

    def has_add_permission(self, request):
        return False  # created on the site, where it gets its slug

    @admin.display(description=_("creada por"))
    def creator(self, mission):
        return _name(mission.created_by)


class DelegateLogInline(ReadOnlyInline):
    model = DelegateLog
    fields = ["created_at", "action", "from_status", "to_status", "who", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("quién"))
    def who(self, entry):
        return _name(entry.actor)


@admin.register(Delegate)
class DelegateAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["person", "mission", "organisation", "status", "requested_at"]
    list_filter = ["status", "mission"]
    search_fields = ["organisation", "user__full_name", "mission__title"]
    fields = [
        "mission",
        "person",
        "organisation",
        "role",
        "interests",
        "status",
        "priority",
        "requested_at",
        "offer_expires_at",
    ]
    readonly_fields = fields
    inlines = [DelegateLogInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "mission")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a place is cancelled on the site, so the next in line is offered it

    @admin.display(description=_("persona"), ordering="user__full_name")
    def person(self, delegate):
        return _name(delegate.user)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["mission", "requester_name", "counterpart", "starts_at", "ends_at", "status"]
    list_filter = ["status", "mission"]
    fields = ["mission", "requester_name", "counterpart", "starts_at", "ends_at", "status", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("mission", "requester__user", "with_delegate__user", "with_host")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("solicitante"))
    def requester_name(self, meeting):
        return _name(meeting.requester.user)

    @admin.display(description=_("con"))
    def counterpart(self, meeting):
        return meeting.counterpart_name
