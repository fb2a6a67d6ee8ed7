"""The capacity engine under concurrency, against the real PostgreSQL: many registrations at once
never oversell and keep arrival order; cancellations, acceptances and the expiry run at once
never put a session over capacity; no deadlock, nothing lost.

Each thread opens its own database connection and closes it at the end. The work is spread over
a pool of WORKERS threads (PostgreSQL's default allows 100 connections, shared by everyone's
tests), all released at once by a barrier.
"""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jornadas import services
from jornadas.models import Registration, RegistrationLog, SessionChoice
from members.models import AccountType, User
from redtalentos.lib import capacity
from redtalentos.lib.capacity import SeatRefused, SeatStatus
from tests.conftest import restore_reference_data

from .helpers import make_session, make_track
from .registration_helpers import make_open_edition

WORKERS = 30

pytestmark = pytest.mark.django_db(transaction=True)


def people(count, prefix):
    return User.objects.bulk_create(
        User(
            email=f"{prefix}{number}@example.org",
            full_name=f"Persona {prefix} {number}",
            account_type=AccountType.STUDENT,
        )
        for number in range(count)
    )


def run_at_once(tasks):
    """Runs every task on the pool, the first WORKERS released together; returns the exceptions
    other than refusals."""
    threads = min(WORKERS, len(tasks))
    start = threading.Barrier(threads)
    failures = []
    local = threading.local()

    def run(task):
        if not getattr(local, "waited", False):
            local.waited = True
            start.wait(timeout=30)
        try:
            task()
        except SeatRefused:
            pass
        except Exception as error:
            failures.append(repr(error))

    closing = threading.Barrier(threads)

    def close_connection(_):
        # Each thread waits for the others, so that every one closes its own connection (a
        # connection left open outlives its thread and keeps the test database from being dropped).
        closing.wait(timeout=30)
        connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(run, tasks))
        list(pool.map(close_connection, range(threads)))
    return failures


def test_300_registrations_at_once_for_100_seats():
    restore_reference_data()
    edition = make_open_edition(capacity=100)
    users = people(300, "fila")

    def registration_of(user):
        return lambda: services.register(
            edition=edition, user=user, details={"attendance": "in_person"}
        )

    failures = run_at_once([registration_of(user) for user in users])

    assert failures == []
    rows = list(
        capacity.with_place_in_line(Registration.objects.filter(edition=edition)).order_by(
            "requested_at", "pk"
        )
    )
    assert len(rows) == 300  # nothing lost
    confirmed = [row for row in rows if row.status == SeatStatus.CONFIRMED]
    waitlisted = [row for row in rows if row.status == SeatStatus.WAITLISTED]
    assert (len(confirmed), len(waitlisted)) == (100, 200)
    # Arrival order: every confirmed arrived before every waitlisted, and the line follows arrival.
    assert rows[:100] == confirmed
    assert [row.place_in_line for row in waitlisted] == list(range(1, 201))
    assert [capacity.position(row) for row in waitlisted[:3]] == [1, 2, 3]
    assert RegistrationLog.objects.filter(request__edition=edition).count() == 300


def test_cancellations_acceptances_and_expiry_at_once_never_overfill_a_session():
    restore_reference_data()
    edition = make_open_edition()
    session = make_session(edition, make_track(edition), capacity=10, title="Taller con cupo")
    registrations = [
        services.register(edition=edition, user=user, details={"attendance": "in_person"})
        for user in people(60, "sesion")
    ]

    def pick(registration):
        return lambda: services.pick_session(
            registration=registration, session=session, actor=registration.user
        )

    assert run_at_once([pick(registration) for registration in registrations]) == []
    assert capacity.holding_count(SessionChoice, session) == 10

    choices = list(SessionChoice.objects.filter(session=session).order_by("requested_at", "pk"))
    seated = [choice.registration for choice in choices[:10]]
    waiting = [choice.registration for choice in choices[10:]]
    stop = threading.Event()
    overfilled = []

    def watch():
        while not stop.is_set():
            held = capacity.holding_count(SessionChoice, session)
            if held > 10:
                overfilled.append(held)

    def unpick(registration):
        return lambda: services.unpick_session(
            registration=registration, session=session, actor=registration.user
        )

    def leave(registration):
        return lambda: services.cancel_registration(
            registration=registration, actor=registration.user
        )

    def accept_when_offered(registration):
        def task():
            for _attempt in range(100):
                choice = SessionChoice.objects.get(registration=registration, session=session)
                if choice.status == SeatStatus.OFFERED:
                    services.accept_session_offer(
                        registration=registration, session=session, actor=registration.user
                    )
                    return
                if choice.status != SeatStatus.WAITLISTED:
                    return
                stop.wait(0.01)

        return task

    def expire():
        capacity.expire_offers(model=SessionChoice)

    tasks = (
        [unpick(r) for r in seated[:6]]
        + [leave(r) for r in seated[6:]]
        + [leave(r) for r in waiting[:8]]
        + [accept_when_offered(r) for r in waiting[8:]]
        + [expire] * 5
    )
    random.Random(13).shuffle(tasks)
    watcher = threading.Thread(target=lambda: (watch(), connection.close()))
    watcher.start()
    try:
        failures = run_at_once(tasks)
    finally:
        stop.set()
        watcher.join()

    assert failures == []
    assert overfilled == []
    statuses = list(SessionChoice.objects.filter(session=session).values_list("status", flat=True))
    assert len(statuses) == 60  # nothing lost
    held = sum(status in capacity.HOLDING for status in statuses)
    assert held == 10  # ten seats freed, ten passed on: the session is full again, not over
    assert statuses.count(SeatStatus.CANCELLED) == 18
    # Every choice's log ends where the choice is.
    for choice in SessionChoice.objects.filter(session=session).prefetch_related("log"):
        assert list(choice.log.all())[-1].to_status == choice.status
