"""Missions beyond their pages: a delegate's data download and the deletion of their account
(their place is cancelled through the capacity engine, so the next in line is offered it), the
PNCS work programme's business line, the admin, and the demo data."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from projects import missions
from projects.models import Delegate, Meeting, Mission, MissionHost
from redtalentos.lib.capacity import SeatStatus
from tests.conftest import PASSWORD, login

from .test_missions import at, delegate, make_mission, reload, staff

pytestmark = pytest.mark.django_db
S = SeatStatus


def test_a_delegate_downloads_their_places_and_meetings_by_name(client):
    mission = make_mission(capacity=None)
    ana = delegate(mission, "Ana A", organisation="Acme Labs")
    beto = delegate(mission, "Beto B")
    missions.request_meeting(
        requester=ana, with_delegate=beto, starts_at=at(0, 10), ends_at=at(0, 11), note="Hola"
    )
    login(client, ana.user)
    response = client.get("/perfil/mis-datos/", {"descargar": "1"})
    data = json.loads(response.content.decode("utf-8"))["missions"]
    assert data["delegations"][0]["organisation"] == "Acme Labs"
    assert data["delegations"][0]["history"][0]["action"]["value"] == "confirmed"
    assert data["meetings"] == [
        {
            "mission": mission.title,
            "requested_by_me": True,
            "with": "Beto B",
            "starts_at": data["meetings"][0]["starts_at"],
            "ends_at": data["meetings"][0]["ends_at"],
            "status": {"value": "requested", "label": "Solicitada"},
            "note": "Hola",
        }
    ]
    assert beto.user.email not in response.content.decode()


def test_deleting_a_delegates_account_offers_their_place_and_cancels_their_meetings(client):
    mission = make_mission(capacity=2)
    ana, beto = delegate(mission, "Ana A"), delegate(mission, "Beto B")
    waiting = delegate(mission, "Wanda W")
    meeting = missions.request_meeting(
        requester=beto, with_delegate=ana, starts_at=at(0, 10), ends_at=at(0, 11)
    )
    missions.answer_meeting(meeting=meeting, accept=True)
    assert waiting.status == S.WAITLISTED
    login(client, ana.user)

    assert client.post("/perfil/eliminar/", {"password": PASSWORD}).status_code == 302

    assert not Delegate.objects.filter(pk=ana.pk).exists()
    assert reload(waiting).status == S.OFFERED
    assert not Meeting.objects.filter(pk=meeting.pk).exists()  # it went with Ana's place


def _text(body):
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_the_business_line_counts_missions_and_delegates_by_sector(client):
    mission = make_mission(capacity=None)
    delegate(mission)
    delegate(mission)
    make_mission("Borrador", status="draft")
    make_mission("Salud", sector=mission.sector.__class__.objects.get(slug="salud"))
    login(client, staff("pncs-figuras@example.org"))
    body = _text(client.get(reverse("pncs_workspace:activity_list")).content.decode())
    assert "1 misiones publicadas con 2 delegados confirmados." in body


def test_the_admin_lists_missions_delegates_and_meetings_by_name(client, ime_admin):
    mission = make_mission()
    MissionHost.objects.create(mission=mission, name="Anfitrión Uno")
    ana, beto = delegate(mission, "Ana A"), delegate(mission, "Beto B")
    meeting = missions.request_meeting(
        requester=ana, with_delegate=beto, starts_at=at(0, 10), ends_at=at(0, 11)
    )
    login(client, ime_admin)
    for url in (
        "/admin/projects/mission/",
        f"/admin/projects/mission/{mission.pk}/change/",
        "/admin/projects/delegate/",
        f"/admin/projects/delegate/{ana.pk}/change/",
        "/admin/projects/meeting/",
        f"/admin/projects/meeting/{meeting.pk}/change/",
        "/admin/projects/delegate/?q=%00",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert ana.user.email not in response.content.decode()
    assert client.post(f"/admin/projects/delegate/{ana.pk}/delete/").status_code == 403


def test_seed_demo_adds_three_missions_once(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", members=40)
    assert mail.outbox == []
    assert Mission.objects.count() == 3
    # Each was created a draft and published, and its history says so.
    for mission in Mission.objects.all():
        assert [(c.from_status, c.to_status) for c in mission.history.all()] == [
            ("", "draft"),
            ("draft", "published"),
        ]
    statuses = set(Delegate.objects.values_list("status", flat=True))
    assert {S.CONFIRMED, S.WAITLISTED} <= statuses
    assert set(Meeting.objects.values_list("status", flat=True)) >= {"accepted", "requested"}
    before = (Mission.objects.count(), Delegate.objects.count(), Meeting.objects.count())
    call_command("seed_demo", members=40)
    assert (Mission.objects.count(), Delegate.objects.count(), Meeting.objects.count()) == before


def test_an_expired_offer_passes_the_place_on_and_a_second_run_does_nothing(
    django_capture_on_commit_callbacks,
):
    mission = make_mission(capacity=1)
    first = delegate(mission)
    offered, next_in_line = delegate(mission), delegate(mission)
    missions.cancel_registration(delegate=first, actor=first.user)
    assert reload(offered).status == S.OFFERED
    Delegate.objects.filter(pk=offered.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_mission_offers")
    assert (reload(offered).status, reload(next_in_line).status) == (S.EXPIRED, S.OFFERED)
    assert [message.to for message in mail.outbox] == [
        [offered.user.email],
        [next_in_line.user.email],
    ]
    call_command("expire_mission_offers")
    assert reload(next_in_line).status == S.OFFERED
