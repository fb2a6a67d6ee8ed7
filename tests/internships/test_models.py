"""The internships' models: where a cycle is, the two status tables and the database's limits."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from internships.models import (
    APPLICATION_TRANSITIONS,
    POSTING_TRANSITIONS,
    ApplicationStatus,
    CycleStage,
    PostingStatus,
    TransitionRefused,
)
from tests.conftest import make_member, make_user

from .helpers import make_application, make_cycle, make_posting

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_a_cycle_says_where_it_is_on_each_milestone():
    cycle = make_cycle()
    assert cycle.stage_on(cycle.postings_open - DAY) == CycleStage.UPCOMING
    assert cycle.stage_on(cycle.postings_open) == CycleStage.POSTINGS
    assert cycle.stage_on(cycle.applications_open) == CycleStage.APPLICATIONS
    assert cycle.stage_on(cycle.applications_close) == CycleStage.APPLICATIONS
    assert cycle.stage_on(cycle.applications_close + DAY) == CycleStage.REVIEW
    assert cycle.stage_on(cycle.selection_on) == CycleStage.OFFERS
    assert cycle.stage_on(cycle.offers_until + DAY) == CycleStage.PREPARATION
    assert cycle.stage_on(cycle.placement_start) == CycleStage.PLACEMENT
    assert cycle.stage_on(cycle.placement_end) == CycleStage.PLACEMENT
    assert cycle.stage_on(cycle.placement_end + DAY) == CycleStage.FINISHED
    assert cycle.stage == CycleStage.APPLICATIONS


def test_a_cycle_refuses_milestones_out_of_order():
    with pytest.raises(IntegrityError), transaction.atomic():
        cycle = make_cycle()
        cycle.applications_close = cycle.applications_open - DAY
        cycle.save()


@pytest.mark.parametrize(
    ("current", "wanted"),
    [(c, w) for c in PostingStatus for w in PostingStatus],
)
def test_a_posting_moves_only_along_its_table(current, wanted):
    posting = make_posting(make_cycle(), make_member(), status=current)
    reviewer = make_user()
    if wanted in POSTING_TRANSITIONS[current]:
        posting.move_to(wanted, actor=reviewer, comment="Bien")
        posting.refresh_from_db()
        assert posting.status == wanted
        change = posting.history.get()
        assert (change.from_status, change.to_status, change.actor) == (current, wanted, reviewer)
    else:
        with pytest.raises(TransitionRefused, match="no puede pasar"):
            posting.move_to(wanted, actor=reviewer)
        posting.refresh_from_db()
        assert posting.status == current
        assert not posting.history.exists()


def test_approving_a_posting_publishes_it_and_keeps_the_reviewer():
    posting = make_posting(make_cycle(), make_member(), status=PostingStatus.SUBMITTED)
    reviewer = make_user()
    posting.move_to(PostingStatus.APPROVED, actor=reviewer)
    assert posting.published_at is not None
    assert posting.reviewed_by == reviewer


@pytest.mark.parametrize(
    ("current", "wanted"),
    [(c, w) for c in ApplicationStatus for w in ApplicationStatus],
)
def test_an_application_moves_only_along_its_table(current, wanted):
    posting = make_posting(make_cycle(), make_member())
    application = make_application(posting, make_user(), status=current)
    if wanted in APPLICATION_TRANSITIONS[current]:
        application.move_to(wanted, actor=None)
        application.refresh_from_db()
        assert application.status == wanted
        assert application.history.get().from_status == current
    else:
        with pytest.raises(TransitionRefused):
            application.move_to(wanted, actor=None)
        application.refresh_from_db()
        assert application.status == current


def test_an_offer_expires_after_the_cycles_days_and_withdrawing_frees_the_rank():
    cycle = make_cycle(offer_days=5)
    posting = make_posting(cycle, make_member())
    application = make_application(posting, make_user())
    application.move_to(ApplicationStatus.OFFER, actor=None)
    assert application.offer_expires_at.date() >= (application.decided_at + 5 * DAY).date()
    application.move_to(ApplicationStatus.WITHDRAWN, actor=None)
    assert application.rank is None
    assert application.offer_expires_at is None


def test_the_database_refuses_a_fourth_rank_and_a_repeated_rank():
    cycle = make_cycle()
    host = make_member()
    student = make_user()
    postings = [make_posting(cycle, host) for _ in range(4)]
    make_application(postings[0], student, rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_application(postings[3], student, rank=4)
    # The rank's uniqueness is checked at the commit (deferred): checked now instead.
    with pytest.raises(IntegrityError), transaction.atomic():
        make_application(postings[1], student, rank=1)
        _check_deferred_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_application(postings[0], student, rank=2)


def _check_deferred_constraints():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_two_ranks_swap_in_one_transaction():
    cycle = make_cycle()
    host = make_member()
    student = make_user()
    first = make_application(make_posting(cycle, host), student, rank=1)
    second = make_application(make_posting(cycle, host), student, rank=2)
    with transaction.atomic():
        first.rank, second.rank = 2, 1
        first.save(update_fields=["rank"])
        second.save(update_fields=["rank"])
        _check_deferred_constraints()
    assert {first.rank, second.rank} == {1, 2}
