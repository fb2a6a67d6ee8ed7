"""A speaker's place on the agenda is in their data download and goes with their account."""

import json

from jornadas.models import Session, SessionSpeaker
from tests.conftest import PASSWORD, login

from .helpers import add_speaker, make_edition, make_session, make_track


def test_download_lists_the_sessions_where_the_member_speaks(client, member, other_member):
    edition = make_edition(title="Jornada con ponentes")
    session = make_session(edition, make_track(edition, "tic"), title="Charla de Ana")
    add_speaker(session, member, role="moderator", name="Dra. Ana Ruiz", affiliation="UCSD")
    add_speaker(make_session(edition, make_track(edition), title="Ajena"), other_member)
    login(client, member.user)
    response = client.get("/perfil/mis-datos/", {"descargar": "1"})
    data = json.loads(response.content.decode("utf-8"))
    (row,) = data["jornadas"]["sessions_as_speaker"]
    assert row["edition"] == "Jornada con ponentes"
    assert row["session"] == "Charla de Ana"
    assert row["role"]["value"] == "moderator"
    assert row["name_on_the_agenda"] == "Dra. Ana Ruiz"
    assert row["affiliation_on_the_agenda"] == "UCSD"
    assert row["url"] == session.get_absolute_url()


def test_deleting_the_account_removes_the_speaker_but_keeps_the_session(client, member):
    edition = make_edition()
    session = make_session(edition, make_track(edition, "tic"), title="Sesión compartida")
    add_speaker(session, member, name="Nombre de Ana en la agenda")
    guest = add_speaker(session, name="Invitado Externo", order=1)
    login(client, member.user)
    response = client.post("/perfil/eliminar/", {"password": PASSWORD})
    assert response.status_code == 302
    assert Session.objects.filter(pk=session.pk).exists()
    assert list(SessionSpeaker.objects.filter(session=session)) == [guest]
    html = client.get(edition.get_absolute_url()).content.decode()
    assert "Nombre de Ana en la agenda" not in html
    assert "Invitado Externo" in html
