"""Small cells of the statistics: never shown, never derivable from the total by subtraction
(redtalentos.lib.statistics.suppress), checked against every assignment an attacker could try."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from redtalentos.lib.statistics import BELOW, RESERVED, SHOWN, THRESHOLD, suppress


def _possible_values(values, markings):
    """For each withheld cell, every value it could take given what is published: the shown
    cells, the total, and the published bounds (BELOW: 1..4, RESERVED: 5 or more)."""
    hidden = [i for i, marking in enumerate(markings) if marking != SHOWN]
    hidden_sum = sum(values[i] for i in hidden)
    ranges = [
        range(1, THRESHOLD) if markings[i] == BELOW else range(THRESHOLD, hidden_sum + 1)
        for i in hidden
    ]
    possible = {i: set() for i in hidden}
    for candidate in itertools.product(*ranges):
        if sum(candidate) == hidden_sum:
            for i, value in zip(hidden, candidate, strict=True):
                possible[i].add(value)
    return possible


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=6))
def test_no_withheld_count_can_be_derived_from_the_total(values):
    markings, total = suppress(values)
    for value, marking in zip(values, markings, strict=True):
        if 0 < value < THRESHOLD:
            assert marking == BELOW
        if marking == SHOWN:
            assert value == 0 or value >= THRESHOLD
        if marking == RESERVED:
            assert value >= THRESHOLD
    if 0 < sum(values) < THRESHOLD:
        assert total == BELOW
    if total:  # the total is withheld too: nothing to subtract from
        return
    for cell, possible in _possible_values(values, markings).items():
        assert len(possible) >= 2, (values, markings, cell, possible)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=9)),
        min_size=1,
        max_size=6,
    )
)
def test_a_sum_resting_on_few_people_is_never_withheld_alone(rows):
    """Hours: a sector behind fewer than 5 relationships is withheld, and never alone while the
    total is shown (one withheld sum is the total minus the others)."""
    values = [value for value, _people in rows]
    people = [people for _value, people in rows]
    markings, total = suppress(values, count=False, people=people)
    for marking, persons in zip(markings, people, strict=True):
        if 0 < persons < THRESHOLD:
            assert marking == BELOW
    withheld = [marking for marking in markings if marking]
    if not total:
        assert len(withheld) != 1


def test_a_single_small_cell_takes_the_next_smallest_with_it():
    markings, total = suppress([120, 3, 40, 9])
    assert markings == [SHOWN, BELOW, SHOWN, RESERVED]
    assert total == SHOWN


def test_two_small_cells_of_one_cannot_hide_behind_each_other():
    """1 + 1 = 2 leaves a single way to split: a larger cell is reserved as well."""
    markings, _total = suppress([1, 1, 50, 7])
    assert markings == [BELOW, BELOW, SHOWN, RESERVED]


def test_nothing_is_withheld_when_every_cell_is_large_or_empty():
    assert suppress([5, 0, 80]) == ([SHOWN, SHOWN, SHOWN], SHOWN)


def test_a_table_of_small_cells_withholds_its_total():
    """[4, 4]: the total 8 says both are 4; with nothing left to reserve, the total goes."""
    assert suppress([4, 4]) == ([BELOW, BELOW], RESERVED)
    assert suppress([2, 1]) == ([BELOW, BELOW], BELOW)
