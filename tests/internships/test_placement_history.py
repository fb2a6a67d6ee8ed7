"""A placement's history: every change of its status leaves a row (its creation included), a
refused change none; IME reads it in the admin and on the placement page; the download lists the
changes a person made and the deletion keeps them without the person."""

import json

import pytest
from django.urls import reverse

from internships.models import Placement, PlacementStatus, PlacementStatusChange
from members.data_rights import delete_account, export_user_data
from tests.conftest import login, make_member

from .helpers import make_cycle, make_posting
from .test_offers import answer_url, approved_cycle, offered
from .test_offers import student as named_student
from .test_placements import _admin_action, make_placement, page, student

PL = PlacementStatus


def steps(placement):
    return list(
        placement.history.order_by("at", "pk").values_list("from_status", "to_status", "actor")
    )


@pytest.mark.django_db
def test_accepting_then_withdrawing_writes_the_placements_history(
    client, django_capture_on_commit_callbacks
):
    luis = named_student("Luis Estudiante")
    application = offered(make_posting(approved_cycle(), make_member("Hilda")), luis)
    login(client, luis)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer_url(application, "accept"))
        client.post(reverse("internships:application_withdraw", kwargs={"uuid": application.uuid}))

    placement = Placement.objects.get(application=application)
    assert steps(placement) == [("", PL.PLANNED, luis.pk), (PL.PLANNED, PL.CANCELLED, luis.pk)]


@pytest.mark.django_db
def test_ime_changes_leave_a_row_each_and_a_refused_change_none(client, ime_admin):
    cycle = make_cycle(applications_open_in_days=-200)
    host = make_member("Hilda Anfitriona")
    placement = make_placement(make_posting(cycle, host), student())
    cancelled = make_placement(make_posting(cycle, host), student("Ana"), status=PL.CANCELLED)
    login(client, ime_admin)

    _admin_action(client, "mark_in_progress", [placement])
    _admin_action(client, "mark_completed", [placement])
    _admin_action(client, "mark_completed", [placement, cancelled])  # both refused

    assert steps(placement) == [
        (PL.PLANNED, PL.IN_PROGRESS, ime_admin.pk),
        (PL.IN_PROGRESS, PL.COMPLETED, ime_admin.pk),
    ]
    assert steps(cancelled) == []

    admin_page = client.get(reverse("admin:internships_placement_change", args=[placement.pk]))
    assert admin_page.status_code == 200
    assert "cambio de estado de una estancia" in admin_page.content.decode().lower()
    body = client.get(page(placement)).content.decode()
    assert "Historial de la estancia" in body
    assert "En curso →" in body and "IME Admin" in body

    login(client, placement.application.student)
    assert "Historial de la estancia" not in client.get(page(placement)).content.decode()


@pytest.mark.django_db
def test_download_lists_the_changes_made_and_deletion_keeps_them_without_the_person(
    client, ime_admin
):
    cycle = make_cycle(applications_open_in_days=-200)
    placement = make_placement(make_posting(cycle, make_member("Hilda")), student())
    login(client, ime_admin)
    _admin_action(client, "mark_completed", [placement])

    data = json.loads(json.dumps(export_user_data(ime_admin), default=str))
    [change] = data["internships"]["placement_changes_made"]
    assert (change["student"], change["to"]["value"]) == ("Luis Estudiante", PL.COMPLETED)
    own = json.loads(json.dumps(export_user_data(placement.application.student), default=str))
    [row] = own["internships"]["applications"]
    assert [step["to"]["value"] for step in row["placement"]["history"]] == [PL.COMPLETED]

    delete_account(user=ime_admin)
    kept = PlacementStatusChange.objects.get()
    assert (kept.to_status, kept.actor_id) == (PL.COMPLETED, None)
