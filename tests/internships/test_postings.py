"""Postings: a member abroad posts a place (draft, sent for review, edited while a draft or
returned), PNCS staff of its sectors review it (approve or return with a comment), each change
emails the host; the host's list of their postings."""

import pytest
from django.core import mail
from django.urls import reverse

from internships.models import Posting, PostingStatus
from members.models import AccountType
from tests.conftest import give_totp, login, make_pncs_staff, make_user

from .helpers import make_cycle, make_posting

pytestmark = pytest.mark.django_db


def make_reviewer(sector="tic", name=None):
    """PNCS staff of `sector` with an authenticator app (login() passes the second factor)."""
    user = make_pncs_staff(sectors=(sector,), name=name or f"PNCS {sector}")
    user.account_type = AccountType.INSTITUTION
    user.save(update_fields=["account_type"])
    give_totp(user)
    return user


def _payload(chosen_cycle, **changes):
    data = {
        "cycle": chosen_cycle.pk,
        "title": "Análisis de datos clínicos",
        "organisation": "Hospital Universitario de Houston",
        "city": "Houston",
        "country": "US",
        "duration_weeks": 12,
        "seats": 2,
        "sectors": [],
        "skills": "Python, estadística, python",
        "languages": ["es", "en"],
        "description": "Trabajarás con el equipo de investigación clínica.",
        "learning_outcomes": "Métodos de análisis de supervivencia.",
        "stipend": "on",
        "support_note": "1,500 USD al mes",
        "accion": "borrador",
    }
    data.update(changes)
    return data


@pytest.fixture
def cycle(db):
    return make_cycle()


@pytest.fixture
def health():
    from pncs.models import Sector

    return Sector.objects.get(slug="salud")


def test_a_member_saves_a_draft_with_its_skills_and_language(client, member, cycle, health):
    login(client, member.user)
    response = client.post(
        reverse("internships:posting_create"), _payload(cycle, sectors=[health.pk])
    )
    posting = Posting.objects.get()
    assert response.status_code == 302 and response["Location"] == posting.get_absolute_url()
    assert posting.host == member
    assert posting.status == PostingStatus.DRAFT
    assert sorted(skill.name for skill in posting.skills.all()) == ["Python", "estadística"]
    assert posting.language == "es-mx"
    assert posting.slug == "analisis-de-datos-clinicos-hospital-universitario-de-houston"
    assert mail.outbox == []


def test_sending_at_once_submits_it_and_emails_the_host_after_commit(
    client, member, cycle, health, django_capture_on_commit_callbacks
):
    login(client, member.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en" + reverse("internships:posting_create"),
            _payload(cycle, sectors=[health.pk], accion="enviar"),
        )
    posting = Posting.objects.get()
    assert posting.status == PostingStatus.SUBMITTED
    assert posting.language == "en"
    assert posting.history.get().to_status == PostingStatus.SUBMITTED
    [message] = mail.outbox
    assert message.to == [member.user.email]
    assert posting.title in message.subject


def test_a_posting_needs_a_country_or_remote_and_sane_numbers(client, member, cycle, health):
    login(client, member.user)
    response = client.post(
        reverse("internships:posting_create"),
        _payload(cycle, sectors=[health.pk], country="", duration_weeks=0, seats=500),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"country", "duration_weeks", "seats"}
    assert not Posting.objects.exists()


def test_garbage_in_the_form_is_a_form_error(client, member, cycle):
    login(client, member.user)
    response = client.post(
        reverse("internships:posting_create"),
        _payload(cycle, cycle="x", sectors=["nope"], languages=["zz"], duration_weeks="mucho"),
    )
    assert response.status_code == 200
    assert {"cycle", "sectors", "languages", "duration_weeks"} <= set(
        response.context["form"].errors
    )


def test_a_closed_cycle_is_not_offered(client, member, health):
    closed = make_cycle(applications_open_in_days=-60)
    login(client, member.user)
    response = client.post(
        reverse("internships:posting_create"), _payload(closed, sectors=[health.pk])
    )
    assert "no hay un ciclo" in response.content.decode()
    assert not Posting.objects.exists()


@pytest.mark.parametrize("who", ["participant", "pncs", "ime"])
def test_only_members_post_places(client, cycle, who, ime_admin):
    user = {
        "participant": lambda: make_user(account_type=AccountType.STUDENT),
        "pncs": make_reviewer,
        "ime": lambda: ime_admin,
    }[who]()
    login(client, user)
    assert client.get(reverse("internships:posting_create")).status_code == 403
    assert client.get(reverse("internships:my_postings")).status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("internships:posting_create"))
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]


def test_the_host_edits_a_returned_posting_and_sends_it_again(client, member, cycle, health):
    posting = make_posting(cycle, member, sectors=("salud",), status=PostingStatus.RETURNED)
    posting.review_comment = "Falta el horario."
    posting.save()
    login(client, member.user)
    page = client.get(reverse("internships:posting_edit", kwargs={"slug": posting.slug}))
    assert "Falta el horario." in page.content.decode()
    client.post(
        reverse("internships:posting_edit", kwargs={"slug": posting.slug}),
        _payload(cycle, sectors=[health.pk], title="Horario de 9 a 5", accion="enviar"),
    )
    posting.refresh_from_db()
    assert posting.title == "Horario de 9 a 5"
    assert posting.status == PostingStatus.SUBMITTED
    # The slug of a shared link stays.
    assert posting.slug.startswith("pasantia-")


def test_a_published_posting_is_not_edited(client, member, cycle, health):
    posting = make_posting(cycle, member)
    login(client, member.user)
    path = reverse("internships:posting_edit", kwargs={"slug": posting.slug})
    response = client.post(path, _payload(cycle, sectors=[health.pk], title="Otro"), follow=True)
    assert "ya no se puede editar" in response.content.decode()
    posting.refresh_from_db()
    assert posting.title != "Otro"


def test_another_member_gets_403_on_a_public_posting_and_404_on_a_draft(
    client, member, other_member, cycle
):
    published = make_posting(cycle, member)
    draft = make_posting(cycle, member, status=PostingStatus.DRAFT)
    login(client, other_member.user)
    assert (
        client.get(reverse("internships:posting_edit", kwargs={"slug": published.slug})).status_code
        == 403
    )
    assert (
        client.get(reverse("internships:posting_edit", kwargs={"slug": draft.slug})).status_code
        == 404
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = client.post(reverse("internships:posting_submit", kwargs={"slug": draft.slug}))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == PostingStatus.DRAFT


def test_submit_refused_twice_says_why(client, member, cycle):
    posting = make_posting(cycle, member, status=PostingStatus.SUBMITTED)
    login(client, member.user)
    response = client.post(
        reverse("internships:posting_submit", kwargs={"slug": posting.slug}), follow=True
    )
    assert "no puede pasar" in response.content.decode()


def test_my_postings_lists_the_hosts_postings_with_their_status(
    client, member, other_member, cycle, django_assert_max_num_queries
):
    for status in PostingStatus:
        make_posting(cycle, member, status=status, title=f"Mía {status}")
    make_posting(cycle, other_member, title="Ajena")
    login(client, member.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("internships:my_postings"))
    content = response.content.decode()
    assert content.count("Mía ") == len(PostingStatus)
    assert "Ajena" not in content
    assert "Devuelta con comentarios" in content


# The review


def test_pncs_of_the_sector_approves_and_the_host_is_told(
    client, member, cycle, django_capture_on_commit_callbacks
):
    posting = make_posting(cycle, member, sectors=("salud",), status=PostingStatus.SUBMITTED)
    reviewer = make_reviewer("salud")
    login(client, reviewer)
    path = reverse("internships:posting_review", kwargs={"slug": posting.slug})
    assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"decision": "approve", "comment": ""})
    assert response["Location"] == reverse("internships:review_list")
    posting.refresh_from_db()
    assert posting.status == PostingStatus.APPROVED
    assert posting.published_at is not None and posting.reviewed_by == reviewer
    [message] = mail.outbox
    assert message.to == [member.user.email]
    assert "publicada" in message.subject


def test_returning_needs_a_comment_that_reaches_the_host(
    client, member, cycle, django_capture_on_commit_callbacks
):
    posting = make_posting(cycle, member, sectors=("salud",), status=PostingStatus.SUBMITTED)
    login(client, make_reviewer("salud"))
    path = reverse("internships:posting_review", kwargs={"slug": posting.slug})
    response = client.post(path, {"decision": "return", "comment": "  "})
    assert response.status_code == 200 and "comment" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"decision": "return", "comment": "Indica el horario."})
    posting.refresh_from_db()
    assert posting.status == PostingStatus.RETURNED
    assert posting.review_comment == "Indica el horario."
    assert "Indica el horario." in mail.outbox[0].body


def test_pncs_of_another_sector_gets_403_and_changes_nothing(client, member, cycle):
    posting = make_posting(cycle, member, sectors=("salud",), status=PostingStatus.SUBMITTED)
    login(client, make_reviewer("automotriz"))
    path = reverse("internships:posting_review", kwargs={"slug": posting.slug})
    assert client.get(path).status_code == 403
    assert client.post(path, {"decision": "approve"}).status_code == 403
    posting.refresh_from_db()
    assert posting.status == PostingStatus.SUBMITTED
    assert mail.outbox == []


def test_the_host_cannot_review_their_own_posting_nor_outsiders_see_it(
    client, member, participant, cycle
):
    posting = make_posting(cycle, member, sectors=("salud",), status=PostingStatus.SUBMITTED)
    path = reverse("internships:posting_review", kwargs={"slug": posting.slug})
    login(client, member.user)
    assert client.get(path).status_code == 403
    login(client, participant)
    assert client.get(path).status_code == 404
    # PNCS staff who signed in with the password alone act as anyone else.
    client.force_login(make_pncs_staff(sectors=("salud",), name="PNCS sin app"))
    assert client.get(path).status_code == 404


def test_ime_reviews_every_sector(client, member, cycle, ime_admin):
    posting = make_posting(cycle, member, sectors=("salud",), status=PostingStatus.SUBMITTED)
    login(client, ime_admin)
    client.post(
        reverse("internships:posting_review", kwargs={"slug": posting.slug}),
        {"decision": "approve"},
    )
    posting.refresh_from_db()
    assert posting.status == PostingStatus.APPROVED


def test_reviewing_a_posting_no_longer_waiting_says_so(client, member, cycle):
    posting = make_posting(cycle, member, sectors=("salud",))
    login(client, make_reviewer("salud"))
    path = reverse("internships:posting_review", kwargs={"slug": posting.slug})
    response = client.post(path, {"decision": "return", "comment": "Tarde"}, follow=True)
    assert "no puede pasar" in response.content.decode()
    posting.refresh_from_db()
    assert posting.status == PostingStatus.APPROVED


def test_the_review_list_shows_the_reviewers_sectors_only(
    client, member, cycle, django_assert_max_num_queries
):
    for number in range(4):
        make_posting(
            cycle,
            member,
            sectors=("salud", "tic"),
            status=PostingStatus.SUBMITTED,
            title=f"Salud {number}",
        )
    make_posting(
        cycle, member, sectors=("automotriz",), status=PostingStatus.SUBMITTED, title="Autos"
    )
    make_posting(cycle, member, sectors=("salud",), status=PostingStatus.DRAFT, title="Borrador")
    login(client, make_reviewer("salud"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("internships:review_list"))
    content = response.content.decode()
    assert content.count("Salud ") >= 4
    assert "Autos" not in content and "Borrador" not in content


@pytest.mark.parametrize("who", ["member", "participant"])
def test_the_review_list_is_staffs(client, who, member, participant):
    login(client, {"member": member.user, "participant": participant}[who])
    assert client.get(reverse("internships:review_list")).status_code == 403


def test_the_host_closes_a_published_posting(client, member, cycle):
    posting = make_posting(cycle, member)
    login(client, member.user)
    client.post(reverse("internships:posting_close", kwargs={"slug": posting.slug}))
    posting.refresh_from_db()
    assert posting.status == PostingStatus.CLOSED
    assert client.get(reverse("internships:posting_list")).context["page"].paginator.count == 0


@pytest.mark.parametrize(
    "name", ["posting_submit", "posting_close", "posting_review", "posting_edit", "posting_create"]
)
def test_writes_refuse_other_methods(client, member, cycle, name):
    posting = make_posting(cycle, member)
    kwargs = {} if name == "posting_create" else {"slug": posting.slug}
    login(client, member.user)
    assert client.put(reverse(f"internships:{name}", kwargs=kwargs)).status_code == 405
