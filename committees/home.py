"""What the committees say on the homes (redtalentos.lib.home): a reviewer sees how many of their
assigned proposals still wait for their review while the call's active phase lets them write."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from redtalentos.lib.home import Waiting

from .models import Assignment, Conflict, ProposalStatus, Reviewer, ReviewPhase


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
