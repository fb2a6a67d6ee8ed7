"""IME's admin for chapters: leadership roles, join requests, news and new-chapter proposals."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Chapter, ChapterNews, ChapterProposal, ChapterRole, JoinRequest
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
    list_display = ["name", "city", "country", "status", "formalised_on"]
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
    # The picture only enters through the chapter's form (the safe image pipeline); the address
    # (chapter and slug) stays what it was published with.
    readonly_fields = ["chapter", "slug", "image"]
    exclude = ["image_width", "image_height"]

    def has_add_permission(self, request):
        # Published from the chapter's page (IME may publish for any chapter there): the slug
        # and the picture need the site's form.
        return False


@admin.register(ChapterProposal)
class ChapterProposalAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["city", "country", "proposer", "status", "created_at", "chapter"]
    list_filter = ["status", "country"]
    search_fields = ["city", "proposer__full_name", "founding_members", "purpose"]
    list_select_related = ["proposer", "chapter"]
    readonly_fields = ["proposer", "status", "reviewed_by", "reviewed_at", "chapter", "created_at"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # members send proposals from /capitulos/proponer/

    @admin.action(description=_("Aprobar propuesta"), permissions=["change"])
    def approve(self, request, queryset):
        self._review(request, queryset, approve_proposal, _("Capítulo «%(name)s» creado."))

    @admin.action(description=_("Rechazar propuesta"), permissions=["change"])
    def reject(self, request, queryset):
        self._review(request, queryset, reject_proposal, None)

    def _review(self, request, queryset, service, created_message):
        done = 0
        for proposal in queryset:
            try:
                chapter = service(proposal=proposal, reviewer=request.user)
            except ChapterActionRefused as refused:
                self.message_user(request, refused.reason, messages.WARNING)
                continue
            done += 1
            if created_message and chapter is not None:
                self.message_user(request, created_message % {"name": chapter.name})
        if done:
            self.message_user(
                request,
                ngettext("%(count)d propuesta revisada.", "%(count)d propuestas revisadas.", done)
                % {"count": done},
                messages.SUCCESS,
            )
