"""IME's administration of registrations: the line by edition and status, promotion by hand and
cancellation from the list (logged), the streamed CSV logged as a staff export, and the logs."""

import csv
import io

import pytest
from django.urls import reverse

from jornadas.models import PriorityGroup, Registration, RegistrationLog
from members.models import StaffAccess
from tests.conftest import give_totp, login, make_member

from .registration_helpers import make_open_edition, register

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/jornadas/registration/"


def action(client, name, registrations):
    return client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )


def test_changelist_filters_by_edition_and_status_in_few_queries(
    client, ime_admin, django_assert_max_num_queries
):
    edition = make_open_edition(capacity=2)
    for _ in range(5):
        register(edition)
    login(client, ime_admin)
    with django_assert_max_num_queries(20):
        response = client.get(
            CHANGELIST, {"edition__id__exact": edition.pk, "status": "waitlisted"}
        )
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 3


def test_promotion_by_hand_refuses_a_full_edition_then_promotes_into_a_free_seat(client, ime_admin):
    edition = make_open_edition(capacity=1)
    register(edition)
    waiting = register(edition)
    login(client, ime_admin)
    response = action(client, "promote_by_hand", [waiting])
    assert "No hay lugares libres" in response.content.decode()
    edition.capacity = 2
    edition.save()
    action(client, "promote_by_hand", [waiting])
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    entry = RegistrationLog.objects.get(request=waiting, action="promoted")
    assert entry.actor == ime_admin


def test_cancelling_from_the_admin_offers_the_seat(client, ime_admin):
    edition = make_open_edition(capacity=1)
    first = register(edition)
    waiting = register(edition)
    login(client, ime_admin)
    action(client, "cancel_seats", [first])
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == ("cancelled", "offered")
    assert RegistrationLog.objects.get(request=first, action="cancelled").actor == ime_admin


def test_csv_export_is_streamed_without_addresses_and_logged(client, ime_admin):
    edition = make_open_edition(capacity=1)
    member = make_member("Dora Viajera", email="dora@example.org")
    register(edition, member.user, dietary_needs="=1+2 sin gluten", needs_invitation_letter=True)
    register(edition)
    login(client, ime_admin)
    response = action(client, "export_csv", Registration.objects.all())
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 3 and rows[0][1] == "persona"
    dora = next(row for row in rows if row[1] == "Dora Viajera")
    assert dora[9] == "sí" and dora[10] == "'=1+2 sin gluten"
    assert "@" not in body
    entry = StaffAccess.objects.get(viewer=ime_admin, kind=StaffAccess.Kind.EXPORT)
    assert entry.rows == 2 and entry.detail["editions"] == [edition.slug]


def test_logs_are_read_only_and_priority_groups_are_listed(client, ime_admin):
    edition = make_open_edition()
    registration = register(edition)
    PriorityGroup.objects.create(edition=edition, role="participant", priority=0)
    login(client, ime_admin)
    entry = registration.log.get()
    assert client.get("/admin/jornadas/registrationlog/").status_code == 200
    change = f"/admin/jornadas/registrationlog/{entry.pk}/change/"
    assert client.post(change, {"note": "x"}).status_code == 403
    assert client.get("/admin/jornadas/registrationlog/add/").status_code == 403
    assert "Participantes: 3" in client.get("/admin/jornadas/prioritygroup/").content.decode()
    page = client.get(f"/admin/jornadas/registration/{registration.pk}/change/")
    assert page.status_code == 200
    assert client.get("/admin/jornadas/registration/add/").status_code == 403
    assert client.get("/admin/jornadas/sessionchoice/").status_code == 200


def test_pncs_staff_never_reach_the_registrations(client, pncs_staff):
    give_totp(pncs_staff)
    register(make_open_edition(), make_member("Tere Privada").user, dietary_needs="kosher")
    login(client, pncs_staff)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
