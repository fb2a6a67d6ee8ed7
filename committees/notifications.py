"""The committees' emails, sent after the transaction commits in the language of the moment the
change was made. Links are absolute from settings.SITE_URL. No address appears in them."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from redtalentos.lib import emails

# `with muted():` sends none of these emails (demo data: nobody to write to).
muted = emails.Muting("committees")


def _later(name, *, to, context):
    if muted.active or not to:
        return
    language = translation.get_language() or settings.LANGUAGE_CODE

    def callback():
        with translation.override(language):
            emails.send(name, to=[to], context=context)

    transaction.on_commit(callback)


def _context(proposal):
    applicant = proposal.applicant
    return {
        "name": applicant.get_short_name() or applicant.get_full_name(),
        "proposal": proposal,
        "call": proposal.call,
        "url": emails.absolute(settings.SITE_URL, proposal.get_absolute_url()),
    }


def proposal_received(proposal):
    """To the applicant: their proposal arrived (before the deadline)."""
    _later("committee_proposal_received", to=proposal.applicant.email, context=_context(proposal))


def proposal_decided(proposal):
    """To the applicant: accepted or not, with the rationale and the reviewers' comments to
    them (never the reviewers' names)."""
    comments = list(
        proposal.assignments.filter(review__submitted_at__isnull=False)
        .exclude(review__comment_to_applicant="")
        .values_list("review__comment_to_applicant", flat=True)
    )
    _later(
        "committee_proposal_decided",
        to=proposal.applicant.email,
        context={**_context(proposal), "comments": comments},
    )
