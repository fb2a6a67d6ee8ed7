"""IME edits the site's texts (both languages side by side; the keys are fixed), reads the
contact messages, marking them answered (their content is read only), and reads the published
open-data snapshots (never changed: a database trigger refuses it) and the stored figures."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ContactMessage, DataSnapshot, FigureCell, FigureTable, SiteText
from .site_texts import ensure_all


@admin.register(SiteText)
class SiteTextAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at", "updated_by"]
    search_fields = ["text_es", "text_en"]
    readonly_fields = ["key", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["key"]}),
        (_("Texto"), {"fields": [("text_es", "text_en")]}),
        (_("Cambios"), {"fields": ["updated_at", "updated_by"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        ensure_all()
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "name", "status"]
    list_filter = ["status", "subject", "created_at"]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "created_at"
    fields = ["created_at", "status", "subject", "name", "email", "language", "message"]
    readonly_fields = ["created_at", "subject", "name", "email", "language", "message"]
    list_editable = ["status"]

    def has_add_permission(self, request):
        return False


from . import news_admin  # noqa: E402, F401 (the news' admin, in its own module)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Published data: IME reads it here; it changes only through its commands and pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataSnapshot)
class DataSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["period", "starts_on", "ends_on", "published_at"]
    fields = ["period", "starts_on", "ends_on", "published_at", "csv_sha256", "json_sha256"]


class FigureCellInline(admin.TabularInline):
    model = FigureCell
    fields = ["position", "label", "label_en", "value", "marking"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FigureTable)
class FigureTableAdmin(ReadOnlyAdmin):
    list_display = ["key", "total", "total_marking", "computed_at"]
    fields = ["key", "total", "total_marking", "computed_at"]
    inlines = [FigureCellInline]
