"""Check-in at the door as people meet it: the code and its QR on the person's registration page
and in the confirmation email; IME's phone page that checks people in, flags duplicates, forged
codes, codes of another edition, cancelled and waitlisted registrations; what the scanner gives
(a code or a URL), bad input, who may open the page, English, and its query count."""

import base64
import json
import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from jornadas import checkin, services
from jornadas import personal_data as jornadas_data
from jornadas.models import Registration
from redtalentos.lib import capacity
from redtalentos.lib.qr import svg_data_uri
from tests.conftest import give_totp, login, make_member, make_user

from .helpers import make_edition
from .registration_helpers import make_open_edition, make_participant, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_open_edition(capacity=50, slug="jornada-puerta", title="Jornada de la puerta")


@pytest.fixture
def staff(client, ime_admin):
    login(client, ime_admin)
    return ime_admin


def page(edition):
    return reverse("jornadas:checkin", kwargs={"slug": edition.slug})


def scan(client, edition, text):
    return client.post(page(edition), {"codigo": text})


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


# The person's side: the code, its QR and the email.


def test_confirmed_registration_page_shows_the_qr_code_and_the_code(client, edition):
    person = make_participant("Irma Invitada")
    registration = register(edition, person)
    assert registration.status == "confirmed" and registration.checkin_code
    login(client, person)
    html = client.get(registration.get_absolute_url()).content.decode()
    assert registration.checkin_code in html
    expected = svg_data_uri(checkin.checkin_url(registration))
    assert f'src="{expected}"' in html
    svg = base64.b64decode(expected.split(",", 1)[1]).decode()
    assert svg.startswith("<?xml") and "<svg" in svg and "<path" in svg
    assert checkin.checkin_url(registration).endswith(
        f"/jornadas/jornada-puerta/registro-de-asistencia/?codigo={registration.checkin_code}"
    )


def test_codes_are_random_and_unique(edition):
    codes = {register(edition).checkin_code for _ in range(20)}
    assert len(codes) == 20
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", code) for code in codes)


def test_waitlisted_person_has_no_code_until_confirmed(client):
    edition = make_open_edition(capacity=1)
    register(edition)
    person = make_participant("Wendy Espera")
    waiting = register(edition, person)
    assert waiting.status == "waitlisted" and waiting.checkin_code is None
    login(client, person)
    html = client.get(waiting.get_absolute_url()).content.decode()
    assert "data:image/svg+xml" not in html
    edition.capacity = 2
    edition.save(update_fields=["capacity"])
    promoted = capacity.promote_by_hand(seat=waiting, actor=make_user(is_staff=True), note="prueba")
    assert promoted.checkin_code


def test_confirmation_email_carries_the_code_and_the_page(
    edition, django_capture_on_commit_callbacks
):
    person = make_participant("Carla Correo")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(edition, person)
    [message] = mail.outbox
    assert registration.checkin_code in message.body
    assert registration.get_absolute_url() in message.body
    html = message.alternatives[0][0]
    assert registration.checkin_code in html


def test_waitlisted_email_has_no_code(django_capture_on_commit_callbacks):
    edition = make_open_edition(capacity=1)
    register(edition)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register(edition, make_participant("Wendy Espera"))
    [message] = mail.outbox
    assert "código de asistencia" not in message.body


# IME's side: the check-in page.


def test_valid_code_checks_the_person_in_once(client, edition, staff, caplog):
    registration = register(edition, make_participant("Valeria Válida"))
    with caplog.at_level(logging.INFO, logger="jornadas.checkin"):
        response = scan(client, edition, registration.checkin_code)
    assert response.status_code == 200
    html = text_of(response)
    assert "Asistencia registrada" in html and "Valeria Válida" in html
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == staff
    assert "1 de 1 persona confirmada" in html
    assert any(
        "outcome=checked_in" in record.getMessage() and f"staff={staff.pk}" in record.getMessage()
        for record in caplog.records
    )


def test_second_scan_is_flagged_as_duplicate_with_the_first_time(client, edition, staff):
    registration = register(edition, make_participant("Diego Doble"))
    scan(client, edition, registration.checkin_code)
    registration.refresh_from_db()
    first = registration.checked_in_at
    response = scan(client, edition, registration.checkin_code)
    html = text_of(response)
    assert "Ya se había registrado su asistencia" in html
    assert "Diego Doble" in html
    assert first.astimezone().strftime("%H:%M") in html or "a las" in html
    registration.refresh_from_db()
    assert registration.checked_in_at == first


def test_forged_code_is_flagged_and_changes_nothing(client, edition, staff):
    register(edition)
    response = scan(client, edition, "AAAAAAAAAAAAAAAAAAAAAA")
    assert response.status_code == 200
    assert "Código no reconocido" in text_of(response)
    assert not Registration.objects.checked_in().exists()


def test_code_of_another_edition_is_flagged(client, edition, staff):
    other = make_open_edition(title="Otra jornada")
    registration = register(other, make_participant("Olga Otra"))
    html = text_of(scan(client, edition, registration.checkin_code))
    assert "Código de otra jornada" in html and "Otra jornada" in html
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_cancelled_registration_is_flagged(client, edition, staff):
    person = make_participant("Carlos Cancelado")
    registration = register(edition, person)
    services.cancel_registration(registration=registration, actor=person)
    html = text_of(scan(client, edition, registration.checkin_code))
    assert "Registro cancelado" in html and "Carlos Cancelado" in html
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_waitlisted_registration_with_an_old_code_is_flagged(client, staff):
    """Confirmed, cancelled, then registered again into a full edition: the old code (kept so that
    it is recognised) names a registration without a seat."""
    edition = make_open_edition(capacity=1)
    person = make_participant("Wilma Vuelve")
    registration = register(edition, person)
    code = registration.checkin_code
    services.cancel_registration(registration=registration, actor=person)
    register(edition)  # takes the freed seat
    again = register(edition, person)
    assert again.status == "waitlisted" and again.checkin_code == code
    html = text_of(scan(client, edition, code))
    assert "Registro sin lugar confirmado" in html and "Wilma Vuelve" in html
    again.refresh_from_db()
    assert again.checked_in_at is None


@pytest.mark.parametrize(
    "shape",
    [
        "https://redtalentos.example/jornadas/jornada-puerta/registro-de-asistencia/?codigo={code}",
        "http://127.0.0.1:8000/en/jornadas/jornada-puerta/registro-de-asistencia/?codigo={code}&x=1",
        "  {code}\n",
        "https://redtalentos.example/c/{code}/",
    ],
)
def test_what_a_phone_scanner_gives_is_accepted(client, edition, staff, shape):
    registration = register(edition, make_participant("Úrsula Url"))
    html = text_of(scan(client, edition, shape.format(code=registration.checkin_code)))
    assert "Asistencia registrada" in html
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


@pytest.mark.parametrize(
    "junk",
    [
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "%00",
        "http://[::1/?codigo=x",
        "https://evil.example/?codigo=' OR ''='",
        "?codigo=" + "A" * 70,
        "ñññññññññññññññññññññññ",
        "A" * 1999,
    ],
)
def test_junk_is_flagged_never_a_500(client, edition, staff, junk):
    register(edition)
    response = scan(client, edition, junk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Código no reconocido" in text_of(response)
    assert "<script>alert(1)</script>" not in html
    assert not Registration.objects.checked_in().exists()


def test_huge_and_null_input_is_a_form_error(client, edition, staff):
    register(edition)
    for junk in ("A" * 1_000_000, "abc\x00def"):
        response = scan(client, edition, junk)
        assert response.status_code == 200
        assert response.context["form"].errors
        assert response.context["result"] is None
    assert not Registration.objects.checked_in().exists()


def test_empty_input_asks_for_the_code(client, edition, staff):
    response = scan(client, edition, "")
    assert response.status_code == 200 and response.context["form"].errors


def test_opening_the_qr_url_fills_the_field_without_checking_in(client, edition, staff):
    registration = register(edition)
    response = client.get(checkin.checkin_path(registration))
    assert response.status_code == 200
    assert f'value="{registration.checkin_code}"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_page_counts_checked_in_of_confirmed_and_lists_the_latest(client, edition, staff):
    registrations = [register(edition, make_participant(f"Persona {n}")) for n in range(3)]
    register(edition, make_participant("Online Ortiz"), attendance="online")
    for registration in registrations[:2]:
        scan(client, edition, registration.checkin_code)
    html = text_of(client.get(page(edition)))
    assert "2 de 4 personas confirmadas registraron su asistencia" in html
    assert "Persona 0" in html and "Persona 1" in html and "Persona 2" not in html


def test_page_query_count_is_fixed(client, edition, staff, django_assert_max_num_queries):
    for n in range(15):
        registration = register(edition, make_participant(f"Persona {n}"))
        checkin.check_in(edition=edition, text=registration.checkin_code, by=staff)
    client.get(page(edition))  # warms the session and the user
    with django_assert_max_num_queries(5):
        response = client.get(page(edition))
    assert response.status_code == 200
    registration = register(edition, make_participant("Una más"))
    with django_assert_max_num_queries(7):
        response = scan(client, edition, registration.checkin_code)
    assert "Asistencia registrada" in text_of(response)


def test_english_page(client, edition, staff):
    response = client.get("/en" + page(edition))
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


# Who may open it.


def test_visitor_is_sent_to_sign_in(client, edition):
    for response in (client.get(page(edition)), scan(client, edition, "x")):
        assert response.status_code == 302 and "/cuenta/login/" in response["Location"]


def test_members_participants_and_pncs_staff_get_403(client, edition, pncs_staff):
    registration = register(edition)
    give_totp(pncs_staff)
    for user in (make_member("Mario Miembro").user, make_participant(), pncs_staff):
        client.logout()
        login(client, user)
        assert client.get(page(edition)).status_code == 403
        assert scan(client, edition, registration.checkin_code).status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_ime_without_the_second_factor_this_session_gets_403(client, edition, ime_admin):
    client.force_login(ime_admin)  # password only
    assert client.get(page(edition)).status_code == 403


def test_draft_edition_is_404_for_others_and_open_to_ime(client, ime_admin):
    draft = make_edition(status="draft")
    login(client, make_member().user)
    assert client.get(page(draft)).status_code == 404
    client.logout()
    login(client, ime_admin)
    assert client.get(page(draft)).status_code == 200


def test_other_methods_are_refused(client, edition, staff):
    assert client.put(page(edition)).status_code == 405


def test_personal_data_download_has_the_code_and_the_check_in(client, edition, staff):
    person = make_participant("Dana Datos")
    registration = register(edition, person)
    checkin.check_in(edition=edition, text=registration.checkin_code, by=staff)
    client.logout()
    login(client, person)
    response = client.get("/perfil/mis-datos/", {"descargar": "1"})
    (row,) = json.loads(response.content.decode("utf-8"))["jornadas"]["registrations"]
    assert row["checkin_code"] == registration.checkin_code
    assert row["checked_in_at"]
    assert jornadas_data.export(user=staff, member=None)["jornadas"]["checkins_recorded"] == 1


def test_erasing_the_staff_keeps_the_check_in_without_who(edition, staff):
    registration = register(edition)
    checkin.check_in(edition=edition, text=registration.checkin_code, by=staff)
    jornadas_data.erase(user=staff, member=None)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and registration.checked_in_by is None
    jornadas_data.erase(user=registration.user, member=None)
    assert not Registration.objects.filter(pk=registration.pk).exists()
