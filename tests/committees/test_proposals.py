"""The applicant's side of a call: submitting a proposal with its PDFs until the deadline (bad
input refused with a message, nothing kept), Mis propuestas, the proposal's page as each viewer
may read it (applicant, staff, an assigned reviewer without a conflict; names hidden in a blind
phase), the documents served and logged, withdrawal, the emails, and the personal data."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reportlab.pdfgen import canvas

from committees import services
from committees.models import (
    Assignment,
    Conflict,
    Declaration,
    DocumentAccess,
    Proposal,
    ProposalDocument,
    ProposalStatus,
    RequiredDocument,
    Review,
    Reviewer,
    ReviewPhase,
)
from redtalentos.lib import personal_data
from redtalentos.lib.documents import PrivateStorage
from tests.conftest import give_totp, login, make_member, make_user
from tests.full_disk import FullDiskStorage

from .helpers import make_call, make_proposal, make_reviewer

pytestmark = pytest.mark.django_db
PS = ProposalStatus


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"


def stored(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def pdf_bytes(text="Carta de apoyo"):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, text)
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def pdf(name="carta.pdf", content=None):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def call(db):
    made = make_call(languages=["es", "en"])
    RequiredDocument.objects.create(call=made, name="Carta de la institución", position=0)
    RequiredDocument.objects.create(call=made, name="Plan de trabajo", position=1)
    return made


def data(call, **changes):
    values = {
        "organisation": "Universidad de Guanajuato",
        "title": "Sensores de humedad para riego",
        "summary": "Una red de sensores para pequeños productores.",
        "language": "es",
    }
    for required in call.required_documents.all():
        values[f"documento_{required.pk}"] = pdf(f"{required.name}.pdf")
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def create_url(call):
    return reverse("committees:proposal_create", kwargs={"slug": call.slug})


def staff_of(call):
    from tests.conftest import make_pncs_staff

    user = make_pncs_staff(sectors=("tic",))
    give_totp(user)
    return user


def outbox_has_no_address():
    for message in mail.outbox:
        html = "".join(content for content, _type in getattr(message, "alternatives", []))
        for text in (message.subject, message.body, html):
            assert "@" not in text, text


# Submitting


def test_a_participant_submits_with_documents_and_is_told_by_email(
    client, participant, call, private_root, django_capture_on_commit_callbacks
):
    client.force_login(participant)
    assert client.get(create_url(call)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(call), data(call), follow=True)
    proposal = Proposal.objects.get()
    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    assert "Recibimos tu propuesta" in response.content.decode()
    assert proposal.applicant == participant
    assert proposal.applicant_name == "Luis Participante"
    assert proposal.status == PS.SUBMITTED
    assert sorted(proposal.documents.values_list("name", flat=True)) == [
        "Carta de la institución",
        "Plan de trabajo",
    ]
    assert len(stored(private_root)) == 2
    assert proposal.history.get().to_status == PS.SUBMITTED
    [message] = mail.outbox
    assert message.to == [participant.email]
    assert "Sensores de humedad para riego" in message.subject
    outbox_has_no_address()


def test_a_member_abroad_may_submit_too(client, member, call):
    client.force_login(member.user)
    response = client.post(create_url(call), data(call))
    assert response.status_code == 302
    assert Proposal.objects.get().applicant == member.user


def test_after_the_deadline_the_page_says_so_and_nothing_is_kept(client, participant, private_root):
    closed = make_call(closed=True)
    RequiredDocument.objects.create(call=closed, name="Carta")
    client.force_login(participant)
    page = client.get(create_url(closed))
    assert page.status_code == 200
    assert "La fecha límite de esta convocatoria ya pasó" in page.content.decode()
    assert "<form" not in page.content.decode().split("<main", 1)[-1]
    response = client.post(create_url(closed), data(closed))
    assert response.status_code == 409
    assert "La fecha límite de esta convocatoria ya pasó" in response.content.decode()
    assert not Proposal.objects.exists()
    assert stored(private_root) == []


def test_a_call_not_open_yet_does_not_receive_proposals(client, participant):
    from django.utils import timezone

    from .helpers import DAY

    later = make_call(opens_at=timezone.now() + DAY, closes_at=timezone.now() + 10 * DAY)
    client.force_login(participant)
    response = client.post(create_url(later), data(later))
    assert response.status_code == 409
    assert "aún no recibe propuestas" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_missing_document_is_asked_for_and_nothing_is_kept(
    client, participant, call, private_root
):
    plan = call.required_documents.get(name="Plan de trabajo")
    client.force_login(participant)
    response = client.post(create_url(call), data(call, **{f"documento_{plan.pk}": None}))
    assert response.status_code == 200
    assert response.context["form"].errors[f"documento_{plan.pk}"]
    assert not Proposal.objects.exists()
    assert stored(private_root) == []


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 200, "foto.pdf"),
        (b"<html><body>hola</body></html>", "carta.pdf"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_with_its_message(
    client, participant, call, private_root, content, name
):
    carta = call.required_documents.get(name="Carta de la institución")
    client.force_login(participant)
    response = client.post(
        create_url(call), data(call, **{f"documento_{carta.pk}": pdf(name, content)})
    )
    assert response.status_code == 200
    assert "El archivo no es un PDF" in response.content.decode()
    assert not Proposal.objects.exists()
    assert stored(private_root) == []


class FullPrivateStorage(FullDiskStorage, PrivateStorage):
    pass


def test_a_full_disk_is_a_form_error_and_no_file_or_row_is_kept(
    client, participant, call, private_root, monkeypatch
):
    field = ProposalDocument._meta.get_field("file")
    # The first document fits, the second fills the disk: the first is taken back too.
    monkeypatch.setattr(field, "storage", FullPrivateStorage(files_that_fit=1, bytes_that_fit=100))
    client.force_login(participant)
    response = client.post(create_url(call), data(call))
    assert response.status_code == 503
    assert "el servidor no tiene espacio" in response.content.decode()
    assert not Proposal.objects.exists()
    assert not ProposalDocument.objects.exists()
    assert stored(private_root) == []
    assert mail.outbox == []


def test_a_huge_summary_is_refused_with_a_message(client, participant, call):
    client.force_login(participant)
    response = client.post(create_url(call), data(call, summary="a" * 5001))
    assert response.status_code == 200
    assert response.context["form"].errors["summary"]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("language", ["en", "fr", "<b>", ""])
def test_a_language_the_call_does_not_offer_is_refused(client, participant, language):
    spanish_only = make_call(languages=["es"])
    client.force_login(participant)
    response = client.post(create_url(spanish_only), data(spanish_only, language=language))
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert not Proposal.objects.exists()


def test_injection_strings_in_the_title_are_kept_as_text_and_shown_escaped(
    client, participant, call
):
    title = "<script>alert('x')</script>'; DROP TABLE committees_proposal; --"
    client.force_login(participant)
    response = client.post(create_url(call), data(call, title=title), follow=True)
    assert response.status_code == 200
    assert Proposal.objects.get().title == title
    page = response.content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page


def test_staff_and_other_accounts_may_not_submit(client, call):
    staff = staff_of(call)
    login(client, staff)
    assert client.get(create_url(call)).status_code == 403
    assert client.post(create_url(call), data(call)).status_code == 403
    client.force_login(make_user("sin-tipo@example.org"))
    assert client.get(create_url(call)).status_code == 403
    assert not Proposal.objects.exists()


def test_a_visitor_is_asked_to_sign_in_before_proposing(client, call):
    response = client.get(create_url(call))
    assert response.status_code == 302
    assert "/cuenta/" in response["Location"] or "login" in response["Location"]


def test_an_unknown_call_is_404(client, participant):
    client.force_login(participant)
    url = reverse("committees:proposal_create", kwargs={"slug": "no-existe"})
    assert client.get(url).status_code == 404


def test_the_english_form_renders(client, participant, call):
    client.force_login(participant)
    response = client.get("/en" + create_url(call))
    assert response.status_code == 200


# Mis propuestas


def test_my_proposals_has_an_empty_state(client, participant):
    client.force_login(participant)
    response = client.get(reverse("committees:my_proposals"))
    assert response.status_code == 200
    assert "Aún no has enviado propuestas" in response.content.decode()


def test_my_proposals_lists_only_mine_with_their_status_in_a_fixed_number_of_queries(
    client, participant
):
    call = make_call()
    someone = make_proposal(call, title="Propuesta ajena")
    client.force_login(participant)
    url = reverse("committees:my_proposals")
    make_proposal(call, applicant=participant, title="La primera mía")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(5):
        make_proposal(call, applicant=participant, title=f"Mía {number}", status=PS.WITHDRAWN)
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert len(six.captured_queries) == len(one.captured_queries)
    page = response.content.decode()
    assert "La primera mía" in page and "Mía 4" in page
    assert "Retirada" in page
    assert someone.title not in page


def test_my_proposals_paginates_and_survives_garbage_page_numbers(client, participant):
    call = make_call()
    for number in range(23):
        make_proposal(call, applicant=participant, title=f"Propuesta {number:02d}")
    client.force_login(participant)
    url = reverse("committees:my_proposals")
    first = client.get(url).content.decode()
    assert "Página 1 de 2" in first
    for garbage in ("2", "abc", "-1", "999999999999", "%00"):
        assert client.get(url, {"pagina": garbage}).status_code == 200


def test_my_proposals_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("committees:my_proposals"))
    assert response.status_code == 302


def test_my_proposals_renders_in_english(client, participant):
    make_proposal(make_call(), applicant=participant)
    client.force_login(participant)
    assert client.get("/en" + reverse("committees:my_proposals")).status_code == 200


# Who sees a proposal


@pytest.fixture
def review_world(participant):
    """A closed call in review: the participant's proposal assigned to `assigned`; `conflicted`
    is assigned too but declared a conflict; `unassigned` sits on the committee."""
    call = make_call(closed=True)
    RequiredDocument.objects.create(call=call, name="Carta")
    phase = ReviewPhase.objects.create(
        call=call, name="Primera", is_active=True, hide_names=True, other_reviews="after_own"
    )
    proposal = make_proposal(
        call,
        applicant=participant,
        organisation="Instituto Secreto",
        status=PS.IN_REVIEW,
    )
    assigned = make_reviewer(call)
    conflicted = make_reviewer(call)
    unassigned = make_reviewer(call)
    Assignment.objects.create(reviewer=assigned, proposal=proposal)
    Assignment.objects.create(reviewer=conflicted, proposal=proposal)
    Conflict.objects.create(reviewer=conflicted, proposal=proposal, source="declared")
    return {
        "call": call,
        "phase": phase,
        "proposal": proposal,
        "assigned": assigned,
        "conflicted": conflicted,
        "unassigned": unassigned,
    }


def detail_url(proposal):
    return reverse("committees:proposal_detail", kwargs={"uuid": proposal.uuid})


def test_the_applicant_staff_and_an_assigned_reviewer_see_the_proposal(
    client, participant, review_world
):
    proposal = review_world["proposal"]
    client.force_login(participant)
    page = client.get(detail_url(proposal))
    assert page.status_code == 200
    assert "Instituto Secreto" in page.content.decode()
    assert "En revisión" in page.content.decode()
    login(client, staff_of(review_world["call"]))
    assert client.get(detail_url(proposal)).status_code == 200
    client.force_login(review_world["assigned"].member.user)
    assert client.get(detail_url(proposal)).status_code == 200


def test_a_reviewer_in_conflict_unassigned_or_another_participant_gets_404(client, review_world):
    proposal = review_world["proposal"]
    for user in (
        review_world["conflicted"].member.user,
        review_world["unassigned"].member.user,
        make_user("otra@example.org", account_type="student"),
        make_member("Alguien Más").user,
    ):
        client.force_login(user)
        assert client.get(detail_url(proposal)).status_code == 404, user


def test_a_visitor_is_asked_to_sign_in_to_see_a_proposal(client, review_world):
    response = client.get(detail_url(review_world["proposal"]))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_an_unknown_proposal_is_404(client, participant):
    client.force_login(participant)
    url = reverse(
        "committees:proposal_detail", kwargs={"uuid": "00000000-0000-0000-0000-000000000000"}
    )
    assert client.get(url).status_code == 404


def test_names_are_hidden_from_the_reviewer_in_a_blind_phase_and_shown_to_staff(
    client, review_world
):
    proposal = review_world["proposal"]
    client.force_login(review_world["assigned"].member.user)
    page = client.get(detail_url(proposal)).content.decode()
    assert "Instituto Secreto" not in page
    assert "Luis Participante" not in page
    assert "evaluación es ciega" in page
    assert reverse("committees:review_edit", kwargs={"uuid": proposal.uuid}) in page
    login(client, staff_of(review_world["call"]))
    page = client.get(detail_url(proposal)).content.decode()
    assert "Instituto Secreto" in page
    assert "Luis Participante" in page
    # Staff decide on the committee's results, which the page links to.
    assert reverse("committees:results", kwargs={"slug": review_world["call"].slug}) in page


def test_names_show_to_the_reviewer_when_the_phase_does_not_hide_them(client, review_world):
    ReviewPhase.objects.filter(pk=review_world["phase"].pk).update(hide_names=False)
    client.force_login(review_world["assigned"].member.user)
    page = client.get(detail_url(review_world["proposal"])).content.decode()
    assert "Instituto Secreto" in page


def test_a_reviewer_reads_other_reviews_only_after_submitting_their_own(client, review_world):
    proposal = review_world["proposal"]
    other = make_reviewer(review_world["call"])
    other_assignment = Assignment.objects.create(reviewer=other, proposal=proposal)
    criteria = dict.fromkeys(review_world["call"].criteria.all(), 4)
    services.save_review(
        assignment=other_assignment,
        scores=criteria,
        comment_to_applicant="",
        comment_to_committee="Comentario ajeno al comité",
        submit=True,
    )
    reviewer = review_world["assigned"]
    client.force_login(reviewer.member.user)
    assert "Comentario ajeno al comité" not in client.get(detail_url(proposal)).content.decode()
    services.save_review(
        assignment=Assignment.objects.get(reviewer=reviewer, proposal=proposal),
        scores=criteria,
        comment_to_applicant="",
        comment_to_committee="Mi comentario",
        submit=True,
    )
    page = client.get(detail_url(proposal)).content.decode()
    assert "Comentario ajeno al comité" in page
    assert other.member.full_name not in page  # reviewers read each other without names
    login(client, staff_of(review_world["call"]))
    page = client.get(detail_url(proposal)).content.decode()
    assert other.member.full_name in page
    assert Review.objects.count() == 2


def test_the_proposal_page_renders_in_english(client, participant, review_world):
    client.force_login(participant)
    assert client.get("/en" + detail_url(review_world["proposal"])).status_code == 200


# Documents


def submitted_with_documents(client, applicant, call):
    client.force_login(applicant)
    client.post(create_url(call), data(call))
    return Proposal.objects.get(applicant=applicant)


def document_url(proposal, document):
    return reverse(
        "committees:document_download",
        kwargs={"uuid": proposal.uuid, "document": document.uuid},
    )


def test_a_document_is_served_to_the_applicant_and_staff_and_every_fetch_is_logged(
    client, participant, call
):
    proposal = submitted_with_documents(client, participant, call)
    document = proposal.documents.first()
    response = client.get(document_url(proposal, document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    staff = staff_of(call)
    login(client, staff)
    assert client.get(document_url(proposal, document)).status_code == 200
    assert list(DocumentAccess.objects.order_by("at").values_list("viewer", flat=True)) == [
        participant.pk,
        staff.pk,
    ]


def test_a_document_is_served_to_an_assigned_reviewer_and_refused_to_one_in_conflict(
    client, participant, call
):
    proposal = submitted_with_documents(client, participant, call)
    document = proposal.documents.first()
    assigned = make_reviewer(call)
    conflicted = make_reviewer(call)
    Assignment.objects.create(reviewer=assigned, proposal=proposal)
    Assignment.objects.create(reviewer=conflicted, proposal=proposal)
    Conflict.objects.create(reviewer=conflicted, proposal=proposal, source="organisation")
    client.force_login(assigned.member.user)
    assert client.get(document_url(proposal, document)).status_code == 200
    client.force_login(conflicted.member.user)
    assert client.get(document_url(proposal, document)).status_code == 404
    assert list(DocumentAccess.objects.values_list("viewer", flat=True)) == [
        assigned.member.user.pk
    ]


def test_a_document_is_refused_to_outsiders_and_nothing_is_logged(client, participant, call):
    proposal = submitted_with_documents(client, participant, call)
    document = proposal.documents.first()
    url = document_url(proposal, document)
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(make_user("otra@example.org", account_type="student"))
    assert client.get(url).status_code == 404
    client.force_login(make_reviewer(call).member.user)  # on the committee, not assigned
    assert client.get(url).status_code == 404
    other = make_proposal(call)
    participant.refresh_from_db()  # signing out ended the account's sessions
    client.force_login(participant)  # their document through another proposal's address
    wrong = reverse(
        "committees:document_download", kwargs={"uuid": other.uuid, "document": document.uuid}
    )
    assert client.get(wrong).status_code == 404
    assert not DocumentAccess.objects.exists()


# Withdrawal


def withdraw_url(proposal):
    return reverse("committees:proposal_withdraw", kwargs={"uuid": proposal.uuid})


def test_the_applicant_withdraws_their_proposal(client, participant):
    proposal = make_proposal(make_call(), applicant=participant)
    client.force_login(participant)
    response = client.post(withdraw_url(proposal), follow=True)
    assert "Retiraste tu propuesta" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == PS.WITHDRAWN
    assert proposal.history.get().to_status == PS.WITHDRAWN
    again = client.post(withdraw_url(proposal), follow=True)
    assert "ya no se puede retirar" in again.content.decode()


def test_only_the_applicant_withdraws(client, participant, review_world):
    proposal = review_world["proposal"]
    login(client, staff_of(review_world["call"]))
    assert client.post(withdraw_url(proposal)).status_code == 403
    client.force_login(review_world["assigned"].member.user)
    assert client.post(withdraw_url(proposal)).status_code == 403
    client.force_login(review_world["unassigned"].member.user)
    assert client.post(withdraw_url(proposal)).status_code == 404
    client.force_login(participant)
    assert client.get(withdraw_url(proposal)).status_code == 405
    proposal.refresh_from_db()
    assert proposal.status == PS.IN_REVIEW


# The decision


def test_the_applicant_is_told_of_the_decision_with_its_rationale_and_no_address(
    client, participant, review_world, django_capture_on_commit_callbacks
):
    proposal = review_world["proposal"]
    staff = staff_of(review_world["call"])
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            proposal=proposal, accept=True, rationale="Impacto claro en riego.", actor=staff
        )
    [message] = mail.outbox
    assert message.to == [participant.email]
    assert "aceptada" in message.subject
    assert "Impacto claro en riego." in message.body
    outbox_has_no_address()
    client.force_login(participant)
    page = client.get(detail_url(proposal)).content.decode()
    assert "Decisión del comité" in page
    assert "Impacto claro en riego." in page
    client.force_login(review_world["assigned"].member.user)
    assert "Impacto claro en riego." not in client.get(detail_url(proposal)).content.decode()


# Personal data


def test_the_data_download_holds_proposals_seats_reviews_declarations_and_conflicts(
    client, participant, review_world
):
    proposal = review_world["proposal"]
    ProposalDocument.objects.create(proposal=proposal, name="Carta", file="x.pdf")
    download = personal_data.export(user=participant, member=None)["committees"]
    [mine] = download["committee_proposals"]
    assert mine["title"] == proposal.title
    assert mine["documents"][0]["name"] == "Carta"
    reviewer = review_world["assigned"]
    Declaration.objects.create(member=reviewer.member, kind="person", name="Mi hermana")
    services.save_review(
        assignment=Assignment.objects.get(reviewer=reviewer),
        scores=dict.fromkeys(review_world["call"].criteria.all(), 3),
        comment_to_applicant="Bien",
        comment_to_committee="Muy bien",
        submit=True,
    )
    download = personal_data.export(user=reviewer.member.user, member=reviewer.member)["committees"]
    assert download["committee_seats"][0]["call"] == review_world["call"].title
    [review] = download["committee_reviews"]
    assert review["comment_to_committee"] == "Muy bien"
    assert {score["value"] for score in review["scores"]} == {3}
    assert download["conflict_declarations"][0]["name"] == "Mi hermana"
    conflicted = review_world["conflicted"]
    download = personal_data.export(user=conflicted.member.user, member=conflicted.member)
    assert download["committees"]["committee_conflicts"][0]["source"]["value"] == "declared"
    assert "@" not in str(download["committees"])


def test_the_deletion_removes_proposals_with_their_files_and_the_reviewer_seats(
    client, participant, call, private_root, django_capture_on_commit_callbacks
):
    proposal = submitted_with_documents(client, participant, call)
    assert len(stored(private_root)) == 2
    reviewer = make_reviewer(call)
    Declaration.objects.create(member=reviewer.member, kind="institution", name="UNAM")
    Assignment.objects.create(reviewer=reviewer, proposal=make_proposal(call))
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase(user=participant, member=None)
    assert not Proposal.objects.filter(pk=proposal.pk).exists()
    assert stored(private_root) == []
    personal_data.erase(user=reviewer.member.user, member=reviewer.member)
    assert not Reviewer.objects.filter(pk=reviewer.pk).exists()
    assert not Assignment.objects.filter(reviewer_id=reviewer.pk).exists()
    assert not Declaration.objects.filter(member=reviewer.member).exists()
