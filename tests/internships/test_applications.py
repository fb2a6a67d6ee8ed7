"""A student's applications: apply with a checked CV (a draft or sent at once), at most three per
cycle (also when requests race), not after the close nor twice to a posting; Mis solicitudes with
the state, the next step and withdrawal; the order of preferences; the CV served to whom may see
it, every fetch logged; an email at each change in the student's language; the participant's
home; the data download and the deletion; and everyone else refused."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from reportlab.pdfgen import canvas

from internships import applications as service
from internships.models import Application, ApplicationStatus, CVAccess
from members.models import AccountType
from redtalentos.lib import personal_data
from redtalentos.lib.documents import PrivateStorage
from tests.conftest import login, make_member, make_pncs_staff, make_user
from tests.full_disk import FullDiskStorage

from .helpers import make_application, make_cycle, make_posting

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
AS = ApplicationStatus
BASE = "http://testserver/"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"


def stored(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def pdf_bytes(text="Currículum de Luis"):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, text)
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def javascript_pdf():
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_open_action(JavaScript("app.alert('hola');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def cv(content=None, name="Mi CV 2027.pdf"):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def form_data(**changes):
    data = {
        "rank": "1",
        "motivation": "Quiero aprender análisis de datos con un equipo de investigación.",
        "university": "UNAM",
        "programme": "Actuaría",
        "semester": "7",
        "languages": ["es", "en"],
        "cv": cv(),
        "accion": "enviar",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def apply_url(posting, prefix=""):
    return prefix + reverse("internships:apply", kwargs={"slug": posting.slug})


def student(name="Luis Estudiante"):
    return make_user(full_name=name, account_type=AccountType.STUDENT)


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (emails, file deletions) at the end of the block: a test's
    transaction never commits."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def host():
    return make_member("Hilda Anfitriona")


@pytest.fixture
def cycle():
    return make_cycle()


@pytest.fixture
def posting(cycle, host):
    return make_posting(cycle, host, title="Ciencia de datos en Houston")


@pytest.fixture
def luis(client):
    user = student()
    login(client, user)
    return user


# Applying


def test_a_student_applies_with_a_pdf_and_gets_an_email(
    client, luis, posting, private_root, commits
):
    response = client.get(apply_url(posting))
    assert response.status_code == 200
    assert "Ciencia de datos en Houston" in response.content.decode()
    with commits(execute=True):
        response = client.post(apply_url(posting), form_data())
    application = Application.objects.get(student=luis)
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.status == AS.SUBMITTED
    assert application.rank == 1
    assert application.submitted_at is not None
    assert application.cv_filename == "Mi CV 2027.pdf"
    assert application.cv.name.startswith("internships/cv/")
    assert len(stored(private_root)) == 1
    assert application.language == "es-mx"
    assert [(c.from_status, c.to_status) for c in application.history.all()] == [("", AS.SUBMITTED)]
    [email] = mail.outbox
    assert email.to == [luis.email]
    assert "Ciencia de datos en Houston" in email.subject
    assert "Enviada" in email.subject
    assert "Hola, Luis:" in email.body
    assert "http://testserver" + application.get_absolute_url() in email.body
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Enviamos tu postulación" in page
    assert "Por ahora no tienes que hacer nada" in page


def test_a_draft_waits_without_a_cv_then_is_completed_and_sent(client, luis, posting, commits):
    with commits(execute=True):
        response = client.post(
            apply_url(posting),
            {"rank": "2", "motivation": "Empiezo a escribir…", "accion": "borrador"},
        )
    application = Application.objects.get(student=luis)
    assert response.status_code == 302
    assert application.status == AS.DRAFT
    assert application.rank == 2
    assert not mail.outbox
    # Sending it as it is: a message says what is missing, it stays a draft.
    response = client.post(reverse("internships:application_send", args=[application.uuid]))
    page = client.get(response["Location"]).content.decode()
    assert "Completa tu postulación antes de enviarla" in page
    assert "currículum" in page.lower()
    application.refresh_from_db()
    assert application.status == AS.DRAFT
    # Completed on the edit page and sent from there.
    edit = reverse("internships:application_edit", args=[application.uuid])
    assert client.get(edit).status_code == 200
    with commits(execute=True):
        response = client.post(edit, form_data(rank="2"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == AS.SUBMITTED
    assert application.cv and application.rank == 2
    assert [c.to_status for c in application.history.all()] == [AS.DRAFT, AS.SUBMITTED]
    assert len(mail.outbox) == 1
    # Sent, it can no longer be edited.
    assert client.get(edit).status_code == 302


def test_sending_needs_every_field(client, luis, posting):
    response = client.post(apply_url(posting), form_data(university="", cv=None))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"university", "cv"}
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 200, "foto.pdf", "El archivo no es un PDF"),
        (b"<html><body>CV</body></html>", "cv.pdf", "El archivo no es un PDF"),
        (None, "cv.docx", "El archivo no es un PDF"),
        ("javascript", "cv.pdf", "contiene JavaScript"),
        ("encrypted", "cv.pdf", "cifrado o protegido"),
        ("big", "cv.pdf", "el máximo es de 5 MB"),
    ],
)
def test_a_cv_that_is_not_a_plain_pdf_is_refused_with_its_message(
    client, luis, posting, private_root, content, name, message
):
    if content is None:
        content = b"PK\x03\x04 word document"
    elif content == "javascript":
        content = javascript_pdf()
    elif content == "encrypted":
        content = encrypted_pdf()
    elif content == "big":
        content = pdf_bytes() + b"%" * (5 * 1024 * 1024)
    response = client.post(apply_url(posting), form_data(cv=cv(content, name)))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["cv"])
    assert not Application.objects.exists()
    assert stored(private_root) == []


class FullPrivateStorage(FullDiskStorage, PrivateStorage):
    pass


def test_a_full_disk_is_a_form_error_and_nothing_is_half_written(
    client, luis, posting, private_root, monkeypatch, commits
):
    import errno

    field = Application._meta.get_field("cv")
    monkeypatch.setattr(
        field, "storage", FullPrivateStorage(bytes_that_fit=100, error=errno.ENOSPC)
    )
    with commits(execute=True):
        response = client.post(apply_url(posting), form_data())
    assert response.status_code == 503
    assert "el servidor no tiene espacio" in response.content.decode()
    assert not Application.objects.exists()
    assert stored(private_root) == []
    assert not mail.outbox


def test_a_fourth_application_in_a_cycle_is_refused(client, luis, cycle, host, private_root):
    postings = [make_posting(cycle, host) for _ in range(4)]
    for rank, posting in enumerate(postings[:3], start=1):
        form = client.get(apply_url(posting)).context["form"]
        assert [value for value, _label in form.fields["rank"].choices] == list(range(rank, 4))
        client.post(apply_url(posting), form_data(rank=str(rank)))
    assert Application.objects.filter(student=luis).count() == 3
    response = client.get(apply_url(postings[3]))
    assert "Ya tienes 3 postulaciones en este ciclo" in response.content.decode()
    assert response.context["form"] is None
    response = client.post(apply_url(postings[3]), form_data(rank="1"), follow=True)
    assert "Ya tienes 3 postulaciones en este ciclo" in response.content.decode()
    assert Application.objects.filter(student=luis).count() == 3
    assert len(stored(private_root)) == 3
    # Another cycle counts on its own.
    other = make_posting(make_cycle(), host)
    client.post(apply_url(other), form_data(rank="1"))
    assert Application.objects.filter(student=luis).count() == 4
    # Withdrawing one frees its rank for the 4th posting of the cycle.
    second = Application.objects.get(student=luis, posting=postings[1])
    client.post(reverse("internships:application_withdraw", args=[second.uuid]))
    form = client.get(apply_url(postings[3])).context["form"]
    assert [value for value, _label in form.fields["rank"].choices] == [2]
    client.post(apply_url(postings[3]), form_data(rank="2"))
    assert Application.objects.get(posting=postings[3]).rank == 2


def test_a_rank_taken_meanwhile_is_a_form_error(client, luis, cycle, host, posting):
    make_application(make_posting(cycle, host), luis, rank=1)
    response = client.post(apply_url(posting), form_data(rank="1"))
    assert response.status_code == 200
    assert "rank" in response.context["form"].errors
    assert Application.objects.filter(student=luis).count() == 1


def test_applying_after_the_close_or_before_the_opening_is_refused(client, luis, host):
    closed = make_cycle(applications_open_in_days=-40)
    upcoming = make_cycle(applications_open_in_days=3)
    for cycle in (closed, upcoming):
        posting = make_posting(cycle, host)
        response = client.get(apply_url(posting))
        assert "Las postulaciones de este ciclo no están abiertas" in response.content.decode()
        response = client.post(apply_url(posting), form_data(), follow=True)
        assert "Las postulaciones de este ciclo no están abiertas" in response.content.decode()
    assert not Application.objects.exists()


def test_applying_twice_to_a_posting_leads_to_the_first_application(client, luis, posting):
    first = make_application(posting, luis)
    response = client.post(apply_url(posting), form_data(rank="2"))
    assert response["Location"] == first.get_absolute_url()
    assert "Ya te postulaste a esta plaza" in client.get(response["Location"]).content.decode()
    assert Application.objects.filter(student=luis).count() == 1


def test_a_posting_that_is_not_published_takes_no_applications(client, luis, cycle, host):
    for status in ("draft", "submitted", "returned", "closed"):
        posting = make_posting(cycle, host, status=status)
        assert client.get(apply_url(posting)).status_code == 404
        assert client.post(apply_url(posting), form_data()).status_code == 404
    assert client.get("/pasantias/no-existe/postular/").status_code == 404


# Racing requests: the student's row is locked, so a 4th never gets in and nobody gets a 500.


@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_never_make_a_fourth(private_root):
    from tests.conftest import restore_reference_data

    restore_reference_data()
    person = student("Rita Rápida")
    cycle = make_cycle()
    host = make_member("Hugo Host")
    make_application(make_posting(cycle, host), person, rank=1)
    postings = [make_posting(cycle, host) for _ in range(6)]
    start = threading.Barrier(len(postings))
    outcomes = []

    def attempt(posting, rank):
        upload = cv()
        try:
            start.wait(timeout=30)
            service.apply(
                student=person,
                posting=posting,
                details={
                    "rank": rank,
                    "motivation": "Motivo",
                    "university": "UNAM",
                    "programme": "Física",
                    "semester": 5,
                    "languages": ["es"],
                },
                upload=upload,
                send=True,
                base_url=BASE,
            )
            outcomes.append("ok")
        except service.ApplicationRefused:
            outcomes.append("refused")
        except Exception as error:  # an IntegrityError or a deadlock would be a 500
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(posting, 2 + index % 2))
        for index, posting in enumerate(postings)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "ok"] + ["refused"] * 4
    assert sorted(Application.objects.filter(student=person).values_list("rank", flat=True)) == [
        1,
        2,
        3,
    ]
    # The refused ones left no file behind: one CV per application that got in.
    assert len(stored(private_root)) == 2


# Mis solicitudes, withdrawal, preferences


def test_my_applications_show_state_next_step_and_withdraw(
    client, luis, cycle, host, posting, commits
):
    offer = make_application(
        make_posting(cycle, host, title="Robótica en Detroit"),
        luis,
        rank=2,
        status=AS.OFFER,
        offer_expires_at=datetime.datetime(2030, 5, 1, 12, tzinfo=datetime.UTC),
    )
    sent = make_application(posting, luis, rank=1)
    page = client.get(reverse("internships:my_applications")).content.decode()
    assert "Ciencia de datos en Houston" in page and "Robótica en Detroit" in page
    assert "Oferta" in page and "¡Tienes una oferta!" in page
    assert "Enviada" in page
    assert page.index("Ciencia de datos en Houston") < page.index("Robótica en Detroit")
    with commits(execute=True):
        response = client.post(
            reverse("internships:application_withdraw", args=[sent.uuid]), follow=True
        )
    assert "Retiraste tu postulación a «Ciencia de datos en Houston»" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == AS.WITHDRAWN and sent.rank is None
    assert sent.history.get().actor == luis
    [email] = mail.outbox
    assert "Retirada" in email.subject
    # Withdrawing twice: a message, nothing changes.
    with commits(execute=True):
        response = client.post(
            reverse("internships:application_withdraw", args=[sent.uuid]), follow=True
        )
    assert "Esta postulación ya estaba retirada." in response.content.decode()
    assert len(mail.outbox) == 1
    # An offer can be withdrawn (declined) too.
    client.post(reverse("internships:application_withdraw", args=[offer.uuid]))
    offer.refresh_from_db()
    assert offer.status == AS.WITHDRAWN


def test_my_applications_use_a_fixed_number_of_queries(
    client, luis, host, django_assert_max_num_queries
):
    for _ in range(3):
        cycle = make_cycle()
        for rank in (1, 2, 3):
            make_application(make_posting(cycle, host), luis, rank=rank)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("internships:my_applications"))
    assert response.content.decode().count('class="card"') == 9


def test_the_student_reorders_their_preferences(client, luis, cycle, host):
    first = make_application(make_posting(cycle, host), luis, rank=1)
    second = make_application(make_posting(cycle, host), luis, rank=2)
    url = reverse("internships:application_ranks", kwargs={"slug": cycle.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {f"rank_{first.pk}": "2", f"rank_{second.pk}": "1"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.rank, second.rank) == (2, 1)
    response = client.post(url, {f"rank_{first.pk}": "3", f"rank_{second.pk}": "3"})
    assert response.status_code == 200
    assert "Cada postulación necesita una preferencia distinta" in response.content.decode()
    response = client.post(url, {f"rank_{first.pk}": "9", f"rank_{second.pk}": "1"})
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.rank == 2


def test_preferences_do_not_change_after_the_close(client, luis, host):
    cycle = make_cycle(applications_open_in_days=-40)
    first = make_application(make_posting(cycle, host), luis, rank=1)
    second = make_application(make_posting(cycle, host), luis, rank=2)
    url = reverse("internships:application_ranks", kwargs={"slug": cycle.slug})
    response = client.post(url, {f"rank_{first.pk}": "2", f"rank_{second.pk}": "1"}, follow=True)
    assert "no están abiertas" in response.content.decode()
    first.refresh_from_db()
    assert first.rank == 1


# Emails in the student's language


def test_status_emails_speak_the_language_the_student_used(client, luis, posting, commits):
    with commits(execute=True):
        response = client.post(apply_url(posting, prefix="/en"), form_data())
    assert response.status_code == 302
    application = Application.objects.get(student=luis)
    assert application.language == "en"
    [sent] = mail.outbox
    assert "Hello Luis," in sent.body
    assert "Thank you for being part of the Mexican Talent Network." in sent.body
    assert f"http://testserver/en/pasantias/solicitudes/{application.uuid}/" in sent.body
    # A change the host makes (in Spanish) still reaches the student in English.
    with commits(execute=True):
        service.move_application(
            application=application, to=AS.IN_REVIEW, actor=posting.host.user, base_url=BASE
        )
    second = mail.outbox[1]
    assert "Hello Luis," in second.body
    assert "/en/pasantias/solicitudes/" in second.body


def test_status_emails_in_spanish_say_what_comes_next(luis, posting, commits):
    application = make_application(posting, luis, language="es-mx")
    for status, words in [
        (AS.SHORTLISTED, "Estás en la lista corta"),
        (AS.INTERVIEW, "quiere entrevistarte"),
        (AS.OFFER, "¡Tienes una oferta!"),
        (AS.ACCEPTED, "Aceptaste la oferta"),
    ]:
        with commits(execute=True):
            service.move_application(application=application, to=status, actor=None, base_url=BASE)
        email = mail.outbox[-1]
        assert words in email.body
        assert words in email.alternatives[0][0]
        assert str(AS(status).label) in email.subject
    assert len(mail.outbox) == 4


def test_a_change_outside_the_table_is_refused_without_an_email(luis, posting, commits):
    application = make_application(posting, luis, status=AS.WITHDRAWN, rank=None)
    with pytest.raises(service.TransitionRefused), commits(execute=True):
        service.move_application(application=application, to=AS.OFFER, actor=None, base_url=BASE)
    assert not mail.outbox


# The CV: the student, the posting's host and IME; every fetch logged; nobody else


def _with_cv(posting, user, **fields):
    application = make_application(posting, user, **fields)
    application.cv.save("cv.pdf", SimpleUploadedFile("cv.pdf", pdf_bytes()), save=False)
    application.cv_filename = "Mi CV.pdf"
    application.save()
    return application


def test_the_cv_is_served_to_the_student_the_host_and_ime_and_logged(
    client, luis, posting, ime_admin
):
    application = _with_cv(posting, luis)
    url = reverse("internships:application_cv", args=[application.uuid])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Mi CV.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for user in (posting.host.user, ime_admin):
        other = Client()
        login(other, user)
        assert other.get(url).status_code == 200
    assert sorted(CVAccess.objects.values_list("role", flat=True)) == ["host", "ime", "student"]


def test_a_drafts_cv_is_not_the_hosts_and_another_posting_is_not_theirs(luis, cycle, posting):
    draft = _with_cv(posting, luis, status=AS.DRAFT)
    sent_elsewhere = _with_cv(make_posting(cycle, make_member("Otra Anfitriona")), luis, rank=2)
    host = Client()
    login(host, posting.host.user)
    for application in (draft, sent_elsewhere):
        url = reverse("internships:application_cv", args=[application.uuid])
        assert host.get(url).status_code == 404
    assert not CVAccess.objects.exists()


def test_outsiders_never_see_someone_elses_application(client, luis, posting, pncs_staff):
    application = _with_cv(posting, luis)
    pages = [
        ("get", reverse("internships:application_detail", args=[application.uuid])),
        ("get", reverse("internships:application_edit", args=[application.uuid])),
        ("get", reverse("internships:application_cv", args=[application.uuid])),
        ("post", reverse("internships:application_withdraw", args=[application.uuid])),
        ("post", reverse("internships:application_send", args=[application.uuid])),
    ]
    other_student = Client()
    login(other_student, student("Otra Estudiante"))
    member = Client()
    login(member, make_member("Mario Miembro").user)
    staff = Client()
    login(staff, pncs_staff)
    for outsider in (other_student, member, staff):
        for method, url in pages:
            assert getattr(outsider, method)(url).status_code == 404, url
    visitor = Client()
    for method, url in pages:
        response = getattr(visitor, method)(url)
        assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    application.refresh_from_db()
    assert application.status == AS.SUBMITTED
    assert not CVAccess.objects.exists()


def test_members_abroad_and_staff_cannot_apply(posting, ime_admin):
    pages = [
        apply_url(posting),
        reverse("internships:my_applications"),
        reverse("internships:application_ranks", kwargs={"slug": posting.cycle.slug}),
    ]
    for user in (make_member("Mario Miembro").user, make_pncs_staff(), ime_admin):
        outsider = Client()
        login(outsider, user)
        for url in pages:
            assert outsider.get(url).status_code == 403, (user, url)
        assert outsider.post(apply_url(posting), form_data()).status_code == 403
    visitor = Client()
    response = visitor.post(apply_url(posting), form_data())
    assert "/cuenta/login/" in response["Location"]
    assert not Application.objects.exists()


# The participant's home


def test_the_home_shows_my_applications_and_the_open_cycles(client, luis, cycle, host, posting):
    make_cycle(applications_open_in_days=-40, name="Ciclo cerrado")
    make_application(posting, luis, rank=1)
    make_application(
        make_posting(cycle, host, title="Robótica en Detroit"), luis, rank=2, status=AS.DRAFT
    )
    page = client.get("/inicio/").content.decode()
    assert "Mis pasantías" in page
    assert "Ciencia de datos en Houston" in page and "Robótica en Detroit" in page
    assert "Es un borrador" in page
    # The draft, which waits for the student, comes first.
    assert page.index("Robótica en Detroit") < page.index("Ciencia de datos en Houston")
    assert cycle.name in page
    assert "Ciclo cerrado" not in page


def test_the_home_says_what_to_do_without_applications(client, luis):
    page = client.get("/inicio/").content.decode()
    assert "Aún no te postulas a ninguna pasantía" in page
    assert "Ahora no hay ciclos de pasantías con postulaciones abiertas" in page


def test_the_home_section_uses_a_fixed_number_of_queries(luis, host, django_assert_num_queries):
    from internships.home import home_section

    def count():
        with django_assert_num_queries(2):
            home_section(luis)

    count()
    for _ in range(3):
        cycle = make_cycle()
        for rank in (1, 2, 3):
            make_application(make_posting(cycle, host), luis, rank=rank)
    count()


# Data rights


def test_the_download_holds_the_applications_and_the_deletion_takes_them_and_the_cvs(
    luis, posting, private_root, commits
):
    application = _with_cv(posting, luis, language="en")
    service.move_application(application=application, to=AS.IN_REVIEW, actor=None, base_url=BASE)
    CVAccess.objects.create(application=application, viewer=posting.host.user, role="host")
    [row] = personal_data.export(user=luis, member=None)["internships"]["internships"][
        "applications"
    ]
    assert row["posting"] == "Ciencia de datos en Houston"
    assert row["cv_file_name"] == "Mi CV.pdf"
    assert row["language_of_the_emails"] == "en"
    assert row["motivation"] == "Quiero aprender."
    assert [change["to"]["value"] for change in row["history"]] == ["in_review"]
    assert row["cv_fetched_by"][0]["who"] == "Hilda Anfitriona"
    assert "@" not in str(row)
    assert len(stored(private_root)) == 1
    with commits(execute=True):
        personal_data.erase(user=luis, member=None)
    assert not Application.objects.filter(student=luis).exists()
    assert not CVAccess.objects.exists()
    assert stored(private_root) == []


# Admin


def test_ime_reads_applications_in_the_admin_and_fetches_the_cv_through_the_checked_view(
    client, ime_admin, posting
):
    application = _with_cv(posting, student("Ana Admin"))
    login(client, ime_admin)
    response = client.get(
        reverse("admin:internships_application_changelist"),
        {"cycle__id__exact": posting.cycle.pk, "status__exact": "submitted", "q": "Ana"},
    )
    assert response.status_code == 200
    assert "Ciencia de datos en Houston" in response.content.decode()
    page = client.get(
        reverse("admin:internships_application_change", args=[application.pk])
    ).content.decode()
    cv_url = reverse("internships:application_cv", args=[application.uuid])
    assert f'href="{cv_url}"' in page
    assert 'name="motivation"' not in page  # read only
    assert client.get(cv_url).status_code == 200
    assert CVAccess.objects.get().role == "ime"
    assert client.get(reverse("admin:internships_application_add")).status_code == 403


def test_a_draft_left_after_the_close_says_it_was_not_sent(client, luis, host):
    cycle = make_cycle(applications_open_in_days=-40)
    draft = make_application(make_posting(cycle, host), luis, status=AS.DRAFT)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "las postulaciones del ciclo ya cerraron" in page
    assert "Complétalo y envíalo" not in page
    assert "Editar el borrador" not in page
    response = client.post(reverse("internships:application_send", args=[draft.uuid]), follow=True)
    assert "no están abiertas" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == AS.DRAFT
