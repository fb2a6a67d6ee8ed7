"""What the chapters say on the homes (redtalentos.lib.home): a member's chapter with its latest
news, the join request they wait on, or the chapters they could join; for chapter leaders the
requests to answer; for IME the chapter proposals to review."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from redtalentos.lib.home import Waiting
from redtalentos.lib.roles import is_ime_admin

from .models import Chapter, ChapterNews, ChapterProposal, JoinRequest
from .permissions import member_of

# The latest news items of the member's chapter shown; the rest are on the chapter's news page.
NEWS_SHOWN = 3
PENDING_REQUESTS = Q(join_requests__status=JoinRequest.Status.PENDING)
# Chapters suggested to a member without one (their country's first).
SUGGESTED = 3


def chapter_section(user):
    """At most five queries: the member, the chapters they lead, and either their chapter's
    news or their pending request, or the chapters of their country."""
    member = member_of(user)
    if member is None:
        return None
    led = list(
        Chapter.objects.filter(roles__user=user).annotate(
            waiting=Count(
                "join_requests", filter=Q(join_requests__status=JoinRequest.Status.PENDING)
            )
        )
    )
    context = {"chapter": None, "news": [], "pending": None, "suggested": [], "led": led}
    if member.chapter_id:
        context["chapter"] = chapter = Chapter.objects.get(pk=member.chapter_id)
        context["news"] = list(
            ChapterNews.objects.published()
            .filter(chapter=chapter)
            .select_related("chapter")
            .order_by("-published_at")[:NEWS_SHOWN]
        )
        return context
    context["pending"] = (
        JoinRequest.objects.filter(member=member, status=JoinRequest.Status.PENDING)
        .select_related("chapter")
        .first()
    )
    if context["pending"] is None:
        context["suggested"] = list(
            Chapter.objects.filter(country=member.country).order_by("name")[:SUGGESTED]
        )
    return context


def join_requests_waiting(user):
    """The join requests waiting for the chapters `user` leads (one query)."""
    chapters = (
        Chapter.objects.filter(roles__user=user)
        .annotate(
            waiting=Count(
                "join_requests", filter=Q(join_requests__status=JoinRequest.Status.PENDING)
            )
        )
        .filter(waiting__gt=0)
        .order_by("name")
    )
    return [
        Waiting(
            _("Solicitudes para unirse a %(chapter)s") % {"chapter": chapter.name},
            chapter.waiting,
            reverse("chapters:join_request_list", kwargs={"slug": chapter.slug}),
        )
        for chapter in chapters
    ]


def proposals_waiting(user):
    """IME: the chapter proposals not reviewed yet (one query)."""
    if not is_ime_admin(user):
        return []
    count = ChapterProposal.objects.filter(status=ChapterProposal.Status.PENDING).count()
    url = reverse("admin:chapters_chapterproposal_changelist") + "?status__exact=pending"
    return [Waiting(_("Propuestas de capítulo por revisar"), count, url)]
