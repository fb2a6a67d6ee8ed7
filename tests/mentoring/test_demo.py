"""The demo's mentoring (mentoring/demo.py through seed_demo): mentors with their offers, the
demo member among them, requests in every state, the cohort of the demo PNCS, active
mentorships with their check-ins, completed ones with their certificates; no email; once."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from certificates.models import Certificate
from members.models import IntroductionRequest
from mentoring import timezones
from mentoring.models import CheckIn, Cohort, MentorOffer, Mentorship, Request
from mentoring.offers_demo import COHORT
from mentoring.requests_demo import ASKS

pytestmark = pytest.mark.django_db

DEMO_MEMBER = "demo@redtalentos.example"


def _snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (
            MentorOffer,
            Cohort,
            Request,
            Mentorship,
            CheckIn,
            Certificate,
            IntroductionRequest,
        )
    }


def test_seed_demo_adds_mentors_requests_and_relationships_once(
    django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", members=40)
    assert mail.outbox == []  # neither the mentoring's emails nor the brokered channel's
    assert "Mentoring: offers 30, cohorts 1, requests 20" in capsys.readouterr().out

    offers = MentorOffer.objects.select_related("member")
    assert offers.count() == 30
    assert offers.values("time_zone").distinct().count() >= 5
    assert all(offer.topics and offer.languages and offer.sector_ids for offer in offers)
    demo = offers.get(member__user__email=DEMO_MEMBER)
    assert demo.time_zone == "America/Los_Angeles"  # San José, California
    # The demo member's mentorships: one of each, the waiting one on their introductions page.
    own = Mentorship.objects.filter(mentor=demo.member)
    assert sorted(own.values_list("status", flat=True)) == ["active", "completed", "proposed"]
    waiting = own.get(status="proposed")
    assert waiting.introduction.status == IntroductionRequest.Status.PENDING
    assert waiting.reasons  # the matching's reasons, kept with the proposal
    demo.refresh_from_db()
    assert demo.load == 2  # the active one and the proposal

    cohort = Cohort.objects.get(name=COHORT["name"])
    assert cohort.created_by.email == "pncs@redtalentos.example"
    assert cohort.accepts_applications()
    assert cohort.requests.filter(status="open").count() == 3
    assert cohort.requests.filter(status="proposed").count() == 1

    requests = Request.objects.filter(mentee__email__startswith="mentoria")
    assert requests.count() == len(ASKS)
    assert requests.filter(status="open", cohort=None).count() == 5  # one after a decline
    assert Mentorship.objects.filter(status="declined").count() == 1
    assert requests.filter(status="proposed").count() == 4
    assert requests.filter(status__in=("matched", "completed")).count() == 8

    active = Mentorship.objects.filter(status="active")
    assert active.count() == 5
    today = timezone.localdate()
    for mentorship in active:
        assert mentorship.started_on < today.replace(day=1)  # began in an earlier month
        assert mentorship.check_ins.exists()
    # One of them lacks last month's feedback of the mentor: staff see it overdue.
    assert CheckIn.objects.filter(mentorship__in=active, feedback_at=None).count() == 1

    completed = Mentorship.objects.filter(status="completed")
    assert completed.count() == 3
    for mentorship in completed:
        assert mentorship.ended_on < today
        certificates = Certificate.objects.filter(
            kind="mentoria", source_key=f"mentorship:{mentorship.pk}"
        )
        assert {c.holder_id for c in certificates} == {
            mentorship.mentor.user_id,
            mentorship.request.mentee_id,
        }
        assert all(c.ends_on == mentorship.ended_on for c in certificates)
        assert not mentorship.check_ins.filter(month__gt=mentorship.ended_on).exists()

    before = _snapshot()
    call_command("seed_demo", members=40)
    assert _snapshot() == before
    assert "Mentoring: offers 0, cohorts 0, requests 0" in capsys.readouterr().out


def test_a_city_written_with_its_state_gets_its_own_zone():
    # Profiles write the city with its state, as the demo's members do.
    assert timezones.guess("San José, California", "US") == "America/Los_Angeles"
    assert timezones.guess("Houston, Texas", "US") == "America/Chicago"
    assert timezones.guess("Denver, Colorado", "US") == "America/Denver"
    assert timezones.guess("Toronto", "CA") == "America/Toronto"
