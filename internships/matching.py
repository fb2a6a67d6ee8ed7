"""Student-proposing deferred acceptance with capacities: the stable matching of a cycle.

Pure Python, no Django: `internships.selection` builds the inputs from the database and stores
them with the result in a MatchingRun; the property tests in tests/internships/test_matching.py
check the result against the definitions (stable, student-optimal, within seats).

Preferences, as the portal has them:

- A student ranks at most three postings, best first. Only the postings a student lists are
  acceptable to them; a posting listed twice counts at its first place.
- A host ranks the applicants of a posting with integers, lower is better (`host_rank`, 1 first).
  Every applicant the host has not ranked is acceptable too, below all the ranked ones: an
  applicant the host does not want is marked "no seleccionada" and never reaches this function,
  so leaving someone unranked means "not sorted yet", not "refused" — a seat left empty while a
  willing applicant waits would serve nobody.
- Ties (two applicants with the same rank, and all the unranked ones) are broken by a stable key
  per student (`tiebreak`, by default the student key itself; the selection passes the time the
  application was sent, then its id, so earlier applicants come first). With that, each host's
  order is strict, and the student-optimal stable matching is unique: the result depends only on
  the preferences, never on the order of dicts or of the proposals.
- A posting with no seats (0, or absent from `seats`) accepts nobody.

Cost: every application is proposed at most once and each proposal is a heap operation, so
O(A log A) for A applications; `bench_internships` measures a cycle of 20,000.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

__all__ = ["deferred_acceptance", "host_order"]

Student = Hashable
Posting = Hashable


def host_order(
    applicants: Iterable[Student],
    ranks: Mapping[Student, int] | None,
    tiebreak: Callable[[Student], Any],
) -> list[Student]:
    """The host's strict order of `applicants`, best first: ranked ones by rank, then the rest.

    Ties in rank, and the unranked applicants among themselves, follow `tiebreak`.
    """
    ranks = ranks or {}

    def key(student):
        rank = ranks.get(student)
        if rank is None:
            return (1, 0, tiebreak(student))
        return (0, rank, tiebreak(student))

    return sorted(set(applicants), key=key)


def deferred_acceptance(
    student_prefs: Mapping[Student, Sequence[Posting]],
    seats: Mapping[Posting, int],
    host_ranks: Mapping[Posting, Mapping[Student, int]] | None = None,
    *,
    tiebreak: Mapping[Student, Any] | Callable[[Student], Any] | None = None,
) -> dict[Student, Posting | None]:
    """The student-optimal stable matching.

    `student_prefs`: each student's postings, best first. `seats`: each posting's number of
    places. `host_ranks`: per posting, the rank (lower is better) the host gave to some of its
    applicants. `tiebreak`: a sortable key per student (a mapping or a function) that orders
    equal ranks and the unranked applicants; by default the student key itself, so student keys
    must then be mutually comparable.

    Returns every student of `student_prefs`, in tiebreak order, with their posting or None.
    """
    host_ranks = host_ranks or {}
    if tiebreak is None:

        def tiebreak_key(student):
            return student
    elif callable(tiebreak):
        tiebreak_key = tiebreak
    else:
        tiebreak_key = tiebreak.__getitem__

    for posting, count in seats.items():
        if count < 0:
            raise ValueError(f"Posting {posting!r} has a negative number of seats: {count}.")

    # Students get dense indices in tiebreak order, so that everything after this works on
    # integers and the proposal order (hence any intermediate state) is itself reproducible.
    students = sorted(student_prefs, key=tiebreak_key)
    index_of = {student: i for i, student in enumerate(students)}

    # Each student's acceptable postings, deduplicated, keeping only postings with seats.
    prefs: list[list[Posting]] = []
    applicants: dict[Posting, list[Student]] = {}
    for student in students:
        listed = []
        seen = set()
        for posting in student_prefs[student]:
            if posting in seen or seats.get(posting, 0) <= 0:
                continue
            seen.add(posting)
            listed.append(posting)
            applicants.setdefault(posting, []).append(student)
        prefs.append(listed)

    # Position of each applicant in their posting's strict order (0 = the host's first choice).
    position: dict[Posting, dict[int, int]] = {}
    for posting, its_applicants in applicants.items():
        ordered = host_order(its_applicants, host_ranks.get(posting), tiebreak_key)
        position[posting] = {index_of[s]: place for place, s in enumerate(ordered)}

    # held[posting] is a heap of (-position, student index): its top is the weakest held student.
    held: dict[Posting, list[tuple[int, int]]] = {posting: [] for posting in applicants}
    next_choice = [0] * len(students)
    free = deque(range(len(students)))
    while free:
        s = free.popleft()
        choice = next_choice[s]
        if choice >= len(prefs[s]):
            continue  # rejected everywhere they applied: unmatched
        next_choice[s] = choice + 1
        posting = prefs[s][choice]
        heap = held[posting]
        entry = (-position[posting][s], s)
        if len(heap) < seats[posting]:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:  # better placed than the weakest held: swap them
            _, evicted = heapq.heapreplace(heap, entry)
            free.append(evicted)
        else:
            free.append(s)

    assignment: dict[Student, Posting | None] = dict.fromkeys(students)
    for posting, heap in held.items():
        for _, s in heap:
            assignment[students[s]] = posting
    return assignment
