"""A mission's status (/proyectos/misiones/<slug>/estado/): a new mission is a draft; its staff
publish it and call it off from its page, as the table allows; calling it off cancels every place
in the delegation (nobody is offered one) and every open meeting, and tells each person who held a
place or waited for one, with the reason; every change is kept in the history, shown to the staff
and in the admin; bad input and the wrong people change nothing."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.data_rights import delete_account
from pncs.models import Sector
from projects import missions
from projects.models import Mission, MissionChange
from redtalentos.lib import personal_data
from redtalentos.lib.capacity import SeatStatus
from tests.conftest import login
from tests.projects.test_missions import at, delegate, make_mission, reload, staff

S = SeatStatus
MS = Mission.Status

pytestmark = pytest.mark.django_db


def status_url(mission):
    return reverse("projects:mission_status", kwargs={"slug": mission.slug})


def page_of(mission):
    return f"/proyectos/misiones/{mission.slug}/"


def shown(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def mission_data(**changes):
    return {
        "title": "Misión a Guadalajara",
        "kind": "learning",
        "direction": "to_mexico",
        "sector": Sector.objects.get(slug="tic").pk,
        "destination_city": "Guadalajara",
        "destination_country": "MX",
        "organiser": "PNCS TIC",
        "starts_on": "2030-06-01",
        "ends_on": "2030-06-05",
        "capacity": "2",
        **changes,
    }


def test_a_new_mission_is_a_draft_until_its_staff_publish_it(client):
    pncs = staff("pncs-publica@example.org")
    login(client, pncs)
    # A status sent with the form is not the form's to set.
    response = client.post("/proyectos/misiones/nueva/", mission_data(status="published"))
    mission = Mission.objects.get()
    assert mission.status == MS.DRAFT
    assert "publícala desde su página" in " ".join(shown(response))
    assert mission.title not in Client().get("/proyectos/misiones/").content.decode()

    response = client.post(status_url(mission), {"status": "published"})
    assert response.status_code == 302 and response.url == page_of(mission)
    assert "Misión publicada" in " ".join(shown(response))
    assert reload(mission).status == MS.PUBLISHED
    history = [(c.from_status, c.to_status, c.actor) for c in mission.history.all()]
    assert history == [("", MS.DRAFT, pncs), (MS.DRAFT, MS.PUBLISHED, pncs)]
    page = client.get(page_of(mission)).content.decode()
    assert f"Borrador → <strong>Publicada</strong> · {pncs.full_name}</li>" in page
    assert mission.title in Client().get("/proyectos/misiones/").content.decode()


def test_calling_a_mission_off_cancels_its_delegation_and_tells_each_person(
    client, django_capture_on_commit_callbacks
):
    mission = make_mission(capacity=2)
    ana, beto = delegate(mission, "Ana Alba"), delegate(mission, "Beto Bravo")
    carla = delegate(mission, "Carla Cruz")  # waits: both places are taken
    gone = delegate(mission, "Dora Duarte")
    missions.cancel_registration(delegate=gone, actor=gone.user)
    mission.capacity = 3
    mission.save()
    requested = missions.request_meeting(
        requester=ana, with_delegate=beto, starts_at=at(1, 10), ends_at=at(1, 11)
    )
    accepted = missions.request_meeting(
        requester=beto, with_delegate=ana, starts_at=at(2, 10), ends_at=at(2, 11)
    )
    missions.answer_meeting(meeting=accepted, accept=True)
    declined = missions.request_meeting(
        requester=ana, with_delegate=beto, starts_at=at(3, 10), ends_at=at(3, 11)
    )
    missions.answer_meeting(meeting=declined, accept=False)
    assert reload(carla).status == S.WAITLISTED
    pncs = staff("pncs-cancela@example.org")
    login(client, pncs)
    page = client.get(page_of(mission)).content.decode()
    assert "Se cancelarán los registros de las 3 personas registradas" in page
    mail.outbox.clear()

    with django_capture_on_commit_callbacks() as after_commit:
        response = client.post(
            status_url(mission),
            {"status": "cancelled", "note": "El recinto cerró; la haremos en 2031."},
        )
    # The emails go after the commit, their recipients read with the places: no query each.
    with CaptureQueriesContext(connection) as mailing:
        for callback in after_commit:
            callback()
    assert len(mailing) == 0

    assert response.status_code == 302
    assert "Avisamos a cada persona" in " ".join(shown(response))
    mission = reload(mission)
    assert mission.status == MS.CANCELLED
    assert [reload(seat).status for seat in (ana, beto, carla, gone)] == [S.CANCELLED] * 4
    # Nobody was offered a place of a mission that will not happen.
    assert not mission.delegates.filter(status=S.OFFERED).exists()
    assert [reload(m).status for m in (requested, accepted, declined)] == [
        "cancelled",
        "cancelled",
        "declined",
    ]
    # One message to each person who held a place or waited, with the reason; none to the
    # one who had cancelled already, and no message per meeting.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        seat.user.email for seat in (ana, beto, carla)
    )
    message = mail.outbox[0]
    assert message.subject.endswith(f"Misión cancelada: {mission.title}")
    assert "El recinto cerró; la haremos en 2031." in message.body
    assert "no necesitas hacer nada más" in message.body
    assert "@" not in message.body.replace(message.to[0], "")
    change = mission.history.get(to_status=MS.CANCELLED)
    assert (change.from_status, change.actor, change.note) == (
        MS.PUBLISHED,
        pncs,
        "El recinto cerró; la haremos en 2031.",
    )
    assert reload(ana).log.latest("created_at").note == "misión cancelada"
    page = client.get(page_of(mission)).content.decode()
    assert "Una misión cancelada ya no cambia de estado." in page
    assert "Cancelada</strong>" in page and "El recinto cerró" in page
    # The delegate sees a cancelled mission and may not register again.
    client.force_login(ana.user)
    page = client.get(page_of(mission)).content.decode()
    assert "Cancelada" in page and "El registro para esta misión está cerrado." in page
    assert "El recinto cerró" not in page  # the history is the staff's
    assert client.post(
        f"/proyectos/misiones/{mission.slug}/registro/", {"organisation": "Acme"}
    ).status_code in (302, 400)
    assert reload(ana).status == S.CANCELLED


def test_the_longest_reason_the_form_takes_reaches_the_history_and_the_mail(
    client, django_capture_on_commit_callbacks
):
    mission = make_mission()
    seat = delegate(mission)
    login(client, staff("pncs-motivo@example.org"))
    reason = "Motivo largo. " * 71 + "Al fin"  # 1,000 characters
    assert len(reason) == 1000
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(status_url(mission), {"status": "cancelled", "note": reason})
    assert response.status_code == 302
    assert reload(seat).status == S.CANCELLED
    assert mission.history.get(to_status=MS.CANCELLED).note == reason
    [message] = mail.outbox
    assert reason in message.body


def test_a_change_the_table_refuses_says_why_and_changes_nothing(client):
    mission = make_mission(status=MS.CANCELLED)
    login(client, staff("pncs-rechazo@example.org"))
    response = client.post(status_url(mission), {"status": "published"})
    assert response.status_code == 302
    assert "Una misión cancelada no se vuelve a publicar: crea una nueva." in shown(response)
    assert reload(mission).status == MS.CANCELLED
    assert not MissionChange.objects.exists()
    # A published mission goes back to draft neither from the form nor from the engine.
    published = make_mission()
    response = client.post(status_url(published), {"status": "draft"})
    assert response.status_code == 400
    assert "draft no es una de las opciones disponibles" in response.content.decode()
    with pytest.raises(missions.MissionRefused, match="ya no vuelve a borrador"):
        missions.change_status(mission=published, status=MS.DRAFT, actor=None)
    assert reload(published).status == MS.PUBLISHED


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"status": "archived"},
        {"status": "' OR 1=1 --"},
        {"status": "cancelled", "note": "nul\x00"},
        {"status": "cancelled", "note": "x" * 1001},
    ],
    ids=["nothing", "unknown", "injection", "null character", "long note"],
)
def test_bad_input_gets_the_page_back_with_a_message_and_changes_nothing(
    client, django_capture_on_commit_callbacks, data
):
    mission = make_mission()
    seat = delegate(mission)
    login(client, staff("pncs-basura@example.org"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(status_url(mission), data)
    assert response.status_code == 400
    page = response.content.decode()
    errors = re.findall(r'class="errorlist[^"]*"[^>]*>\s*<li>([^<]+)</li>', page)
    assert errors, "the page says what is wrong"
    assert reload(mission).status == MS.PUBLISHED
    assert reload(seat).status == S.CONFIRMED
    assert not MissionChange.objects.exists() and not mail.outbox


def test_only_the_staff_of_the_mission_change_its_status(client, member, ime_admin):
    mission = make_mission(sector=Sector.objects.get(slug="salud"))
    url = status_url(mission)
    assert client.post(url, {"status": "cancelled"}).status_code == 302  # to sign in
    assert client.post(url, {"status": "cancelled"}).url.startswith("/cuenta/")
    client.force_login(member.user)
    assert client.post(url, {"status": "cancelled"}).status_code == 403
    login(client, staff("pncs-tic@example.org"))  # the health sector is not theirs
    assert client.post(url, {"status": "cancelled"}).status_code == 403
    assert reload(mission).status == MS.PUBLISHED
    login(client, ime_admin)
    assert client.get(url).status_code == 405
    assert client.post(url, {"status": "cancelled"}).status_code == 302
    assert reload(mission).status == MS.CANCELLED
    draft = make_mission("Borrador", status=MS.DRAFT)
    assert client.post(status_url(draft).replace(draft.slug, "no-existe"), {}).status_code == 404


def test_a_larger_capacity_of_a_cancelled_mission_offers_nobody_a_place(client):
    mission = make_mission(capacity=1)
    delegate(mission)
    waiting = delegate(mission)
    pncs = staff("pncs-cupo-cancelada@example.org")
    login(client, pncs)
    client.post(status_url(mission), {"status": "cancelled"})
    mission = reload(mission)
    data = mission_data(title=mission.title, capacity="5", starts_on="2030-05-04")
    data["ends_on"] = "2030-05-07"
    response = client.post(f"/proyectos/misiones/{mission.slug}/editar/", data)
    assert response.status_code == 302
    assert reload(mission).capacity == 5
    assert reload(waiting).status == S.CANCELLED
    assert reload(mission).status == MS.CANCELLED


def test_the_staff_page_reads_the_history_in_a_fixed_number_of_queries(client):
    mission = make_mission(status=MS.DRAFT)
    pncs = staff("pncs-consultas@example.org")
    login(client, pncs)
    client.post(status_url(mission), {"status": "published"})
    with CaptureQueriesContext(connection) as few:
        client.get(page_of(mission))
    for number in range(5):
        MissionChange.objects.create(
            mission=mission, actor=staff(f"otro-{number}@example.org"), to_status=MS.PUBLISHED
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(page_of(mission)).content.decode()
    assert page.count("<li>") >= 7
    assert len(many) == len(few)


def test_ime_reads_the_status_and_its_history_in_the_admin(client, ime_admin):
    mission = make_mission(status=MS.DRAFT)
    missions.change_status(mission=mission, status=MS.PUBLISHED, actor=ime_admin)
    login(client, ime_admin)
    page = client.get(reverse("admin:projects_mission_change", args=[mission.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="status"' not in html
    assert "cambios de estado de las misiones" in html.lower()
    assert ime_admin.full_name in html and "Publicada" in html
    assert ime_admin.email not in html


def test_the_staff_download_lists_their_changes_and_a_deleted_account_leaves_them_unnamed(
    client,
):
    mission = make_mission(status=MS.DRAFT)
    pncs = staff("pncs-datos@example.org")
    missions.change_status(mission=mission, status=MS.PUBLISHED, actor=pncs)
    download = personal_data.export(user=pncs, member=None)["projects"]["missions"]
    assert download["status_changes"] == [
        {
            "mission": mission.title,
            "from": "draft",
            "to": {"value": "published", "label": "Publicada"},
            "at": download["status_changes"][0]["at"],
        }
    ]
    delete_account(user=pncs)
    [change] = mission.history.all()
    assert (change.to_status, change.actor) == (MS.PUBLISHED, None)
