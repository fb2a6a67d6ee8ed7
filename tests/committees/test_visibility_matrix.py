"""The matrix of what a reviewer sees (issue 17, Quality), asserted through the pages a reviewer
opens: the proposal's page, the review page, Mis evaluaciones and the documents' download. A
reviewer never sees a proposal not assigned to them, nor one they are in conflict with (unless
the conflict was waived), nor another review before sending their own (nor ever when the phase
says never), nor the applicant's name and institution in a blind phase (or with no phase)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from committees.models import (
    Assignment,
    Conflict,
    ProposalDocument,
    ProposalStatus,
    Review,
    Reviewer,
    ReviewPhase,
)
from tests.committees.helpers import make_call, make_proposal, make_reviewer
from tests.conftest import make_member, make_user

PROPOSALS = {
    # title: (applicant's name, institution)
    "Propuesta Alfa": ("Paula Alfaro", "Universidad Alfa"),
    "Propuesta Beta": ("Bruno Betancourt", "Instituto Beta"),
    "Propuesta Gamma": ("Gala Gamboa", "Centro Gamma"),
}
REVIEWERS = ["Rita Uno", "Raúl Dos", "Rebeca Tres", "Ramón Cuatro", "Rosa Cinco"]
# Who is assigned what, and the conflicts: Rebeca's on Alfa was waived, hers on Beta was not;
# Ramón sits on the committee with nothing assigned; Rosa declined the invitation but an
# assignment of hers was left behind.
ASSIGNED = {
    "Rita Uno": ["Propuesta Alfa", "Propuesta Beta"],
    "Raúl Dos": ["Propuesta Alfa", "Propuesta Gamma"],
    "Rebeca Tres": ["Propuesta Alfa", "Propuesta Beta"],
    "Ramón Cuatro": [],
    "Rosa Cinco": ["Propuesta Gamma"],
}
WAIVED = {("Rebeca Tres", "Propuesta Alfa")}
CONFLICTED = {("Rebeca Tres", "Propuesta Beta"), ("Ramón Cuatro", "Propuesta Gamma")}
# Each other's submitted reviews of Alfa, by comment to the committee.
SUBMITTED = {"Raúl Dos": "Nota-de-Raúl-sobre-Alfa", "Rebeca Tres": "Nota-de-Rebeca-sobre-Alfa"}

PHASES = {
    "blind, others after one's own": {"hide_names": True, "other_reviews": "after_own"},
    "open, others never": {"hide_names": False, "other_reviews": "never"},
    "blind, others never": {"hide_names": True, "other_reviews": "never"},
    "open, others after one's own": {"hide_names": False, "other_reviews": "after_own"},
    "no active phase": None,
}


@pytest.fixture
def matrix(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    call = make_call(closed=True)
    proposals = {}
    for title, (name, institution) in PROPOSALS.items():
        applicant = make_user(
            f"{name.split()[0].lower()}@example.mx", full_name=name, account_type="institution"
        )
        proposal = make_proposal(
            call,
            applicant=applicant,
            organisation=institution,
            title=title,
            status=ProposalStatus.IN_REVIEW,
        )
        document = ProposalDocument(proposal=proposal, name="Carta")
        document.file.save("carta.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        proposals[title] = proposal
    reviewers = {}
    for name in REVIEWERS:
        status = Reviewer.Status.DECLINED if name == "Rosa Cinco" else Reviewer.Status.ACCEPTED
        reviewers[name] = make_reviewer(call, make_member(name), status=status)
    assignments = {}
    for name, titles in ASSIGNED.items():
        for title in titles:
            assignments[name, title] = Assignment.objects.create(
                reviewer=reviewers[name], proposal=proposals[title]
            )
    for name, title in WAIVED | CONFLICTED:
        waived = (name, title) in WAIVED
        Conflict.objects.create(
            reviewer=reviewers[name],
            proposal=proposals[title],
            source="organisation",
            detail="Misma institución",
            waived_at=timezone.now() if waived else None,
            waiver_reason="Colaboración terminada hace diez años." if waived else "",
        )
    for name, comment in SUBMITTED.items():
        review = Review.objects.create(
            assignment=assignments[name, "Propuesta Alfa"],
            total=60,
            comment_to_committee=comment,
            submitted_at=timezone.now(),
        )
        criterion = call.criteria.first()
        review.scores.create(criterion=criterion, value=3)
    return {"call": call, "proposals": proposals, "reviewers": reviewers}


def sees(name, title):
    """Whether the reviewer may see the proposal at all: assigned, seat accepted, and no
    conflict unless waived."""
    return title in ASSIGNED[name] and name != "Rosa Cinco" and (name, title) not in CONFLICTED


def pages(client, proposal):
    """The pages of one proposal a reviewer might open: (label, response)."""
    document = proposal.documents.get()
    return [
        ("proposal_detail", client.get(proposal.get_absolute_url())),
        ("review_edit", client.get(reverse("committees:review_edit", args=[proposal.uuid]))),
        (
            "document_download",
            client.get(
                reverse(
                    "committees:document_download",
                    kwargs={"uuid": proposal.uuid, "document": document.uuid},
                )
            ),
        ),
    ]


def text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode()


def other_comments(html, name):
    return [comment for other, comment in SUBMITTED.items() if other != name and comment in html]


@pytest.mark.parametrize("phase_name", list(PHASES))
def test_a_reviewer_sees_only_what_the_phase_and_their_assignments_allow(
    client, matrix, phase_name
):
    settings = PHASES[phase_name]
    if settings is not None:
        ReviewPhase.objects.create(
            call=matrix["call"], name="Fase", is_active=True, can_write=True, **settings
        )
    names_shown = settings is not None and not settings["hide_names"]
    others_after_own = settings is not None and settings["other_reviews"] == "after_own"
    problems = []
    for name, reviewer in matrix["reviewers"].items():
        client.force_login(reviewer.member.user)
        listing = text(client.get(reverse("committees:my_reviews")))
        for title, proposal in matrix["proposals"].items():
            applicant, institution = PROPOSALS[title]
            allowed = sees(name, title)
            if (title in listing) != allowed:
                problems.append(f"{name}: my_reviews lists {title}: {title in listing}")
            for label, response in pages(client, proposal):
                expected = 200 if allowed else 404
                if response.status_code != expected:
                    problems.append(f"{name} {title} {label}: {response.status_code}")
                    continue
                if label == "document_download":
                    continue
                html = text(response)
                for secret in (applicant, institution):
                    if (secret in html) != (allowed and names_shown):
                        problems.append(f"{name} {title} {label}: {secret} shown: {secret in html}")
                # Nobody reads other reviews before sending their own (Rita has not).
                if name == "Rita Uno" and other_comments(html, name):
                    problems.append(f"{name} {title} {label}: reads others before her own")
                # A reviewer who sent theirs reads the others' only when the phase allows it,
                # and never who wrote them.
                if name in SUBMITTED and title == "Propuesta Alfa":
                    if bool(other_comments(html, name)) != others_after_own:
                        problems.append(f"{name} {title} {label}: others shown wrongly")
                    for other in REVIEWERS:
                        if other != name and other in html:
                            problems.append(f"{name} {title} {label}: names reviewer {other}")
            # Names never leak through the list either.
            if (applicant in listing or institution in listing) and not (allowed and names_shown):
                problems.append(f"{name}: my_reviews names the applicant of {title}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("phase_name", list(PHASES))
def test_the_others_reviews_appear_only_after_sending_ones_own(client, matrix, phase_name):
    settings = PHASES[phase_name]
    if settings is not None:
        ReviewPhase.objects.create(
            call=matrix["call"], name="Fase", is_active=True, can_write=True, **settings
        )
    others_after_own = settings is not None and settings["other_reviews"] == "after_own"
    rita = matrix["reviewers"]["Rita Uno"]
    alfa = matrix["proposals"]["Propuesta Alfa"]
    client.force_login(rita.member.user)
    url = reverse("committees:review_edit", args=[alfa.uuid])
    data = {f"criterio_{criterion.pk}": "2" for criterion in matrix["call"].criteria.all()} | {
        "comment_to_applicant": "",
        "comment_to_committee": "Mía",
        "accion": "enviar",
    }
    # A draft is not enough.
    client.post(url, data | {"accion": "borrador"})
    for label, response in pages(client, alfa)[:2]:
        assert not other_comments(text(response), "Rita Uno"), label
    client.post(url, data)
    sent = Review.objects.filter(assignment__reviewer=rita, submitted_at__isnull=False).exists()
    # Without an active phase nothing can be written, let alone sent.
    assert sent == (settings is not None)
    for label, response in pages(client, alfa)[:2]:
        html = text(response)
        assert bool(other_comments(html, "Rita Uno")) == others_after_own, label
        assert "Raúl Dos" not in html and "Rebeca Tres" not in html, label


def test_a_waived_conflict_lets_the_reviewer_write_and_one_not_waived_never(client, matrix):
    ReviewPhase.objects.create(call=matrix["call"], name="Fase", is_active=True)
    rebeca = matrix["reviewers"]["Rebeca Tres"]
    client.force_login(rebeca.member.user)
    beta = matrix["proposals"]["Propuesta Beta"]
    criteria = matrix["call"].criteria.all()
    response = client.post(
        reverse("committees:review_edit", args=[beta.uuid]),
        {f"criterio_{criterion.pk}": "1" for criterion in criteria} | {"accion": "enviar"},
    )
    assert response.status_code == 404
    assert not Review.objects.filter(assignment__proposal=beta).exists()
    gamma = matrix["proposals"]["Propuesta Gamma"]
    client.force_login(matrix["reviewers"]["Rosa Cinco"].member.user)
    response = client.post(
        reverse("committees:review_edit", args=[gamma.uuid]),
        {f"criterio_{criterion.pk}": "1" for criterion in criteria} | {"accion": "enviar"},
    )
    assert response.status_code == 404
    assert not Review.objects.filter(assignment__proposal=gamma).exists()
