"""expire_opportunities (run daily): a published opportunity past its date expires and its
author is told; the author of one that expires within two weeks is reminded once; a second run
changes nothing and sends nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from projects.models import OpportunityStatus
from tests.conftest import make_user

from .data import make_opportunity

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _run(django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_opportunities", stdout=out)
    return out.getvalue().strip()


def test_expire_opportunities_expires_and_reminds_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    now = timezone.now()
    past = make_opportunity("Vencida", author=make_user(email="vencida@example.org"))
    soon = make_opportunity("Por vencer", author=make_user(email="porvencer@example.org"))
    later = make_opportunity("Lejana", author=make_user(email="lejana@example.org"))
    draft = make_opportunity(
        "Borrador", author=make_user(email="borrador@example.org"), status=OpportunityStatus.DRAFT
    )
    for opportunity, expires in ((past, -DAY), (soon, 10 * DAY), (later, 60 * DAY), (draft, -DAY)):
        type(opportunity).objects.filter(pk=opportunity.pk).update(expires_at=now + expires)

    assert _run(django_capture_on_commit_callbacks) == (
        "expire_opportunities: 1 opportunities expired, 1 authors reminded"
    )
    for opportunity in (past, soon, later, draft):
        opportunity.refresh_from_db()
    assert past.status == OpportunityStatus.EXPIRED
    assert soon.status == OpportunityStatus.PUBLISHED and soon.reminded_at is not None
    assert later.status == OpportunityStatus.PUBLISHED and later.reminded_at is None
    assert draft.status == OpportunityStatus.DRAFT
    assert sorted(message.to[0] for message in mailoutbox) == [
        "porvencer@example.org",
        "vencida@example.org",
    ]

    assert _run(django_capture_on_commit_callbacks) == (
        "expire_opportunities: 0 opportunities expired, 0 authors reminded"
    )
    assert len(mailoutbox) == 2
    past.refresh_from_db()
    assert past.status == OpportunityStatus.EXPIRED
