"""IME administration of the evaluation calls (and, below, of their proposals, committees and
reviews).

A call's status changes only on the site (committees.services.move_call, which refuses what the
rules refuse and issues the certificates); here IME corrects its texts, dates, sectors, rules,
criteria, required documents and phases, and reads who exported its reviews. People appear by
name: an account's `str()` falls back to its email address, so accounts are shown through
`_name`, never as a plain field.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.admin import ReadOnlyAdmin, SafeSearchMixin
from redtalentos.lib.admin_parts import ReadOnlyInline
from redtalentos.lib.workflows import HistoryInline

from . import services
from .models import (
    Assignment,
    Call,
    CallChange,
    Conflict,
    Criterion,
    Declaration,
    DocumentAccess,
    Proposal,
    ProposalChange,
    ProposalDocument,
    RequiredDocument,
    Review,
    Reviewer,
    ReviewExport,
    ReviewPhase,
    Score,
)


def _name(user):
    return (user.get_full_name() or "—") if user is not None else "—"


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "name", "description", "weight", "scale_max"]


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = ["position", "name"]


class ReviewPhaseInline(admin.TabularInline):
    """A call's phases; which one is active changes on the site (activating a phase starts the
    review), so it is only read here."""

    model = ReviewPhase
    extra = 0
    fields = ["position", "name", "is_active", "can_write", "other_reviews", "hide_names"]
    readonly_fields = ["is_active"]


class ReviewExportInline(admin.TabularInline):
    """Who exported the call's reviews, when, how many rows: a log, never edited."""

    model = ReviewExport
    extra = 0
    can_delete = False
    fields = ["at", "who", "rows"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exported_by")

    @admin.display(description=_("quién"))
    def who(self, export):
        return _name(export.exported_by)


class CallChangeInline(HistoryInline):
    model = CallChange


@admin.register(Call)
class CallAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["title", "status", "opens_at", "closes_at", "opener_name", "created_at"]
    list_filter = ["status", "blind", "sectors", "closes_at"]
    search_fields = ["title", "slug", "description"]
    list_select_related = ["opened_by"]
    date_hierarchy = "closes_at"
    filter_horizontal = ["sectors"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        CriterionInline,
        RequiredDocumentInline,
        ReviewPhaseInline,
        ReviewExportInline,
        CallChangeInline,
    ]
    readonly_fields = ["status", "opener_name", "created_at"]
    fieldsets = [
        (None, {"fields": ["status", "opener_name", "created_at"]}),
        (_("La convocatoria"), {"fields": ["title", "slug", "description", "sectors"]}),
        (_("Fechas"), {"fields": ["opens_at", "closes_at"]}),
        (
            _("Reglas de la evaluación"),
            {"fields": ["blind", "reviewers_per_proposal", "max_per_reviewer", "languages"]},
        ),
    ]

    @admin.display(description=_("abierta por"), ordering="opened_by__full_name")
    def opener_name(self, call):
        return _name(call.opened_by)


# Proposals, committees, conflicts and reviews. Their states change on the site, through
# committees.services (the rules and their refusals); here IME reads them and corrects texts.


class ProposalChangeInline(HistoryInline):
    model = ProposalChange


class ProposalDocumentInline(ReadOnlyInline):
    """The proposal's PDFs: name, size and pages; the file is fetched on the site (logged)."""

    model = ProposalDocument
    fields = ["name", "size", "pages", "created_at"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["title", "call", "status", "submitted_at"]
    list_filter = ["status", "call", "language", "submitted_at"]
    search_fields = ["title", "organisation", "applicant_name"]
    list_select_related = ["call"]
    date_hierarchy = "submitted_at"
    inlines = [ProposalDocumentInline, ProposalChangeInline]
    readonly_fields = [
        "call",
        "status",
        "applicant_name",
        "submitted_at",
        "rationale",
        "decider_name",
        "decided_at",
    ]
    fieldsets = [
        (None, {"fields": ["call", "status", "applicant_name", "submitted_at"]}),
        (_("La propuesta"), {"fields": ["title", "organisation", "language", "summary"]}),
        (_("Decisión"), {"fields": ["rationale", "decider_name", "decided_at"]}),
    ]

    def has_add_permission(self, request):
        return False  # a proposal is submitted on the site, with its documents

    @admin.display(description=_("decidida por"))
    def decider_name(self, proposal):
        return _name(proposal.decided_by)


@admin.register(Reviewer)
class ReviewerAdmin(SafeSearchMixin, admin.ModelAdmin):
    """The committees' experts. They are invited on the site, through the brokered channel, and
    their answer to that invitation sets their status."""

    list_display = ["member", "call", "status", "inviter_name", "created_at"]
    list_filter = ["status", "call"]
    search_fields = ["member__full_name", "call__title"]
    list_select_related = ["member", "call", "invited_by"]
    fields = ["call", "member", "status", "inviter_name", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("invitado por"), ordering="invited_by__full_name")
    def inviter_name(self, reviewer):
        return _name(reviewer.invited_by)


class WaivedFilter(admin.SimpleListFilter):
    title = _("dispensado")
    parameter_name = "dispensado"

    def lookups(self, request, model_admin):
        return [("si", _("Sí")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "si":
            return queryset.filter(waived_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(waived_at__isnull=True)
        return queryset


@admin.register(Conflict)
class ConflictAdmin(SafeSearchMixin, admin.ModelAdmin):
    """Conflicts of interest, declared or detected. IME waives one by writing its reason (saved
    through committees.services.waive: who and when are recorded); once waived, the waiver is a
    record and is only read."""

    list_display = ["proposal", "reviewer", "source", "waived", "created_at"]
    list_filter = ["source", WaivedFilter, "proposal__call"]
    search_fields = ["proposal__title", "reviewer__member__full_name", "detail"]
    list_select_related = ["proposal", "reviewer__member", "reviewer__call"]
    fields = [
        "proposal",
        "reviewer",
        "source",
        "detail",
        "created_at",
        "waiver_reason",
        "waiver_name",
        "waived_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["proposal", "reviewer", "source", "detail", "created_at", "waiver_name"]
        if obj is not None and obj.waived_at is not None:
            return [*fixed, "waiver_reason", "waived_at"]
        return [*fixed, "waived_at"]

    def has_add_permission(self, request):
        return False  # declared by the reviewer or detected from the portal's data

    def has_delete_permission(self, request, obj=None):
        return False  # detection keeps them in step; a waiver stays on record

    def save_model(self, request, obj, form, change):
        if obj.waived_at is None and obj.waiver_reason.strip():
            services.waive(conflict=obj, actor=request.user, reason=obj.waiver_reason)
        elif obj.waived_at is None:
            obj.waiver_reason = ""
            obj.save(update_fields=["waiver_reason"])

    @admin.display(description=_("dispensado"), boolean=True, ordering="waived_at")
    def waived(self, conflict):
        return conflict.waived_at is not None

    @admin.display(description=_("dispensado por"))
    def waiver_name(self, conflict):
        return _name(conflict.waived_by)


@admin.register(Assignment)
class AssignmentAdmin(SafeSearchMixin, admin.ModelAdmin):
    """Who reviews what. Assigning runs the rules (conflicts, caps) on the site; here IME reads
    the assignments and removes one whose review was not sent."""

    list_display = ["proposal", "reviewer", "automatic", "assigner_name", "created_at"]
    list_filter = ["automatic", "proposal__call"]
    search_fields = ["proposal__title", "reviewer__member__full_name"]
    list_select_related = ["proposal", "reviewer__member", "reviewer__call", "assigned_by"]
    fields = ["proposal", "reviewer", "automatic", "assigner_name", "created_at"]
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        submitted = Review.objects.filter(assignment=obj, submitted_at__isnull=False)
        return super().has_delete_permission(request, obj) and not submitted.exists()

    @admin.display(description=_("asignada por"))
    def assigner_name(self, assignment):
        return _name(assignment.assigned_by) if assignment.assigned_by_id else _("el sistema")


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ["criterion", "value"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


class SubmittedFilter(admin.SimpleListFilter):
    title = _("enviada")
    parameter_name = "enviada"

    def lookups(self, request, model_admin):
        return [("si", _("Sí")), ("no", _("No, borrador"))]

    def queryset(self, request, queryset):
        if self.value() == "si":
            return queryset.filter(submitted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(submitted_at__isnull=True)
        return queryset


@admin.register(Review)
class ReviewAdmin(SafeSearchMixin, admin.ModelAdmin):
    """The reviews, as their reviewers wrote them: read here, never changed."""

    list_display = ["proposal_title", "reviewer_name", "total", "submitted_at", "updated_at"]
    list_filter = [SubmittedFilter, "assignment__proposal__call"]
    search_fields = ["assignment__proposal__title", "assignment__reviewer__member__full_name"]
    # The rows' str() (the checkboxes' labels) names the reviewer's call too.
    list_select_related = [
        "assignment__proposal",
        "assignment__reviewer__member",
        "assignment__reviewer__call",
    ]
    fields = [
        "proposal_title",
        "reviewer_name",
        "total",
        "comment_to_applicant",
        "comment_to_committee",
        "submitted_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [ScoreInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("propuesta"), ordering="assignment__proposal__title")
    def proposal_title(self, review):
        return review.assignment.proposal.title

    @admin.display(description=_("evaluador"), ordering="assignment__reviewer__member__full_name")
    def reviewer_name(self, review):
        return review.assignment.reviewer.member.full_name


@admin.register(Declaration)
class DeclarationAdmin(SafeSearchMixin, admin.ModelAdmin):
    """The experts' standing declarations of conflicts of interest (kept in their profiles)."""

    list_display = ["name", "kind", "member", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "member__full_name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    fields = ["member", "kind", "name", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(ReviewExport)
class ReviewExportAdmin(ReadOnlyAdmin):
    """Every export of a call's reviews: who, when, how many rows."""

    list_display = ["at", "call", "who", "rows"]
    list_filter = ["call", "at"]
    list_select_related = ["call", "exported_by"]
    fields = ["at", "call", "who", "rows"]
    readonly_fields = fields

    @admin.display(description=_("quién"), ordering="exported_by__full_name")
    def who(self, export):
        return _name(export.exported_by)


@admin.register(DocumentAccess)
class DocumentAccessAdmin(ReadOnlyAdmin):
    """Every fetch of a proposal's document: which, who, when."""

    list_display = ["at", "document", "proposal_title", "who"]
    list_filter = ["at"]
    search_fields = ["document__proposal__title", "viewer__full_name"]
    list_select_related = ["document__proposal", "viewer"]
    fields = ["at", "document", "proposal_title", "who"]
    readonly_fields = fields

    @admin.display(description=_("propuesta"))
    def proposal_title(self, access):
        return access.document.proposal.title

    @admin.display(description=_("quién"), ordering="viewer__full_name")
    def who(self, access):
        return _name(access.viewer)
