"""What every admin of the project shares: tamed search terms and read-only audit records."""

from django.contrib import admin

from ..models import MemberChange

# Longer search terms are cut: the admin turns every word into a clause of the query.
MAX_SEARCH_LENGTH = 200


class SafeSearchMixin:
    """Search terms PostgreSQL would refuse (NUL characters) or that are absurdly long are tamed."""

    def get_search_results(self, request, queryset, search_term):
        search_term = search_term.replace("\x00", "")[:MAX_SEARCH_LENGTH]
        return super().get_search_results(request, queryset, search_term)


class ReadOnlyAdmin(SafeSearchMixin, admin.ModelAdmin):
    """Audit records: IME reads them; nobody edits or deletes them by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def keep_history_on_delete(perms_needed):
    # A profile's change history goes with it; that the history admin is read-only must not
    # stop the deletion of the profile or its account.
    perms_needed.discard(MemberChange._meta.verbose_name)
    return perms_needed
