"""IME administration of the mentoring: mentors' offers, cohorts and requests here, mentorships in
mentorship_admin.py.

What the site's services keep is read only here: an offer's load (proposals waiting plus active
mentorships, changed only under the offer's lock), a request's status and cohort (its place in
the cohort's line), a mentorship's status and history (mentoring.services, along
MENTORSHIP_TRANSITIONS). People appear by name: an account's `str()` falls back to its email
address, so accounts are shown through `_name`, never as a plain field.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin
from redtalentos.lib.admin_parts import ReadOnlyInline
from redtalentos.lib.capacity import HOLDING, SeatStatus
from redtalentos.lib.workflows import HistoryInline

from .admin_parts import (
    _end_mentee,
    _end_mentor,
    _name,
    _page_link,
    _save_changed,
)
from .forms import CohortForm
from .models import Cohort, MentorOffer, Mentorship, Request, RequestChange

# Offers


@admin.register(MentorOffer)
class MentorOfferAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["member", "capacity", "load", "paused", "sector_list", "updated_at"]
    list_filter = ["paused", "sectors", "capacity"]
    search_fields = ["member__full_name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    filter_horizontal = ["sectors"]
    readonly_fields = ["load", "sector_ids", "utc_hours", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["member", "capacity", "load", "paused"]}),
        (_("Temas"), {"fields": ["sectors", "sector_ids", "topics", "languages"]}),
        (
            _("Horario y formato"),
            {
                "fields": [
                    "time_zone",
                    ("hours_from", "hours_to"),
                    "utc_hours",
                    "formats",
                    "hours_per_month",
                ]
            },
        ),
        (_("Registro"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sectors")

    @admin.display(description=_("sectores"))
    def sector_list(self, offer):
        return ", ".join(sector.name for sector in offer.sectors.all()) or "—"

    def save_model(self, request, obj, form, change):
        _save_changed(obj, form, change)

    def save_related(self, request, form, formsets, change):
        # The suggestions filter on the copy of the sectors' ids (mentoring.services.save_offer).
        super().save_related(request, form, formsets, change)
        offer = form.instance
        offer.sector_ids = sorted(sector.pk for sector in offer.sectors.all())
        offer.save(update_fields=["sector_ids"])

    # Deleting an offer ends its mentor's relationships first: each mentee goes back to the
    # queue and is told, and no place stays counted (mentoring.personal_data).

    def delete_model(self, request, obj):
        _end_mentor(request, Mentorship.objects.filter(mentor_id=obj.member_id))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        members = queryset.values("member_id")
        _end_mentor(request, Mentorship.objects.filter(mentor_id__in=members))
        super().delete_queryset(request, queryset)


# Cohorts


class CohortAdminForm(CohortForm):
    """The site's checks of the dates, and no fewer places than those already taken."""

    class Meta(CohortForm.Meta):
        fields = [*CohortForm.Meta.fields, "slug"]
        widgets = {}

    def clean_places(self):
        places = self.cleaned_data["places"]
        if self.instance.pk is not None:
            taken = self.instance.seats.filter(status__in=HOLDING).count()
            if places < taken:
                raise forms.ValidationError(
                    _("Ya hay %(taken)d lugares tomados u ofrecidos: no pueden ser menos."),
                    params={"taken": taken},
                )
        return places


@admin.register(Cohort)
class CohortAdmin(SafeSearchMixin, admin.ModelAdmin):
    form = CohortAdminForm
    list_display = [
        "name",
        "applications_close",
        "starts_on",
        "ends_on",
        "places",
        "places_taken",
        "mentee_picks",
    ]
    list_filter = ["sectors", "mentee_picks"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["opened_by", "created_at", "page_link"]
    date_hierarchy = "starts_on"
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "description", "page_link"]}),
        (_("Sectores y lugares"), {"fields": ["sectors", "places", "mentee_picks"]}),
        (_("Fechas"), {"fields": ["applications_close", ("starts_on", "ends_on")]}),
        (_("Registro"), {"fields": ["opened_by", "created_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _taken=Count("seats", filter=Q(seats__status=SeatStatus.CONFIRMED), distinct=True)
            )
        )

    @admin.display(description=_("lugares tomados"), ordering="_taken")
    def places_taken(self, cohort):
        return cohort._taken

    @admin.display(description=_("abierto por"))
    def opened_by(self, cohort):
        return _name(cohort.created_by)

    @admin.display(description=_("página del grupo"))
    def page_link(self, cohort):
        return _page_link(cohort)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# Requests


class RequestMentorshipInline(ReadOnlyInline):
    model = Mentorship
    fields = ["mentor", "status", "proposed_at", "started_on", "ended_on", "end_reason", "page"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mentor")

    @admin.display(description=_("página"))
    def page(self, mentorship):
        return _page_link(mentorship)


class RequestChangeInline(HistoryInline):
    model = RequestChange


@admin.register(Request)
class RequestAdmin(SafeSearchMixin, admin.ModelAdmin):
    """A request is made on the site (its cohort place with it); here IME reads it and may
    correct what it asks for. Its status changes only through the site."""

    list_display = ["__str__", "mentee_name", "sector", "status", "cohort", "created_at"]
    list_filter = ["status", "sector", "cohort"]
    search_fields = ["mentee__full_name", "goal", "organisation", "topics"]
    list_select_related = ["mentee", "sector", "cohort"]
    date_hierarchy = "created_at"
    inlines = [RequestChangeInline, RequestMentorshipInline]
    readonly_fields = [
        "uuid",
        "mentee_name",
        "cohort",
        "status",
        "closing_note",
        "utc_hours",
        "created_at",
        "updated_at",
        "page_link",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["uuid", "mentee_name", "cohort", "status", "closing_note", "page_link"]},
        ),
        (
            _("Lo que pide"),
            {"fields": ["goal", "organisation", "sector", "topics", "languages"]},
        ),
        (_("Horario"), {"fields": ["time_zone", ("hours_from", "hours_to"), "utc_hours"]}),
        (_("Registro"), {"fields": ["created_at", "updated_at"]}),
    ]

    def has_add_permission(self, request):
        return False  # a request comes from the site, with its cohort place

    def save_model(self, request, obj, form, change):
        _save_changed(obj, form, change)

    # Deleting a request gives back first what it holds, as its mentee withdrawing would.

    def delete_model(self, request, obj):
        _end_mentee(Request.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        _end_mentee(queryset)
        super().delete_queryset(request, queryset)

    @admin.display(description=_("quien pide"), ordering="mentee__full_name")
    def mentee_name(self, mentoring_request):
        return _name(mentoring_request.mentee)

    @admin.display(description=_("página de la solicitud"))
    def page_link(self, mentoring_request):
        return _page_link(mentoring_request)


# The mentorships' admin, with its export.
from . import mentorship_admin  # noqa: E402, F401
