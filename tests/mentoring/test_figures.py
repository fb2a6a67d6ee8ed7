"""The mentoring's figures on the PNCS work programme page: relationships active and completed
and the hours mentors recorded, by the request's sector and by the mentor's country, for the
sectors the PNCS works on only, in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring import checkin_services, services
from tests.conftest import give_totp, login, make_member, make_pncs_staff

from .flows import active, proposed
from .helpers import make_mentee, make_offer, make_request

pytestmark = pytest.mark.django_db

PAGE = "pncs_workspace:activity_list"


def _with_hours(mentorship, hours):
    checkin_services.record_check_in(
        mentorship=mentorship,
        side="mentor",
        month=services.month_of(timezone.localdate()),
        text="Avanzamos.",
        hours=Decimal(hours),
    )
    return mentorship


def _relationship(commit, offer, staff, *, sector="tic", hours=None):
    request = make_request(make_mentee(), sector=sector)
    mentorship = active(commit, request, offer, staff)
    return _with_hours(mentorship, hours) if hours is not None else mentorship


@pytest.fixture
def tic(db):
    user = make_pncs_staff("tic@example.org", sectors=("tic",), name="PNCS TIC")
    give_totp(user)
    return user


@pytest.fixture
def salud(db):
    user = make_pncs_staff("salud@example.org", sectors=("salud",), name="PNCS Salud")
    give_totp(user)
    return user


def test_each_pncs_sees_the_mentoring_of_its_sectors_in_fixed_queries(
    client, commit, tic, salud, django_assert_max_num_queries
):
    canada = make_offer(
        make_member("Carla Canadá", country="CA", intro_monthly_limit=30), capacity=10
    )
    germany = make_offer(
        make_member("Germán Alemania", country="DE", intro_monthly_limit=30), capacity=10
    )
    _relationship(commit, canada, tic, hours="2.5")
    _relationship(commit, canada, tic, hours="1")
    done = _relationship(commit, canada, tic, hours="3")
    commit(services.complete, mentorship=done, actor=tic, note="Objetivo cumplido.")
    _relationship(commit, germany, salud, sector="salud", hours="4")
    proposed(commit, make_request(make_mentee()), germany, tic)  # not started: counts nowhere

    login(client, tic)
    with django_assert_max_num_queries(30) as few:
        body = client.get(reverse(PAGE)).content.decode()
    assert (
        "Mentorías activas: 2 · concluidas: 1 · horas registradas en los seguimientos: 6.5."
    ) in body
    assert "Canadá" in body
    assert "Alemania" not in body  # another PNCS' sector, and the proposal never started

    for hours in ("1", "2", "0.5"):
        _relationship(commit, germany, tic, hours=hours)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse(PAGE)).content.decode()
    assert "Mentorías activas: 5 · concluidas: 1 · horas registradas en los seguimientos: 10." in (
        body
    )
    assert "Alemania" in body

    login(client, salud)
    body = client.get(reverse(PAGE)).content.decode()
    assert "Mentorías activas: 1 · concluidas: 0 · horas registradas en los seguimientos: 4." in (
        body
    )
    assert "Canadá" not in body


def test_hours_of_a_cancelled_relationship_count_but_not_the_relationship(client, commit, tic):
    offer = make_offer(
        make_member("Carla Canadá", country="CA", intro_monthly_limit=30), capacity=10
    )
    cancelled = _relationship(commit, offer, tic, hours="2")
    commit(services.cancel, mentorship=cancelled, actor=tic, note="Se mudó.")

    login(client, tic)
    body = client.get(reverse(PAGE)).content.decode()
    assert "Mentorías activas: 0 · concluidas: 0 · horas registradas en los seguimientos: 2." in (
        body
    )


def test_no_mentoring_block_before_a_relationship_starts(client, commit, tic):
    offer = make_offer(make_member("Carla Canadá", country="CA", intro_monthly_limit=30))
    proposed(commit, make_request(make_mentee()), offer, tic)

    login(client, tic)
    assert "Mentorías activas" not in client.get(reverse(PAGE)).content.decode()


def test_the_figures_in_english(client, commit, tic):
    offer = make_offer(make_member("Carla Canadá", country="CA", intro_monthly_limit=30))
    _relationship(commit, offer, tic, hours="1")

    login(client, tic)
    response = client.get("/en" + reverse(PAGE))
    assert response.status_code == 200
    assert "Canada" in response.content.decode()
