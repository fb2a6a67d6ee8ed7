"""A mentor's capacity under concurrency, against the real PostgreSQL: two proposals for the last
place at the same moment, and two acceptances at once after the mentor lowered their capacity,
never take a mentor past the capacity they set; a withdrawal and the mentor's answer at the same
moment never deadlock.

Each thread opens its own database connection and closes it at the end; the threads are released
together by a barrier.
"""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from members.introductions import IntroductionRefused, answer_introduction
from members.models import IntroductionRequest
from mentoring import services
from mentoring.models import Mentorship, MentorshipStatus, Request
from mentoring.services import MentoringRefused
from tests.conftest import make_member, make_pncs_staff, restore_reference_data

from .helpers import make_offer, make_request, reload, set_capacity

pytestmark = pytest.mark.django_db(transaction=True)

MS = MentorshipStatus
REFUSALS = (MentoringRefused, IntroductionRefused)


def at_once(*tasks):
    """Runs the tasks in threads released together; returns, per task, "ok", "refused" or the
    unexpected exception's repr."""
    start = threading.Barrier(len(tasks))

    def run(task):
        try:
            start.wait(timeout=30)
            task()
            return "ok"
        except REFUSALS:
            return "refused"
        except Exception as error:
            return repr(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        return list(pool.map(run, tasks))


def answer(mentorship, *, accept=True):
    mentorship = reload(mentorship)
    return lambda: answer_introduction(
        introduction=mentorship.introduction,
        member=mentorship.mentor,
        accept=accept,
        base_url="http://testserver/",
    )


def test_two_staff_proposing_the_last_place_at_once_take_it_once():
    restore_reference_data()
    offer = make_offer(make_member("Marta Mentora Única"), capacity=2)
    services.propose(request=make_request(), offer=offer, actor=make_pncs_staff())
    first, second = make_request(), make_request()
    staff = [make_pncs_staff(f"pncs{number}@example.org") for number in (1, 2)]

    outcomes = at_once(
        lambda: services.propose(request=first, offer=offer, actor=staff[0]),
        lambda: services.propose(request=second, offer=offer, actor=staff[1]),
    )

    assert sorted(outcomes) == ["ok", "refused"]
    assert reload(offer).load == offer.capacity == 2
    assert Mentorship.objects.filter(mentor=offer.member, status=MS.PROPOSED).count() == 2
    statuses = sorted(Request.objects.filter(pk__in=[first.pk, second.pk]).values_list("status"))
    assert statuses == [("open",), ("proposed",)]
    # The refused proposal left no introduction request behind.
    assert IntroductionRequest.objects.filter(member=offer.member).count() == 2


def test_two_acceptances_at_once_after_a_lower_capacity_start_one_mentorship():
    restore_reference_data()
    offer = make_offer(make_member("Marta Mentora Dos"), capacity=2)
    staff = make_pncs_staff()
    proposals = [
        services.propose(request=make_request(), offer=offer, actor=staff) for _ in range(2)
    ]
    set_capacity(offer, 1)

    outcomes = at_once(*(answer(proposal) for proposal in proposals))

    assert sorted(outcomes) == ["ok", "refused"]
    statuses = sorted(
        Mentorship.objects.filter(mentor=offer.member).values_list("status", flat=True)
    )
    assert statuses == [MS.ACTIVE, MS.PROPOSED]
    assert reload(offer).load == 2  # the one active, and the proposal still waiting
    accepted = IntroductionRequest.objects.filter(
        member=offer.member, status=IntroductionRequest.Status.ACCEPTED
    )
    assert accepted.count() == 1


def test_a_withdrawal_while_the_mentor_accepts_does_not_deadlock(monkeypatch):
    """The mentee withdraws the request at the moment the mentor accepts its proposal. The answer
    locks the mentor's offer and then the request; the withdrawal must not lock them the other
    way round. The moment is made exact: the answer, holding the offer's row, waits (5 s at most)
    until the withdrawal holds the request's row."""
    restore_reference_data()
    offer = make_offer(make_member("Marta Mentora Tres"), capacity=2)
    request = make_request()
    mentorship = services.propose(request=request, offer=offer, actor=make_pncs_staff())
    offer_held, request_held = threading.Event(), threading.Event()
    locked_request = services._locked_request

    def in_order(request):
        if threading.current_thread().name.startswith("mentor"):
            offer_held.set()
            request_held.wait(timeout=5)
            return locked_request(request)
        locked = locked_request(request)
        request_held.set()
        return locked

    monkeypatch.setattr(services, "_locked_request", in_order)
    accept = answer(mentorship)

    def mentor():
        threading.current_thread().name = "mentor"
        accept()

    def mentee():
        offer_held.wait(timeout=5)
        services.withdraw_request(request=request, mentee=request.mentee)

    outcomes = at_once(mentor, mentee)

    assert sorted(outcomes) == ["ok", "refused"], outcomes
    mentorship.refresh_from_db()
    request.refresh_from_db()
    assert (mentorship.status, request.status) in {
        (MS.ACTIVE, Request.Status.MATCHED),
        (MS.CANCELLED, Request.Status.WITHDRAWN),
    }


def test_the_expiry_run_while_the_mentor_accepts_does_not_deadlock(monkeypatch):
    """The scheduler expires a proposal at the moment its mentor accepts it. The answer locks the
    introduction request and then the offer; the expiry must not lock them the other way round.
    The moment is made exact: the expiry, holding the offer's row, waits (5 s at most) until the
    answer has saved the introduction request."""
    from members import introductions

    restore_reference_data()
    offer = make_offer(make_member("Marta Mentora Cuatro"), capacity=2)
    request = make_request()
    mentorship = services.propose(request=request, offer=offer, actor=make_pncs_staff())
    offer_held, introduction_held = threading.Event(), threading.Event()
    expire_introduction = services._expire_introduction
    answered = introductions.introduction_answered

    def expire_in_order(mentorship):
        offer_held.set()
        introduction_held.wait(timeout=5)
        return expire_introduction(mentorship)

    class Announced:
        def send(self, **kwargs):
            introduction_held.set()
            return answered.send(**kwargs)

    monkeypatch.setattr(services, "_expire_introduction", expire_in_order)
    monkeypatch.setattr(introductions, "introduction_answered", Announced())
    accept = answer(mentorship)
    later = reload(mentorship).expires_at + datetime.timedelta(seconds=1)

    def mentor():
        offer_held.wait(timeout=5)
        accept()

    outcomes = at_once(lambda: services.expire_proposals(now=later), mentor)

    assert sorted(outcomes) in (["ok", "ok"], ["ok", "refused"]), outcomes
    mentorship.refresh_from_db()
    request.refresh_from_db()
    assert (mentorship.status, request.status) in {
        (MS.ACTIVE, Request.Status.MATCHED),
        (MS.EXPIRED, Request.Status.OPEN),
    }
    assert reload(offer).load == (1 if mentorship.status == MS.ACTIVE else 0)
