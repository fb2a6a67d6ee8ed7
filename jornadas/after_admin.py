"""IME's admin of what comes after an edition: the follow-up actions per sector (their action,
status and history are the PNCS' work-programme activity, edited there) and the survey answers,
read only and without names."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin

from .models import FollowUp, SessionRating, SurveyResponse


@admin.register(FollowUp)
class FollowUpAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["action", "edition", "sector", "contact_point", "status", "due_on"]
    list_filter = ["edition", "sector", "activity__status"]
    list_select_related = ["edition", "sector", "activity__contact_point"]
    search_fields = ["activity__title", "activity__responsible_name", "edition__title"]
    autocomplete_fields = ["edition", "activity", "created_by"]
    readonly_fields = ["created_at", "activity_link"]
    fields = ["edition", "sector", "activity", "activity_link", "created_by", "created_at"]

    @admin.display(description=_("acción"), ordering="activity__title")
    def action(self, obj):
        return obj.activity.title

    @admin.display(description=_("PNCS"))
    def contact_point(self, obj):
        return obj.activity.contact_point

    @admin.display(description=_("estado"), ordering="activity__status")
    def status(self, obj):
        return obj.activity.get_status_display()

    @admin.display(description=_("fecha límite"), ordering="activity__ends_on")
    def due_on(self, obj):
        return obj.activity.ends_on

    @admin.display(description=_("en el programa de trabajo"))
    def activity_link(self, obj):
        if not obj.activity_id:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', obj.activity.get_absolute_url(), obj.activity.title
        )


class SessionRatingInline(admin.TabularInline):
    model = SessionRating
    extra = 0
    can_delete = False
    fields = ["session", "rating"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    """Answers without their authors: the registration is never shown nor searchable."""

    list_display = ["edition", "rating", "short_comment", "created_at"]
    list_filter = ["registration__edition", "rating"]
    list_select_related = ["registration__edition"]
    search_fields = ["comment"]
    fields = ["edition", "rating", "comment", "created_at"]
    readonly_fields = fields
    inlines = [SessionRatingInline]

    @admin.display(description=_("edición"), ordering="registration__edition")
    def edition(self, obj):
        return obj.registration.edition

    @admin.display(description=_("comentario"))
    def short_comment(self, obj):
        return obj.comment[:80] + ("…" if len(obj.comment) > 80 else "")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
