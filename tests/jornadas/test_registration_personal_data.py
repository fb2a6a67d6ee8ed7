"""Registrations, travel needs and the personal agenda are in the data download and go with the
account; a confirmed seat freed by the deletion passes to the next in line."""

import json

import pytest

from jornadas import services
from jornadas.models import Registration, RegistrationLog, SessionChoice
from tests.conftest import PASSWORD, login

from .helpers import make_session, make_track
from .registration_helpers import make_open_edition, register

pytestmark = pytest.mark.django_db


def test_download_holds_the_registration_with_travel_needs_and_sessions(client, member):
    edition = make_open_edition(title="Jornada con viaje")
    session = make_session(edition, make_track(edition), title="Taller de datos")
    registration = register(
        edition,
        member.user,
        arrives_on="2030-03-09",
        departs_on="2030-03-12",
        needs_invitation_letter=True,
        dietary_needs="vegana",
        accessibility_needs="intérprete LSM",
    )
    services.pick_session(registration=registration, session=session, actor=member.user)
    login(client, member.user)
    response = client.get("/perfil/mis-datos/", {"descargar": "1"})
    (row,) = json.loads(response.content.decode("utf-8"))["jornadas"]["registrations"]
    assert row["edition"] == "Jornada con viaje"
    assert row["status"]["value"] == "confirmed"
    assert row["arrives_on"] == "2030-03-09" and row["departs_on"] == "2030-03-12"
    assert row["needs_invitation_letter"] is True
    assert row["dietary_needs"] == "vegana" and row["accessibility_needs"] == "intérprete LSM"
    assert [item["session"] for item in row["sessions"]] == ["Taller de datos"]
    assert [entry["action"]["value"] for entry in row["history"]] == ["confirmed"]


def test_deleting_the_account_erases_the_registration_and_passes_the_seat(
    client, member, django_capture_on_commit_callbacks
):
    edition = make_open_edition(capacity=1)
    session = make_session(edition, make_track(edition), title="Taller")
    registration = register(edition, member.user, dietary_needs="sin gluten")
    services.pick_session(registration=registration, session=session, actor=member.user)
    waiting = register(edition)
    login(client, member.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/perfil/eliminar/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert not SessionChoice.objects.exists()
    assert not RegistrationLog.objects.filter(request_id=registration.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == "offered"
