"""IME edits editions, tracks, rooms, sessions and speakers in the admin; nobody else may."""

import pytest

from jornadas.models import Session, SessionSpeaker
from tests.conftest import login

from .helpers import add_speaker, make_edition, make_room, make_session, make_track


@pytest.fixture
def agenda(db, member):
    edition = make_edition(title="Jornada de administración")
    track = make_track(edition, "tic")
    session = make_session(edition, track, title="Sesión administrada", room=make_room(edition))
    add_speaker(session, member)
    return edition, track, session


def test_admin_pages_answer_ime(client, ime_admin, agenda):
    edition, _track, session = agenda
    login(client, ime_admin)
    for path in [
        "/admin/jornadas/edition/",
        "/admin/jornadas/edition/add/",
        f"/admin/jornadas/edition/{edition.pk}/change/",
        "/admin/jornadas/session/",
        "/admin/jornadas/session/add/",
        f"/admin/jornadas/session/{session.pk}/change/",
    ]:
        assert client.get(path).status_code == 200, path


def test_admin_session_list_filters_and_searches(client, ime_admin, agenda, member):
    edition, track, _session = agenda
    login(client, ime_admin)
    url = "/admin/jornadas/session/"
    assert "Sesión administrada" in client.get(url, {"q": member.full_name}).content.decode()
    assert client.get(url, {"edition__id__exact": edition.pk}).status_code == 200
    assert client.get(url, {"track__sector__id__exact": track.sector_id}).status_code == 200
    assert client.get(url, {"kind__exact": "talk"}).status_code == 200
    assert client.get(url, {"q": "\x00" + "'; DROP TABLE x; --" * 50}).status_code == 200


def test_member_speakers_are_chosen_by_autocomplete(client, ime_admin, agenda, member):
    login(client, ime_admin)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "jornadas",
            "model_name": "sessionspeaker",
            "field_name": "member",
            "term": member.full_name.split()[0],
        },
    )
    assert response.status_code == 200
    assert member.full_name in response.content.decode()


def test_admin_adds_a_session_with_a_guest_speaker(client, ime_admin, agenda):
    edition, track, _session = agenda
    login(client, ime_admin)
    day = edition.starts_on.isoformat()
    response = client.post(
        "/admin/jornadas/session/add/",
        {
            "edition": edition.pk,
            "track": track.pk,
            "room": "",
            "kind": "workshop",
            "title": "Taller nuevo",
            "abstract": "",
            "starts_at_0": day,
            "starts_at_1": "12:00",
            "ends_at_0": day,
            "ends_at_1": "13:00",
            "capacity": "",
            "speakers-TOTAL_FORMS": "1",
            "speakers-INITIAL_FORMS": "0",
            "speakers-0-order": "0",
            "speakers-0-member": "",
            "speakers-0-name_override": "Ing. Invitado",
            "speakers-0-affiliation": "CONACYT",
            "speakers-0-role": "speaker",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(title="Taller nuevo")
    assert SessionSpeaker.objects.get(session=session).display_name == "Ing. Invitado"


def test_admin_refuses_a_track_of_another_edition_and_an_end_before_the_start(
    client, ime_admin, agenda
):
    edition, _track, _session = agenda
    other = make_edition(title="Otra jornada")
    foreign = make_track(other, "salud")
    login(client, ime_admin)
    day = edition.starts_on.isoformat()
    response = client.post(
        "/admin/jornadas/session/add/",
        {
            "edition": edition.pk,
            "track": foreign.pk,
            "kind": "talk",
            "title": "Sesión mal puesta",
            "starts_at_0": day,
            "starts_at_1": "12:00",
            "ends_at_0": day,
            "ends_at_1": "11:00",
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "El eje pertenece a otra edición." in html
    assert "La sesión debe terminar después de empezar." in html
    assert not Session.objects.filter(title="Sesión mal puesta").exists()


@pytest.mark.parametrize("path", ["/admin/jornadas/edition/", "/admin/jornadas/session/"])
def test_member_cannot_open_the_admin(client, member, path):
    login(client, member.user)
    assert client.get(path).status_code == 302
    assert "/admin/login/" in client.get(path)["Location"]


def test_ime_account_without_second_factor_cannot_open_the_admin(client, ime_admin):
    client.force_login(ime_admin)
    assert client.get("/admin/jornadas/edition/").status_code != 200
