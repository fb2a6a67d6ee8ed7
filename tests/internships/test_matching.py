"""The cycle's matching (internships.matching) against the definitions: stable, student-optimal,
within seats, one posting per student, acceptable pairs only, and the same result whatever the
order of the inputs. The host's order used here is written from the documented rule (ranked
applicants by rank, then the unranked, ties by the student key), not taken from the module."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from internships.matching import deferred_acceptance


@st.composite
def instances(draw, max_students=6, max_postings=4):
    postings = [f"p{i}" for i in range(draw(st.integers(1, max_postings)))]
    # Some postings have no seats at all, some are missing from `seats` (closed since).
    seats = {p: draw(st.integers(0, 3)) for p in postings if draw(st.integers(0, 5))}
    students = [f"s{i}" for i in range(draw(st.integers(0, max_students)))]
    prefs = {
        s: draw(st.lists(st.sampled_from(postings), max_size=3, unique=True)) for s in students
    }
    host_ranks = {}
    for p in postings:
        applicants = [s for s in students if p in prefs[s]]
        if applicants and draw(st.booleans()):
            # Small ranks so that ties happen; some applicants stay unranked.
            host_ranks[p] = draw(st.dictionaries(st.sampled_from(applicants), st.integers(1, 3)))
    return prefs, seats, host_ranks


def host_key(host_ranks, posting, student):
    """Lower is better for the host: ranked first by rank, then the unranked; ties by key."""
    rank = host_ranks.get(posting, {}).get(student)
    return (rank is None, rank or 0, student)


def acceptable(prefs, seats, student):
    return [p for p in prefs[student] if seats.get(p, 0) > 0]


def student_rank(prefs, student, posting):
    """Lower is better for the student; being unmatched is worst."""
    return prefs[student].index(posting) if posting is not None else len(prefs[student])


def within_seats(matching, seats):
    counts = {}
    for posting in matching.values():
        if posting is not None:
            counts[posting] = counts.get(posting, 0) + 1
    return all(count <= seats.get(p, 0) for p, count in counts.items())


def blocking_pairs(matching, prefs, seats, host_ranks):
    """Pairs (student, posting) that both prefer each other to what they got (a free seat
    counts as preferring anyone acceptable)."""
    held = {}
    for student, posting in matching.items():
        if posting is not None:
            held.setdefault(posting, []).append(student)
    pairs = []
    for student in prefs:
        mine = student_rank(prefs, student, matching[student])
        for posting in acceptable(prefs, seats, student):
            if student_rank(prefs, student, posting) >= mine:
                continue
            there = held.get(posting, [])
            if len(there) < seats[posting] or any(
                host_key(host_ranks, posting, student) < host_key(host_ranks, posting, other)
                for other in there
            ):
                pairs.append((student, posting))
    return pairs


def all_stable_matchings(prefs, seats, host_ranks):
    students = list(prefs)
    options = [[None, *acceptable(prefs, seats, s)] for s in students]
    for combination in itertools.product(*options):
        matching = dict(zip(students, combination, strict=True))
        if within_seats(matching, seats) and not blocking_pairs(matching, prefs, seats, host_ranks):
            yield matching


def shuffled(mapping, rng):
    items = list(mapping.items())
    rng.shuffle(items)
    return dict(items)


@given(instances())
def test_every_student_gets_at_most_one_acceptable_posting_within_its_seats(instance):
    prefs, seats, host_ranks = instance
    matching = deferred_acceptance(prefs, seats, host_ranks)

    assert set(matching) == set(prefs)
    assert within_seats(matching, seats)
    for student, posting in matching.items():
        assert posting is None or posting in acceptable(prefs, seats, student)


@given(instances())
def test_matching_has_no_blocking_pair(instance):
    prefs, seats, host_ranks = instance
    matching = deferred_acceptance(prefs, seats, host_ranks)

    assert blocking_pairs(matching, prefs, seats, host_ranks) == []


@settings(max_examples=150)
@given(instances(max_students=5, max_postings=3))
def test_no_stable_matching_gives_any_student_a_better_posting(instance):
    prefs, seats, host_ranks = instance
    matching = deferred_acceptance(prefs, seats, host_ranks)

    stable = list(all_stable_matchings(prefs, seats, host_ranks))
    assert matching in stable
    for other in stable:
        for student in prefs:
            assert student_rank(prefs, student, matching[student]) <= student_rank(
                prefs, student, other[student]
            )


@given(instances(), st.randoms(use_true_random=False))
def test_same_inputs_in_any_order_give_the_same_result(instance, rng):
    prefs, seats, host_ranks = instance
    first = deferred_acceptance(prefs, seats, host_ranks)

    again = deferred_acceptance(
        shuffled(prefs, rng),
        shuffled(seats, rng),
        shuffled({p: shuffled(ranks, rng) for p, ranks in host_ranks.items()}, rng),
    )

    assert list(again.items()) == list(first.items())


def test_students_get_their_first_choice_when_hosts_agree():
    prefs = {"ana": ["lab", "firm"], "beto": ["firm", "lab"]}

    matching = deferred_acceptance(prefs, {"lab": 1, "firm": 1}, {"lab": {"beto": 1, "ana": 2}})

    # The lab would rather have Beto, but Beto prefers the firm, which takes him: no one blocks.
    assert matching == {"ana": "lab", "beto": "firm"}


def test_host_rank_decides_between_two_students_for_one_seat():
    prefs = {"ana": ["lab", "firm"], "beto": ["lab"]}

    matching = deferred_acceptance(
        prefs, {"lab": 1, "firm": 1}, {"lab": {"beto": 1, "ana": 2}, "firm": {"ana": 1}}
    )

    assert matching == {"ana": "firm", "beto": "lab"}


def test_an_unranked_applicant_fills_a_free_seat_but_comes_after_ranked_ones():
    prefs = {"ana": ["lab"], "beto": ["lab"], "carla": ["lab"]}

    matching = deferred_acceptance(prefs, {"lab": 2}, {"lab": {"carla": 1}})

    # Carla is ranked; of the two unranked, the tiebreak (here the key) takes Ana.
    assert matching == {"ana": "lab", "beto": None, "carla": "lab"}


def test_a_tiebreak_mapping_orders_equal_ranks_and_unranked_applicants():
    prefs = {"ana": ["lab"], "beto": ["lab"], "carla": ["lab"], "diego": ["lab"]}
    sent_at = {"ana": 4, "beto": 3, "carla": 2, "diego": 1}

    matching = deferred_acceptance(
        prefs, {"lab": 2}, {"lab": {"ana": 1, "beto": 1}}, tiebreak=sent_at
    )

    assert matching == {"diego": None, "carla": None, "beto": "lab", "ana": "lab"}
    assert list(matching) == ["diego", "carla", "beto", "ana"]


def test_a_posting_without_seats_takes_nobody_and_a_repeated_choice_counts_once():
    prefs = {"ana": ["closed", "lab", "lab", "gone"], "beto": ["lab", "lab"]}

    matching = deferred_acceptance(prefs, {"closed": 0, "lab": 1}, {"lab": {"beto": 1}})

    assert matching == {"ana": None, "beto": "lab"}


def test_nobody_applied():
    assert deferred_acceptance({}, {"lab": 3}) == {}


def test_negative_seats_are_refused():
    with pytest.raises(ValueError, match="negative"):
        deferred_acceptance({"ana": ["lab"]}, {"lab": -1})


def test_a_large_cycle_stays_within_seats_and_stable():
    rng = random.Random(14)
    postings = [f"p{i:03}" for i in range(200)]
    seats = {p: rng.randint(1, 3) for p in postings}
    prefs = {f"s{i:04}": rng.sample(postings, rng.randint(1, 3)) for i in range(1000)}
    host_ranks = {}
    for student, chosen in prefs.items():
        for posting in chosen:
            if rng.random() < 0.7:
                host_ranks.setdefault(posting, {})[student] = rng.randint(1, 20)

    matching = deferred_acceptance(prefs, seats, host_ranks)

    assert within_seats(matching, seats)
    assert blocking_pairs(matching, prefs, seats, host_ranks) == []
    assert sum(p is not None for p in matching.values()) > 0
