"""Offers: the student accepts (a placement with the cycle's dates, their other applications of
the cycle closed, a freed seat passed on) or declines (the seat passes to the host's next free
candidate); an offer accepted twice, or too late, is a message; expire_internship_offers ends
the offers past their time and passes the seats on, and running it again changes nothing; two
acceptances at once make one placement."""

import datetime
import threading
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from internships import offers, selection
from internships.models import (
    Application,
    ApplicationStatus,
    HostChoice,
    MatchingRun,
    MatchingStatus,
    Placement,
)
from members.models import AccountType
from tests.conftest import login, make_member, make_user, restore_reference_data

from .helpers import make_application, make_cycle, make_posting

AS = ApplicationStatus
BASE = "http://testserver/"
DAY = datetime.timedelta(days=1)


def student(name):
    return make_user(full_name=name, account_type=AccountType.STUDENT)


def offered(posting, user, *, rank=1, expires_in=DAY, **fields):
    return make_application(
        posting,
        user,
        rank=rank,
        status=AS.OFFER,
        offer_expires_at=timezone.now() + expires_in,
        **fields,
    )


def approved_cycle(applications_open_in_days=-45, **fields):
    """A cycle in its offers (by default), with an approved matching run."""
    cycle = make_cycle(applications_open_in_days=applications_open_in_days, **fields)
    MatchingRun.objects.create(cycle=cycle, status=MatchingStatus.APPROVED)
    return cycle


def answer_url(application, answer):
    return reverse(f"internships:application_{answer}", kwargs={"uuid": application.uuid})


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def host(db):
    return make_member("Hilda Anfitriona")


@pytest.fixture
def cycle(db):
    return approved_cycle()


@pytest.mark.django_db
def test_accepting_creates_the_placement_and_closes_the_other_applications(
    client, cycle, host, commits
):
    luis = student("Luis Estudiante")
    lab = make_posting(cycle, host, title="Laboratorio")
    firm = make_posting(cycle, make_member("Otra Anfitriona"), title="Empresa")
    accepted = offered(lab, luis, rank=1)
    other_offer = offered(firm, luis, rank=2)
    waiting = make_application(make_posting(cycle, host), luis, rank=3)
    next_in_line = make_application(firm, student("Nora Siguiente"), host_rank=1)
    login(client, luis)

    with commits(execute=True):
        response = client.post(answer_url(accepted, "accept"), follow=True)

    assert "Aceptaste la plaza «Laboratorio»" in response.content.decode()
    placement = Placement.objects.get()
    assert placement.application == accepted
    assert (placement.starts_on, placement.ends_on) == (cycle.placement_start, cycle.placement_end)
    for application, status in [
        (accepted, AS.ACCEPTED),
        (other_offer, AS.WITHDRAWN),
        (waiting, AS.WITHDRAWN),
        (next_in_line, AS.OFFER),  # the firm's seat Luis gave up
    ]:
        application.refresh_from_db()
        assert application.status == status, application
    assert next_in_line.offer_expires_at is not None
    recipients = [m.to[0] for m in mail.outbox]
    assert recipients.count(luis.email) == 3
    assert recipients.count(next_in_line.student.email) == 1


@pytest.mark.django_db
def test_an_offer_accepted_twice_is_a_message_and_one_placement(client, cycle, host):
    luis = student("Luis Estudiante")
    application = offered(make_posting(cycle, host), luis)
    login(client, luis)
    client.post(answer_url(application, "accept"))

    response = client.post(answer_url(application, "accept"), follow=True)

    assert response.status_code == 200
    assert "Ya aceptaste esta oferta." in response.content.decode()
    assert Placement.objects.count() == 1


@pytest.mark.django_db
def test_an_offer_past_its_time_cannot_be_accepted(client, cycle, host):
    luis = student("Luis Estudiante")
    application = offered(make_posting(cycle, host), luis, expires_in=-DAY)
    login(client, luis)
    response = client.post(answer_url(application, "accept"), follow=True)
    assert "El plazo para responder esta oferta ya pasó." in response.content.decode()
    application.refresh_from_db()
    assert application.status == AS.OFFER
    assert not Placement.objects.exists()


@pytest.mark.django_db
def test_accepting_or_declining_what_is_not_an_offer_is_a_message(client, cycle, host):
    luis = student("Luis Estudiante")
    application = make_application(make_posting(cycle, host), luis)
    login(client, luis)
    for answer in ("accept", "decline"):
        response = client.post(answer_url(application, answer), follow=True)
        assert response.status_code == 200
        application.refresh_from_db()
        assert application.status == AS.SUBMITTED
    assert not Placement.objects.exists()


@pytest.mark.django_db
def test_nobody_else_answers_a_students_offer(client, cycle, host, ime_admin):
    application = offered(make_posting(cycle, host), student("Luis Estudiante"))
    assert client.post(answer_url(application, "accept")).status_code == 302  # to sign in
    for user in (student("Otra"), host.user, ime_admin):
        login(client, user)
        for answer in ("accept", "decline"):
            assert client.post(answer_url(application, answer)).status_code == 404
        assert client.get(answer_url(application, "accept")).status_code == 405
    application.refresh_from_db()
    assert application.status == AS.OFFER


@pytest.mark.django_db
def test_the_students_page_shows_the_offer_buttons(client, cycle, host):
    luis = student("Luis Estudiante")
    application = offered(make_posting(cycle, host), luis)
    login(client, luis)
    page = client.get(application.get_absolute_url()).content.decode()
    assert answer_url(application, "accept") in page
    assert answer_url(application, "decline") in page


@pytest.mark.django_db
def test_declining_passes_the_seat_to_the_hosts_next_free_candidate(client, cycle, host, commits):
    luis = student("Luis Estudiante")
    posting = make_posting(cycle, host)
    application = offered(posting, luis)
    # By the host's order: a primary choice who already holds an offer elsewhere (not free), a
    # candidate the host did not want, then the next primary, then an unranked one.
    busy = make_application(posting, student("Bea Ocupada"), host_choice=HostChoice.PRIMARY)
    offered(make_posting(cycle, host), busy.student, rank=2)
    make_application(posting, student("Rita Rechazada"), status=AS.NOT_SELECTED, host_rank=1)
    nora = make_application(posting, student("Nora"), host_rank=3, host_choice=HostChoice.PRIMARY)
    unranked = make_application(posting, student("Uriel"))
    login(client, luis)

    with commits(execute=True):
        response = client.post(answer_url(application, "decline"), follow=True)

    assert "Rechazaste la oferta" in response.content.decode()
    application.refresh_from_db()
    assert application.status == AS.WITHDRAWN
    nora.refresh_from_db()
    assert nora.status == AS.OFFER
    unranked.refresh_from_db()
    busy.refresh_from_db()
    assert unranked.status == busy.status == AS.SUBMITTED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([luis.email, nora.student.email])


@pytest.mark.django_db
@pytest.mark.parametrize("held", ["offer", "accepted"])
def test_withdrawing_an_offer_or_a_place_gives_the_seat_to_the_next_candidate(
    client, cycle, host, commits, held
):
    luis = student("Luis Estudiante")
    posting = make_posting(cycle, host)  # one seat
    application = offered(posting, luis)
    nora = make_application(posting, student("Nora"), host_rank=1, host_choice=HostChoice.PRIMARY)
    login(client, luis)
    if held == "accepted":
        with commits(execute=True):
            client.post(answer_url(application, "accept"))
        assert Placement.objects.filter(application=application, status="planned").exists()

    with commits(execute=True):
        response = client.post(
            reverse("internships:application_withdraw", kwargs={"uuid": application.uuid}),
            follow=True,
        )

    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == AS.WITHDRAWN
    assert not Placement.objects.filter(application=application).exclude(status="cancelled")
    nora.refresh_from_db()
    assert nora.status == AS.OFFER


@pytest.mark.django_db
def test_no_seat_is_passed_on_before_the_matching_is_approved(host):
    cycle = make_cycle(applications_open_in_days=-45, allow_direct_offers=True)
    posting = make_posting(cycle, host)
    application = offered(posting, student("Luis"))
    waiting = make_application(posting, student("Nora"), host_rank=1)
    offers.decline_offer(application=application, base_url=BASE)
    waiting.refresh_from_db()
    assert waiting.status == AS.SUBMITTED


@pytest.mark.django_db
def test_expiry_ends_late_offers_passes_them_on_and_is_idempotent(cycle, host, commits):
    posting = make_posting(cycle, host, seats=2)
    late = offered(posting, student("Tardío"), expires_in=-DAY)
    on_time = offered(posting, student("Puntual"))
    nora = make_application(posting, student("Nora"), host_rank=1)
    out = StringIO()

    with commits(execute=True):
        call_command("expire_internship_offers", stdout=out)

    assert "1 offers expired, 1 seats offered" in out.getvalue()
    late.refresh_from_db()
    on_time.refresh_from_db()
    nora.refresh_from_db()
    assert (late.status, on_time.status, nora.status) == (AS.NOT_SELECTED, AS.OFFER, AS.OFFER)
    assert late.history.last().actor is None
    assert len(mail.outbox) == 2

    again = StringIO()
    call_command("expire_internship_offers", stdout=again)
    assert "0 offers expired, 0 seats offered" in again.getvalue()
    assert Application.objects.filter(status=AS.OFFER).count() == 2


@pytest.mark.django_db
def test_expiry_fills_a_seat_that_an_approval_left_free(cycle, host):
    posting = make_posting(cycle, host, seats=1)
    nora = make_application(posting, student("Nora"))
    out = StringIO()
    call_command("expire_internship_offers", stdout=out)
    nora.refresh_from_db()
    assert nora.status == AS.OFFER
    assert "1 seats offered" in out.getvalue()


@pytest.mark.django_db
def test_no_seat_is_passed_on_after_the_offers_end(host):
    cycle = approved_cycle(applications_open_in_days=-60)  # offers ended 5 days ago
    posting = make_posting(cycle, host)
    offered(posting, student("Tardío"), expires_in=-DAY)
    nora = make_application(posting, student("Nora"), host_rank=1)
    call_command("expire_internship_offers", stdout=StringIO())
    nora.refresh_from_db()
    assert nora.status == AS.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_at_once_make_one_placement():
    restore_reference_data()
    cycle = approved_cycle()
    host = make_member("Hilda Anfitriona")
    luis = student("Luis Estudiante")
    first = offered(make_posting(cycle, host), luis, rank=1)
    second = offered(make_posting(cycle, host), luis, rank=2)
    start = threading.Barrier(4)
    outcomes = []

    def accept(application):
        try:
            start.wait(timeout=30)
            offers.accept_offer(application=application, base_url=BASE)
            outcomes.append("accepted")
        except selection.TransitionRefused:
            outcomes.append("refused")
        except Exception as error:  # pragma: no cover - what the test is about
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=accept, args=(application,))
        for application in (first, first, second, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted", "refused", "refused", "refused"]
    assert Placement.objects.count() == 1
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == sorted([AS.ACCEPTED, AS.WITHDRAWN])
