"""Missions (/proyectos/misiones/): registration through the capacity engine (places, waitlist,
two registrations for the last place at once against the real PostgreSQL), one-to-one meetings
that never overlap in a delegate's schedule, the schedule's .ics, who may see and do what, and
bad input answered with a message, never a 500."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor
from itertools import count

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from pncs.models import Sector
from projects import missions
from projects.missions import MissionRefused
from projects.models import Delegate, Meeting, Mission, MissionHost
from redtalentos.lib.capacity import SeatStatus
from tests.conftest import (
    give_totp,
    login,
    make_member,
    make_pncs_staff,
    make_user,
    restore_reference_data,
)

S = SeatStatus
_numbers = count(1)
START = datetime.date(2030, 5, 4)


def make_mission(title="Misión a Monterrey", *, capacity=3, status="published", **fields):
    fields.setdefault("sector", Sector.objects.get(slug="tic"))
    fields.setdefault("starts_on", START)
    fields.setdefault("ends_on", START + datetime.timedelta(days=3))
    return Mission.objects.create(
        slug=f"mision-{next(_numbers)}",
        title=title,
        kind="trade",
        direction="to_mexico",
        destination_city="Monterrey",
        destination_country="MX",
        organiser="IME",
        capacity=capacity,
        status=status,
        **fields,
    )


def staff(email, **kwargs):
    """PNCS staff with an authenticator app: `login` passes their second factor."""
    user = make_pncs_staff(email, **kwargs)
    give_totp(user)
    return user


def delegate(mission, name=None, *, organisation="Acme"):
    member = make_member(name or f"Delegada {next(_numbers)}", country="US")
    return missions.register(mission=mission, user=member.user, organisation=organisation)


def at(day, hour, minute=0):
    zone = timezone.get_current_timezone()
    return datetime.datetime.combine(
        START + datetime.timedelta(days=day), datetime.time(hour, minute), tzinfo=zone
    )


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


# Registration: places and the waitlist


@pytest.mark.django_db
def test_places_go_first_come_then_the_waitlist_and_a_cancellation_offers_the_next(
    client, django_capture_on_commit_callbacks
):
    mission = make_mission(capacity=2)
    first, second = delegate(mission), delegate(mission)
    member = make_member("Wendy Espera", country="US")
    client.force_login(member.user)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            f"/proyectos/misiones/{mission.slug}/registro/",
            {"organisation": "Startup MX"},
            follow=True,
        )

    assert "estás en la lista de espera, en el lugar 1" in page.content.decode()
    waiting = Delegate.objects.get(mission=mission, user=member.user)
    assert (first.status, second.status, waiting.status) == (S.CONFIRMED, S.CONFIRMED, S.WAITLISTED)
    assert "lista de espera" in mail.outbox[-1].subject

    missions.cancel_registration(delegate=first, actor=first.user)

    assert reload(waiting).status == S.OFFERED
    page = client.post(f"/proyectos/misiones/{mission.slug}/registro/aceptar/", follow=True)
    assert "Aceptaste el lugar" in page.content.decode()
    assert reload(waiting).status == S.CONFIRMED


@pytest.mark.django_db
def test_registering_twice_is_a_message_not_a_second_seat(client):
    mission = make_mission()
    member = make_member("Doble Registro", country="US")
    client.force_login(member.user)
    url = f"/proyectos/misiones/{mission.slug}/registro/"
    client.post(url, {"organisation": "Acme"})

    page = client.post(url, {"organisation": "Acme"}, follow=True)

    assert "Ya estás registrado(a) en esta misión." in page.content.decode()
    assert Delegate.objects.filter(mission=mission).count() == 1
    with pytest.raises(MissionRefused, match="Ya estás registrado"):
        missions.register(mission=mission, user=member.user, organisation="Acme")


@pytest.mark.django_db
def test_participants_and_staff_register_too_and_closed_missions_refuse(client, participant):
    mission = make_mission()
    client.force_login(participant)
    client.post(f"/proyectos/misiones/{mission.slug}/registro/", {"organisation": "UNAM"})
    pncs = staff("pncs-delegado@example.org")
    login(client, pncs)
    client.post(f"/proyectos/misiones/{mission.slug}/registro/", {"organisation": "PNCS TIC"})
    assert set(Delegate.objects.values_list("user", flat=True)) == {participant.pk, pncs.pk}

    closed = make_mission(registration_closes_on=datetime.date(2020, 1, 1))
    page = client.post(
        f"/proyectos/misiones/{closed.slug}/registro/", {"organisation": "X"}, follow=True
    )
    assert "Esta misión no recibe registros." in page.content.decode()
    assert not Delegate.objects.filter(mission=closed).exists()


@pytest.mark.django_db
def test_a_registration_without_organisation_is_the_form_again(client, member):
    mission = make_mission()
    client.force_login(member.user)
    page = client.post(f"/proyectos/misiones/{mission.slug}/registro/", {"organisation": ""})
    assert page.status_code == 200
    assert not Delegate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_place_at_once_take_it_once():
    restore_reference_data()
    mission = make_mission(capacity=2)
    delegate(mission)
    users = [make_member(f"Concurrente {n}", country="US").user for n in (1, 2)]
    start = threading.Barrier(2)

    def run(user):
        try:
            start.wait(timeout=30)
            return missions.register(mission=mission, user=user, organisation="Acme").status
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(run, users))

    assert outcomes == [S.CONFIRMED, S.WAITLISTED]
    assert Delegate.objects.filter(mission=mission, status=S.CONFIRMED).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_acceptances_at_once_leave_one_meeting_accepted():
    restore_reference_data()
    mission = make_mission(capacity=None)
    ana, beto, carla = (delegate(mission, name) for name in ("Ana A", "Beto B", "Carla C"))
    # Beto is asked by Ana and by Carla for overlapping hours; Beto and Carla's acceptance race.
    first = missions.request_meeting(
        requester=beto, with_delegate=ana, starts_at=at(0, 10), ends_at=at(0, 11)
    )
    second = missions.request_meeting(
        requester=beto, with_delegate=carla, starts_at=at(0, 10, 30), ends_at=at(0, 11, 30)
    )
    start = threading.Barrier(2)

    def accept(meeting):
        try:
            start.wait(timeout=30)
            missions.answer_meeting(meeting=meeting, accept=True)
            return "ok"
        except MissionRefused:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(accept, [first, second]))

    assert outcomes == ["ok", "refused"]
    assert Meeting.objects.filter(status="accepted").count() == 1


# Meetings


@pytest.mark.django_db
def test_accepted_meetings_never_overlap_and_the_refusal_names_the_clash(client):
    mission = make_mission(capacity=None)
    ana, beto, carla = (delegate(mission, name) for name in ("Ana A", "Beto B", "Carla C"))
    first = missions.request_meeting(
        requester=ana, with_delegate=beto, starts_at=at(0, 10), ends_at=at(0, 11)
    )
    missions.answer_meeting(meeting=first, accept=True)
    clashing = missions.request_meeting(
        requester=carla, with_delegate=beto, starts_at=at(0, 10, 30), ends_at=at(0, 11, 30)
    )
    client.force_login(beto.user)

    page = client.post(
        f"/proyectos/misiones/{mission.slug}/reuniones/{clashing.pk}/responder/",
        {"answer": "accept"},
        follow=True,
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert "Se cruza con otra reunión aceptada de Beto B" in body
    assert "Ana A con Beto B" in body
    assert reload(clashing).status == "requested"
    # Back to back is no overlap.
    later = missions.request_meeting(
        requester=carla, with_delegate=beto, starts_at=at(0, 11), ends_at=at(0, 12)
    )
    client.post(
        f"/proyectos/misiones/{mission.slug}/reuniones/{later.pk}/responder/",
        {"answer": "accept"},
    )
    assert reload(later).status == "accepted"


@pytest.mark.django_db
def test_the_requester_cannot_ask_over_their_own_accepted_meeting(client):
    mission = make_mission(capacity=None)
    ana, beto, carla = (delegate(mission, name) for name in ("Ana A", "Beto B", "Carla C"))
    missions.answer_meeting(
        meeting=missions.request_meeting(
            requester=ana, with_delegate=beto, starts_at=at(1, 9), ends_at=at(1, 10)
        ),
        accept=True,
    )
    client.force_login(ana.user)
    page = client.post(
        f"/proyectos/misiones/{mission.slug}/reuniones/",
        {"with_": f"d{carla.pk}", "day": at(1, 0).date(), "starts": "09:30", "ends": "10:30"},
    )
    assert page.status_code == 400
    assert "Se cruza con otra reunión aceptada" in page.content.decode()
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "starts", "ends", "message"),
    [
        ("2030-05-20", "10:00", "11:00", "debe caer entre"),
        ("2030-05-05", "11:00", "10:00", "debe terminar después de empezar"),
        ("no-es-fecha", "10:00", "11:00", "Escribe una fecha válida"),
        ("2030-05-05", "25:00", "11:00", "Escribe una hora válida"),
    ],
)
def test_bad_meeting_requests_are_messages(client, day, starts, ends, message):
    mission = make_mission(capacity=None)
    ana, beto = delegate(mission, "Ana A"), delegate(mission, "Beto B")
    client.force_login(ana.user)
    page = client.post(
        f"/proyectos/misiones/{mission.slug}/reuniones/",
        {"with_": f"d{beto.pk}", "day": day, "starts": starts, "ends": ends},
    )
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_cancelled_mission_takes_no_meeting_requests(client):
    mission = make_mission(capacity=None)
    ana, beto = delegate(mission, "Ana A"), delegate(mission, "Beto B")
    Mission.objects.filter(pk=mission.pk).update(status="cancelled")
    client.force_login(ana.user)
    page = client.post(
        f"/proyectos/misiones/{mission.slug}/reuniones/",
        {"with_": f"d{beto.pk}", "day": "2030-05-05", "starts": "10:00", "ends": "11:00"},
    )
    assert page.status_code == 400
    assert "no recibe solicitudes de reunión" in page.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_meeting_with_a_stranger_or_oneself_is_refused(client):
    mission = make_mission(capacity=None)
    other = make_mission(capacity=None)
    ana, outsider = delegate(mission, "Ana A"), delegate(other, "Otra O")
    client.force_login(ana.user)
    for choice in (f"d{outsider.pk}", f"d{ana.pk}", "h999", "basura"):
        page = client.post(
            f"/proyectos/misiones/{mission.slug}/reuniones/",
            {"with_": choice, "day": "2030-05-05", "starts": "10:00", "ends": "11:00"},
        )
        assert page.status_code == 400
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_request_is_mailed_and_an_answer_and_cancellation_go_to_the_other_side(
    client, django_capture_on_commit_callbacks
):
    mission = make_mission(capacity=None)
    ana, beto = delegate(mission, "Ana A"), delegate(mission, "Beto B")
    mail.outbox.clear()
    client.force_login(ana.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/proyectos/misiones/{mission.slug}/reuniones/",
            {"with_": f"d{beto.pk}", "day": "2030-05-05", "starts": "10:00", "ends": "11:00"},
        )
    meeting = Meeting.objects.get()
    assert [m.to for m in mail.outbox] == [[beto.user.email]]
    assert "Ana A te pide una reunión" in mail.outbox[0].subject
    assert ana.user.email not in mail.outbox[0].body

    client.force_login(beto.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/proyectos/misiones/{mission.slug}/reuniones/{meeting.pk}/responder/",
            {"answer": "accept"},
        )
        client.post(f"/proyectos/misiones/{mission.slug}/reuniones/{meeting.pk}/cancelar/")
    assert [m.to for m in mail.outbox[1:]] == [[ana.user.email], [ana.user.email]]
    assert reload(meeting).status == "cancelled"
    page = client.post(
        f"/proyectos/misiones/{mission.slug}/reuniones/{meeting.pk}/cancelar/", follow=True
    )
    assert "Esta reunión ya está «Cancelada»." in page.content.decode()


@pytest.mark.django_db
def test_only_the_counterpart_answers_and_a_bad_answer_is_a_message(client):
    mission = make_mission(capacity=None)
    ana, beto, carla = (delegate(mission, name) for name in ("Ana A", "Beto B", "Carla C"))
    meeting = missions.request_meeting(
        requester=ana, with_delegate=beto, starts_at=at(0, 10), ends_at=at(0, 11)
    )
    url = f"/proyectos/misiones/{mission.slug}/reuniones/{meeting.pk}/responder/"
    for user in (ana.user, carla.user):
        client.force_login(user)
        assert client.post(url, {"answer": "accept"}).status_code == 404
    client.force_login(beto.user)
    page = client.post(url, {"answer": "quizas"}, follow=True)
    assert "Elige aceptar o rechazar." in page.content.decode()
    assert client.get(url).status_code == 405
    assert reload(meeting).status == "requested"


@pytest.mark.django_db
def test_staff_answer_the_hosts_meetings_and_a_host_is_not_double_booked(client):
    mission = make_mission(capacity=None)
    host = MissionHost.objects.create(mission=mission, name="Cervecería del Norte")
    ana, beto = delegate(mission, "Ana A"), delegate(mission, "Beto B")
    first = missions.request_meeting(
        requester=ana, with_host=host, starts_at=at(0, 10), ends_at=at(0, 11)
    )
    second = missions.request_meeting(
        requester=beto, with_host=host, starts_at=at(0, 10), ends_at=at(0, 11)
    )
    pncs = staff("pncs-tic@example.org")
    login(client, pncs)
    base = f"/proyectos/misiones/{mission.slug}/reuniones/"
    client.post(f"{base}{first.pk}/responder/", {"answer": "accept"})
    page = client.post(f"{base}{second.pk}/responder/", {"answer": "accept"}, follow=True)
    assert "Se cruza con otra reunión aceptada de Cervecería del Norte" in page.content.decode()
    assert (reload(first).status, reload(second).status) == ("accepted", "requested")


@pytest.mark.django_db
def test_cancelling_a_registration_cancels_the_delegates_meetings():
    mission = make_mission(capacity=None)
    ana, beto = delegate(mission, "Ana A"), delegate(mission, "Beto B")
    meeting = missions.request_meeting(
        requester=ana, with_delegate=beto, starts_at=at(0, 10), ends_at=at(0, 11)
    )
    missions.answer_meeting(meeting=meeting, accept=True)
    missions.cancel_registration(delegate=beto, actor=beto.user)
    assert reload(meeting).status == "cancelled"


# The schedule and its .ics


@pytest.mark.django_db
def test_the_agenda_and_its_ics_hold_the_accepted_meetings(client):
    mission = make_mission(capacity=None)
    ana, beto, carla = (delegate(mission, name) for name in ("Ana A", "Beto B", "Carla C"))
    accepted = missions.request_meeting(
        requester=ana, with_delegate=beto, starts_at=at(1, 10), ends_at=at(1, 11), note="Socios"
    )
    missions.answer_meeting(meeting=accepted, accept=True)
    missions.request_meeting(
        requester=carla, with_delegate=ana, starts_at=at(2, 9), ends_at=at(2, 10)
    )
    client.force_login(ana.user)

    agenda = client.get(f"/proyectos/misiones/{mission.slug}/agenda/").content.decode()
    assert "con Beto B" in agenda and "con Carla C" in agenda
    assert 'name="answer" value="accept"' in agenda  # Carla's request, for Ana to answer

    response = client.get(f"/proyectos/misiones/{mission.slug}/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        f"misiones-{mission.pk}@testserver",
        f"misiones-reunion-{accepted.pk}@testserver",
    }
    meeting = events[f"misiones-reunion-{accepted.pk}@testserver"]
    assert str(meeting["summary"]) == "Reunión con Beto B"
    assert meeting.decoded("dtstart") == at(1, 10)
    assert meeting.decoded("dtend") == at(1, 11)
    assert "Socios" in str(meeting["description"])
    assert b"@example.org" not in response.content


# Who sees what


@pytest.mark.django_db
def test_the_delegation_is_for_confirmed_delegates_and_staff(client, participant):
    mission = make_mission(capacity=1)
    ana = delegate(mission, "Ana A", organisation="Acme Labs")
    waiting = delegate(mission, "Wanda W")
    url = f"/proyectos/misiones/{mission.slug}/delegados/"

    assert client.get(url).status_code == 302  # to sign in
    client.force_login(participant)
    assert client.get(url).status_code == 403
    client.force_login(waiting.user)
    assert client.get(url).status_code == 403
    client.force_login(ana.user)
    page = client.get(url).content.decode()
    assert "Ana A · Acme Labs" in page and "Wanda" not in page
    assert "@example.org" not in page
    login(client, staff("pncs-ve@example.org"))
    assert client.get(url).status_code == 200
    login(client, staff("pncs-salud@example.org", sectors=("salud",), name="Salud"))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_agenda_is_for_the_confirmed_delegate_only(client, member):
    mission = make_mission()
    url = f"/proyectos/misiones/{mission.slug}/agenda/"
    client.force_login(member.user)
    assert client.get(url).status_code == 404
    assert client.get(url.replace("agenda/", "agenda.ics")).status_code == 404


@pytest.mark.django_db
def test_drafts_are_for_their_staff_and_the_list_shows_upcoming_and_past(client, member):
    draft = make_mission("Borrador secreto", status="draft")
    make_mission("Próxima misión")
    make_mission(
        "Misión pasada",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 1, 3),
    )
    listing = client.get("/proyectos/misiones/").content.decode()
    assert "Próxima misión" in listing and "Misión pasada" in listing
    assert "Borrador secreto" not in listing
    assert client.get(f"/proyectos/misiones/{draft.slug}/").status_code == 404
    client.force_login(member.user)
    assert client.get(f"/proyectos/misiones/{draft.slug}/").status_code == 404
    login(client, staff("pncs-draft@example.org"))
    assert client.get(f"/proyectos/misiones/{draft.slug}/").status_code == 200
    assert "Borrador secreto" in client.get("/proyectos/misiones/").content.decode()


@pytest.mark.django_db
def test_staff_create_and_edit_missions_in_their_sectors_only(client, member, ime_admin):
    data = {
        "title": "Misión a Guadalajara",
        "kind": "learning",
        "direction": "to_mexico",
        "destination_city": "Guadalajara",
        "destination_country": "MX",
        "organiser": "PNCS TIC",
        "starts_on": "2030-06-01",
        "ends_on": "2030-06-05",
        "capacity": "20",
        "status": "published",
    }
    client.force_login(member.user)
    assert client.get("/proyectos/misiones/nueva/").status_code == 403
    pncs = staff("pncs-crea@example.org")
    login(client, pncs)
    salud = Sector.objects.get(slug="salud")
    page = client.post("/proyectos/misiones/nueva/", {**data, "sector": salud.pk})
    assert page.status_code == 200 and not Mission.objects.exists()  # not their sector
    tic = Sector.objects.get(slug="tic")
    client.post("/proyectos/misiones/nueva/", {**data, "sector": tic.pk})
    mission = Mission.objects.get()
    assert (mission.slug, mission.created_by) == ("mision-a-guadalajara", pncs)
    page = client.post(
        f"/proyectos/misiones/{mission.slug}/editar/",
        {**data, "sector": tic.pk, "ends_on": "2030-05-01"},
    )
    assert "La misión debe terminar el día que empieza o después." in page.content.decode()
    other = make_mission("De salud", sector=salud)
    assert client.get(f"/proyectos/misiones/{other.slug}/editar/").status_code == 403
    login(client, ime_admin)
    assert client.get(f"/proyectos/misiones/{other.slug}/editar/").status_code == 200


@pytest.mark.django_db
def test_a_larger_capacity_offers_the_new_places_to_the_waitlist(client):
    mission = make_mission(capacity=1)
    delegate(mission)
    waiting = delegate(mission)
    assert waiting.status == S.WAITLISTED
    pncs = staff("pncs-cupo@example.org")
    login(client, pncs)
    form = {
        "title": mission.title,
        "kind": mission.kind,
        "direction": mission.direction,
        "sector": mission.sector_id,
        "destination_city": mission.destination_city,
        "destination_country": "MX",
        "organiser": mission.organiser,
        "starts_on": mission.starts_on,
        "ends_on": mission.ends_on,
        "capacity": "2",
        "status": "published",
    }
    client.post(f"/proyectos/misiones/{mission.slug}/editar/", form)
    assert reload(waiting).status == S.OFFERED


@pytest.mark.django_db
def test_hosts_are_added_by_staff_with_a_name_only(client):
    mission = make_mission()
    url = f"/proyectos/misiones/{mission.slug}/anfitriones/"
    client.force_login(make_user())
    assert client.post(url, {"name": "Intrusa"}).status_code == 403
    login(client, staff("pncs-host@example.org"))
    client.post(url, {"name": "Clúster TIC Jalisco", "contact_name": "Laura Ruiz"})
    assert client.post(url, {"name": "clúster tic jalisco"}).status_code == 400
    page = client.get(f"/proyectos/misiones/{mission.slug}/").content.decode()
    assert "Clúster TIC Jalisco" in page and "Laura Ruiz" in page


@pytest.mark.django_db
def test_unknown_missions_and_meetings_are_404(client, member):
    client.force_login(member.user)
    assert client.get("/proyectos/misiones/no-existe/").status_code == 404
    mission = make_mission()
    url = f"/proyectos/misiones/{mission.slug}/reuniones/9999/cancelar/"
    assert client.post(url).status_code == 404


# Queries


@pytest.mark.django_db
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    make_mission()
    with CaptureQueriesContext(connection) as few:
        client.get("/proyectos/misiones/")
    for number in range(8):
        mission = make_mission(f"Misión {number}")
        delegate(mission)
    with django_assert_max_num_queries(len(few)):
        page = client.get("/proyectos/misiones/")
    assert page.content.decode().count('<li class="card">') == 9


@pytest.mark.django_db
def test_the_delegation_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    mission = make_mission(capacity=None)
    ana = delegate(mission, "Ana A")
    delegate(mission)
    client.force_login(ana.user)
    url = f"/proyectos/misiones/{mission.slug}/delegados/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(8):
        delegate(mission)
        MissionHost.objects.create(mission=mission, name=f"Anfitrión {number}")
    with django_assert_max_num_queries(len(few)):
        page = client.get(url)
    assert page.status_code == 200
