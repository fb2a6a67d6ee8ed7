"""Admin building blocks the apps share."""

from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    """Rows the site writes (histories, logs, uploads): IME reads them on their parent's page and
    neither adds, changes nor deletes them there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
