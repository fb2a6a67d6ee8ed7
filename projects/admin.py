"""IME administration of the opportunities and of the weekly digest's subscriptions.

An opportunity is created on the site and its status changes only there (projects.opportunities,
along OPPORTUNITY_TRANSITIONS, with its history): here IME reads it, corrects its texts, sectors,
countries and dates, deletes it, and exports the chosen ones as CSV (streamed and logged). People
appear by name: an account's `str()` falls back to its email address, so accounts are shown
through `_name`, never as a plain field, and the interested people without their address.
"""

from django import forms
from django.contrib import admin
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.admin import SafeSearchMixin
from redtalentos.lib.admin_parts import ReadOnlyInline
from redtalentos.lib.workflows import HistoryInline

# The binational projects' and the expert visits' admins register themselves.
from . import mission_admin, project_admin, visit_admin  # noqa: F401
from .exports import export_opportunities
from .models import DigestSubscriber, Opportunity, OpportunityChange, OpportunityInterest


def _name(user):
    return (user.get_full_name() or "—") if user is not None else "—"


class OpportunityChangeInline(HistoryInline):
    model = OpportunityChange


class OpportunityInterestInline(ReadOnlyInline):
    """Who expressed interest and how it was answered; their address only ever travels in the
    email that answers an accepted interest."""

    model = OpportunityInterest
    fields = ["person_name", "status", "created_at", "answered_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    @admin.display(description=_("persona interesada"))
    def person_name(self, interest):
        return _name(interest.person)


class OpportunityAdminForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = [
            "kind",
            "title",
            "summary",
            "description",
            "sectors",
            "countries",
            "organisation",
            "deadline",
        ]

    def clean_countries(self):
        codes = [code.strip().upper() for code in self.cleaned_data["countries"]]
        unknown = [code for code in codes if code not in countries]
        if unknown:
            raise forms.ValidationError(
                _("Códigos de país desconocidos: %(codes)s."), params={"codes": ", ".join(unknown)}
            )
        return list(dict.fromkeys(codes))


@admin.action(description=_("Exportar las oportunidades elegidas (CSV)"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    return export_opportunities(request, queryset)


@admin.register(Opportunity)
class OpportunityAdmin(SafeSearchMixin, admin.ModelAdmin):
    form = OpportunityAdminForm
    list_display = [
        "title",
        "kind",
        "status",
        "sector_list",
        "author_name",
        "published_at",
        "expires_at",
    ]
    list_filter = ["status", "kind", "sectors", "published_at", "expires_at"]
    search_fields = ["title", "summary", "organisation", "author__full_name"]
    list_select_related = ["author"]
    date_hierarchy = "published_at"
    actions = [export_csv]
    inlines = [OpportunityChangeInline, OpportunityInterestInline]
    filter_horizontal = ["sectors"]
    readonly_fields = [
        "uuid",
        "status",
        "author_name",
        "reviewer_name",
        "review_comment",
        "sector_ids",
        "published_at",
        "expires_at",
        "reminded_at",
        "search",
        "created_at",
        "updated_at",
        "page_link",
    ]
    fieldsets = [
        (None, {"fields": ["uuid", "status", "author_name", "page_link"]}),
        (
            _("Lo que ofrece o busca"),
            {"fields": ["kind", "title", "summary", "description", "organisation", "deadline"]},
        ),
        (_("Sectores y países"), {"fields": ["sectors", "sector_ids", "countries"]}),
        (
            _("Revisión y vigencia"),
            {
                "fields": [
                    "reviewer_name",
                    "review_comment",
                    "published_at",
                    "expires_at",
                    "reminded_at",
                ]
            },
        ),
        (
            _("Registro"),
            {"fields": ["created_at", "updated_at", "search"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            # The changelist adds list_select_related only to a queryset without any.
            .select_related("author", "reviewed_by")
            .prefetch_related("sectors")
        )

    def has_add_permission(self, request):
        return False  # an opportunity is published on the site, through its review

    @admin.display(description=_("sectores"))
    def sector_list(self, opportunity):
        return ", ".join(sector.display_name for sector in opportunity.sectors.all()) or "—"

    @admin.display(description=_("autor"), ordering="author__full_name")
    def author_name(self, opportunity):
        return _name(opportunity.author)

    @admin.display(description=_("revisada por"))
    def reviewer_name(self, opportunity):
        return _name(opportunity.reviewed_by)

    @admin.display(description=_("página de la oportunidad"))
    def page_link(self, opportunity):
        try:
            url = opportunity.get_absolute_url()
        except NoReverseMatch:
            return "—"
        return format_html('<a href="{}">{}</a>', url, _("Abrir en el sitio"))

    def save_model(self, request, obj, form, change):
        # Only what the form changed: the services change the status and the dates under a
        # row lock, and a whole-row save would write back what this page read.
        fields = [name for name in form.changed_data if name != "sectors"]
        if fields:
            obj.save(update_fields=[*fields, "updated_at"])

    def save_related(self, request, form, formsets, change):
        # The board filters on the copy of the sectors' ids (projects.opportunities).
        super().save_related(request, form, formsets, change)
        opportunity = form.instance
        opportunity.sector_ids = sorted(sector.pk for sector in opportunity.sectors.all())
        opportunity.save(update_fields=["sector_ids"])


@admin.register(DigestSubscriber)
class DigestSubscriberAdmin(SafeSearchMixin, admin.ModelAdmin):
    """A member's weekly digest: when the last one left and whether they unsubscribed (IME may
    clear the date when the person asks to receive it again)."""

    list_display = ["person", "last_sent_at", "unsubscribed_at"]
    list_filter = ["unsubscribed_at", "last_sent_at"]
    search_fields = ["user__full_name"]
    list_select_related = ["user"]
    fields = ["person", "last_sent_at", "unsubscribed_at"]
    readonly_fields = ["person", "last_sent_at"]

    def has_add_permission(self, request):
        return False  # rows appear with the first digest or the first unsubscription

    @admin.display(description=_("persona"), ordering="user__full_name")
    def person(self, subscriber):
        return _name(subscriber.user)
