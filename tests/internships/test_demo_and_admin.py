"""The demo's internships (an open cycle with published postings, the demo member's own in each
state of the review, last year's cycle with its placements) and IME's admin of cycles and
postings."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from certificates.models import Certificate
from internships.models import (
    Cycle,
    CycleStage,
    Evaluation,
    Placement,
    PlacementStatus,
    Posting,
    PostingStatus,
)
from tests.conftest import login

from .helpers import make_cycle, make_posting

pytestmark = pytest.mark.django_db


def test_seed_demo_opens_a_cycle_with_postings_once(client, capsys):
    call_command("seed_demo", members=30)
    cycle = Cycle.objects.get(slug="verano-2027")
    assert cycle.stage == CycleStage.APPLICATIONS
    published = cycle.postings.filter(status=PostingStatus.APPROVED)
    assert published.count() >= 12
    assert published.values("country").distinct().count() >= 5
    assert published.values("sectors").distinct().count() == 9
    own = Posting.objects.filter(host__user__email="demo@redtalentos.example")
    assert {posting.status for posting in own} == {"approved", "returned", "draft", "submitted"}
    assert all(posting.history.exists() for posting in published)
    assert "Internships: cycles 2" in capsys.readouterr().out
    past = Cycle.objects.get(slug="verano-2026")
    assert past.stage == CycleStage.FINISHED
    placements = Placement.objects.filter(application__cycle=past)
    completed = placements.filter(status=PlacementStatus.COMPLETED)
    assert completed.count() == 4
    assert placements.exclude(status=PlacementStatus.COMPLETED).count() == 2
    assert Evaluation.objects.filter(placement__in=completed).count() == 8
    assert Certificate.objects.filter(kind="pasantia").count() == 4
    assert mail.outbox == []
    response = client.get(reverse("internships:posting_list"))
    assert response.context["page"].paginator.count == published.count()
    call_command("seed_demo", members=30)
    assert Cycle.objects.filter(slug="verano-2027").count() == 1
    assert Posting.objects.filter(cycle=cycle).count() == published.count() + 3
    assert Placement.objects.count() == 6
    assert Certificate.objects.filter(kind="pasantia").count() == 4


def test_ime_opens_a_cycle_in_the_admin_and_is_recorded(client, ime_admin):
    login(client, ime_admin)
    data = {
        "name": "Invierno 2028",
        "name_en": "",
        "slug": "invierno-2028",
        "description": "",
        "postings_open": "2027-09-01",
        "applications_open": "2027-09-15",
        "applications_close": "2027-10-15",
        "selection_on": "2027-10-20",
        "offers_until": "2027-11-01",
        "offer_days": "7",
        "placement_start": "2028-01-08",
        "placement_end": "2028-03-01",
    }
    response = client.post(reverse("admin:internships_cycle_add"), data)
    assert response.status_code == 302
    assert Cycle.objects.get(slug="invierno-2028").created_by == ime_admin


def test_milestones_out_of_order_are_a_form_error_in_the_admin(client, ime_admin):
    login(client, ime_admin)
    data = {
        "name": "Al revés",
        "slug": "al-reves",
        "postings_open": "2027-09-01",
        "applications_open": "2027-09-15",
        "applications_close": "2027-09-01",
        "selection_on": "2027-10-20",
        "offers_until": "2027-11-01",
        "offer_days": "7",
        "placement_start": "2028-01-08",
        "placement_end": "2028-03-01",
    }
    response = client.post(reverse("admin:internships_cycle_add"), data)
    assert response.status_code == 200
    assert "applications_close" in response.context["adminform"].form.errors
    assert not Cycle.objects.filter(slug="al-reves").exists()


def test_the_admin_lists_filters_and_searches(client, ime_admin, member):
    cycle = make_cycle()
    posting = make_posting(cycle, member, sectors=("salud",), status=PostingStatus.SUBMITTED)
    posting.move_to(PostingStatus.APPROVED, actor=ime_admin)
    login(client, ime_admin)
    for path in (
        reverse("admin:internships_cycle_changelist"),
        reverse("admin:internships_posting_changelist") + "?status=approved&q=prueba",
        reverse("admin:internships_posting_changelist") + "?q=%00" + "x" * 3000,
        reverse("admin:internships_cycle_change", args=[cycle.pk]),
        reverse("admin:internships_posting_change", args=[posting.pk]),
    ):
        assert client.get(path).status_code == 200, path
