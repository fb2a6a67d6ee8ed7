"""The demo's opportunities (projects/demo.py through seed_demo): forty of the five kinds in
every state, by the demo member, the demo PNCS and synthetic members, with their histories and a
few interests; on the board and in the weekly digest; no email; once."""

from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from projects import digest
from projects.demo import OFFERS
from projects.models import Opportunity, OpportunityChange, OpportunityInterest, OpportunityKind

pytestmark = pytest.mark.django_db

DEMO_MEMBER = "demo@redtalentos.example"
DEMO_PNCS = "pncs@redtalentos.example"


def _snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (Opportunity, OpportunityChange, OpportunityInterest)
    }


def test_seed_demo_adds_opportunities_of_every_kind_and_state_once(
    django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", members=40)
    assert mail.outbox == []  # neither the opportunities' emails nor the brokered channel's
    out = capsys.readouterr().out
    assert f"Opportunities: opportunities {len(OFFERS)}, interests" in out

    opportunities = Opportunity.objects.all()
    assert opportunities.count() == len(OFFERS) >= 40
    assert set(opportunities.values_list("kind", flat=True)) == set(OpportunityKind.values)
    states = Counter(opportunities.values_list("status", flat=True))
    assert set(states) == {"draft", "submitted", "published", "returned", "expired", "withdrawn"}
    assert states["published"] >= 15
    assert all(o.sector_ids and o.summary for o in opportunities)
    # Authors: the demo member (one of each state), the demo PNCS, synthetic members.
    demo = opportunities.filter(author__email=DEMO_MEMBER)
    assert {"draft", "submitted", "published", "returned", "expired"} <= set(
        demo.values_list("status", flat=True)
    )
    assert opportunities.filter(author__email=DEMO_PNCS).exists()
    assert opportunities.exclude(author__email__in=[DEMO_MEMBER, DEMO_PNCS]).count() >= 20
    # Reviewed by someone else than the author; returned ones carry the comment.
    for opportunity in opportunities.exclude(reviewed_by=None):
        assert opportunity.reviewed_by_id != opportunity.author_id
    assert all(o.review_comment for o in opportunities.filter(status="returned"))
    # Expired by the scheduler's service, with the history of every step.
    now = timezone.now()
    for opportunity in opportunities.filter(status="expired"):
        assert opportunity.expires_at < now
        assert list(opportunity.history.values_list("to_status", flat=True)) == [
            "submitted",
            "published",
            "expired",
        ]
    # Published over the last year; some this week, for the digest.
    live = Opportunity.objects.published()
    assert live.count() == states["published"]
    assert live.filter(published_at__gt=now - digest.FIRST_WINDOW).count() >= 3
    assert live.filter(published_at__lt=now - timezone.timedelta(days=100)).exists()
    # Interests through the brokered channel: one accepted, by a staff author on the page.
    interests = OpportunityInterest.objects.all()
    assert interests.count() >= 3
    assert interests.filter(status="accepted").count() == 1
    assert interests.filter(introduction__isnull=False).exists()  # to a member author

    board = Client().get(reverse("projects:opportunity_list"))
    assert board.status_code == 200
    assert "Visión por computadora para inspección de autopartes" in board.content.decode()

    before = _snapshot()
    call_command("seed_demo", members=40)
    assert _snapshot() == before
    assert "Opportunities: opportunities 0, interests 0 new." in capsys.readouterr().out
