"""What the committees say on the homes (redtalentos.lib.home): a reviewer sees how many of their
assigned proposals still wait for their review while the call's active phase lets them write;
the staff of a call (IME, the PNCS of its sectors) how many proposals wait for their decision."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.permissions import pncs_sector_ids
from redtalentos.lib.home import Waiting
from redtalentos.lib.roles import is_ime_admin

from .models import (
    Assignment,
    Call,
    CallStatus,
    Conflict,
    Proposal,
    ProposalStatus,
    Reviewer,
    ReviewPhase,
)


def reviews_waiting(user):
    """Assignments of the user's accepted committee seats without a submitted review, of
    proposals in review, in a call whose active phase lets reviewers write, not in conflict
    (waived conflicts aside). One query."""
    count = (
        Assignment.objects.filter(
            reviewer__member__user=user,
            reviewer__status=Reviewer.Status.ACCEPTED,
            proposal__status=ProposalStatus.IN_REVIEW,
            review__submitted_at__isnull=True,
        )
        .filter(
            Exists(
                ReviewPhase.objects.filter(
                    call=OuterRef("proposal__call"), is_active=True, can_write=True
                )
            )
        )
        .exclude(
            Exists(
                Conflict.objects.filter(
                    reviewer=OuterRef("reviewer"),
                    proposal=OuterRef("proposal"),
                    waived_at__isnull=True,
                )
            )
        )
        .count()
    )
    return [Waiting(_("Evaluaciones por escribir"), count, reverse("committees:my_reviews"))]


def decisions_waiting(user):
    """Proposals in review of the calls past their deadline whose staff the user is: all of them
    for IME, those of the PNCS's sectors (second factor passed) for PNCS staff. One query, two
    for PNCS staff (their sectors)."""
    proposals = Proposal.objects.filter(
        status=ProposalStatus.IN_REVIEW,
        call__status=CallStatus.PUBLISHED,
        call__closes_at__lte=timezone.now(),
    )
    if not is_ime_admin(user):
        sectors = pncs_sector_ids(user)
        if not sectors:
            return []
        proposals = proposals.filter(call__in=Call.objects.filter(sectors__in=sectors))
    return [
        Waiting(_("Propuestas por decidir"), proposals.count(), reverse("committees:call_list"))
    ]
