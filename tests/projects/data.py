"""Test data of the projects' tests outside the pages: opportunities in any status, as the
services leave them (the copy of the sectors' ids included)."""

import datetime

from django.utils import timezone

from pncs.models import Sector
from projects.models import Opportunity, OpportunityKind, OpportunityStatus
from tests.conftest import make_user

DAY = datetime.timedelta(days=1)


def make_opportunity(
    title="Sensores de humedad para invernaderos",
    *,
    sectors=("tic",),
    author=None,
    status=OpportunityStatus.PUBLISHED,
    published_ago=DAY,
    kind=OpportunityKind.TECH_OFFER,
):
    now = timezone.now()
    author = author or make_user(full_name="Autora de la oportunidad")
    chosen = list(Sector.objects.filter(slug__in=sectors))
    opportunity = Opportunity.objects.create(
        kind=kind,
        title=title,
        summary=f"En pocas palabras: {title.lower()}.",
        description="Descripción de prueba.",
        author=author,
        status=status,
        sector_ids=sorted(sector.pk for sector in chosen),
        published_at=now - published_ago if status != OpportunityStatus.DRAFT else None,
        expires_at=now + 300 * DAY,
    )
    opportunity.sectors.set(chosen)
    return opportunity
