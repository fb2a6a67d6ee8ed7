"""Registration pages as people meet them: register, my registration (place in line, offer,
cancel), sessions with their waitlists, the personal agenda and its .ics, Mis Jornadas; outsiders,
visitors, bad input, English pages and query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from jornadas.models import Registration, SessionChoice
from redtalentos.lib import capacity
from tests.conftest import login, make_member

from .helpers import make_room, make_session, make_track
from .registration_helpers import make_open_edition, register

pytestmark = pytest.mark.django_db

FORM = {"attendance": "in_person", "dietary_needs": "vegetariana"}


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def post(client, url, data=None):
    return client.post(url, data or {}, follow=True)


@pytest.fixture
def edition():
    edition = make_open_edition(capacity=1, is_online=True)
    track = make_track(edition)
    room = make_room(edition, "Sala chica", 1)
    make_session(edition, track, day=1, hour=10, title="Taller pequeño", room=room)
    make_session(edition, track, day=1, hour=12, title="Plenaria libre")
    return edition


def url(name, registration, **kwargs):
    return reverse(
        f"jornadas:{name}",
        kwargs={"slug": registration.edition.slug, "uuid": registration.uuid, **kwargs},
    )


def test_visitor_is_sent_to_sign_in(client, edition):
    response = client.get(reverse("jornadas:register", kwargs={"slug": edition.slug}))
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    assert "/cuenta/login/" in client.get(reverse("jornadas:my_registrations"))["Location"]


def test_edition_page_invites_to_register(client, edition, member):
    login(client, member.user)
    html = client.get(edition.get_absolute_url()).content.decode()
    assert reverse("jornadas:register", kwargs={"slug": edition.slug}) in html


def test_member_registers_with_travel_needs_and_sees_them(client, edition, member):
    login(client, member.user)
    page = client.get(reverse("jornadas:register", kwargs={"slug": edition.slug}))
    assert "Necesito una carta de invitación" in page.content.decode()
    response = post(
        client,
        reverse("jornadas:register", kwargs={"slug": edition.slug}),
        {
            **FORM,
            "arrives_on": "2030-03-08",
            "departs_on": "2030-03-12",
            "needs_invitation_letter": "on",
            "accessibility_needs": "rampa",
        },
    )
    registration = Registration.objects.get(user=member.user)
    assert registration.status == "confirmed" and registration.needs_invitation_letter
    assert registration.role == "member_abroad"
    assert messages_of(response) == ["Tu lugar está confirmado."]
    html = response.content.decode()
    assert "vegetariana" in html and "rampa" in html


def test_participant_is_not_asked_for_travel(client, edition, participant):
    login(client, participant)
    html = client.get(reverse("jornadas:register", kwargs={"slug": edition.slug})).content
    assert "carta de invitación" not in html.decode()


def test_a_full_edition_puts_the_next_person_in_line_with_their_place(client, edition, member):
    register(edition)
    login(client, member.user)
    response = post(client, reverse("jornadas:register", kwargs={"slug": edition.slug}), FORM)
    assert messages_of(response) == ["No quedan lugares libres: estás en la lista de espera."]
    assert "Estás en el lugar 1 de la lista de espera" in response.content.decode()


def test_double_submit_keeps_one_registration(client, edition, member):
    login(client, member.user)
    path = reverse("jornadas:register", kwargs={"slug": edition.slug})
    post(client, path, FORM)
    response = post(client, path, FORM)
    assert Registration.objects.filter(user=member.user).count() == 1
    assert messages_of(response) == ["Ya estás registrado en esta jornada."]


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (None, None, "no tiene registro abierto"),
        (2, 5, "El registro para esta jornada abre el"),
        (-5, -2, "ya cerró"),
    ],
)
def test_registration_not_open_says_why(client, edition, member, opens, closes, message):
    now = timezone.now()
    edition.registration_opens_at = opens and now + datetime.timedelta(days=opens)
    edition.registration_closes_at = closes and now + datetime.timedelta(days=closes)
    edition.save()
    login(client, member.user)
    path = reverse("jornadas:register", kwargs={"slug": edition.slug})
    assert message in client.get(path).content.decode()
    response = post(client, path, FORM)
    assert any(message in text for text in messages_of(response))
    assert not Registration.objects.exists()


def test_bad_input_is_a_form_error(client, edition, member):
    login(client, member.user)
    path = reverse("jornadas:register", kwargs={"slug": edition.slug})
    response = client.post(
        path, {"attendance": "teleport", "arrives_on": "2030-03-10", "departs_on": "2030-03-01"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"attendance", "departs_on"}
    response = client.post(path, {"attendance": "in_person", "arrives_on": "ayer"})
    assert "arrives_on" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_offer_is_shown_with_its_expiry_and_accepted(client, edition, member):
    first = register(edition)
    login(client, member.user)
    post(client, reverse("jornadas:register", kwargs={"slug": edition.slug}), FORM)
    registration = Registration.objects.get(user=member.user)
    capacity.cancel(seat=first, actor=first.user)
    html = client.get(registration.get_absolute_url()).content.decode()
    assert "Se liberó un lugar para ti" in html and "Aceptar el lugar" in html
    response = post(client, url("registration_accept", registration))
    assert messages_of(response) == ["Aceptaste el lugar: tu registro está confirmado."]
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_an_expired_offer_is_refused_with_a_message(client, edition, member):
    first = register(edition)
    registration = register(edition, member.user)
    capacity.cancel(seat=first, actor=first.user)
    Registration.objects.filter(pk=registration.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    login(client, member.user)
    response = post(client, url("registration_accept", registration))
    assert messages_of(response) == [
        "La oferta ya venció y el lugar pasó a la siguiente persona en la fila."
    ]
    registration.refresh_from_db()
    assert registration.status == "expired"


def test_cancel_frees_the_seat_and_the_sessions(client, edition, member):
    registration = register(edition, member.user)
    session = edition.sessions.get(title="Taller pequeño")
    login(client, member.user)
    post(client, url("session_choice", registration, pk=session.pk), {"accion": "elegir"})
    waiting = register(edition)
    response = post(client, url("registration_cancel", registration))
    assert "Cancelaste tu registro" in messages_of(response)[0]
    assert SessionChoice.objects.get().status == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == "offered"
    response = post(client, url("registration_cancel", registration))
    assert messages_of(response) == ["Este registro ya estaba cancelado."]


def test_a_full_session_offers_its_waitlist(client, edition, member, other_member):
    edition.capacity = 5
    edition.save()
    mine = register(edition, member.user)
    theirs = register(edition, other_member.user)
    session = edition.sessions.get(title="Taller pequeño")
    login(client, other_member.user)
    post(client, url("session_choice", theirs, pk=session.pk), {"accion": "elegir"})
    login(client, member.user)
    page = client.get(url("registration_sessions", mine)).content.decode()
    assert "Llena" in page and "Entrar a la lista de espera" in page
    response = post(client, url("session_choice", mine, pk=session.pk), {"accion": "elegir"})
    assert "está llena: quedaste en su lista de espera" in messages_of(response)[0]
    response = post(client, url("session_choice", mine, pk=session.pk), {"accion": "elegir"})
    assert messages_of(response) == ["Esa sesión ya está en tu agenda."]
    login(client, other_member.user)
    post(client, url("session_choice", theirs, pk=session.pk), {"accion": "quitar"})
    login(client, member.user)
    response = post(client, url("session_choice", mine, pk=session.pk), {"accion": "aceptar"})
    assert "Aceptaste el lugar en «Taller pequeño»" in messages_of(response)[0]
    assert capacity.holding_count(SessionChoice, session) == 1


def test_sessions_wait_for_a_confirmed_registration(client, edition, member):
    register(edition)
    waiting = register(edition, member.user)
    session = edition.sessions.first()
    login(client, member.user)
    assert "cuando tu lugar" in client.get(url("registration_sessions", waiting)).content.decode()
    response = post(client, url("session_choice", waiting, pk=session.pk), {"accion": "elegir"})
    assert "cuando tu lugar en la jornada esté confirmado" in messages_of(response)[0]
    assert not SessionChoice.objects.exists()


def test_bad_session_actions_are_4xx(client, edition, member):
    registration = register(edition, member.user)
    session = edition.sessions.first()
    login(client, member.user)
    response = client.post(url("session_choice", registration, pk=session.pk), {"accion": "x"})
    assert response.status_code == 400
    other = make_open_edition()
    foreign = make_session(other, make_track(other), title="De otra edición")
    response = client.post(url("session_choice", registration, pk=foreign.pk), {"accion": "elegir"})
    assert response.status_code == 404
    unpick = url("session_choice", registration, pk=session.pk)
    response = post(client, unpick, {"accion": "quitar"})
    assert messages_of(response) == ["Esa sesión no está en tu agenda."]
    assert client.get(url("session_choice", registration, pk=session.pk)).status_code == 405


def test_personal_agenda_and_its_ics_hold_the_confirmed_sessions(client, edition, member):
    registration = register(edition, member.user)
    session = edition.sessions.get(title="Plenaria libre")
    login(client, member.user)
    post(client, url("session_choice", registration, pk=session.pk), {"accion": "elegir"})
    html = client.get(url("personal_agenda", registration)).content.decode()
    assert "Plenaria libre" in html and "Taller pequeño" not in html
    response = client.get(url("personal_agenda_ics", registration))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Plenaria libre"]


def test_another_member_gets_404_for_someone_elses_registration(client, edition, member):
    registration = register(edition, member.user)
    session = edition.sessions.first()
    outsider = make_member("Olga Otra")
    login(client, outsider.user)
    for name in ("registration_detail", "registration_sessions", "personal_agenda"):
        assert client.get(url(name, registration)).status_code == 404, name
    assert client.get(url("personal_agenda_ics", registration)).status_code == 404
    for name in ("registration_cancel", "registration_accept"):
        assert client.post(url(name, registration)).status_code == 404, name
    response = client.post(url("session_choice", registration, pk=session.pk), {"accion": "elegir"})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed" and not SessionChoice.objects.exists()


def test_my_registrations_lists_them_in_a_fixed_number_of_queries(
    client, member, django_assert_max_num_queries
):
    login(client, member.user)
    for _ in range(4):
        edition = make_open_edition(capacity=1)
        register(edition)
        register(edition, member.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("jornadas:my_registrations"))
    html = response.content.decode()
    assert html.count("lugar 1 en la fila") == 4


def test_sessions_page_has_a_fixed_number_of_queries(
    client, edition, member, django_assert_max_num_queries
):
    registration = register(edition, member.user)
    track = edition.tracks.get()
    for hour in range(13, 19):
        make_session(edition, track, day=2, hour=hour, room=make_room(edition, f"Sala {hour}", 3))
    login(client, member.user)
    with django_assert_max_num_queries(14):
        client.get(url("registration_sessions", registration))


def test_pages_in_english(client, edition, member):
    registration = register(edition, member.user)
    login(client, member.user)
    html = client.get("/en" + registration.get_absolute_url()).content.decode()
    assert 'lang="en"' in html


def test_header_links_to_mis_jornadas_for_the_signed_in(client, participant):
    login(client, participant)
    html = client.get(reverse("jornadas:my_registrations")).content.decode()
    assert f'href="{reverse("jornadas:my_registrations")}"' in html
    assert "Aún no te registras" in html
