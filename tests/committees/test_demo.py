"""The committees' demo (committees/demo.py through seed_demo): a call in review with its
committee (the demo member among its reviewers), conflicts, assignments and reviews in progress;
a decided call whose reviewers got their certificates; an open call; no email; once."""

import pytest
from django.core import mail
from django.core.management import call_command

from certificates.models import Certificate
from committees.demo import SLUGS
from committees.models import (
    Assignment,
    Call,
    Conflict,
    Proposal,
    ProposalDocument,
    Review,
    Reviewer,
)

pytestmark = pytest.mark.django_db

DEMO_MEMBER = "demo@redtalentos.example"


def _snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (Call, Proposal, Reviewer, Conflict, Assignment, Review, Certificate)
    }


def test_seed_demo_adds_the_committees_calls_once(
    django_capture_on_commit_callbacks, capsys, client
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", members=40)
    assert mail.outbox == []
    assert "Evaluation committees: calls 3, proposals 11," in capsys.readouterr().out

    review = Call.objects.get(slug=SLUGS["review"])
    assert review.status == "published" and review.phases.get(is_active=True)
    assert review.criteria.count() == 2 and review.required_documents.count() == 1
    assert list(review.history.values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "published"),
    ]
    assert review.proposals.count() == 6
    assert set(review.proposals.values_list("status", flat=True)) == {"in_review"}
    assert ProposalDocument.objects.filter(proposal__call=review).count() == 6
    reviewers = Reviewer.objects.filter(call=review)
    assert reviewers.count() == 4
    assert set(reviewers.values_list("status", flat=True)) == {"accepted"}
    # Invited through the brokered channel and accepting there (the demo member, whom the demo
    # PNCS already asked for something else, may have been seated directly).
    assert reviewers.filter(introduction__status="accepted").count() >= 3
    assert reviewers.filter(member__user__email=DEMO_MEMBER).exists()
    assert Conflict.objects.filter(proposal__call=review).exists()
    assert Assignment.objects.filter(proposal__call=review, automatic=True).exists()
    demo_assignments = Assignment.objects.filter(
        proposal__call=review, reviewer__member__user__email=DEMO_MEMBER
    )
    demo_reviews = Review.objects.filter(assignment__in=demo_assignments)
    assert demo_reviews.filter(submitted_at__isnull=False).exists()  # the reviewer's pages
    assert demo_reviews.filter(submitted_at__isnull=True).exists()
    reviews = Review.objects.filter(assignment__proposal__call=review)
    assert reviews.filter(submitted_at__isnull=False).exists()
    assert reviews.filter(submitted_at__isnull=True).exists()

    decided = Call.objects.get(slug=SLUGS["decided"])
    assert decided.status == "decided"
    assert set(decided.proposals.values_list("status", flat=True)) == {"accepted", "rejected"}
    assert all(decided.proposals.values_list("rationale", flat=True))
    certified = (
        Reviewer.objects.filter(call=decided, assignments__review__submitted_at__isnull=False)
        .distinct()
        .count()
    )
    assert certified > 0
    assert Certificate.objects.filter(source_app="committees").count() == certified

    open_call = Call.objects.get(slug=SLUGS["open"])
    assert open_call.accepts_proposals()
    assert open_call.proposals.filter(applicant__email=DEMO_MEMBER).exists()

    first = _snapshot()
    call_command("seed_demo", members=40)
    assert "Evaluation committees: calls 0, proposals 0," in capsys.readouterr().out
    assert _snapshot() == first
