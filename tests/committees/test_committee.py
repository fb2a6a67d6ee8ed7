"""The staff's work on a call's committee (committees.committee_views): the reviewers and their
invitation, the conflicts, the assignment, the results and decisions, and the export."""

import csv
import io
import uuid
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import (
    Assignment,
    Conflict,
    ProposalStatus,
    Review,
    Reviewer,
    ReviewExport,
    Score,
)
from members.models import Consent
from tests.committees.helpers import make_call, make_proposal, make_reviewer
from tests.conftest import give_totp, login, make_member, make_pncs_staff

PNCS = (Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH)


@pytest.fixture
def call(db):
    return make_call(
        closed=True,
        title="Sensores para el riego agrícola",
        description="Redes de sensores de humedad y agua para el campo.",
    )


@pytest.fixture
def staff(db):
    user = make_pncs_staff("pncs-tic@example.org", sectors=("tic",), name="PNCS TIC")
    give_totp(user)
    return user


@pytest.fixture
def other_staff(db):
    user = make_pncs_staff("pncs-salud@example.org", sectors=("salud",), name="PNCS Salud")
    give_totp(user)
    return user


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def submit_review(reviewer, proposal, total, *, comment="", committee=""):
    assignment = Assignment.objects.create(reviewer=reviewer, proposal=proposal)
    review = Review.objects.create(
        assignment=assignment,
        total=Decimal(total),
        comment_to_applicant=comment,
        comment_to_committee=committee,
        submitted_at=timezone.now(),
    )
    for criterion in proposal.call.criteria.all():
        Score.objects.create(review=review, criterion=criterion, value=2)
    return review


def named_reviewer(call, name, **fields):
    return make_reviewer(call, make_member(name, languages=["es", "en"]), **fields)


def url(name, call, **kwargs):
    return reverse(f"committees:{name}", kwargs={"slug": call.slug, **kwargs})


# Who may use the pages.

PAGES = ["committee", "conflict_list", "assignment_plan", "results", "reviews_export"]
WRITES = ["reviewer_invite", "conflicts_detect", "assignment_plan", "assignment_add"]


@pytest.mark.parametrize("name", PAGES)
def test_the_calls_staff_open_every_page(client, call, staff, name):
    login(client, staff)
    assert client.get(url(name, call)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_ime_opens_every_page(client, call, ime_admin, name):
    login(client, ime_admin)
    assert client.get(url(name, call)).status_code == 200


@pytest.mark.parametrize("name", PAGES + WRITES)
def test_outsiders_are_refused_and_visitors_sent_to_sign_in(
    client, call, other_staff, participant, name
):
    proposal = make_proposal(call, applicant=participant, status=ProposalStatus.IN_REVIEW)
    reviewer = make_reviewer(call)
    Assignment.objects.create(reviewer=reviewer, proposal=proposal)
    method = client.post if name in WRITES else client.get
    response = method(url(name, call))
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    for user in (other_staff, reviewer.member.user, participant):
        login(client, user)
        assert method(url(name, call)).status_code == 403, user
    assert not ReviewExport.objects.exists()


def test_pncs_without_the_second_factor_in_this_session_is_refused(client, call):
    staff = make_pncs_staff("sin-mfa@example.org", sectors=("tic",), name="PNCS TIC")
    client.force_login(staff)
    assert client.get(url("committee", call)).status_code == 403


def test_outsiders_cannot_decide_waive_or_remove(client, call, staff, other_staff, participant):
    proposal = make_proposal(call, applicant=participant, status=ProposalStatus.IN_REVIEW)
    reviewer = make_reviewer(call)
    assignment = Assignment.objects.create(reviewer=reviewer, proposal=proposal)
    conflict = Conflict.objects.create(reviewer=reviewer, proposal=proposal, source="education")
    posts = [
        (
            reverse("committees:proposal_decide", kwargs={"uuid": proposal.uuid}),
            {"decision": "accept", "rationale": "Muy buena."},
        ),
        (url("conflict_waive", call, pk=conflict.pk), {"reason": "Sin relación real."}),
        (url("assignment_remove", call, pk=assignment.pk), {}),
    ]
    for path, data in posts:
        response = client.post(path, data)
        assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
        for user in (other_staff, reviewer.member.user, participant):
            signed_in = Client()
            login(signed_in, user)
            assert signed_in.post(path, data).status_code == 403
    proposal.refresh_from_db()
    conflict.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW
    assert conflict.waived_at is None
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_unknown_calls_answer_404(client, staff):
    login(client, staff)
    assert client.get("/convocatorias/no-existe/comite/").status_code == 404


# The committee and its invitations.


def test_committee_page_counts_each_reviewers_assignments_and_reviews(client, call, staff):
    busy = named_reviewer(call, "Rita Revisora")
    named_reviewer(call, "Ina Invitada", status=Reviewer.Status.INVITED)
    first, second = make_proposal(call), make_proposal(call)
    submit_review(busy, first, "80")
    Assignment.objects.create(reviewer=busy, proposal=second)
    login(client, staff)
    response = client.get(url("committee", call))
    rows = {row.member.full_name: row for row in response.context["reviewers"]}
    assert (rows["Rita Revisora"].assigned, rows["Rita Revisora"].submitted) == (2, 1)
    assert rows["Ina Invitada"].get_status_display() == "Invitado"
    assert "Ina Invitada" in response.content.decode()


def test_suggestions_rank_candidates_by_the_calls_text_and_skip_the_invited(client, call, staff):
    best = make_member("Sol Sensores", headline="Sensores de humedad para riego", consents=PNCS)
    invited = make_member("Ivo Invitado", headline="Sensores de riego y humedad", consents=PNCS)
    make_reviewer(call, invited)
    hidden = make_member("Ana Oculta", headline="Sensores de humedad para riego")
    other_sector = make_member(
        "Beto Salud", headline="Sensores de humedad", sectors=("salud",), consents=PNCS
    )
    for number in range(5):
        make_member(f"Relleno {number}", headline="Bases de datos", consents=PNCS)
    login(client, staff)
    suggested = client.get(url("committee", call)).context["suggested"]
    assert len(suggested) == 5
    assert suggested[0] == best
    assert invited not in suggested and hidden not in suggested
    assert other_sector not in suggested


def test_search_finds_candidates_by_name_without_accents(client, call, staff):
    found = make_member("Óscar Núñez", consents=PNCS)
    make_member("Óscar Sin Permiso")
    login(client, staff)
    response = client.get(url("committee", call), {"q": "oscar nunez"})
    assert response.context["found"] == [found]
    response = client.get(url("committee", call), {"q": "x" * 500})
    assert response.status_code == 200 and response.context["found"] is None


def test_staff_invite_a_candidate_through_the_introductions(client, call, staff):
    expert = make_member("Elsa Experta", consents=PNCS)
    login(client, staff)
    response = client.post(url("reviewer_invite", call), {"member": expert.pk, "message": ""})
    assert response.status_code == 302
    reviewer = Reviewer.objects.get(call=call, member=expert)
    assert reviewer.status == Reviewer.Status.INVITED
    assert reviewer.introduction.requester == staff
    assert call.title in reviewer.introduction.message
    assert "Elsa Experta" in messages_of(response)[0]


@pytest.mark.parametrize(
    "member",
    ["999999", "", "abc", "1; DROP TABLE committees_reviewer", "-4", "99999999999999999999"],
)
def test_inviting_garbage_or_an_unknown_member_is_a_message(client, call, staff, member):
    login(client, staff)
    response = client.post(url("reviewer_invite", call), {"member": member, "message": "Hola"})
    assert response.status_code == 302
    assert messages_of(response) == ["Elige a un experto de la lista."]
    assert not Reviewer.objects.exists()


def test_inviting_someone_who_is_not_a_candidate_is_refused(client, call, staff):
    no_consent = make_member("Nora Sin Consentimiento")
    login(client, staff)
    response = client.post(url("reviewer_invite", call), {"member": no_consent.pk})
    assert messages_of(response) == ["Esa persona no está entre los expertos que puedes invitar."]
    assert not Reviewer.objects.exists()


def test_inviting_twice_is_refused(client, call, staff):
    expert = make_member("Elsa Experta", consents=PNCS)
    make_reviewer(call, expert)
    login(client, staff)
    response = client.post(url("reviewer_invite", call), {"member": expert.pk})
    assert "ya fue invitado" in messages_of(response)[0]
    assert Reviewer.objects.filter(member=expert).count() == 1


# Conflicts.


def test_detecting_reports_new_and_stale_conflicts(client, call, staff):
    proposal = make_proposal(call, organisation="Universidad de Guanajuato")
    reviewer = make_reviewer(call, organisation="Universidad de Guanajuato")
    stale_proposal = make_proposal(call, organisation="Otra")
    Conflict.objects.create(reviewer=reviewer, proposal=stale_proposal, source="education")
    login(client, staff)
    response = client.post(url("conflicts_detect", call))
    assert response.status_code == 302
    assert messages_of(response) == ["Conflictos revisados: 1 nuevos, 1 que ya no aplican."]
    assert list(Conflict.objects.values_list("proposal_id", "source")) == [
        (proposal.pk, "organisation")
    ]


def test_conflict_list_shows_every_conflict_and_filters_by_source(client, call, staff):
    proposal = make_proposal(call, title="Propuesta con conflicto")
    reviewer = named_reviewer(call, "Carla Conflicto")
    Conflict.objects.create(reviewer=reviewer, proposal=proposal, source="education", detail="UNAM")
    Conflict.objects.create(
        reviewer=reviewer,
        proposal=proposal,
        source="chapter",
        detail="Houston",
        waived_by=staff,
        waived_at=timezone.now(),
        waiver_reason="Capítulo grande, sin relación.",
    )
    login(client, staff)
    page = client.get(url("conflict_list", call)).content.decode()
    assert "Carla Conflicto" in page and "Propuesta con conflicto" in page
    assert "Misma institución en su formación" in page and "UNAM" in page
    assert "Capítulo grande, sin relación." in page and "Personal PNCS" in page
    filtered = client.get(url("conflict_list", call), {"origen": "education"})
    assert [c.source for c in filtered.context["page"].object_list] == ["education"]
    garbage = client.get(url("conflict_list", call), {"origen": "<script>", "pagina": "x"})
    assert garbage.status_code == 200
    assert len(garbage.context["page"].object_list) == 2


def test_waiving_needs_a_reason_and_records_who(client, call, staff):
    conflict = Conflict.objects.create(
        reviewer=make_reviewer(call), proposal=make_proposal(call), source="education"
    )
    login(client, staff)
    path = url("conflict_waive", call, pk=conflict.pk)
    response = client.post(path, {"reason": "   "})
    assert messages_of(response) == [
        "Escribe por qué se dispensa este conflicto; queda registrado."
    ]
    conflict.refresh_from_db()
    assert conflict.waived_at is None
    response = client.post(path, {"reason": "Fue hace veinte años."})
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert (conflict.waived_by, conflict.waiver_reason) == (staff, "Fue hace veinte años.")


def test_waiving_a_conflict_of_another_call_answers_404(client, call, staff):
    other = make_call(closed=True)
    conflict = Conflict.objects.create(
        reviewer=make_reviewer(other), proposal=make_proposal(other), source="education"
    )
    login(client, staff)
    response = client.post(url("conflict_waive", call, pk=conflict.pk), {"reason": "Porque sí."})
    assert response.status_code == 404
    assert client.post(f"/convocatorias/{call.slug}/conflictos/abc/dispensar/").status_code == 404


# The assignment.


def test_plan_shows_pairs_and_shortfalls_and_applying_saves_them(client, call, staff):
    call.reviewers_per_proposal = 2
    call.save()
    proposal = make_proposal(call, title="Propuesta de riego")
    only = named_reviewer(call, "Única Evaluadora")
    login(client, staff)
    response = client.get(url("assignment_plan", call))
    page = response.content.decode()
    assert "Propuesta de riego" in page and "Única Evaluadora" in page
    assert "falta 1 evaluador" in page
    assert not Assignment.objects.exists()
    response = client.post(url("assignment_plan", call))
    assert "1 asignaciones nuevas" in messages_of(response)[0]
    assignment = Assignment.objects.get()
    assert (assignment.reviewer, assignment.proposal, assignment.automatic) == (
        only,
        proposal,
        True,
    )
    assert assignment.assigned_by == staff


def test_assigning_by_hand_and_removing(client, call, staff):
    proposal = make_proposal(call)
    reviewer = make_reviewer(call)
    login(client, staff)
    response = client.post(
        url("assignment_add", call), {"reviewer": reviewer.pk, "proposal": proposal.uuid}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(reviewer=reviewer, proposal=proposal)
    assert not assignment.automatic
    response = client.post(url("assignment_remove", call, pk=assignment.pk))
    assert messages_of(response)[-1] == "Quitamos la asignación."
    assert not Assignment.objects.exists()
    response = client.post(url("assignment_remove", call, pk=assignment.pk))
    assert messages_of(response)[-1] == "Esa asignación ya no existe."


@pytest.mark.parametrize(
    "data",
    [
        {"reviewer": "abc", "proposal": "no-es-uuid"},
        {"reviewer": "999999", "proposal": str(uuid.uuid4())},
        {},
        {"reviewer": "1' OR '1'='1", "proposal": "' OR 1=1 --"},
    ],
)
def test_assigning_garbage_is_a_message(client, call, staff, data):
    make_proposal(call)
    make_reviewer(call)
    login(client, staff)
    response = client.post(url("assignment_add", call), data)
    assert response.status_code == 302
    assert messages_of(response) == ["Elige un evaluador y una propuesta de esta convocatoria."]
    assert not Assignment.objects.exists()


def test_assigning_a_conflicted_pair_or_a_reviewer_of_another_call_is_refused(client, call, staff):
    proposal = make_proposal(call)
    reviewer = make_reviewer(call)
    Conflict.objects.create(reviewer=reviewer, proposal=proposal, source="education")
    stranger = make_reviewer(make_call(closed=True))
    login(client, staff)
    response = client.post(
        url("assignment_add", call), {"reviewer": reviewer.pk, "proposal": proposal.uuid}
    )
    assert "conflicto de interés" in messages_of(response)[0]
    response = client.post(
        url("assignment_add", call), {"reviewer": stranger.pk, "proposal": proposal.uuid}
    )
    assert messages_of(response)[-1] == "Elige un evaluador y una propuesta de esta convocatoria."
    assert not Assignment.objects.exists()


def test_a_submitted_review_keeps_its_assignment(client, call, staff):
    review = submit_review(make_reviewer(call), make_proposal(call), "70")
    login(client, staff)
    response = client.post(url("assignment_remove", call, pk=review.assignment_id))
    assert "ya se envió" in messages_of(response)[0]
    assert Assignment.objects.filter(pk=review.assignment_id).exists()


# Results and decisions.


def test_results_rank_by_mean_with_spread_undecided_first(client, call, staff):
    first, second, third = (make_reviewer(call) for _ in range(3))
    low = make_proposal(call, title="Baja", status=ProposalStatus.IN_REVIEW)
    high = make_proposal(call, title="Alta", status=ProposalStatus.IN_REVIEW)
    unreviewed = make_proposal(call, title="Sin evaluar", status=ProposalStatus.IN_REVIEW)
    decided = make_proposal(call, title="Decidida", status=ProposalStatus.ACCEPTED)
    make_proposal(call, title="Retirada", status=ProposalStatus.WITHDRAWN)
    submit_review(first, low, "40")
    submit_review(second, low, "60")
    submit_review(first, high, "90")
    submit_review(second, high, "70")
    draft = Assignment.objects.create(reviewer=third, proposal=high)
    Review.objects.create(assignment=draft, total=Decimal("10"))  # not submitted: not counted
    submit_review(first, decided, "99")
    login(client, staff)
    response = client.get(url("results", call))
    rows = list(response.context["page"].object_list)
    assert [row.title for row in rows] == ["Alta", "Baja", "Sin evaluar", "Decidida"]
    assert (rows[0].mean, rows[0].spread, rows[0].reviews) == (Decimal("80"), Decimal("20"), 2)
    assert (rows[2].mean, rows[2].spread, rows[2].reviews) == (None, None, 0)
    assert rows[0].decision_form is not None and rows[3].decision_form is None
    assert unreviewed.title in response.content.decode()


def test_staff_decide_a_proposal_with_a_rationale(client, call, staff):
    proposal = make_proposal(call, status=ProposalStatus.IN_REVIEW)
    login(client, staff)
    path = reverse("committees:proposal_decide", kwargs={"uuid": proposal.uuid})
    response = client.post(path, {"decision": "reject", "rationale": "Fuera del alcance."})
    assert response.status_code == 302 and response["Location"] == url("results", call)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert (proposal.rationale, proposal.decided_by) == ("Fuera del alcance.", staff)
    assert proposal.history.filter(to_status=ProposalStatus.REJECTED, actor=staff).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "accept", "rationale": ""},
        {"decision": "maybe", "rationale": "Sí."},
        {"decision": "accept", "rationale": "x" * 5000},
        {},
    ],
)
def test_a_bad_decision_is_a_message(client, call, staff, data):
    proposal = make_proposal(call, status=ProposalStatus.IN_REVIEW)
    login(client, staff)
    path = reverse("committees:proposal_decide", kwargs={"uuid": proposal.uuid})
    response = client.post(path, data)
    assert response.status_code == 302
    assert messages_of(response) == [
        "Elige aceptar o rechazar y escribe el fundamento de la decisión."
    ]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW


def test_a_decision_on_a_proposal_not_in_review_is_refused(client, call, staff):
    proposal = make_proposal(call, status=ProposalStatus.SUBMITTED)
    login(client, staff)
    path = reverse("committees:proposal_decide", kwargs={"uuid": proposal.uuid})
    response = client.post(path, {"decision": "accept", "rationale": "Excelente."})
    assert "Solo se decide una propuesta en revisión" in messages_of(response)[0]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_deciding_an_unknown_proposal_answers_404(client, staff):
    login(client, staff)
    path = reverse("committees:proposal_decide", kwargs={"uuid": uuid.uuid4()})
    assert client.post(path, {"decision": "accept", "rationale": "Sí."}).status_code == 404
    assert client.get(path).status_code == 405


# The export.


def test_export_streams_every_review_and_logs_it_first(client, call, staff):
    proposal = make_proposal(call, title="=HYPERLINK(1)", organisation="Universidad de Colima")
    reviewer = named_reviewer(call, "Rosa Evaluadora")
    submit_review(reviewer, proposal, "55.50", comment="Buen trabajo", committee="Sólido")
    draft = Assignment.objects.create(reviewer=make_reviewer(call), proposal=proposal)
    Review.objects.create(assignment=draft)
    login(client, staff)
    response = client.get(url("reviews_export", call))
    log = ReviewExport.objects.get()
    assert (log.call, log.exported_by, log.rows) == (call, staff, 2)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "propuesta",
        "institución que propone",
        "evaluador",
        "Calidad científica",
        "Impacto en México",
        "total ponderado",
        "comentario para quien propone",
        "comentario para el comité",
        "enviada",
    ]
    assert len(rows) == 3
    submitted = next(row for row in rows[1:] if row[2] == "Rosa Evaluadora")
    assert submitted[:9][:6] == [
        "'=HYPERLINK(1)",
        "Universidad de Colima",
        "Rosa Evaluadora",
        "2",
        "2",
        "55.50",
    ]
    assert submitted[6:8] == ["Buen trabajo", "Sólido"] and submitted[8]
    assert "@" not in text


# Both languages.


@pytest.mark.parametrize("name", PAGES[:4])
def test_pages_render_in_english(client, call, staff, name):
    make_reviewer(call)
    make_proposal(call, status=ProposalStatus.IN_REVIEW)
    login(client, staff)
    response = client.get("/en" + url(name, call))
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


# Fixed query counts.


def _committee_of(size):
    call = make_call(closed=True)
    for number in range(size):
        reviewer = make_reviewer(call)
        proposal = make_proposal(call, status=ProposalStatus.IN_REVIEW)
        submit_review(reviewer, proposal, str(50 + number))
        make_member(f"Candidata {number}", consents=PNCS)
    return call


def _queries(client, path, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, data or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["committee", "results", "conflict_list", "assignment_plan"])
def test_list_pages_cost_the_same_queries_with_2_or_12_rows(client, staff, name):
    small, large = _committee_of(2), _committee_of(12)
    for call in (small, large):
        for reviewer in call.reviewers.all():
            for proposal in call.proposals.all()[:1]:
                Conflict.objects.get_or_create(
                    reviewer=reviewer, proposal=proposal, source="education"
                )
    login(client, staff)
    data = {"q": "Candidata"} if name == "committee" else None
    client.get(url(name, small), data)  # the session's first request renews it: not counted
    counts = [_queries(client, url(name, call), data) for call in (small, large)]
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_QUERIES[name]


# The pages' cost as measured, whatever the number of rows: the session and the staff checks,
# the call, then the page's own reads (the assignment page runs the whole automatic plan).
MAX_QUERIES = {"committee": 11, "results": 8, "conflict_list": 8, "assignment_plan": 17}


def test_a_waiver_is_never_overwritten(client, call, staff, ime_admin):
    conflict = Conflict.objects.create(
        reviewer=make_reviewer(call), proposal=make_proposal(call), source="education"
    )
    path = url("conflict_waive", call, pk=conflict.pk)
    login(client, staff)
    client.post(path, {"reason": "Fue hace veinte años."})
    login(client, ime_admin)
    response = client.post(path, {"reason": "Otro motivo."})
    assert messages_of(response)[-1] == "Este conflicto ya está dispensado."
    conflict.refresh_from_db()
    assert (conflict.waived_by, conflict.waiver_reason) == (staff, "Fue hace veinte años.")


@pytest.mark.parametrize("reason", ["", "x" * 2001, "<script>alert(1)</script>"])
def test_an_empty_or_huge_waiver_reason_is_a_message_and_markup_stays_text(
    client, call, staff, reason
):
    conflict = Conflict.objects.create(
        reviewer=make_reviewer(call), proposal=make_proposal(call), source="education"
    )
    login(client, staff)
    response = client.post(url("conflict_waive", call, pk=conflict.pk), {"reason": reason})
    assert response.status_code == 302
    conflict.refresh_from_db()
    if reason.startswith("<script>"):
        assert conflict.waiver_reason == reason
        page = client.get(url("conflict_list", call)).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    else:
        assert conflict.waived_at is None
        expected = "Escribe por qué se dispensa" if not reason else "Escribe como máximo 2000"
        assert messages_of(response)[-1].startswith(expected)
