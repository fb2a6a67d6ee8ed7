"""The reviewer's side: their assignments, the review of a proposal (drafts, submission, the
scale, the phase), conflicts declared on a proposal and the standing declaration in the profile,
and the home's reminder."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import (
    Assignment,
    Conflict,
    Declaration,
    ProposalStatus,
    Review,
    ReviewPhase,
    Score,
)
from tests.committees.helpers import make_call, make_proposal, make_reviewer
from tests.conftest import give_totp, login, make_member, make_pncs_staff


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def review_url(proposal):
    return reverse("committees:review_edit", kwargs={"uuid": proposal.uuid})


def make_phase(call, **fields):
    defaults = {"name": "Primera fase", "is_active": True, "can_write": True, "hide_names": True}
    defaults.update(fields)
    return ReviewPhase.objects.create(call=call, **defaults)


@pytest.fixture
def world(db):
    call = make_call(closed=True)
    phase = make_phase(call, other_reviews="after_own")
    proposal = make_proposal(
        call, organisation="Universidad Secreta", status=ProposalStatus.IN_REVIEW
    )
    reviewer = make_reviewer(call)
    assignment = Assignment.objects.create(reviewer=reviewer, proposal=proposal)
    quality, impact = call.criteria.all()
    return {
        "call": call,
        "phase": phase,
        "proposal": proposal,
        "reviewer": reviewer,
        "user": reviewer.member.user,
        "assignment": assignment,
        "quality": quality,
        "impact": impact,
    }


def scores(world, quality="", impact="", **extra):
    data = {
        f"criterio_{world['quality'].pk}": quality,
        f"criterio_{world['impact'].pk}": impact,
        "comment_to_applicant": "Buen planteamiento.",
        "comment_to_committee": "Presupuesto ajustado.",
    }
    data.update(extra)
    return data


# My reviews


def test_my_reviews_lists_assignments_without_names_in_a_blind_phase(client, world):
    client.force_login(world["user"])
    response = client.get(reverse("committees:my_reviews"))
    assert response.status_code == 200
    html = response.content.decode()
    assert world["proposal"].title in html
    assert review_url(world["proposal"]) in html
    assert "Paula Propone" not in html
    assert "Universidad Secreta" not in html
    assert "Sin empezar" in html
    assert "puedes escribir" in html


def test_my_reviews_shows_names_when_the_phase_does_not_hide_them(client, world):
    ReviewPhase.objects.filter(pk=world["phase"].pk).update(hide_names=False)
    client.force_login(world["user"])
    html = client.get(reverse("committees:my_reviews")).content.decode()
    assert "Paula Propone" in html
    assert "Universidad Secreta" in html


def test_my_reviews_says_draft_submitted_and_closed(client, world):
    other = make_proposal(world["call"], title="Segunda propuesta", status="in_review")
    Assignment.objects.create(reviewer=world["reviewer"], proposal=other)
    Review.objects.create(assignment=world["assignment"])
    Review.objects.create(
        assignment=Assignment.objects.get(proposal=other), submitted_at="2026-01-01T00:00Z"
    )
    ReviewPhase.objects.filter(pk=world["phase"].pk).update(can_write=False)
    client.force_login(world["user"])
    html = client.get(reverse("committees:my_reviews")).content.decode()
    assert "Borrador" in html
    assert "Enviada" in html
    assert "cerrada para escribir" in html
    assert "puedes escribir" not in html


def test_my_reviews_has_an_empty_state_and_links_the_declaration(client, member):
    client.force_login(member.user)
    response = client.get(reverse("committees:my_reviews"))
    html = response.content.decode()
    assert "No tienes propuestas por evaluar" in html
    assert reverse("committees:declarations") in html


def test_my_reviews_is_for_members(client, participant, db):
    assert client.get(reverse("committees:my_reviews")).status_code == 302
    client.force_login(participant)
    assert client.get(reverse("committees:my_reviews")).status_code == 403


def test_my_reviews_renders_in_english(client, world):
    client.force_login(world["user"])
    response = client.get("/en" + reverse("committees:my_reviews"))
    assert response.status_code == 200
    assert world["proposal"].title in response.content.decode()


def test_my_reviews_costs_the_same_whatever_the_number_of_assignments(client, world):
    client.force_login(world["user"])
    client.get(reverse("committees:my_reviews"))  # session, member: warmed the same each time

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("committees:my_reviews")).status_code == 200
        return len(captured)

    few = count()
    for number in range(6):
        proposal = make_proposal(world["call"], title=f"Propuesta {number}", status="in_review")
        assignment = Assignment.objects.create(reviewer=world["reviewer"], proposal=proposal)
        if number % 2:
            Review.objects.create(assignment=assignment)
    other_call = make_call(closed=True)
    make_phase(other_call, hide_names=False)
    seat = make_reviewer(other_call, world["reviewer"].member)
    Assignment.objects.create(reviewer=seat, proposal=make_proposal(other_call, status="in_review"))
    assert count() == few


def test_my_reviews_leaves_out_a_proposal_in_conflict(client, world):
    Conflict.objects.create(
        reviewer=world["reviewer"], proposal=world["proposal"], source="declared", detail="x"
    )
    client.force_login(world["user"])
    html = client.get(reverse("committees:my_reviews")).content.decode()
    assert world["proposal"].title not in html


# The review


def test_reviewer_saves_a_draft_with_some_scores(client, world):
    client.force_login(world["user"])
    response = client.post(review_url(world["proposal"]), scores(world, quality="4"))
    assert response.status_code == 302
    review = Review.objects.get(assignment=world["assignment"])
    assert review.submitted_at is None
    assert review.total is None
    assert list(review.scores.values_list("value", flat=True)) == [4]
    assert "Guardamos tu borrador" in said(response)[0]
    html = client.get(review_url(world["proposal"])).content.decode()
    assert 'value="4"' in html
    assert "Presupuesto ajustado." in html


def test_reviewer_submits_and_reads_the_weighted_total(client, world):
    client.force_login(world["user"])
    response = client.post(
        review_url(world["proposal"]), scores(world, quality="5", impact="5", accion="enviar")
    )
    assert response.status_code == 302
    review = Review.objects.get(assignment=world["assignment"])
    assert review.submitted_at is not None
    # (5/5·2 + 5/10·1) / 3 = 83.33
    assert str(review.total) == "83.33"
    html = client.get(review_url(world["proposal"])).content.decode()
    assert "83.33" in html or "83,33" in html
    assert "Guardar borrador" not in html


def test_submitting_without_every_score_is_refused_and_saves_nothing(client, world):
    client.force_login(world["user"])
    response = client.post(
        review_url(world["proposal"]), scores(world, quality="3", accion="enviar")
    )
    assert response.status_code == 200
    assert "Califica este criterio para enviar la evaluación." in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize("value", ["-1", "999", "abc", str(10**30), "3.5", "<script>", "1; DROP"])
def test_a_score_out_of_scale_or_garbage_is_refused_and_nothing_saved(client, world, value):
    client.force_login(world["user"])
    response = client.post(
        review_url(world["proposal"]), scores(world, quality=value, impact="3", accion="enviar")
    )
    assert response.status_code == 200
    assert "no se guardó nada" in said(response)[0]
    assert not Review.objects.exists()
    assert not Score.objects.exists()


def test_a_huge_comment_is_refused(client, world):
    client.force_login(world["user"])
    response = client.post(
        review_url(world["proposal"]), scores(world, comment_to_committee="x" * 6000)
    )
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_a_review_when_the_phase_stops_writing_is_refused(client, world):
    ReviewPhase.objects.filter(pk=world["phase"].pk).update(can_write=False)
    client.force_login(world["user"])
    html = client.get(review_url(world["proposal"])).content.decode()
    assert "no admite escribir evaluaciones" in html
    assert "Enviar evaluación" not in html
    response = client.post(
        review_url(world["proposal"]), scores(world, quality="5", impact="5", accion="enviar")
    )
    assert response.status_code == 302
    assert "no admite escribir evaluaciones" in said(response)[0]
    assert not Review.objects.exists()


def test_a_review_without_an_active_phase_is_refused(client, world):
    ReviewPhase.objects.filter(pk=world["phase"].pk).update(is_active=False)
    client.force_login(world["user"])
    response = client.post(
        review_url(world["proposal"]), scores(world, quality="5", impact="5", accion="enviar")
    )
    assert "no admite escribir evaluaciones" in said(response)[0]
    assert not Review.objects.exists()


def test_a_review_of_a_withdrawn_proposal_is_refused(client, world):
    world["proposal"].status = ProposalStatus.WITHDRAWN
    world["proposal"].save(update_fields=["status"])
    client.force_login(world["user"])
    response = client.post(
        review_url(world["proposal"]), scores(world, quality="5", impact="5", accion="enviar")
    )
    assert "no está en revisión" in said(response)[0]
    assert not Review.objects.exists()


def test_only_the_assigned_reviewer_opens_the_review(client, world):
    url = review_url(world["proposal"])
    assert client.get(url).status_code == 302  # visitors sign in first
    client.force_login(make_member("Nadie Asignada").user)
    assert client.get(url).status_code == 404
    client.force_login(make_reviewer(world["call"]).member.user)  # on the committee, not assigned
    assert client.get(url).status_code == 404
    client.force_login(world["proposal"].applicant)
    assert client.get(url).status_code == 403
    staff = make_pncs_staff(sectors=("tic",))
    give_totp(staff)
    login(client, staff)
    assert client.get(url).status_code == 403
    assert client.post(url, scores(world, quality="1")).status_code == 403
    assert not Review.objects.exists()


def test_an_unknown_proposal_is_404(client, world):
    client.force_login(world["user"])
    url = reverse("committees:review_edit", kwargs={"uuid": "00000000-0000-4000-8000-000000000000"})
    assert client.get(url).status_code == 404
    assert client.get("/convocatorias/propuestas/no-es-uuid/evaluacion/").status_code == 404


def test_other_reviews_appear_after_submitting_without_their_authors(client, world):
    colleague = make_reviewer(world["call"], make_member("Colega Evaluadora"))
    theirs = Assignment.objects.create(reviewer=colleague, proposal=world["proposal"])
    Review.objects.create(
        assignment=theirs,
        total=70,
        comment_to_committee="Opinión de la colega.",
        submitted_at="2026-01-01T00:00Z",
    )
    client.force_login(world["user"])
    url = review_url(world["proposal"])
    assert "Opinión de la colega." not in client.get(url).content.decode()
    client.post(url, scores(world, quality="1", impact="1", accion="enviar"))
    html = client.get(url).content.decode()
    assert "Opinión de la colega." in html
    assert "Colega Evaluadora" not in html


def test_other_reviews_never_appear_when_the_phase_says_never(client, world):
    ReviewPhase.objects.filter(pk=world["phase"].pk).update(other_reviews="never")
    colleague = make_reviewer(world["call"])
    Review.objects.create(
        assignment=Assignment.objects.create(reviewer=colleague, proposal=world["proposal"]),
        comment_to_committee="Opinión de la colega.",
        submitted_at="2026-01-01T00:00Z",
    )
    client.force_login(world["user"])
    url = review_url(world["proposal"])
    client.post(url, scores(world, quality="1", impact="1", accion="enviar"))
    assert "Opinión de la colega." not in client.get(url).content.decode()


def test_the_review_page_renders_in_english(client, world):
    client.force_login(world["user"])
    response = client.get("/en" + review_url(world["proposal"]))
    assert response.status_code == 200
    assert world["proposal"].title in response.content.decode()


# A conflict declared on a proposal


def test_reviewer_declares_a_conflict_and_the_proposal_leaves_their_list(client, world):
    client.force_login(world["user"])
    url = reverse("committees:conflict_declare", kwargs={"uuid": world["proposal"].uuid})
    response = client.post(url, {"reason": "Fui asesora de esta universidad."})
    assert response.status_code == 302
    assert response["Location"] == reverse("committees:my_reviews")
    assert "Declaraste un conflicto" in said(response)[0]
    conflict = Conflict.objects.get(reviewer=world["reviewer"], proposal=world["proposal"])
    assert conflict.source == "declared"
    assert not Assignment.objects.filter(pk=world["assignment"].pk).exists()
    assert client.get(review_url(world["proposal"])).status_code == 404


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_a_conflict_without_a_fitting_reason_is_refused(client, world, reason):
    client.force_login(world["user"])
    url = reverse("committees:conflict_declare", kwargs={"uuid": world["proposal"].uuid})
    response = client.post(url, {"reason": reason})
    assert response.status_code == 302
    assert "cuál es el conflicto" in said(response)[0]
    assert not Conflict.objects.exists()
    assert Assignment.objects.filter(pk=world["assignment"].pk).exists()


def test_only_the_assigned_reviewer_declares_a_conflict(client, world):
    url = reverse("committees:conflict_declare", kwargs={"uuid": world["proposal"].uuid})
    client.force_login(make_member("Nadie Asignada").user)
    assert client.post(url, {"reason": "Quiero verla"}).status_code == 404
    client.force_login(world["proposal"].applicant)
    assert client.post(url, {"reason": "Yo"}).status_code == 403
    client.force_login(world["user"])
    assert client.get(url).status_code == 405
    assert not Conflict.objects.exists()


# The standing declaration


def test_member_adds_and_removes_a_standing_declaration(client, member):
    client.force_login(member.user)
    url = reverse("committees:declarations")
    assert "Aún no declaras" in client.get(url).content.decode()
    response = client.post(url, {"kind": "institution", "name": "  Universidad   de Colima "})
    assert response.status_code == 302
    assert "Lo añadimos" in said(response)[0]
    declaration = Declaration.objects.get(member=member)
    assert declaration.name == "Universidad de Colima"
    assert "Universidad de Colima" in client.get(url).content.decode()
    response = client.post(url, {"kind": "institution", "name": "universidad de colima"})
    assert response.status_code == 200
    assert "Ya está en tu declaración." in said(response)[0]
    assert Declaration.objects.count() == 1
    delete = reverse("committees:declaration_delete", kwargs={"pk": declaration.pk})
    response = client.post(delete)
    assert response.status_code == 302
    assert "Quitamos" in said(response)[0]
    assert not Declaration.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "nada", "name": "X"},
        {"kind": "person", "name": ""},
        {"kind": "person", "name": "x" * 201},
        {"kind": "'; DROP TABLE x --", "name": "' OR 1=1 --"},
        {},
    ],
)
def test_a_bad_declaration_is_refused(client, member, data):
    client.force_login(member.user)
    response = client.post(reverse("committees:declarations"), data)
    assert response.status_code == 200
    assert said(response)
    assert not Declaration.objects.exists()


def test_only_the_owner_removes_a_declaration(client, member, other_member, participant):
    declaration = Declaration.objects.create(member=member, kind="person", name="Mi hermano")
    delete = reverse("committees:declaration_delete", kwargs={"pk": declaration.pk})
    client.force_login(other_member.user)
    assert client.post(delete).status_code == 404
    client.force_login(participant)
    assert client.post(delete).status_code == 404
    client.force_login(member.user)
    assert client.get(delete).status_code == 405
    assert (
        client.post(reverse("committees:declaration_delete", kwargs={"pk": 99999})).status_code
        == 404
    )
    assert Declaration.objects.filter(pk=declaration.pk).exists()


def test_the_declaration_is_for_members(client, participant, member):
    url = reverse("committees:declarations")
    assert client.get(url).status_code == 302
    client.force_login(participant)
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "person", "name": "X"}).status_code == 403
    assert not Declaration.objects.exists()


def test_the_declaration_renders_in_english(client, member):
    client.force_login(member.user)
    assert client.get("/en" + reverse("committees:declarations")).status_code == 200


def test_the_profile_editor_links_the_declaration(client, member):
    client.force_login(member.user)
    html = client.get(reverse("members:profile_edit")).content.decode()
    assert reverse("committees:declarations") in html


# The home


def test_the_home_counts_the_reviews_to_write(client, world):
    client.force_login(world["user"])
    html = client.get("/inicio/").content.decode()
    assert "Evaluaciones por escribir" in html
    assert reverse("committees:my_reviews") in html


def test_the_home_says_nothing_once_the_review_is_sent_or_the_phase_closes(client, world):
    client.force_login(world["user"])
    ReviewPhase.objects.filter(pk=world["phase"].pk).update(can_write=False)
    assert "Evaluaciones por escribir" not in client.get("/inicio/").content.decode()
    ReviewPhase.objects.filter(pk=world["phase"].pk).update(can_write=True)
    Review.objects.create(assignment=world["assignment"], submitted_at="2026-01-01T00:00Z")
    assert "Evaluaciones por escribir" not in client.get("/inicio/").content.decode()


def test_the_calls_staff_see_the_proposals_waiting_for_their_decision(client, world, ime_admin):
    staff = make_pncs_staff(sectors=("tic",))
    give_totp(staff)
    login(client, staff)
    html = client.get("/inicio/").content.decode()
    assert "Propuestas por decidir" in html
    assert reverse("committees:call_list") in html
    login(client, ime_admin)
    assert "Propuestas por decidir" in client.get("/inicio/").content.decode()
    other = make_pncs_staff(sectors=("salud",), name="PNCS de salud")
    give_totp(other)
    login(client, other)
    assert "Propuestas por decidir" not in client.get("/inicio/").content.decode()
    world["proposal"].status = ProposalStatus.ACCEPTED
    world["proposal"].save(update_fields=["status"])
    login(client, staff)
    assert "Propuestas por decidir" not in client.get("/inicio/").content.decode()
