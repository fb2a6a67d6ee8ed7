"""IME administration of the applications: the list by cycle and status, searchable by student,
posting and organisation; each application read only, with its status history, the log of who
fetched its CV and the CV itself through the checked view (internships:application_cv, which
logs IME's fetch). A status changes only through the site (internships.applications, along
APPLICATION_TRANSITIONS). Loaded by admin.py."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin
from redtalentos.lib.admin_parts import ReadOnlyInline
from redtalentos.lib.workflows import HistoryInline

from .models import Application, ApplicationStatusChange, CVAccess


class ApplicationStatusChangeInline(HistoryInline):
    model = ApplicationStatusChange


class CVAccessInline(ReadOnlyInline):
    model = CVAccess
    fields = ["viewed_at", "viewer", "role"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(SafeSearchMixin, admin.ModelAdmin):
    """Read only: IME may delete an application (a data request), not rewrite a student's."""

    list_display = ["student", "posting", "cycle", "rank", "status", "submitted_at"]
    list_filter = ["cycle", "status", "host_choice"]
    search_fields = [
        "student__full_name",
        "student__email",
        "posting__title",
        "posting__organisation",
        "university",
    ]
    list_select_related = ["student", "posting", "cycle"]
    date_hierarchy = "created_at"
    inlines = [ApplicationStatusChangeInline, CVAccessInline]
    fields = [
        "uuid",
        "student",
        "cycle",
        "posting",
        "rank",
        "status",
        "motivation",
        "university",
        "programme",
        "semester",
        "languages",
        "cv_link",
        "cv_size",
        "language",
        "host_rank",
        "host_choice",
        "offer_expires_at",
        "submitted_at",
        "decided_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The change page stays readable (view permission); nothing on it is saved.
        return False

    @admin.display(description=_("currículum"))
    def cv_link(self, application):
        if not application.cv:
            return "—"
        url = reverse("internships:application_cv", kwargs={"uuid": application.uuid})
        return format_html(
            '<a href="{}">{}</a>', url, application.cv_filename or _("Descargar el CV")
        )
