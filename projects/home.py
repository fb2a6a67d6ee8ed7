"""What the opportunities say on the homes (redtalentos.lib.home): a member sees the newest
opportunities of their sectors; authors see theirs returned with comments or about to expire, and
the interests waiting for a staff author's answer; PNCS staff and IME the opportunities waiting
for their review."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.permissions import member_of
from redtalentos.lib.home import Waiting

from .models import Opportunity, OpportunityInterest, OpportunityStatus
from .opportunity_views import sectors_in_order
from .permissions import is_reviewer, opportunities_to_review

OS = OpportunityStatus
# The newest opportunities of the member's sectors shown; the board has the rest.
SHOWN = 5
# An opportunity "about to expire" on its author's home: the reminder's two weeks.
EXPIRING = datetime.timedelta(days=14)


def opportunities_section(user):
    """Four queries: the member, their sectors, the sectors' names, the newest published
    opportunities of those sectors that are not their own (the board's partial indexes serve
    it)."""
    member = member_of(user)
    if member is None:
        return None
    sector_ids = list(
        Member.sectors.through.objects.filter(member=member).values_list("sector_id", flat=True)
    )
    if not sector_ids:
        return {"opportunities": [], "no_sectors": True}
    sectors_by_id = {sector.pk: sector for sector in sectors_in_order()}
    opportunities = list(
        Opportunity.objects.published()
        .filter(sector_ids__overlap=sector_ids)
        .exclude(author=user)
        .only("uuid", "kind", "title", "summary", "sector_ids", "deadline", "published_at")
        .order_by("-published_at", "-pk")[:SHOWN]
    )
    for opportunity in opportunities:
        opportunity.sector_list = [
            sectors_by_id[pk] for pk in opportunity.sector_ids if pk in sectors_by_id
        ]
    board = reverse("projects:opportunity_list")
    if len(sector_ids) == 1 and sector_ids[0] in sectors_by_id:
        board += "?" + urlencode({"sector": sectors_by_id[sector_ids[0]].slug})
    return {"opportunities": opportunities, "no_sectors": False, "board": board}


def authors_waiting(user):
    """An author's opportunities returned with comments or expiring within two weeks, and the
    interests waiting for a staff author's answer (a member author answers them as introduction
    requests). Two queries."""
    now = timezone.now()
    mine = Opportunity.objects.filter(author=user).aggregate(
        returned=Count("pk", filter=Q(status=OS.RETURNED)),
        expiring=Count(
            "pk", filter=Q(status=OS.PUBLISHED, expires_at__gt=now, expires_at__lte=now + EXPIRING)
        ),
    )
    interests = OpportunityInterest.objects.filter(
        opportunity__author=user,
        status=OpportunityInterest.Status.PENDING,
        introduction__isnull=True,
    ).count()
    url = reverse("projects:my_opportunities")
    return [
        Waiting(_("Oportunidades devueltas con comentarios"), mine["returned"], url),
        Waiting(_("Oportunidades por vencer: renuévalas"), mine["expiring"], url),
        Waiting(_("Personas interesadas en tus oportunidades"), interests, url),
    ]


def reviews_waiting(user):
    """The opportunities waiting for the review of `user` (PNCS staff, IME). One query."""
    if not is_reviewer(user):
        return []
    count = opportunities_to_review(user).count()
    return [
        Waiting(_("Oportunidades por revisar"), count, reverse("projects:opportunity_review_list"))
    ]
