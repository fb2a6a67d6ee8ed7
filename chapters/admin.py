"""IME's admin for chapters: leadership roles, join requests, news and new-chapter proposals."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .forms import ApprovalPositionForm
from .models import Chapter, ChapterNews, ChapterProposal, ChapterRole, JoinRequest
from .positions import country_centre
from .services import ChapterActionRefused, approve_proposal, reject_proposal

# Longer search terms are cut: the admin turns every word into a clause of the query.
MAX_SEARCH_LENGTH = 200


class SafeSearchMixin:
    """Search terms PostgreSQL would refuse (NUL characters) or that are absurdly long are tamed.

    (The same as members.admin.SafeSearchMixin, which this app may not import.)
    """

    def get_search_results(self, request, queryset, search_term):
        search_term = search_term.replace("\x00", "")[:MAX_SEARCH_LENGTH]
        return super().get_search_results(request, queryset, search_term)


class ChapterRoleInline(admin.TabularInline):
    model = ChapterRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Chapter)
class ChapterAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["name", "city", "country", "status", "formalised_on", "on_map"]
    list_filter = ["status", "country"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ChapterRoleInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "city", "country", "status", "formalised_on"]}),
        (
            _("Página del capítulo"),
            {"fields": ["description", "areas_of_interest", "action_lines"]},
        ),
        (
            _("Posición en el mapa"),
            {
                "fields": ["latitude", "longitude"],
                "description": _("Aproximada, de la ciudad: basta con dos decimales."),
            },
        ),
    ]

    # A chapter without a position is left off the map of /capitulos/: IME sees which.
    @admin.display(boolean=True, description=_("en el mapa"))
    def on_map(self, chapter):
        return chapter.has_position


@admin.register(ChapterRole)
class ChapterRoleAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["user", "chapter", "role", "since"]
    list_filter = ["role", "chapter"]
    search_fields = ["user__full_name", "user__email", "chapter__name"]
    autocomplete_fields = ["user", "chapter"]
    list_select_related = ["user", "chapter"]


@admin.register(JoinRequest)
class JoinRequestAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["member", "chapter", "status", "created_at", "decided_at"]
    list_filter = ["status", "chapter"]
    search_fields = ["member__full_name", "chapter__name"]
    list_select_related = ["member", "chapter"]
    date_hierarchy = "created_at"
    # Decided on the site by the chapter's leadership (or IME there), which moves the member and
    # emails them: an edit here would do neither.
    readonly_fields = [
        "chapter",
        "member",
        "message",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ChapterNews)
class ChapterNewsAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["title", "chapter", "published_at", "author"]
    list_filter = ["chapter"]
    search_fields = ["title", "body", "chapter__name"]
    autocomplete_fields = ["author"]
    list_select_related = ["chapter", "author"]
    date_hierarchy = "published_at"
    exclude = ["image_width", "image_height"]

    # IME adds news here too, without a picture: it only enters through the chapter's form (the
    # safe image pipeline). Once published, the address (chapter and slug) stays.
    def get_readonly_fields(self, request, obj=None):
        return ["image"] if obj is None else ["chapter", "slug", "image"]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["title"]} if obj is None else {}

    def save_model(self, request, obj, form, change):
        if not change and obj.author is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(ChapterProposal)
class ChapterProposalAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["city", "country", "proposer", "status", "created_at", "chapter"]
    list_filter = ["status", "country"]
    search_fields = ["city", "proposer__full_name", "founding_members", "purpose"]
    list_select_related = ["proposer", "chapter"]
    readonly_fields = [
        "proposer",
        "language",
        "status",
        "reviewed_by",
        "reviewed_at",
        "chapter",
        "created_at",
    ]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # members send proposals from /capitulos/proponer/

    @admin.action(description=_("Aprobar propuesta"), permissions=["change"])
    def approve(self, request, queryset):
        """A page that asks each new chapter's position on the map (prefilled with its country's
        centre); the chapters are created when IME confirms it."""
        pending = self._pending(request, queryset)
        if not pending:
            return None
        confirmed = "confirm" in request.POST
        rows = []
        for proposal in pending:
            centre = country_centre(proposal.country.code)
            initial = {"latitude": centre[0], "longitude": centre[1]} if centre else {}
            form = ApprovalPositionForm(
                request.POST if confirmed else None, prefix=f"p{proposal.pk}", initial=initial
            )
            rows.append((proposal, form, centre is not None))
        if confirmed and all(form.is_valid() for _proposal, form, _centre in rows):
            done = 0
            for proposal, form, _centre in rows:
                try:
                    chapter = approve_proposal(
                        proposal=proposal,
                        reviewer=request.user,
                        latitude=form.cleaned_data["latitude"],
                        longitude=form.cleaned_data["longitude"],
                        base_url=request.build_absolute_uri("/"),
                    )
                except ChapterActionRefused as refused:
                    self.message_user(request, refused.message, messages.WARNING)
                    continue
                done += 1
                self.message_user(
                    request, gettext("Capítulo «%(name)s» creado.") % {"name": chapter.name}
                )
            self._reviewed(request, done)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Aprobar propuestas de capítulo"),
            "opts": self.model._meta,
            "rows": rows,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "chapters/admin_approve_proposals.html", context)

    @admin.action(description=_("Rechazar propuesta"), permissions=["change"])
    def reject(self, request, queryset):
        done = 0
        for proposal in self._pending(request, queryset):
            try:
                reject_proposal(
                    proposal=proposal,
                    reviewer=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ChapterActionRefused as refused:
                self.message_user(request, refused.message, messages.WARNING)
                continue
            done += 1
        self._reviewed(request, done)

    def _pending(self, request, queryset):
        """The pending proposals of the selection; a warning for each one already reviewed."""
        pending = []
        for proposal in queryset.select_related("proposer").order_by("created_at", "pk"):
            if proposal.status == ChapterProposal.Status.PENDING:
                pending.append(proposal)
            else:
                self.message_user(
                    request,
                    gettext("La propuesta de %(city)s ya fue revisada.") % {"city": proposal.city},
                    messages.WARNING,
                )
        return pending

    def _reviewed(self, request, done):
        if done:
            self.message_user(
                request,
                ngettext("%(count)d propuesta revisada.", "%(count)d propuestas revisadas.", done)
                % {"count": done},
                messages.SUCCESS,
            )
