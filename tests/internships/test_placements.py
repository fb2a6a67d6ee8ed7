"""Placements: the student's and the host's page (404 for anybody else), each side's evaluation
once and only after the end, IME completing a placement with its certificate issued once, the
figures of the cycles in the right PNCS's work programme, the CSV exports (IME only, logged,
streamed), the admin, the English pages and the data rights."""

import datetime
import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, Kind
from internships.models import (
    Application,
    ApplicationStatus,
    Evaluation,
    MatchingRun,
    Placement,
    PlacementStatus,
)
from members.models import AccountType, StaffAccess
from tests.conftest import give_totp, login, make_member, make_pncs_staff, make_user

from .helpers import make_application, make_cycle, make_posting

DAY = datetime.timedelta(days=1)


def student(name="Luis Estudiante"):
    return make_user(full_name=name, account_type=AccountType.STUDENT)


def make_placement(posting, user, *, ended=True, status=PlacementStatus.PLANNED):
    application = make_application(posting, user, status=ApplicationStatus.ACCEPTED)
    today = timezone.localdate()
    starts, ends = (today - 60 * DAY, today - DAY) if ended else (today - DAY, today + 30 * DAY)
    return Placement.objects.create(
        application=application, starts_on=starts, ends_on=ends, status=status
    )


@pytest.fixture
def host(db):
    return make_member("Hilda Anfitriona")


@pytest.fixture
def cycle(db):
    return make_cycle(applications_open_in_days=-200, name="Verano de prueba")


@pytest.fixture
def placement(cycle, host):
    return make_placement(make_posting(cycle, host, title="Laboratorio"), student())


def page(placement):
    return reverse("internships:placement_detail", kwargs={"uuid": placement.uuid})


def evaluate_url(placement):
    return reverse("internships:placement_evaluate", kwargs={"uuid": placement.uuid})


# The page


@pytest.mark.django_db
def test_student_and_host_see_the_placement_others_get_404(
    client, placement, host, member, pncs_staff, ime_admin
):
    for user, expected in [
        (placement.application.student, 200),
        (host.user, 200),
        (ime_admin, 200),
        (member.user, 404),
        (pncs_staff, 404),
        (student("Otra Estudiante"), 404),
    ]:
        login(client, user)
        response = client.get(page(placement))
        assert response.status_code == expected, user
    client.logout()
    assert client.get(page(placement)).status_code == 302


@pytest.mark.django_db
def test_the_page_shows_dates_and_stage(client, cycle, host):
    ongoing = make_placement(make_posting(cycle, host), student(), ended=False)
    login(client, ongoing.application.student)
    body = client.get(page(ongoing)).content.decode()
    assert "En curso" in body  # planned, but its first day came
    assert "La evaluación se abre al terminar la estancia" in body


@pytest.mark.django_db
def test_the_placement_is_linked_from_the_application_and_the_home(client, placement):
    login(client, placement.application.student)
    body = client.get(placement.application.get_absolute_url()).content.decode()
    assert page(placement) in body
    home = client.get(reverse("members:home")).content.decode()
    assert page(placement) in home


# Evaluations


@pytest.mark.django_db
def test_each_side_evaluates_once_after_the_end(client, placement, host):
    for user, side in [(placement.application.student, "student"), (host.user, "host")]:
        login(client, user)
        response = client.post(
            evaluate_url(placement), {"rating": "4", "comment": "Bien."}, follow=True
        )
        assert "guardamos tu evaluación" in response.content.decode()
        again = client.post(evaluate_url(placement), {"rating": "1"}, follow=True)
        assert "Ya enviaste tu evaluación" in again.content.decode()
        assert Evaluation.objects.get(placement=placement, author_role=side).rating == 4
    assert Evaluation.objects.count() == 2


@pytest.mark.django_db
def test_no_evaluation_before_the_end_nor_from_others(client, cycle, host, member, ime_admin):
    ongoing = make_placement(make_posting(cycle, host), student(), ended=False)
    login(client, ongoing.application.student)
    response = client.post(evaluate_url(ongoing), {"rating": "5"}, follow=True)
    assert "La evaluación se abre al terminar" in response.content.decode()
    login(client, member.user)
    assert client.post(evaluate_url(ongoing), {"rating": "5"}).status_code == 404
    login(client, ime_admin)
    assert client.post(evaluate_url(ongoing), {"rating": "5"}).status_code == 403
    assert client.get(evaluate_url(ongoing)).status_code == 405
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_bad_evaluation_is_a_form_error(client, placement):
    login(client, placement.application.student)
    for data in [{"rating": "9"}, {"rating": "x"}, {}, {"rating": "3", "comment": "a" * 2001}]:
        response = client.post(evaluate_url(placement), data)
        assert response.status_code == 400, data
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_each_side_reads_only_its_own_evaluation_ime_reads_both(client, placement, host, ime_admin):
    Evaluation.objects.create(
        placement=placement, author_role="host", author=host.user, rating=2, comment="Secreto."
    )
    login(client, placement.application.student)
    assert "Secreto." not in client.get(page(placement)).content.decode()
    login(client, ime_admin)
    assert "Secreto." in client.get(page(placement)).content.decode()


# Completion and the certificate


def _admin_action(client, action, placements):
    return client.post(
        reverse("admin:internships_placement_changelist"),
        {"action": action, "_selected_action": [p.pk for p in placements]},
        follow=True,
    )


@pytest.mark.django_db
def test_ime_completes_a_placement_and_the_certificate_is_issued_once(client, placement, ime_admin):
    login(client, ime_admin)
    _admin_action(client, "mark_completed", [placement])
    response = _admin_action(client, "mark_completed", [placement])

    placement.refresh_from_db()
    assert placement.status == PlacementStatus.COMPLETED
    assert placement.completed_by == ime_admin
    assert "ya estaba concluida" in response.content.decode()
    certificate = Certificate.objects.get()
    assert certificate.kind == Kind.INTERNSHIP
    assert certificate.holder == placement.application.student
    assert "Laboratorio" in certificate.title

    login(client, placement.application.student)
    body = client.get(placement.application.get_absolute_url()).content.decode()
    assert certificate.get_absolute_url() in body
    home = client.get(reverse("members:home")).content.decode()
    assert certificate.get_absolute_url() in home


@pytest.mark.django_db
def test_a_placement_not_over_or_cancelled_is_not_completed(client, cycle, host, ime_admin):
    ongoing = make_placement(make_posting(cycle, host), student(), ended=False)
    cancelled = make_placement(
        make_posting(cycle, host), student("Ana"), status=PlacementStatus.CANCELLED
    )
    login(client, ime_admin)
    _admin_action(client, "mark_completed", [ongoing, cancelled])
    assert not Placement.objects.filter(status=PlacementStatus.COMPLETED).exists()
    assert not Certificate.objects.exists()


# Figures in the PNCS work programme


@pytest.mark.django_db
def test_figures_appear_in_the_programme_of_the_right_pncs_only(
    client, cycle, host, django_assert_max_num_queries
):
    tic = make_pncs_staff("tic@example.org", sectors=("tic",), name="PNCS TIC")
    salud = make_pncs_staff("salud@example.org", sectors=("salud",), name="PNCS Salud")
    give_totp(tic)
    give_totp(salud)
    for number in range(3):
        posting = make_posting(cycle, host, sectors=("tic",), country="CA")
        make_application(posting, student(f"Alumna {number}"))
        make_placement(posting, student(f"Pasante {number}"))
    url = reverse("pncs_workspace:activity_list")

    login(client, tic)
    with django_assert_max_num_queries(20) as few:
        body = client.get(url).content.decode()
    assert "Pasantías, ciclo Verano de prueba" in body
    assert "3 plazas publicadas, 6 postulaciones enviadas, 3 estancias." in body
    assert "Canadá" in body
    for number in range(3):
        posting = make_posting(cycle, host, sectors=("tic",), country="DE")
        make_placement(posting, student(f"Más {number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "6 plazas publicadas" in body

    login(client, salud)
    assert "Verano de prueba" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_cancelled_placement_and_a_draft_do_not_count(client, cycle, host, pncs_staff):
    posting = make_posting(cycle, host)
    make_placement(posting, student(), status=PlacementStatus.CANCELLED)
    make_application(posting, student("Borrador"), status=ApplicationStatus.DRAFT)
    give_totp(pncs_staff)
    login(client, pncs_staff)
    body = client.get(reverse("pncs_workspace:activity_list")).content.decode()
    assert "1 plazas publicadas, 1 postulaciones enviadas, 0 estancias." in body


# CSV exports


def _export(client, action, cycles):
    return client.post(
        reverse("admin:internships_cycle_changelist"),
        {"action": action, "_selected_action": [c.pk for c in cycles]},
    )


@pytest.mark.django_db
def test_ime_exports_a_cycle_streamed_and_logged(client, placement, cycle, ime_admin):
    login(client, ime_admin)
    for action, expected in [
        ("export_postings", "Laboratorio"),
        ("export_applications", "Luis Estudiante"),
        ("export_placements", "Luis Estudiante"),
    ]:
        response = _export(client, action, [cycle])
        assert isinstance(response, StreamingHttpResponse)
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert expected in body
        assert "@" not in body
        assert "Quiero aprender" not in body  # no motivation, no CV
    logs = StaffAccess.objects.filter(kind=StaffAccess.Kind.EXPORT, viewer=ime_admin)
    assert sorted(log.detail["source"] for log in logs) == [
        "internships_applications",
        "internships_placements",
        "internships_postings",
    ]
    assert all(log.rows == 1 and log.detail["cycles"] == [cycle.slug] for log in logs)


@pytest.mark.django_db
def test_exports_are_for_ime_only(client, cycle, pncs_staff, member):
    for user in (pncs_staff, member.user):
        login(client, user)
        response = _export(client, "export_applications", [cycle])
        assert response.status_code in (302, 403)
        assert not isinstance(response, StreamingHttpResponse)
    assert not StaffAccess.objects.filter(kind=StaffAccess.Kind.EXPORT).exists()


# Admin


@pytest.mark.django_db
def test_admin_lists_runs_and_placements_with_pretty_json(client, placement, cycle, ime_admin):
    run = MatchingRun.objects.create(cycle=cycle, inputs={"seats": {"a": 1}}, result={"pairs": []})
    login(client, ime_admin)
    for name in ("matchingrun", "placement"):
        response = client.get(reverse(f"admin:internships_{name}_changelist"), {"q": "Luis"})
        assert response.status_code == 200
    body = client.get(reverse("admin:internships_matchingrun_change", args=[run.pk])).content
    assert "&quot;seats&quot;: {\n" in body.decode()
    response = client.get(reverse("admin:internships_placement_change", args=[placement.pk]))
    assert response.status_code == 200


# English and data rights


@pytest.mark.django_db
def test_the_placement_page_in_english(client, placement):
    login(client, placement.application.student)
    response = client.get("/en" + page(placement))
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_placements_and_evaluations_in_the_download_and_the_deletion(client, placement, host):
    from members.data_rights import delete_account, export_user_data

    user = placement.application.student
    Evaluation.objects.create(placement=placement, author_role="student", author=user, rating=5)
    Evaluation.objects.create(placement=placement, author_role="host", author=host.user, rating=4)
    data = json.loads(json.dumps(export_user_data(user), default=str))
    [row] = data["internships"]["applications"]
    assert row["placement"]["evaluations"][0]["rating"] in (4, 5)
    hosted = json.loads(json.dumps(export_user_data(host.user), default=str))
    assert hosted["internships"]["evaluations_written"][0]["rating"] == 4

    delete_account(user=user)
    assert not Placement.objects.exists()
    assert not Evaluation.objects.exists()
    assert not Application.objects.exists()
