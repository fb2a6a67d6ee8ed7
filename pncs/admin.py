"""The admin of sectors, contact points (with their staff) and work-programme activities."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.workflows import (
    HistoryInline,
    clean_status_change,
    limit_status_choices,
    record,
)

from .forms import ONE_RESPONSIBLE
from .models import ActivityStatusChange, ContactPoint, Sector, WorkProgrammeActivity

# Longer search terms are cut: the admin turns every word into a clause of the query.
MAX_SEARCH_LENGTH = 200


class SafeSearchMixin:
    """Search terms PostgreSQL would refuse (NUL characters) or that are absurdly long are tamed."""

    def get_search_results(self, request, queryset, search_term):
        search_term = search_term.replace("\x00", "")[:MAX_SEARCH_LENGTH]
        return super().get_search_results(request, queryset, search_term)


@admin.register(Sector)
class SectorAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["position", "name", "name_en", "slug"]
    list_display_links = ["name"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "position"]}),
        (_("Descripción pública"), {"fields": ["description", "description_en"]}),
    ]


@admin.register(ContactPoint)
class ContactPointAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["name", "sector_names", "staff_count", "public_contact"]
    list_filter = ["sectors"]
    search_fields = ["name", "slug", "public_contact"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sectors"]
    autocomplete_fields = ["staff"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sectors", "staff")

    @admin.display(description=_("sectores"))
    def sector_names(self, obj):
        return ", ".join(sector.name for sector in obj.sectors.all())

    @admin.display(description=_("personal"))
    def staff_count(self, obj):
        return len(obj.staff.all())


class WorkProgrammeActivityAdminForm(forms.ModelForm):
    class Meta:
        model = WorkProgrammeActivity
        fields = [
            "contact_point",
            "title",
            "line_of_work",
            "status",
            "description",
            "responsible",
            "responsible_name",
            "starts_on",
            "ends_on",
            "chapters",
            "members",
            "outcomes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_status_choices(self)

    def clean_status(self):
        # The same table as the workspace: IME too moves an activity only along it.
        return clean_status_change(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("responsible") and cleaned.get("responsible_name"):
            self.add_error("responsible_name", ONE_RESPONSIBLE)
        return cleaned

    def clean_members(self):
        # The same rule as the workspace form: only members who consented to PNCS search.
        members = self.cleaned_data["members"]
        refused = [member.full_name for member in members if not member.findable_by_pncs]
        if refused:
            raise forms.ValidationError(
                _("No aceptaron ser localizables por los PNCS: %(names)s."),
                params={"names": ", ".join(refused)},
            )
        return members


class ActivityStatusChangeInline(HistoryInline):
    model = ActivityStatusChange


@admin.register(WorkProgrammeActivity)
class WorkProgrammeActivityAdmin(SafeSearchMixin, admin.ModelAdmin):
    form = WorkProgrammeActivityAdminForm
    list_display = ["title", "contact_point", "line_of_work", "status", "starts_on", "ends_on"]
    list_filter = ["status", "line_of_work", "contact_point"]
    list_select_related = ["contact_point"]
    search_fields = ["title", "description", "outcomes", "contact_point__name"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["contact_point", "responsible", "members"]
    filter_horizontal = ["chapters"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ActivityStatusChangeInline]
    fieldsets = [
        (None, {"fields": ["contact_point", "title", "line_of_work", "status", "description"]}),
        (
            _("Responsable y fechas"),
            {"fields": ["responsible", "responsible_name", "starts_on", "ends_on"]},
        ),
        (_("Vínculos"), {"fields": ["chapters", "members"]}),
        (_("Resultados"), {"fields": ["outcomes", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        # The admin's view runs in a transaction: the row stays locked until it commits.
        before = ""
        if change:
            before = (
                WorkProgrammeActivity.objects.select_for_update()
                .values_list("status", flat=True)
                .get(pk=obj.pk)
            )
        super().save_model(request, obj, form, change)
        if obj.status != before:
            record(obj, before, actor=request.user)
