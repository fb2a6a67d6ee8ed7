"""IME's admin of the committees beyond the calls: proposals (history and documents read only),
reviewers, conflicts (a waiver written here goes through the service and is then read only; lists
filtered by source and by waived), assignments, reviews with their scores, declarations; the
review exports and document fetches are read-only logs. People by name, never by address."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from committees import services
from committees.models import (
    Assignment,
    Conflict,
    Declaration,
    DocumentAccess,
    ProposalChange,
    ProposalDocument,
    Review,
    ReviewExport,
    ReviewPhase,
)
from tests.conftest import login, make_user

from .helpers import make_call, make_proposal, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(ime_admin):
    call = make_call(closed=True, title="Convocatoria de agua")
    ReviewPhase.objects.create(call=call, name="Fase", is_active=True)
    applicant = make_user("paula@ugto.mx", full_name="Paula Propone", account_type="institution")
    proposal = make_proposal(
        call, applicant=applicant, title="Sensores de riego", status="in_review"
    )
    other = make_proposal(call, title="Drones para el maíz", status="in_review")
    ProposalChange.objects.create(
        proposal=proposal, actor=applicant, from_status="", to_status="submitted"
    )
    document = ProposalDocument(proposal=proposal, name="Carta de la institución", size=15)
    document.file.save("carta.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    DocumentAccess.objects.create(document=document, viewer=ime_admin)
    reviewer = make_reviewer(call, organisation="Universidad de Guanajuato")
    conflict = Conflict.objects.create(
        reviewer=reviewer, proposal=proposal, source="organisation", detail="Universidad"
    )
    assignment = Assignment.objects.create(reviewer=reviewer, proposal=other)
    criteria = list(call.criteria.all())
    review = services.save_review(
        assignment=assignment,
        scores={criteria[0]: 4, criteria[1]: 7},
        comment_to_applicant="Clara y útil.",
        comment_to_committee="Buen equipo.",
        submit=False,
    )
    Declaration.objects.create(member=reviewer.member, kind="institution", name="Conagua")
    ReviewExport.objects.create(call=call, exported_by=ime_admin, rows=3)
    return {
        "call": call,
        "proposal": proposal,
        "other": other,
        "reviewer": reviewer,
        "conflict": conflict,
        "assignment": assignment,
        "review": review,
        "applicant": applicant,
    }


def _get(client, name, *args, **params):
    response = client.get(reverse(f"admin:committees_{name}", args=args), params)
    assert response.status_code == 200, name
    return response.content.decode()


def test_every_list_and_page_opens_with_people_by_name(client, ime_admin, world):
    login(client, ime_admin)
    member = world["reviewer"].member
    pages = {
        "proposal": world["proposal"].pk,
        "reviewer": world["reviewer"].pk,
        "conflict": world["conflict"].pk,
        "assignment": world["assignment"].pk,
        "review": world["review"].pk,
        "declaration": Declaration.objects.get().pk,
        "reviewexport": ReviewExport.objects.get().pk,
        "documentaccess": DocumentAccess.objects.get().pk,
    }
    for name, pk in pages.items():
        for body in (_get(client, f"{name}_changelist"), _get(client, f"{name}_change", pk)):
            for address in (member.user.email, world["applicant"].email, ime_admin.email):
                assert address not in body, name
    body = _get(client, "proposal_change", world["proposal"].pk)
    assert "Carta de la institución" in body and "Paula Propone" in body
    assert "Enviada" in body  # its history
    assert member.full_name in _get(client, "review_change", world["review"].pk)
    assert "IME Admin" in _get(client, "documentaccess_changelist")


def test_the_proposal_list_shows_and_filters_its_columns(client, ime_admin, world):
    login(client, ime_admin)
    body = _get(client, "proposal_changelist")
    assert "Sensores de riego" in body and "Convocatoria de agua" in body
    assert "Título" in body and "Convocatoria" in body and "Enviada" in body
    body = _get(client, "proposal_changelist", q="Drones")
    assert "Drones para el maíz" in body and "Sensores de riego" not in body
    assert _get(client, "proposal_changelist", q="\x00" * 3 + "x" * 5000)


def test_a_proposal_edit_keeps_its_status_and_nobody_adds_one_here(client, ime_admin, world):
    login(client, ime_admin)
    proposal = world["proposal"]
    assert client.get(reverse("admin:committees_proposal_add")).status_code == 403
    response = client.post(
        reverse("admin:committees_proposal_change", args=[proposal.pk]),
        {
            "title": "Sensores de riego para Guanajuato",
            "organisation": proposal.organisation,
            "language": "es",
            "summary": proposal.summary,
            "status": "accepted",
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "1",
            "history-TOTAL_FORMS": "1",
            "history-INITIAL_FORMS": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal.refresh_from_db()
    assert proposal.title == "Sensores de riego para Guanajuato"
    assert proposal.status == "in_review"


def test_ime_waives_a_conflict_with_a_reason_and_the_waiver_then_stays(client, ime_admin, world):
    login(client, ime_admin)
    conflict = world["conflict"]
    url = reverse("admin:committees_conflict_change", args=[conflict.pk])
    assert client.post(url, {"waiver_reason": "   "}).status_code == 302
    conflict.refresh_from_db()
    assert conflict.waived_at is None  # no reason, no waiver

    assert (
        client.post(url, {"waiver_reason": "Dejó la universidad hace diez años."}).status_code
        == 302
    )
    conflict.refresh_from_db()
    assert conflict.waived_by == ime_admin and conflict.waived_at is not None
    waived_at = conflict.waived_at

    body = _get(client, "conflict_change", conflict.pk)
    assert 'name="waiver_reason"' not in body and "IME Admin" in body
    client.post(url, {"waiver_reason": "Otro motivo"})
    conflict.refresh_from_db()
    assert conflict.waiver_reason == "Dejó la universidad hace diez años."
    assert conflict.waived_at == waived_at
    assert (
        client.post(reverse("admin:committees_conflict_delete", args=[conflict.pk])).status_code
        == 403
    )


def test_conflicts_filter_by_source_and_waived(client, ime_admin, world):
    Conflict.objects.create(
        reviewer=world["reviewer"],
        proposal=world["other"],
        source="email_domain",
        detail="ugto.mx",
        waived_by=ime_admin,
        waived_at=world["review"].updated_at,
        waiver_reason="Dominio compartido por miles de personas.",
    )
    login(client, ime_admin)
    body = _get(client, "conflict_changelist", source__exact="email_domain")
    assert "Drones para el maíz" in body and "Sensores de riego" not in body
    body = _get(client, "conflict_changelist", dispensado="no")
    assert "Sensores de riego" in body and "Drones para el maíz" not in body
    body = _get(client, "conflict_changelist", dispensado="si")
    assert "Drones para el maíz" in body and "Sensores de riego" not in body
    assert _get(client, "conflict_changelist", dispensado="<script>")


def test_logs_reviews_and_reviewers_are_read_only(client, ime_admin, world):
    login(client, ime_admin)
    for name in ("reviewexport", "documentaccess", "review", "reviewer", "assignment"):
        assert client.get(reverse(f"admin:committees_{name}_add")).status_code == 403, name
    export = ReviewExport.objects.get()
    assert (
        client.post(reverse("admin:committees_reviewexport_delete", args=[export.pk])).status_code
        == 403
    )
    access = DocumentAccess.objects.get()
    assert (
        client.post(reverse("admin:committees_documentaccess_delete", args=[access.pk])).status_code
        == 403
    )
    body = _get(client, "review_change", world["review"].pk)
    assert "Calidad científica" in body and "Clara y útil." in body
    assert 'name="comment_to_applicant"' not in body
    review = world["review"]
    client.post(
        reverse("admin:committees_review_change", args=[review.pk]),
        {"comment_to_applicant": "Cambiado"},
    )
    review.refresh_from_db()
    assert review.comment_to_applicant == "Clara y útil."


def test_an_assignment_goes_only_while_its_review_is_unsent(client, ime_admin, world):
    login(client, ime_admin)
    assignment = world["assignment"]
    Review.objects.filter(pk=world["review"].pk).update(submitted_at=world["review"].updated_at)
    url = reverse("admin:committees_assignment_delete", args=[assignment.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    Review.objects.filter(pk=world["review"].pk).update(submitted_at=None)
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_list_pages_keep_their_query_count(client, ime_admin, world, django_assert_max_num_queries):
    login(client, ime_admin)
    names = ["proposal", "reviewer", "conflict", "assignment", "review", "documentaccess"]
    client.get(reverse("admin:index"))  # the session's first page writes it
    counts = {}
    for name in names:
        with django_assert_max_num_queries(60) as captured:
            _get(client, f"{name}_changelist")
        counts[name] = len(captured)
    for number in range(5):
        proposal = make_proposal(world["call"], title=f"Más {number}", status="in_review")
        reviewer = make_reviewer(world["call"])
        Conflict.objects.create(reviewer=reviewer, proposal=proposal, source="education")
        assignment = Assignment.objects.create(reviewer=reviewer, proposal=proposal)
        Review.objects.create(assignment=assignment)
        document = ProposalDocument.objects.create(proposal=proposal, name="Carta", file="x.pdf")
        DocumentAccess.objects.create(document=document, viewer=ime_admin)
    for name in names:
        with django_assert_max_num_queries(60) as captured:
            _get(client, f"{name}_changelist")
        assert len(captured) == counts[name], name
