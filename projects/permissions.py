"""Who may do what in the projects app. Every view of the projects app asks here.

Opportunities (/proyectos/oportunidades/):
- Members abroad (chapter leaders among them), PNCS staff and IME (second factor passed in this
  session) publish them; participants in Mexico and visitors do not (403 / sign in).
- A published opportunity that has not expired is public. Any other (a draft, one sent for
  review or returned, withdrawn, expired) is its author's; one sent for review or returned is
  also seen by its reviewers. For anyone else it does not exist (404).
- Reviewers: PNCS staff of one of the opportunity's sectors, and IME; never the author, unless
  IME. Someone who sees an opportunity but may not do the thing asked gets 403.
- Anyone signed in but the author expresses interest; a staff author answers the interests they
  receive on the opportunity's page (a member author answers them as introduction requests).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from members.permissions import member_of, pncs_sector_ids
from redtalentos.lib.roles import is_ime_admin

from .models import Opportunity, OpportunityInterest, OpportunityStatus

OS = OpportunityStatus
UNDER_REVIEW = (OS.SUBMITTED, OS.RETURNED)


def can_publish(user):
    """Members abroad (chapter leaders too), PNCS staff and IME acting as such."""
    return member_of(user) is not None or is_ime_admin(user) or bool(pncs_sector_ids(user))


def require_publisher(request):
    if not can_publish(request.user):
        raise PermissionDenied


def reviewer_sector_ids(user):
    """The sectors whose opportunities `user` reviews: None for IME (all), a set for PNCS staff
    (empty for everyone else)."""
    if is_ime_admin(user):
        return None
    return pncs_sector_ids(user)


def is_reviewer(user):
    return is_ime_admin(user) or bool(pncs_sector_ids(user))


def require_reviewer(request):
    if not is_reviewer(request.user):
        raise PermissionDenied


def reviews_sectors_of(user, opportunity):
    """Whether `user` is IME or PNCS staff of one of the opportunity's sectors."""
    sectors = reviewer_sector_ids(user)
    if sectors is None:
        return True
    return bool(sectors.intersection(opportunity.sector_ids))


def can_review(user, opportunity):
    """A reviewer of its sectors who is not its author (IME reviews its own too)."""
    if is_ime_admin(user):
        return True
    is_author = user.is_authenticated and opportunity.author_id == user.pk
    return not is_author and reviews_sectors_of(user, opportunity)


def is_author(user, opportunity):
    return user.is_authenticated and opportunity.author_id == user.pk


def can_see(user, opportunity):
    if opportunity.is_live:
        return True
    if is_author(user, opportunity):
        return True
    return opportunity.status in UNDER_REVIEW and reviews_sectors_of(user, opportunity)


def visible_opportunities(user):
    """The opportunities `user` may open (the rule of can_see, as a query)."""
    condition = Q(status=OS.PUBLISHED, expires_at__gt=timezone.now())
    if user.is_authenticated:
        condition |= Q(author=user)
        sectors = reviewer_sector_ids(user)
        if sectors is None:
            condition |= Q(status__in=UNDER_REVIEW)
        elif sectors:
            condition |= Q(status__in=UNDER_REVIEW, sector_ids__overlap=sorted(sectors))
    return Opportunity.objects.filter(condition)


def get_opportunity_for_viewer(request, uuid):
    """The opportunity `uuid`; 404 when unknown or not visible to the viewer."""
    opportunity = Opportunity.objects.select_related("author").filter(uuid=uuid).first()
    if opportunity is None or not can_see(request.user, opportunity):
        raise Http404
    return opportunity


def get_opportunity_for_author(request, uuid):
    """The opportunity `uuid` for its author: 404 when the viewer may not see it, 403 when they
    see it but did not write it."""
    opportunity = get_opportunity_for_viewer(request, uuid)
    if not is_author(request.user, opportunity):
        raise PermissionDenied
    return opportunity


def get_opportunity_for_reviewer(request, uuid):
    """The opportunity `uuid` for review: 404 when the viewer may not see it, 403 unless they
    review it."""
    opportunity = get_opportunity_for_viewer(request, uuid)
    if not can_review(request.user, opportunity):
        raise PermissionDenied
    return opportunity


def opportunities_to_review(user):
    """The opportunities waiting for `user`'s review: sent for review, of their sectors (all for
    IME), not their own unless IME."""
    opportunities = Opportunity.objects.filter(status=OS.SUBMITTED)
    sectors = reviewer_sector_ids(user)
    if sectors is None:
        return opportunities
    if not sectors:
        return opportunities.none()
    return opportunities.filter(sector_ids__overlap=sorted(sectors)).exclude(author=user)


def get_opportunity_for_interest(request, uuid):
    """The opportunity `uuid` for an expression of interest: 404 when the viewer may not see
    it, 403 for its author."""
    opportunity = get_opportunity_for_viewer(request, uuid)
    if is_author(request.user, opportunity):
        raise PermissionDenied
    return opportunity


def get_interest_for_author(request, uuid, pk):
    """The interest `pk` in the opportunity `uuid`, for the opportunity's author: 404 when the
    viewer may not see the opportunity or the interest is another's, 403 for anyone but the
    author."""
    opportunity = get_opportunity_for_author(request, uuid)
    interest = (
        OpportunityInterest.objects.select_related("person")
        .filter(opportunity=opportunity, pk=pk)
        .first()
    )
    if interest is None:
        raise Http404
    return interest
