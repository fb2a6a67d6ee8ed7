"""Follow-up actions per sector after an edition: IME and the PNCS of the sector record them on the
edition's pages; each is an activity of that PNCS' work programme (line Jornadas) and shows there,
in its CSV and its printed report, and not in another PNCS' programme; its status moves only along
the programme's table, with its history kept."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from jornadas.models import FollowUp
from pncs.models import ActivityStatusChange, ContactPoint, Sector, WorkProgrammeActivity
from tests.conftest import PASSWORD, login, make_member
from tests.pncs.conftest import make_staff

from .helpers import make_edition

pytestmark = pytest.mark.django_db


def _staff(email, sector, contact_point, person):
    user = make_staff(email, sectors=(sector,), name=contact_point)
    user.full_name = person
    user.save(update_fields=["full_name"])
    return user


@pytest.fixture
def salud_staff():
    """Staff of the health contact point ("pncs-salud")."""
    return _staff("pncs-salud@example.org", "salud", "PNCS Salud", "Sofía Salud")


@pytest.fixture
def tic_staff():
    """Staff of the ICT contact point ("pncs-tic"): an outsider to health."""
    return _staff("pncs-tic@example.org", "tic", "PNCS TIC", "Tomás TIC")


@pytest.fixture
def edition():
    return make_edition(starts_in_days=-10, title="Jornada pasada")


def salud():
    return Sector.objects.get(slug="salud")


def destination(sector_slug="salud", contact_point_slug="pncs-salud"):
    contact_point = ContactPoint.objects.get(slug=contact_point_slug)
    return f"{contact_point.pk}-{Sector.objects.get(slug=sector_slug).pk}"


def follow_up_data(**overrides):
    data = {
        "destination": destination(),
        "title": "Convenio con el hospital de Houston",
        "description": "Dar seguimiento a la propuesta de la mesa de salud.",
        "responsible": "",
        "responsible_name": "",
        "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def add(client, edition, **overrides):
    return client.post(f"/jornadas/{edition.slug}/seguimiento/", follow_up_data(**overrides))


def csv_text(response):
    return b"".join(response.streaming_content).decode("utf-8")


# Recording follow-ups


def test_pncs_staff_add_a_follow_up_that_lands_in_their_work_programme(
    client, edition, salud_staff, tic_staff
):
    login(client, salud_staff)
    response = add(client, edition, responsible=salud_staff.pk)
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    activity = follow_up.activity
    assert (follow_up.edition, follow_up.sector) == (edition, salud())
    assert activity.contact_point.slug == "pncs-salud"
    assert activity.line_of_work == WorkProgrammeActivity.LineOfWork.JORNADAS
    assert activity.status == WorkProgrammeActivity.Status.PLANNED
    assert activity.responsible == salud_staff
    assert follow_up.created_by == salud_staff

    # In their programme, with its filters, its CSV and its printed report.
    listed = client.get("/pncs/programa/", {"line_of_work": "jornadas"}).content.decode()
    assert "Convenio con el hospital de Houston" in listed
    assert "Sofía Salud" in listed
    exported = csv_text(client.get("/pncs/programa/exportar.csv", {"line_of_work": "jornadas"}))
    assert "Convenio con el hospital de Houston" in exported
    printed = client.get("/pncs/programa/imprimir/", {"line_of_work": "jornadas"})
    assert "Convenio con el hospital de Houston" in printed.content.decode()
    # The activity's page links back to the edition.
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert follow_up.get_absolute_url() in detail

    # Not in another PNCS' programme.
    client.logout()
    login(client, tic_staff)
    assert "Convenio con el hospital" not in client.get("/pncs/programa/").content.decode()
    assert "Convenio con el hospital" not in csv_text(client.get("/pncs/programa/exportar.csv"))
    assert "Convenio con el hospital" not in client.get("/pncs/programa/imprimir/").content.decode()


def test_a_responsible_outside_the_staff_is_typed_by_name_and_shows_in_the_csv(
    client, edition, salud_staff
):
    login(client, salud_staff)
    add(client, edition, responsible_name="Dra. Elena Ríos (Hospital Houston)")
    rows = list(csv.reader(io.StringIO(csv_text(client.get("/pncs/programa/exportar.csv")))))
    header, row = rows[0], rows[1]
    assert row[header.index("\ufeffPunto de contacto") + 6] == "Dra. Elena Ríos (Hospital Houston)"


def test_both_a_staff_responsible_and_a_typed_name_are_refused(client, edition, salud_staff):
    login(client, salud_staff)
    response = add(client, edition, responsible=salud_staff.pk, responsible_name="Otra persona")
    assert response.status_code == 200
    assert "no ambos" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_ime_adds_follow_ups_for_any_sector(client, edition, ime_admin, salud_staff, tic_staff):
    login(client, ime_admin)
    add(client, edition)
    add(client, edition, destination=destination("tic", "pncs-tic"), title="Hackatón TIC")
    assert sorted(FollowUp.objects.values_list("sector__slug", flat=True)) == ["salud", "tic"]


@pytest.mark.parametrize(
    "bad",
    [
        {"destination": "999-999"},
        {"destination": "x"},
        {"title": ""},
        {"title": "x" * 201},
        {"due_on": "2001-01-01"},
        {"due_on": "no es fecha"},
        {"responsible": "abc"},
        {"description": "\x00"},
    ],
)
def test_bad_input_is_a_form_error_and_writes_nothing(client, edition, salud_staff, bad):
    login(client, salud_staff)
    response = add(client, edition, **bad)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not WorkProgrammeActivity.objects.exists()


def test_pncs_of_another_sector_cannot_add_to_it_nor_open_it(
    client, edition, salud_staff, tic_staff
):
    login(client, salud_staff)
    add(client, edition)
    follow_up = FollowUp.objects.get()
    client.logout()
    login(client, tic_staff)
    # The sector is not among their choices.
    response = add(client, edition, title="Intrusa")
    assert "Elige uno de los sectores que atiendes." in response.content.decode()
    assert FollowUp.objects.count() == 1
    url = follow_up.get_absolute_url()
    assert client.get(url).status_code == 403
    assert client.post(url, follow_up_data(title="Cambiada")).status_code == 403
    assert client.post(f"{url}estado/", {"estado": "in_progress"}).status_code == 403
    follow_up.activity.refresh_from_db()
    assert follow_up.activity.title == "Convenio con el hospital de Houston"
    assert follow_up.activity.status == "planned"


def test_members_get_403_and_visitors_sign_in(client, edition, member, salud_staff):
    url = f"/jornadas/{edition.slug}/seguimiento/"
    response = client.get(url)
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    login(client, member.user)
    assert client.get(url).status_code == 403
    assert client.post(url, follow_up_data()).status_code == 403
    assert not FollowUp.objects.exists()


def test_a_draft_edition_does_not_exist_for_pncs(client, salud_staff):
    draft = make_edition(status="draft")
    login(client, salud_staff)
    assert client.get(f"/jornadas/{draft.slug}/seguimiento/").status_code == 404


def test_an_unknown_follow_up_is_404(client, edition, salud_staff):
    login(client, salud_staff)
    assert client.get(f"/jornadas/{edition.slug}/seguimiento/999999/").status_code == 404


# Status: the table, its messages and the history


def status(client, follow_up, value):
    return client.post(
        f"{follow_up.get_absolute_url()}estado/", {"estado": value}, follow=True
    ).content.decode()


def test_the_status_moves_only_along_the_table_and_keeps_its_history(client, edition, salud_staff):
    login(client, salud_staff)
    add(client, edition)
    follow_up = FollowUp.objects.get()

    page = status(client, follow_up, "done")
    assert "Una actividad «Planeada» no puede pasar a «Concluida»." in page
    page = status(client, follow_up, "in_progress")
    assert "La acción está ahora «En curso»." in page
    page = status(client, follow_up, "done")
    assert "La acción está ahora «Concluida»." in page
    page = status(client, follow_up, "cancelled")
    assert "Una actividad «Concluida» no puede pasar a «Cancelada»." in page
    page = status(client, follow_up, "nope")
    assert "Ese estado no existe." in page

    follow_up.activity.refresh_from_db()
    assert follow_up.activity.status == "done"
    history = list(
        ActivityStatusChange.objects.filter(activity=follow_up.activity).values_list(
            "from_status", "to_status", "actor"
        )
    )
    assert history == [
        ("", "planned", salud_staff.pk),
        ("planned", "in_progress", salud_staff.pk),
        ("in_progress", "done", salud_staff.pk),
    ]
    # The page shows the history, and no button once the action is over.
    assert "Sofía Salud" in page
    assert 'name="estado"' not in page


def test_a_pending_action_can_be_cancelled(client, edition, salud_staff):
    login(client, salud_staff)
    add(client, edition)
    follow_up = FollowUp.objects.get()
    assert "«Cancelada»" in status(client, follow_up, "cancelled")
    follow_up.activity.refresh_from_db()
    assert follow_up.activity.status == "cancelled"


def test_the_programme_edit_form_applies_the_same_table(client, edition, salud_staff):
    login(client, salud_staff)
    add(client, edition)
    activity = FollowUp.objects.get().activity
    response = client.post(
        f"/pncs/programa/{activity.pk}/editar/",
        {
            "title": activity.title,
            "line_of_work": "jornadas",
            "status": "done",
            "starts_on": activity.starts_on.isoformat(),
            "ends_on": activity.ends_on.isoformat(),
            "members": "",
        },
    )
    assert response.status_code == 200
    assert "Una actividad «Planeada» no puede pasar a «Concluida»." in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "planned"


def test_staff_edit_the_action_and_write_its_outcomes(client, edition, salud_staff):
    login(client, salud_staff)
    add(client, edition)
    follow_up = FollowUp.objects.get()
    response = client.post(
        follow_up.get_absolute_url(),
        follow_up_data(title="Convenio firmado", outcomes="Firmado en mayo."),
    )
    assert response.status_code == 302
    follow_up.activity.refresh_from_db()
    assert follow_up.activity.title == "Convenio firmado"
    assert follow_up.activity.outcomes == "Firmado en mayo."


# The edition page


def test_the_edition_page_shows_follow_ups_to_the_sector_staff_only(
    client, edition, salud_staff, tic_staff, member
):
    login(client, salud_staff)
    add(client, edition)
    page = client.get(edition.get_absolute_url()).content.decode()
    assert "Seguimiento" in page and "Convenio con el hospital de Houston" in page

    client.logout()
    login(client, tic_staff)
    page = client.get(edition.get_absolute_url()).content.decode()
    assert "Seguimiento" in page  # their own sector's (none yet), with the form's link
    assert "Convenio con el hospital" not in page

    for viewer in (member.user, None):
        client.logout()
        if viewer:
            login(client, viewer)
        page = client.get(edition.get_absolute_url()).content.decode()
        assert "Convenio con el hospital" not in page
        assert 'id="seguimiento"' not in page


def test_the_follow_up_pages_in_english(client, edition, salud_staff):
    login(client, salud_staff)
    add(client, edition)
    follow_up = FollowUp.objects.get()
    for url in (f"/en/jornadas/{edition.slug}/seguimiento/", f"/en{follow_up.get_absolute_url()}"):
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="en"' in response.content.decode()


# Queries


def test_the_follow_up_list_and_edition_page_have_a_fixed_number_of_queries(
    client, edition, ime_admin, salud_staff, tic_staff, django_assert_max_num_queries
):
    login(client, ime_admin)
    for number in range(12):
        add(client, edition, title=f"Acción {number}", responsible=salud_staff.pk)
        add(client, edition, destination=destination("tic", "pncs-tic"), title=f"TIC {number}")
    assert FollowUp.objects.count() == 24
    with django_assert_max_num_queries(16):
        response = client.get(f"/jornadas/{edition.slug}/seguimiento/")
    assert response.content.decode().count("<li>") >= 24
    with django_assert_max_num_queries(30):
        client.get(edition.get_absolute_url())


# Personal data


def test_the_download_lists_follow_ups_recorded_and_status_changes(client, edition, salud_staff):
    login(client, salud_staff)
    add(client, edition, responsible=salud_staff.pk)
    status(client, FollowUp.objects.get(), "in_progress")
    data = json.loads(client.get("/perfil/mis-datos/", {"descargar": "1"}).content.decode())
    (recorded,) = data["jornadas"]["follow_ups_recorded"]
    assert recorded["action"] == "Convenio con el hospital de Houston"
    assert recorded["edition"] == "Jornada pasada"
    changes = data["pncs"]["activity_status_changes"]
    assert [change["to"]["value"] for change in changes] == ["planned", "in_progress"]
    (responsible,) = data["pncs"]["activities_responsible"]
    assert responsible["title"] == "Convenio con el hospital de Houston"


def test_deleting_the_account_keeps_the_follow_up_without_the_person(
    client, edition, salud_staff, django_capture_on_commit_callbacks
):
    login(client, salud_staff)
    add(client, edition, responsible=salud_staff.pk)
    follow_up = FollowUp.objects.get()
    status(client, follow_up, "in_progress")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/perfil/eliminar/", {"password": PASSWORD})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    follow_up.activity.refresh_from_db()
    assert follow_up.created_by is None
    assert follow_up.activity.responsible is None
    assert not ActivityStatusChange.objects.filter(actor__isnull=False).exists()
    assert ActivityStatusChange.objects.count() == 2


def test_a_member_named_nowhere_has_empty_sections(client, edition):
    someone = make_member("Nadie Nombrado")
    login(client, someone.user)
    data = json.loads(client.get("/perfil/mis-datos/", {"descargar": "1"}).content.decode())
    assert data["jornadas"]["follow_ups_recorded"] == []
    assert data["pncs"]["activity_status_changes"] == []


# Admin


def test_ime_finds_follow_ups_in_the_admin(client, edition, ime_admin, salud_staff):
    login(client, ime_admin)
    add(client, edition)
    follow_up = FollowUp.objects.get()
    url = "/admin/jornadas/followup/"
    page = client.get(url).content.decode()
    assert "Convenio con el hospital de Houston" in page
    assert client.get(url, {"activity__status": "planned", "q": "\x00convenio"}).status_code == 200
    page = client.get(f"{url}{follow_up.pk}/change/").content.decode()
    assert follow_up.activity.get_absolute_url() in page
    # The programme's admin shows the activity's status history, with who made each change.
    page = client.get(f"/admin/pncs/workprogrammeactivity/{follow_up.activity.pk}/change/")
    [row] = re.findall(r'<tr class="form-row[^"]*"[^>]*>.*?</tr>', page.content.decode(), re.S)
    assert "Planeada" in row and ime_admin.full_name in row


def test_the_admin_applies_the_same_status_table(client, edition, ime_admin, salud_staff):
    login(client, ime_admin)
    add(client, edition)
    activity = FollowUp.objects.get().activity
    url = f"/admin/pncs/workprogrammeactivity/{activity.pk}/change/"
    data = {
        "contact_point": activity.contact_point_id,
        "title": activity.title,
        "line_of_work": "jornadas",
        "status": "done",
        "starts_on": activity.starts_on.isoformat(),
        "ends_on": activity.ends_on.isoformat(),
        # The history inline's management form.
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Una actividad «Planeada» no puede pasar a «Concluida»." in response.content.decode()
    response = client.post(url, {**data, "status": "in_progress"})
    assert response.status_code == 302
    assert list(activity.history.values_list("to_status", flat=True)) == [
        "planned",
        "in_progress",
    ]
