"""The audit logs of the members app (consents, introductions, staff accesses, profile changes),
read only, and the lifts of a staff account's daily limits."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Consent, IntroductionRequest, MemberChange, StaffAccess, StaffCapLift
from .base import ReadOnlyAdmin, SafeSearchMixin


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "purpose", "granted", "notice_version"]
    list_filter = ["purpose", "granted", "notice_version"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
    date_hierarchy = "created_at"


@admin.register(IntroductionRequest)
class IntroductionRequestAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "requester", "member", "purpose", "status", "answered_at"]
    list_filter = ["status", "purpose"]
    list_select_related = ["requester", "member"]
    search_fields = ["member__full_name", "requester__full_name", "requester__email"]
    date_hierarchy = "created_at"


@admin.register(StaffAccess)
class StaffAccessAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "viewer", "member", "rows"]
    list_filter = ["kind"]
    list_select_related = ["viewer", "member"]
    search_fields = ["viewer__email", "viewer__full_name", "member__full_name"]
    date_hierarchy = "created_at"


@admin.register(StaffCapLift)
class StaffCapLiftAdmin(SafeSearchMixin, admin.ModelAdmin):
    """IME lifts the daily limits (profile views, export rows) of one staff account for one day.
    A lift is a record: it can be withdrawn (deleted, which the admin log keeps), not rewritten."""

    list_display = ["day", "user", "reason", "lifted_by", "created_at"]
    list_filter = [("day", admin.DateFieldListFilter)]
    list_select_related = ["user", "lifted_by"]
    search_fields = ["user__email", "user__full_name", "reason"]
    autocomplete_fields = ["user"]
    fields = ["user", "day", "reason"]
    date_hierarchy = "day"

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", "day", "reason", "lifted_by", "created_at"]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else [*self.fields, "lifted_by", "created_at"]

    def save_model(self, request, obj, form, change):
        obj.lifted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MemberChange)
class MemberChangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "member", "changed_by", "field_list"]
    list_select_related = ["member", "changed_by"]
    search_fields = ["member__full_name", "changed_by__email", "changed_by__full_name"]
    date_hierarchy = "created_at"

    @admin.display(description=_("campos"))
    def field_list(self, obj):
        return ", ".join(obj.fields)
