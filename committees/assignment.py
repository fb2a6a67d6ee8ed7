"""The automatic assignment proposal: each proposal gets the call's number of reviewers where
possible, by affinity, within every reviewer's cap, in a language both share, never to a pair in
conflict; staff see the proposal with its shortfalls, apply it, and adjust by hand.

Affinity of a reviewer and a proposal (one statement for every pair): how well the reviewer's
staff-visible profile (members' search_staff: headline, skills, sectors' names, biography…)
matches any word of the proposal's title and summary, in Spanish or English (the portal's own
search configurations), plus a bonus when the reviewer works in one of the call's sectors.

Filling: in rounds, one reviewer per proposal per round, the proposals with the fewest eligible
reviewers first; each takes its best eligible reviewer with room left (affinity, then the lighter
load, then the id). Rounds spread the reviewers over all proposals before any gets its last one.
"""

import struct
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from .conflicts import blocking
from .models import Assignment, Call, Proposal, ProposalStatus, Reviewer

SECTOR_BONUS = 0.5
ACTIVE = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW)

# ts_rank of an OR query is the sum, over the query's words found in the profile, of each word's
# own rank, divided by the number of words. So each reviewer's words are ranked once, alone, and
# a pair's affinity is summed from the words it shares (Python, below): ranking every pair with
# the proposal's whole query took a minute for 1,000 proposals and 300 reviewers.
REVIEWER_WORDS_SQL = """
SELECT rv.id, m.sector_ids && %(sectors)s::int[], l,
       ts_rank(m.search_staff, quote_literal(l)::tsquery)
FROM committees_reviewer rv
JOIN members_member m ON m.id = rv.member_id
LEFT JOIN LATERAL unnest(tsvector_to_array(m.search_staff)) l ON true
WHERE rv.call_id = %(call)s AND rv.status = 'accepted'
"""
PROPOSAL_WORDS_SQL = """
SELECT p.id, tsvector_to_array(p.search)
FROM committees_proposal p
WHERE p.call_id = %(call)s AND p.status IN ('submitted', 'in_review')
"""


@dataclass
class Plan:
    """What the automatic assignment would add: [(reviewer, proposal, affinity)], and for each
    proposal that cannot get the call's number of reviewers, why."""

    pairs: list = field(default_factory=list)
    shortfalls: list = field(default_factory=list)  # [(proposal, still missing, reason)]


def _affinities(call, sector_ids):
    """{(reviewer_id, proposal_id): affinity} of every pair: the rank of the reviewer's
    staff-visible profile against any word of the proposal (PostgreSQL's ts_rank, as a real),
    plus SECTOR_BONUS when the reviewer works in a sector of the call."""
    bonus = {}
    ranks = defaultdict(list)  # word: [(reviewer_id, its rank)]
    with connection.cursor() as cursor:
        cursor.execute(REVIEWER_WORDS_SQL, {"call": call.pk, "sectors": sector_ids})
        for reviewer, in_sector, word, rank in cursor.fetchall():
            bonus[reviewer] = SECTOR_BONUS if in_sector else 0
            if word is not None:
                ranks[word].append((reviewer, rank))
        cursor.execute(PROPOSAL_WORDS_SQL, {"call": call.pk})
        proposals = cursor.fetchall()
    affinity = {}
    for proposal, words in proposals:
        summed = defaultdict(float)
        for word in words:
            for reviewer, rank in ranks.get(word, ()):
                summed[reviewer] += rank
        for reviewer, extra in bonus.items():
            rank = summed.get(reviewer)
            affinity[reviewer, proposal] = (_real(rank / len(words)) if rank else 0) + extra
    return affinity


def _real(number):
    """`number` rounded to a single-precision float, as ts_rank returns it."""
    return struct.unpack("f", struct.pack("f", number))[0]


def propose(call):
    """The plan for `call` as its data stands (nothing is saved)."""
    reviewers = list(
        Reviewer.objects.filter(call=call, status=Reviewer.Status.ACCEPTED)
        .select_related("member")
        .order_by("pk")
    )
    proposals = list(
        Proposal.objects.filter(call=call, status__in=ACTIVE).only("pk", "title", "language")
    )
    existing = set(
        Assignment.objects.filter(proposal__call=call).values_list("reviewer_id", "proposal_id")
    )
    load = {reviewer.pk: 0 for reviewer in reviewers}
    assigned = {proposal.pk: 0 for proposal in proposals}
    for reviewer_id, proposal_id in existing:
        if reviewer_id in load:
            load[reviewer_id] += 1
        if proposal_id in assigned:
            assigned[proposal_id] += 1
    blocked = blocking(call)
    affinity = _affinities(call, list(call.sectors.values_list("pk", flat=True)))
    languages = {reviewer.pk: set(reviewer.member.languages or ()) for reviewer in reviewers}

    def eligible(proposal):
        return [
            reviewer
            for reviewer in reviewers
            # A reviewer without languages in their profile is not excluded for it.
            if (not languages[reviewer.pk] or proposal.language in languages[reviewer.pk])
            and (reviewer.pk, proposal.pk) not in blocked
            and (reviewer.pk, proposal.pk) not in existing
        ]

    candidates = {proposal.pk: eligible(proposal) for proposal in proposals}
    needed = {
        proposal.pk: max(0, call.reviewers_per_proposal - assigned[proposal.pk])
        for proposal in proposals
    }
    order = sorted(proposals, key=lambda proposal: (len(candidates[proposal.pk]), proposal.pk))
    plan = Plan()
    chosen = {proposal.pk: set() for proposal in proposals}
    for _round in range(call.reviewers_per_proposal):
        for proposal in order:
            if len(chosen[proposal.pk]) >= needed[proposal.pk]:
                continue
            free = [
                reviewer
                for reviewer in candidates[proposal.pk]
                if load[reviewer.pk] < call.max_per_reviewer
                and reviewer.pk not in chosen[proposal.pk]
            ]
            if not free:
                continue
            best = max(
                free,
                key=lambda reviewer: (
                    affinity.get((reviewer.pk, proposal.pk), 0),
                    -load[reviewer.pk],
                    -reviewer.pk,
                ),
            )
            chosen[proposal.pk].add(best.pk)
            load[best.pk] += 1
            plan.pairs.append((best, proposal, affinity.get((best.pk, proposal.pk), 0)))
    for proposal in proposals:
        missing = needed[proposal.pk] - len(chosen[proposal.pk])
        if missing > 0:
            plan.shortfalls.append((proposal, missing, _why(call, candidates[proposal.pk])))
    return plan


def _why(call, candidates):
    if not candidates:
        return _(
            "Ningún evaluador que aceptó puede tomarla: todos tienen un conflicto, no comparten "
            "su idioma o ya la tienen."
        )
    return _("Los evaluadores que podrían tomarla ya tienen el máximo de %(max)d propuestas.") % {
        "max": call.max_per_reviewer
    }


@transaction.atomic
def apply(call, *, by):
    """Computes the plan again under the call's lock and saves it; returns it."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    plan = propose(call)
    Assignment.objects.bulk_create(
        [
            Assignment(reviewer=reviewer, proposal=proposal, automatic=True, assigned_by=by)
            for reviewer, proposal, _affinity in plan.pairs
        ],
        ignore_conflicts=True,
    )
    return plan
