"""An edition's certificates as IME and the people meet them: IME issues them in bulk from the
editions' admin (attendance for everyone checked in, speaking for the member speakers), again
without doubles; the person's registration page and Mis Jornadas link them; their public check
names the edition."""

import re

import pytest
from django.urls import reverse

from certificates.models import Certificate, Kind
from jornadas import certifying, checkin
from jornadas.models import Registration
from tests.conftest import login, make_member

from .helpers import add_speaker, make_session, make_track
from .registration_helpers import make_open_edition, make_participant, register

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:jornadas_edition_changelist")


@pytest.fixture
def edition():
    """Under way today: three people checked in, one registered who did not come, a member who
    speaks at one session and moderates another, a second member speaker, and a guest."""
    return make_open_edition(
        starts_in_days=0, title="Jornada Informativa 2027", city="Ciudad de México"
    )


@pytest.fixture
def people(edition, ime_admin):
    attendees = [register(edition, make_participant(f"Asistente {n}")) for n in range(3)]
    for registration in attendees:
        checkin.check_in(edition=edition, text=registration.checkin_code, by=ime_admin)
    absent = register(edition, make_participant("Ausente Ávila"))
    track = make_track(edition)
    talk = make_session(edition, track, hour=10, title="Datos abiertos")
    panel = make_session(edition, track, hour=12, title="Panel de salud", kind="panel")
    rosa, tomas = make_member("Rosa Ponente"), make_member("Tomás Ponente")
    add_speaker(talk, rosa)
    add_speaker(panel, rosa, role="moderator")
    add_speaker(panel, tomas)
    add_speaker(panel, name="Invitada Sin Cuenta")
    return {"attendees": attendees, "absent": absent, "rosa": rosa, "tomas": tomas}


def issue_from_admin(client, edition):
    return client.post(
        CHANGELIST,
        {"action": "issue_certificates", "_selected_action": [edition.pk]},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_admin_issues_one_certificate_per_attendee_and_member_speaker(
    client, edition, people, ime_admin
):
    login(client, ime_admin)
    response = issue_from_admin(client, edition)
    assert response.status_code == 200
    assert any("3 certificados de asistencia y 3 de ponente" in m for m in messages_of(response))
    attendance = Certificate.objects.filter(kind=Kind.ATTENDANCE)
    assert sorted(attendance.values_list("holder_name", flat=True)) == [
        "Asistente 0",
        "Asistente 1",
        "Asistente 2",
    ]
    assert set(attendance.values_list("title", flat=True)) == {"Jornada Informativa 2027"}
    speaking = Certificate.objects.filter(kind=Kind.SPEAKING).order_by("holder_name", "role")
    assert [(c.holder_name, c.role) for c in speaking] == [
        ("Rosa Ponente", "Moderación de «Panel de salud»"),
        ("Rosa Ponente", "Ponente en «Datos abiertos»"),
        ("Tomás Ponente", "Ponente en «Panel de salud»"),
    ]
    # The one who did not come, and the guest without an account, get none.
    assert not Certificate.objects.filter(holder=people["absent"].user).exists()
    assert not Certificate.objects.filter(holder_name="Invitada Sin Cuenta").exists()


def test_issuing_twice_issues_nothing_new(client, edition, people, ime_admin):
    login(client, ime_admin)
    issue_from_admin(client, edition)
    first = set(Certificate.objects.values_list("public_id", flat=True))
    response = issue_from_admin(client, edition)
    assert any("0 certificados de asistencia y 0 de ponente" in m for m in messages_of(response))
    assert set(Certificate.objects.values_list("public_id", flat=True)) == first


def test_a_late_check_in_gets_its_certificate_on_the_next_run(edition, people, ime_admin):
    assert certifying.issue_certificates(edition=edition) == certifying.Issued(3, 3)
    checkin.check_in(edition=edition, text=people["absent"].checkin_code, by=ime_admin)
    assert certifying.issue_certificates(edition=edition) == certifying.Issued(1, 0)
    assert Certificate.objects.filter(holder=people["absent"].user).count() == 1


def test_a_revoked_certificate_stays_revoked(edition, people, ime_admin):
    from certificates.services import revoke

    certifying.issue_certificates(edition=edition)
    certificate = Certificate.objects.get(holder=people["attendees"][0].user)
    revoke(certificate=certificate, by=ime_admin, reason="Error")
    assert certifying.issue_certificates(edition=edition) == certifying.Issued(0, 0)
    certificate.refresh_from_db()
    assert certificate.is_revoked


def test_an_edition_not_started_gets_none_and_a_warning(client, ime_admin):
    upcoming = make_open_edition(starts_in_days=10, title="Jornada futura")
    registration = register(upcoming)
    login(client, ime_admin)
    checkin.check_in(edition=upcoming, text=registration.checkin_code, by=ime_admin)
    response = issue_from_admin(client, upcoming)
    assert any("aún no empieza" in m for m in messages_of(response))
    assert not Certificate.objects.exists()


def test_only_ime_with_the_second_factor_issues(client, edition, people, ime_admin):
    client.force_login(ime_admin)  # password only: the admin asks for the second factor
    issue_from_admin(client, edition)
    assert not Certificate.objects.exists()


def test_registration_page_and_mis_jornadas_link_the_certificates(client, edition, people):
    certifying.issue_certificates(edition=edition)
    registration = people["attendees"][0]
    certificate = Certificate.objects.get(holder=registration.user)
    login(client, registration.user)
    for url in (registration.get_absolute_url(), reverse("jornadas:my_registrations")):
        html = client.get(url).content.decode()
        assert certificate.get_absolute_url() in html
        assert certificate.get_pdf_url() in html
    assert client.get(certificate.get_pdf_url()).status_code == 200


def test_registration_page_says_when_the_person_was_checked_in(client, edition, people):
    registration = people["attendees"][0]
    login(client, registration.user)
    html = re.sub(r"\s+", " ", client.get(registration.get_absolute_url()).content.decode())
    assert "Tu asistencia quedó registrada" in html
    assert "data:image/svg+xml" not in html  # the QR has done its job


def test_a_speaker_sees_speaking_certificates_on_mis_jornadas(client, edition, people):
    certifying.issue_certificates(edition=edition)
    login(client, people["rosa"].user)
    html = client.get(reverse("jornadas:my_registrations")).content.decode()
    assert html.count("/certificados/") >= 2
    assert "Ponente en «Datos abiertos»" in html


def test_verification_page_shows_the_edition(client, edition, people):
    certifying.issue_certificates(edition=edition)
    certificate = Certificate.objects.get(holder=people["attendees"][1].user)
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert "Jornada Informativa 2027" in html
    assert "Asistente 1" in html


def test_mis_jornadas_query_count_with_several_certificates(
    client, edition, people, django_assert_max_num_queries
):
    certifying.issue_certificates(edition=edition)
    user = people["rosa"].user
    for n in range(3):
        other = make_open_edition(starts_in_days=-n - 1, days=1, title=f"Jornada {n}")
        # Registered back when it was open.
        registration = Registration.objects.create(edition=other, user=user, status="confirmed")
        checkin.check_in(edition=other, text=registration.checkin_code, by=user)
        certifying.issue_certificates(edition=other)
    login(client, user)
    client.get(reverse("jornadas:my_registrations"))
    with django_assert_max_num_queries(5):
        response = client.get(reverse("jornadas:my_registrations"))
    assert response.content.decode().count("/pdf/") == 5
