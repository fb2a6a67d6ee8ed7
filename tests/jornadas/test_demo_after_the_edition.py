"""Demo data after an edition (through seed_demo): follow-up actions of the upcoming demo edition in
each of its sectors, which the demo PNCS opens for its own; a past demo edition whose attendees
were checked in, answered the survey and hold their certificates; a speaker's material. A second
run adds nothing."""

from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command

from certificates.models import Certificate
from jornadas.models import Edition, FollowUp, SessionMaterial, SurveyResponse
from members.models import User
from pncs.models import ContactPoint, LineOfWork
from redtalentos.lib.documents import check_pdf
from redtalentos.management.demo_accounts import (
    DEMO_CONTACT_POINT,
    DEMO_IME,
    DEMO_MEMBER,
    DEMO_PNCS,
)
from tests.conftest import give_totp, login


def _seed(capsys):
    call_command("seed_demo", members=40)
    return capsys.readouterr().out


def test_demo_follow_ups_cover_each_sector_and_the_demo_pncs_opens_its_own(db, client, capsys):
    _seed(capsys)
    edition = Edition.objects.get(slug="2027")
    follow_ups = FollowUp.objects.filter(edition=edition).select_related("activity")
    sectors = set(edition.sectors.values_list("pk", flat=True))
    for sector in sectors:
        assert follow_ups.filter(sector=sector).count() >= 2
    contact_point = ContactPoint.objects.get(name=DEMO_CONTACT_POINT)
    own = follow_ups.filter(
        sector__in=contact_point.sectors.all(), activity__contact_point=contact_point
    )
    assert own.exists()
    assert all(row.activity.line_of_work == LineOfWork.JORNADAS for row in follow_ups)
    assert {row.activity.status for row in follow_ups} >= {"planned", "in_progress"}

    pncs = User.objects.get(email=DEMO_PNCS["email"])
    give_totp(pncs)
    login(client, pncs)
    listing = client.get("/jornadas/2027/seguimiento/")
    assert listing.status_code == 200
    assert own[0].activity.title in listing.content.decode()
    detail = client.get(own[0].get_absolute_url())
    assert detail.status_code == 200
    assert own[0].activity.title in detail.content.decode()
    other = follow_ups.exclude(sector__in=contact_point.sectors.all()).first()
    assert client.get(other.get_absolute_url()).status_code == 403


def test_demo_past_edition_has_checked_in_attendees_answers_and_certificates(db, client, capsys):
    _seed(capsys)
    edition = Edition.objects.get(slug="2026")
    assert edition in Edition.objects.past()
    registrations = edition.registrations.filter(status="confirmed")
    assert registrations.count() >= 10
    assert registrations.filter(checked_in_at__isnull=False).count() >= 8
    answers = SurveyResponse.objects.filter(registration__edition=edition)
    assert answers.count() >= 5
    assert answers.exclude(comment="").exists()
    assert answers.filter(session_ratings__isnull=False).exists()
    attendance = Certificate.objects.filter(source_app="jornadas", kind="asistencia")
    assert attendance.count() == registrations.filter(checked_in_at__isnull=False).count()
    assert Certificate.objects.filter(source_app="jornadas", kind="ponente").exists()
    assert not mail.outbox

    ime = User.objects.get(email=DEMO_IME["email"])
    give_totp(ime)
    login(client, ime)
    results = client.get("/jornadas/2026/encuesta/resultados/")
    assert results.status_code == 200
    assert results.context["results"]["count"] == answers.count()
    page = results.content.decode()
    assert answers.exclude(comment="").first().comment[:40] in page
    assert answers.first().registration.user.full_name not in page

    # The demo member attended, holds the certificate and may still answer the survey.
    demo = User.objects.get(email=DEMO_MEMBER["email"])
    client.logout()
    login(client, demo)
    mine = client.get("/jornadas/mis-registros/").content.decode()
    assert edition.title in mine and "2027" in mine
    assert Certificate.objects.filter(holder=demo, source_app="jornadas").exists()
    assert client.get("/jornadas/2026/encuesta/").status_code == 200


def test_demo_speaker_material_is_a_checked_pdf_its_speaker_downloads(db, client, capsys):
    _seed(capsys)
    material = SessionMaterial.objects.get(session__edition__slug="2027")
    assert material.pages >= 1
    with material.file.open("rb") as stored:
        data = stored.read()
    assert check_pdf(ContentFile(data, name="x.pdf"), max_bytes=len(data)).pages == material.pages
    login(client, material.uploaded_by)
    response = client.get(material.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_second_run_adds_nothing_after_the_edition(db, capsys):
    first = _seed(capsys)
    assert "follow-ups 0" not in first
    counts = [
        model.objects.count() for model in (Edition, FollowUp, SurveyResponse, SessionMaterial)
    ]
    certificates = Certificate.objects.count()

    second = _seed(capsys)

    assert (
        "Jornadas: editions 0, sessions 0, speakers 0, registrations 0, waitlisted 0, "
        "follow-ups 0, check-ins 0, survey answers 0, certificates 0, materials 0 new."
    ) in second
    assert [
        model.objects.count() for model in (Edition, FollowUp, SurveyResponse, SessionMaterial)
    ] == counts
    assert Certificate.objects.count() == certificates
