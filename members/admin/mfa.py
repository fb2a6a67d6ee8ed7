"""Two-step verification (allauth.mfa) in the admin, under names and labels of ours."""

from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .base import SafeSearchMixin

# Two-step verification (allauth.mfa). Its model has no names of its own, so the admin said
# "Authenticators", "User", "Type": the names are given here, for the admin only. The model's
# migration state (Options.original_attrs) stays allauth's: no migration in a library's app.

Authenticator._meta.verbose_name = _("método de verificación en dos pasos")
Authenticator._meta.verbose_name_plural = _("métodos de verificación en dos pasos")


class _TitledFilter:
    """A field's list filter under a title of ours (the field's own name is allauth's English)."""

    title_text = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = self.title_text


def _titled(filter_class, title):
    return type(filter_class.__name__, (_TitledFilter, filter_class), {"title_text": title})


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(SafeSearchMixin, AllauthAuthenticatorAdmin):
    """IME removes the authenticator of someone who lost their phone, who then sets up a new one.
    The secret (`data`) is never shown."""

    labels = {
        "user": _("cuenta"),
        "type": _("tipo"),
        "created_at": _("activado el"),
        "last_used_at": _("usado por última vez"),
    }
    list_display = ["account", "kind", "activated", "last_used"]
    list_filter = [
        ("type", _titled(admin.ChoicesFieldListFilter, labels["type"])),
        ("created_at", _titled(admin.DateFieldListFilter, labels["created_at"])),
        ("last_used_at", _titled(admin.DateFieldListFilter, labels["last_used_at"])),
    ]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
    # Read-only, under our labels: the columns' methods, not the model's fields.
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False  # each person sets up their own, on /cuenta/2fa/

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=labels["user"], ordering="user__email")
    def account(self, obj):
        return obj.user

    @admin.display(description=labels["type"], ordering="type")
    def kind(self, obj):
        return obj.get_type_display()

    @admin.display(description=labels["created_at"], ordering="created_at")
    def activated(self, obj):
        return obj.created_at

    @admin.display(description=labels["last_used_at"], ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at
