"""The chapters app's emails, scheduled to leave after the transaction commits (never for a change
that is rolled back): IME's decision to the proposer of a chapter, a new join request to each of
the chapter's leaders. Links are absolute from the `base_url` of the request that caused them."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from redtalentos.lib import emails

from .models import ChapterProposal, ChapterRole


def proposal_decided(proposal, *, base_url):
    """To the proposer: IME approved (with the chapter they now coordinate) or declined their
    proposal. In the language they wrote the proposal in; Spanish when none is stored."""
    proposer = proposal.proposer
    if proposer is None or not proposer.user.is_active:
        return
    language = proposal.language or settings.LANGUAGE_CODE
    approved = proposal.status == ChapterProposal.Status.APPROVED
    chapter = proposal.chapter if approved else None

    def send():
        with translation.override(language):
            context = {
                "name": proposer.full_name,
                "proposal": proposal,
                "approved": approved,
                "chapter": chapter,
                "propose_url": emails.absolute(base_url, reverse("chapters:proposal_create")),
            }
            if chapter is not None:
                context["chapter_url"] = emails.absolute(base_url, chapter.get_absolute_url())
                context["edit_url"] = emails.absolute(
                    base_url, reverse("chapters:chapter_edit", kwargs={"slug": chapter.slug})
                )
            emails.send("chapters_proposal_decided", to=[proposer.user.email], context=context)

    transaction.on_commit(send)


def join_requested(join_request, *, base_url):
    """To each active leader of the chapter, once: someone asks to join, answer on the requests'
    page. Accounts have no language of their own and the requester's is not the leaders': the
    site's language. Leading a chapter includes answering its requests, so no consent applies."""
    chapter = join_request.chapter
    roles = ChapterRole.objects.filter(chapter=chapter, user__is_active=True)
    addresses = sorted({role.user.email for role in roles.select_related("user")})
    if not addresses:
        return
    name = join_request.member.full_name

    def send():
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "chapter": chapter,
                "member_name": name,
                "list_url": emails.absolute(
                    base_url, reverse("chapters:join_request_list", kwargs={"slug": chapter.slug})
                ),
            }
            for address in addresses:
                emails.send("chapters_join_requested", to=[address], context=context)

    transaction.on_commit(send)
