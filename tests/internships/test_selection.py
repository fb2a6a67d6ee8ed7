"""Selection by the host: the applications to their own postings only (another host and every
outsider get 404), stages along the table with an email to the student, private notes that the
student never sees, the host's order of candidates, and direct offers within the seats where the
cycle allows them. And IME's matching: run at or after the selection day, stored with inputs and
result as a draft, reviewed, approved (offers out, with their expiry) or discarded."""

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from internships import selection
from internships.models import (
    Application,
    ApplicationNote,
    ApplicationStatus,
    CVAccess,
    HostChoice,
    MatchingRun,
    MatchingStatus,
)
from members.models import AccountType
from tests.conftest import login, make_member, make_pncs_staff, make_user

from .helpers import make_application, make_cycle, make_posting

pytestmark = pytest.mark.django_db
AS = ApplicationStatus
BASE = "http://testserver/"


def student(name):
    return make_user(full_name=name, account_type=AccountType.STUDENT)


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def host():
    return make_member("Hilda Anfitriona")


@pytest.fixture
def cycle():
    # Applications closed 15 days ago, selection was 5 days ago, offers last 10 more days.
    return make_cycle(applications_open_in_days=-45)


@pytest.fixture
def posting(cycle, host):
    return make_posting(cycle, host, title="Ciencia de datos en Houston", seats=1)


@pytest.fixture
def host_client(host):
    client = Client()
    login(client, host.user)
    return client


def list_url(posting):
    return reverse("internships:host_applications", kwargs={"slug": posting.slug})


def one_url(application, action=""):
    name = f"internships:host_application{'_' + action if action else ''}"
    return reverse(name, kwargs={"slug": application.posting.slug, "uuid": application.uuid})


# What the host sees


def test_host_sees_the_sent_applications_to_their_posting_and_no_others(
    host_client, cycle, posting
):
    make_application(posting, student("Ana Enviada"))
    make_application(posting, student("Beto Borrador"), status=AS.DRAFT)
    elsewhere = make_posting(cycle, make_member("Otra Anfitriona"))
    make_application(elsewhere, student("Carla Otra"))

    response = host_client.get(list_url(posting))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ana Enviada" in page
    assert "Beto Borrador" not in page
    assert "Carla Otra" not in page


def test_another_host_and_outsiders_get_404_and_a_visitor_is_asked_to_sign_in(
    client, cycle, posting, pncs_staff
):
    application = make_application(posting, student("Ana Enviada"))
    draft = make_application(
        make_posting(cycle, posting.host), student("Beto Borrador"), status=AS.DRAFT
    )
    urls = [list_url(posting), one_url(application)]
    assert client.get(urls[0]).status_code == 302
    for user in (make_member("Otra Anfitriona").user, pncs_staff, application.student):
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(one_url(application, "note"), {"text": "Hola"}).status_code == 404
    assert not ApplicationNote.objects.exists()
    # The host's own draft applications, and an application under another posting's slug.
    login(client, posting.host.user)
    assert client.get(one_url(draft)).status_code == 404
    other_slug = reverse(
        "internships:host_application",
        kwargs={"slug": draft.posting.slug, "uuid": application.uuid},
    )
    assert client.get(other_slug).status_code == 404


def test_ime_sees_any_postings_candidates(client, posting, ime_admin):
    make_application(posting, student("Ana Enviada"))
    login(client, ime_admin)
    assert "Ana Enviada" in client.get(list_url(posting)).content.decode()


def test_the_host_fetches_the_cv_from_the_application_and_it_is_logged(
    host_client, posting, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    application = make_application(posting, student("Ana Enviada"))
    application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    page = host_client.get(one_url(application)).content.decode()
    cv_url = reverse("internships:application_cv", kwargs={"uuid": application.uuid})
    assert cv_url in page

    assert host_client.get(cv_url).status_code == 200
    assert list(CVAccess.objects.values_list("role", flat=True)) == [CVAccess.Role.HOST]


def test_the_list_uses_a_fixed_number_of_queries(
    host_client, posting, django_assert_max_num_queries
):
    for number in range(6):
        application = make_application(posting, student(f"Persona {number}"))
        ApplicationNote.objects.create(application=application, text="Buena")
    with django_assert_max_num_queries(12):
        response = host_client.get(list_url(posting))
    assert response.content.decode().count("Persona ") == 6


def test_the_host_pages_speak_english(host_client, posting):
    application = make_application(posting, student("Ana Enviada"))
    response = host_client.get("/en" + one_url(application))
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


# Stages


def test_host_moves_an_application_through_the_stages_and_the_student_is_told(
    host_client, posting, commits
):
    application = make_application(posting, student("Ana Enviada"))
    for status in (AS.IN_REVIEW, AS.SHORTLISTED, AS.INTERVIEW, AS.NOT_SELECTED):
        with commits(execute=True):
            response = host_client.post(one_url(application, "stage"), {"status": status})
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == status
    assert len(mail.outbox) == 4
    assert mail.outbox[-1].to == [application.student.email]
    assert list(application.history.values_list("to_status", flat=True)) == [
        AS.IN_REVIEW,
        AS.SHORTLISTED,
        AS.INTERVIEW,
        AS.NOT_SELECTED,
    ]


@pytest.mark.parametrize(
    ("start", "wanted"),
    [
        (AS.SUBMITTED, AS.ACCEPTED),  # only the student accepts
        (AS.SUBMITTED, AS.OFFER),  # offers come from the matching or a direct offer
        (AS.NOT_SELECTED, AS.INTERVIEW),  # not in the table
        (AS.WITHDRAWN, AS.IN_REVIEW),
        (AS.SUBMITTED, "nonsense"),
    ],
)
def test_a_stage_outside_the_table_or_not_the_hosts_is_a_form_error(
    host_client, posting, start, wanted, commits
):
    application = make_application(posting, student("Ana Enviada"), status=start)
    if start == AS.WITHDRAWN:
        Application.objects.filter(pk=application.pk).update(rank=None)
    with commits(execute=True):
        response = host_client.post(one_url(application, "stage"), {"status": wanted})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == start
    assert not mail.outbox


def test_a_change_refused_by_the_service_is_a_message(posting):
    application = make_application(posting, student("Ana Enviada"), status=AS.NOT_SELECTED)
    with pytest.raises(selection.SelectionRefused):
        selection.move_by_host(
            application=application, to=AS.OFFER, actor=posting.host.user, base_url=BASE
        )
    with pytest.raises(selection.TransitionRefused):
        selection.move_by_host(
            application=application, to=AS.INTERVIEW, actor=posting.host.user, base_url=BASE
        )


# Notes and the host's order


def test_private_notes_are_seen_by_the_host_and_ime_never_by_the_student(
    host_client, posting, ime_admin
):
    luis = student("Luis Estudiante")
    application = make_application(posting, luis)
    response = host_client.post(one_url(application, "note"), {"text": "Muy buena entrevista"})
    assert response.status_code == 302
    assert "Muy buena entrevista" in host_client.get(one_url(application)).content.decode()
    ime = Client()
    login(ime, ime_admin)
    assert "Muy buena entrevista" in ime.get(one_url(application)).content.decode()
    own = Client()
    login(own, luis)
    page = own.get(application.get_absolute_url())
    assert page.status_code == 200
    assert "Muy buena entrevista" not in page.content.decode()


def test_an_empty_or_too_long_note_is_a_form_error(host_client, posting):
    application = make_application(posting, student("Ana Enviada"))
    for text in ("", "x" * 3001):
        assert host_client.post(one_url(application, "note"), {"text": text}).status_code == 400
    assert not ApplicationNote.objects.exists()


def test_the_host_ranks_and_marks_candidates(host_client, posting):
    application = make_application(posting, student("Ana Enviada"))
    response = host_client.post(
        one_url(application, "order"), {"host_rank": "2", "host_choice": HostChoice.ALTERNATE}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.host_rank, application.host_choice) == (2, HostChoice.ALTERNATE)
    # Unranked again.
    host_client.post(one_url(application, "order"), {"host_rank": "", "host_choice": "none"})
    application.refresh_from_db()
    assert application.host_rank is None


@pytest.mark.parametrize(
    "data",
    [
        {"host_rank": "0", "host_choice": "none"},
        {"host_rank": "uno", "host_choice": "none"},
        {"host_rank": "1", "host_choice": "favourite"},
        {},
    ],
)
def test_a_bad_order_is_a_form_error(host_client, posting, data):
    application = make_application(posting, student("Ana Enviada"))
    assert host_client.post(one_url(application, "order"), data).status_code == 400
    application.refresh_from_db()
    assert application.host_rank is None


# Direct offers


def test_a_direct_offer_where_the_cycle_allows_it_respects_the_seats(host_client, posting, commits):
    posting.cycle.allow_direct_offers = True
    posting.cycle.save()
    first = make_application(posting, student("Ana Enviada"))
    second = make_application(posting, student("Beto Segundo"))
    with commits(execute=True):
        assert host_client.post(one_url(first, "offer")).status_code == 302
    first.refresh_from_db()
    assert first.status == AS.OFFER
    expected = timezone.now() + datetime.timedelta(days=posting.cycle.offer_days)
    assert abs(first.offer_expires_at - expected) < datetime.timedelta(minutes=1)
    assert len(mail.outbox) == 1

    response = host_client.post(one_url(second, "offer"), follow=True)
    assert "Todas las plazas de esta pasantía ya están ofrecidas" in response.content.decode()
    second.refresh_from_db()
    assert second.status == AS.SUBMITTED


def test_no_direct_offer_where_the_cycle_does_not_allow_it(host_client, posting):
    application = make_application(posting, student("Ana Enviada"))
    response = host_client.post(one_url(application, "offer"), follow=True)
    assert "Este ciclo no admite ofertas directas." in response.content.decode()
    application.refresh_from_db()
    assert application.status == AS.SUBMITTED


def test_no_direct_offer_to_a_student_who_already_holds_one(cycle, host, posting):
    cycle.allow_direct_offers = True
    cycle.save()
    ana = student("Ana Enviada")
    make_application(make_posting(cycle, host), ana, rank=2, status=AS.OFFER)
    application = make_application(posting, ana)
    with pytest.raises(selection.SelectionRefused):
        selection.direct_offer(application=application, actor=host.user, base_url=BASE)


# IME's matching


def matching_url(cycle):
    return reverse("internships:matching", kwargs={"slug": cycle.slug})


def run_url(run, action=""):
    name = f"internships:matching_run{'_' + action if action else ''}"
    return reverse(name, kwargs={"slug": run.cycle.slug, "uuid": run.uuid})


@pytest.fixture
def ime(client, ime_admin):
    login(client, ime_admin)
    return client


def test_only_ime_runs_the_matching(client, cycle, posting, pncs_staff):
    assert client.get(matching_url(cycle)).status_code == 302
    for user in (posting.host.user, pncs_staff, student("Ana"), make_pncs_staff(sectors=("tic",))):
        login(client, user)
        assert client.get(matching_url(cycle)).status_code == 403
        assert client.post(matching_url(cycle)).status_code == 403
    assert not MatchingRun.objects.exists()


def test_the_matching_waits_for_the_selection_day(ime, host):
    early = make_cycle(applications_open_in_days=-5)
    response = ime.post(matching_url(early), follow=True)
    assert "a partir del día de selección" in response.content.decode()
    assert not MatchingRun.objects.exists()


def test_a_run_keeps_its_inputs_and_result_and_approval_sends_the_offers(ime, cycle, host, commits):
    lab = make_posting(cycle, host, title="Laboratorio", seats=1)
    firm = make_posting(cycle, make_member("Otra Anfitriona"), title="Empresa", seats=1)
    ana, beto, carla = student("Ana"), student("Beto"), student("Carla")
    ana_lab = make_application(lab, ana, rank=1)
    make_application(firm, ana, rank=2)
    beto_lab = make_application(lab, beto, rank=1, host_rank=1)
    beto_firm = make_application(firm, beto, rank=2)
    carla_firm = make_application(firm, carla, rank=1, host_choice=HostChoice.ALTERNATE)
    make_application(lab, student("Diego Borrador"), status=AS.DRAFT)

    response = ime.post(matching_url(cycle))
    run = MatchingRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run_url(run)
    assert run.status == MatchingStatus.DRAFT
    assert set(run.inputs["students"]) == {str(ana.pk), str(beto.pk), str(carla.pk)}
    assert run.inputs["students"][str(ana.pk)] == [str(lab.pk), str(firm.pk)]
    assert run.inputs["seats"] == {str(lab.pk): 1, str(firm.pk): 1}
    # The lab prefers Beto (ranked); the firm has Carla marked, Ana and Beto unranked.
    assert {p["application"] for p in run.result["pairs"]} == {beto_lab.pk, carla_firm.pk}
    assert run.result["unmatched"] == [str(ana.pk)]
    page = ime.get(run_url(run)).content.decode()
    assert "Laboratorio" in page and "Empresa" in page
    # Nothing is offered before the approval.
    assert not Application.objects.filter(status=AS.OFFER).exists()

    with commits(execute=True):
        assert ime.post(run_url(run, "approve")).status_code == 302
    run.refresh_from_db()
    assert run.status == MatchingStatus.APPROVED
    assert run.approved_at is not None
    offers = Application.objects.filter(status=AS.OFFER)
    assert set(offers.values_list("pk", flat=True)) == {beto_lab.pk, carla_firm.pk}
    expected = timezone.now() + datetime.timedelta(days=cycle.offer_days)
    for offer in offers:
        assert abs(offer.offer_expires_at - expected) < datetime.timedelta(minutes=1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([beto.email, carla.email])
    for application in (ana_lab, beto_firm):
        application.refresh_from_db()
        assert application.status == AS.SUBMITTED

    # Approving twice, or running again, is refused with a message.
    response = ime.post(run_url(run, "approve"), follow=True)
    assert "ya no está por revisar" in response.content.decode()
    response = ime.post(matching_url(cycle), follow=True)
    assert "ya tiene una asignación aprobada" in response.content.decode()
    assert MatchingRun.objects.count() == 1


def test_approval_skips_a_pair_that_is_no_longer_possible(cycle, host, ime_admin):
    lab = make_posting(cycle, host, seats=1)
    ana = student("Ana")
    application = make_application(lab, ana)
    run = selection.run_matching(cycle=cycle, actor=ime_admin)
    Application.objects.filter(pk=application.pk).update(status=AS.WITHDRAWN, rank=None)
    assert selection.approve_run(run=run, actor=ime_admin, base_url=BASE) == (0, 1)


def test_a_discarded_run_leaves_room_for_another(ime, cycle, host):
    make_application(make_posting(cycle, host), student("Ana"))
    ime.post(matching_url(cycle))
    run = MatchingRun.objects.get()
    assert ime.post(run_url(run, "discard")).status_code == 302
    run.refresh_from_db()
    assert run.status == MatchingStatus.DISCARDED
    assert not Application.objects.filter(status=AS.OFFER).exists()
    ime.post(matching_url(cycle))
    assert MatchingRun.objects.filter(status=MatchingStatus.DRAFT).count() == 1


def test_students_holding_an_offer_and_full_postings_are_left_out_of_the_inputs(
    cycle, host, ime_admin
):
    lab = make_posting(cycle, host, seats=2)
    ana = student("Ana")
    make_application(lab, ana, status=AS.OFFER)
    make_application(make_posting(cycle, host), ana, rank=2)
    make_application(lab, student("Beto"))
    run = selection.run_matching(cycle=cycle, actor=ime_admin)
    assert str(ana.pk) not in run.inputs["students"]
    assert run.inputs["seats"][str(lab.pk)] == 1


def test_the_run_page_uses_a_fixed_number_of_queries(
    ime, cycle, host, ime_admin, django_assert_max_num_queries
):
    for number in range(6):
        make_application(make_posting(cycle, host), student(f"Persona {number}"))
    run = selection.run_matching(cycle=cycle, actor=ime_admin)
    with django_assert_max_num_queries(12):
        response = ime.get(run_url(run))
    assert response.content.decode().count("Persona ") == 6


def test_the_matching_pages_speak_english(ime, cycle):
    response = ime.get("/en" + matching_url(cycle))
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
