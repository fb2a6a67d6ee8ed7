"""Property tests of the automatic assignment (committees.assignment.propose and apply): random
calls drawn with fixed seeds, and what every plan must respect whatever the data."""

import random
from collections import Counter

import pytest

from committees import assignment
from committees.models import Assignment, Conflict, ProposalStatus, Reviewer
from tests.committees.helpers import make_call, make_proposal, make_reviewer
from tests.conftest import make_member

LANGUAGE_SETS = [["es"], ["en"], ["es", "en"], []]


def random_call(seed):
    """A call with random rules, reviewers (some not accepted, with random languages),
    proposals (some withdrawn or decided), conflicts (some waived) and assignments already made
    within the caps."""
    rng = random.Random(seed)
    call = make_call(
        closed=True,
        reviewers_per_proposal=rng.randint(1, 4),
        max_per_reviewer=rng.randint(1, 5),
    )
    reviewers = []
    for number in range(rng.randint(0, 7)):
        member = make_member(
            f"Evaluadora {seed}-{number}",
            headline=rng.choice(["Sensores de humedad", "Riego", "Bases de datos", ""]),
            languages=rng.choice(LANGUAGE_SETS),
        )
        status = rng.choices(
            [Reviewer.Status.ACCEPTED, Reviewer.Status.INVITED, Reviewer.Status.DECLINED],
            weights=[6, 1, 1],
        )[0]
        reviewers.append(make_reviewer(call, member, status=status))
    proposals = [
        make_proposal(
            call,
            language=rng.choice(["es", "en"]),
            status=rng.choices(
                [ProposalStatus.IN_REVIEW, ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN],
                weights=[6, 2, 1],
            )[0],
        )
        for _ in range(rng.randint(1, 8))
    ]
    for reviewer in reviewers:
        for proposal in proposals:
            draw = rng.random()
            if draw < 0.15:
                Conflict.objects.create(reviewer=reviewer, proposal=proposal, source="education")
            elif draw < 0.2:
                Conflict.objects.create(
                    reviewer=reviewer,
                    proposal=proposal,
                    source="organisation",
                    waived_at=call.created_at,
                    waiver_reason="Sin relación actual.",
                )
            elif (
                draw < 0.3
                and reviewer.status == Reviewer.Status.ACCEPTED
                and reviewer.assignments.count() < call.max_per_reviewer
            ):
                Assignment.objects.create(reviewer=reviewer, proposal=proposal)
    return call


def check_plan(call, plan):
    accepted = {
        reviewer.pk: reviewer
        for reviewer in Reviewer.objects.filter(
            call=call, status=Reviewer.Status.ACCEPTED
        ).select_related("member")
    }
    active = {
        proposal.pk: proposal
        for proposal in call.proposals.filter(
            status__in=(ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW)
        )
    }
    existing = set(
        Assignment.objects.filter(proposal__call=call).values_list("reviewer_id", "proposal_id")
    )
    blocked = set(
        Conflict.objects.filter(proposal__call=call, waived_at__isnull=True).values_list(
            "reviewer_id", "proposal_id"
        )
    )
    planned = [(reviewer.pk, proposal.pk) for reviewer, proposal, _affinity in plan.pairs]

    # No duplicate, nothing already assigned, only accepted reviewers and active proposals.
    assert len(planned) == len(set(planned))
    assert not set(planned) & existing
    assert all(r in accepted and p in active for r, p in planned)
    # Never a pair in conflict (a waived conflict does not block).
    assert not set(planned) & blocked
    # A language both share (a reviewer without languages takes any).
    for r, p in planned:
        languages = accepted[r].member.languages
        assert not languages or active[p].language in languages
    # Caps never exceeded, counting what each reviewer already had.
    load = Counter(r for r, _p in existing) + Counter(r for r, _p in planned)
    assert all(count <= call.max_per_reviewer for r, count in load.items() if r in accepted)
    # Each proposal gets the call's number where possible; every other one is reported with
    # how many are missing and why.
    got = Counter(p for _r, p in existing) + Counter(p for _r, p in planned)
    short = {proposal.pk: missing for proposal, missing, _why in plan.shortfalls}
    for p, proposal in active.items():
        missing = max(0, call.reviewers_per_proposal - got[p])
        assert short.get(p, 0) == missing, (p, short, missing)
        eligible = {
            r
            for r, reviewer in accepted.items()
            if (r, p) not in blocked
            and (not reviewer.member.languages or proposal.language in reviewer.member.languages)
        }
        if call.max_per_reviewer >= len(active):
            # Caps can never bind: the proposal gets eligible reviewers (not yet on it) up to
            # the number.
            had = existing_of(p, existing)
            needed = max(0, call.reviewers_per_proposal - len(had))
            assert got[p] == len(had) + min(needed, len(eligible - had))
    assert all(reason for _proposal, _missing, reason in plan.shortfalls)
    return planned


def existing_of(proposal_id, existing):
    return {r for r, p in existing if p == proposal_id}


@pytest.mark.parametrize("seed", range(12))
def test_random_plans_respect_caps_conflicts_languages_and_report_shortfalls(db, seed):
    call = random_call(seed)
    plan = assignment.propose(call)
    planned = check_plan(call, plan)
    before = Assignment.objects.filter(proposal__call=call).count()
    applied = assignment.apply(call, by=None)
    saved = set(
        Assignment.objects.filter(proposal__call=call, automatic=True).values_list(
            "reviewer_id", "proposal_id"
        )
    )
    assert saved == set(planned) == {(r.pk, p.pk) for r, p, _a in applied.pairs}
    assert Assignment.objects.filter(proposal__call=call).count() == before + len(planned)
    # Applied, the call needs nothing more: a second plan adds nothing new.
    again = assignment.propose(call)
    assert again.pairs == []
    assert {p.pk: m for p, m, _w in again.shortfalls} == {p.pk: m for p, m, _w in plan.shortfalls}


def test_enough_reviewers_give_every_proposal_its_number(db):
    call = make_call(closed=True, reviewers_per_proposal=3, max_per_reviewer=4)
    for _ in range(8):
        make_proposal(call, status=ProposalStatus.IN_REVIEW)
    for _ in range(6):
        make_reviewer(call)
    plan = assignment.propose(call)
    assert plan.shortfalls == []
    assert Counter(p.pk for _r, p, _a in plan.pairs) == {p.pk: 3 for p in call.proposals.all()}
    assert max(Counter(r.pk for r, _p, _a in plan.pairs).values()) <= 4


def test_too_few_reviewers_are_reported_with_the_reason(db):
    call = make_call(closed=True, reviewers_per_proposal=2, max_per_reviewer=1)
    first, second = (make_proposal(call, status=ProposalStatus.IN_REVIEW) for _ in range(2))
    reviewer = make_reviewer(call)
    Conflict.objects.create(reviewer=reviewer, proposal=second, source="education")
    plan = assignment.propose(call)
    assert [(r, p) for r, p, _a in plan.pairs] == [(reviewer, first)]
    reasons = {proposal: (missing, why) for proposal, missing, why in plan.shortfalls}
    assert reasons[first][0] == 1 and "máximo" in reasons[first][1]
    assert reasons[second][0] == 2 and "conflicto" in reasons[second][1]


def test_the_seeds_cover_full_plans_shortfalls_conflicts_and_binding_caps(db):
    """The random calls above are worth their name: between them, plans with pairs and with
    shortfalls, conflicts in the way, and caps that bind as well as caps that cannot."""
    seen = Counter()
    for seed in range(12):
        call = random_call(seed)
        plan = assignment.propose(call)
        active = call.proposals.exclude(status=ProposalStatus.WITHDRAWN).count()
        seen["pairs"] += bool(plan.pairs)
        seen["shortfalls"] += bool(plan.shortfalls)
        seen["no shortfall"] += not plan.shortfalls and active > 0
        seen["conflicts"] += Conflict.objects.filter(proposal__call=call).exists()
        seen["caps bind"] += call.max_per_reviewer < active
        seen["caps free"] += call.max_per_reviewer >= active
    assert all(seen[key] for key in ("pairs", "shortfalls", "conflicts", "caps bind", "caps free"))
    assert seen["no shortfall"], seen
