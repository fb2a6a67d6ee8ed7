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

from array import array
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
            affinity[reviewer, proposal] = extra
        ranked = [reviewer for reviewer, rank in summed.items() if rank]
        # Rounded to single-precision floats (ts_rank returns a real), the whole row at once.
        reals = array("f", [summed[reviewer] / len(words) for reviewer in ranked])
        for reviewer, rank in zip(ranked, reals, strict=True):
            affinity[reviewer, proposal] += rank
    return affinity


def propose(call):
    """The plan for `call` as its data stands (nothing is saved). Rows are keyed by `.id`:
    `.pk` is a property, and the rounds read it millions of times for 1,000 proposals."""
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
    load = {reviewer.id: 0 for reviewer in reviewers}
    assigned = {proposal.id: 0 for proposal in proposals}
    for reviewer_id, proposal_id in existing:
        if reviewer_id in load:
            load[reviewer_id] += 1
        if proposal_id in assigned:
            assigned[proposal_id] += 1
    blocked = blocking(call)
    affinity = _affinities(call, list(call.sectors.values_list("pk", flat=True)))
    languages = {reviewer.id: set(reviewer.member.languages or ()) for reviewer in reviewers}

    def eligible(proposal):
        return [
            reviewer
            for reviewer in reviewers
            # A reviewer without languages in their profile is not excluded for it.
            if (not languages[reviewer.id] or proposal.language in languages[reviewer.id])
            and (reviewer.id, proposal.id) not in blocked
            and (reviewer.id, proposal.id) not in existing
        ]

    candidates = {proposal.id: eligible(proposal) for proposal in proposals}
    needed = {
        proposal.id: max(0, call.reviewers_per_proposal - assigned[proposal.id])
        for proposal in proposals
    }
    order = sorted(proposals, key=lambda proposal: (len(candidates[proposal.id]), proposal.id))
    plan = Plan()
    chosen = {proposal.id: set() for proposal in proposals}
    for _round in range(call.reviewers_per_proposal):
        for proposal in order:
            if len(chosen[proposal.id]) >= needed[proposal.id]:
                continue
            free = [
                reviewer
                for reviewer in candidates[proposal.id]
                if load[reviewer.id] < call.max_per_reviewer
                and reviewer.id not in chosen[proposal.id]
            ]
            if not free:
                continue
            best = max(
                free,
                key=lambda reviewer: (
                    affinity.get((reviewer.id, proposal.id), 0),
                    -load[reviewer.id],
                    -reviewer.id,
                ),
            )
            chosen[proposal.id].add(best.id)
            load[best.id] += 1
            plan.pairs.append((best, proposal, affinity.get((best.id, proposal.id), 0)))
    for proposal in proposals:
        missing = needed[proposal.id] - len(chosen[proposal.id])
        if missing > 0:
            plan.shortfalls.append((proposal, missing, _why(call, candidates[proposal.id])))
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
