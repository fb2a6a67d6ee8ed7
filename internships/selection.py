"""Selection: what a host does with the applications to their postings (stages, private notes,
their order of candidates, a direct offer where the cycle allows it), IME's matching run over a
cycle (built from the students' and the hosts' rankings, kept with its inputs and result,
reviewed and approved before any offer goes out). The offers themselves (accept, decline,
expire, pass the seat on) are in internships.offers, under the same rules.

Seats: a posting's seat is held by an application in "oferta" or "aceptada"; nothing here ever
offers past `posting.seats` (the posting's row is locked before counting).

The host's order of candidates, used by the matching and when a seat is passed on: primary
choices first, then alternates, then the unmarked; within each, by `host_rank` (unranked after
ranked); then by who applied first. A candidate the host does not want is marked "no
seleccionada" and is out of both.

Locks: a student's writes lock their account row first (as internships.applications does), then
their application rows; a posting's row is locked after the application rows of the transaction,
and candidates of a passed-on seat are taken with SKIP LOCKED (a row another transaction is
changing is not a free candidate). So two transactions never wait on each other in a circle.
Every status change goes through `applications.move_application` / `Application.move_to`, which
check the table (APPLICATION_TRANSITIONS), keep the history and mail the student after the commit.
"""

import time

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from members.models import User

from . import applications
from .matching import deferred_acceptance
from .models import (
    HOST_STAGES,
    Application,
    ApplicationNote,
    ApplicationStatus,
    HostChoice,
    MatchingRun,
    MatchingStatus,
    Posting,
    PostingStatus,
    TransitionRefused,
)

AS = ApplicationStatus
# Waiting for a decision: candidates of the matching and of a passed-on seat.
WAITING = (AS.SUBMITTED, AS.IN_REVIEW, AS.SHORTLISTED, AS.INTERVIEW)
HOLDING = (AS.OFFER, AS.ACCEPTED)  # take one of the posting's seats
# Closed when the student accepts another offer of the cycle.
CLOSED_BY_ACCEPTANCE = (AS.DRAFT, *WAITING, AS.OFFER)

_CHOICE_TIER = {HostChoice.PRIMARY: 0, HostChoice.ALTERNATE: 1}
_UNRANKED = 99_999  # above any host_rank (a small integer)


class SelectionRefused(TransitionRefused):
    """A selection write that cannot be done; `message` is for the person who asked."""


def host_priority(host_rank, host_choice):
    """The integer the matching reads as the host's rank of an application (lower is better),
    or None when the host neither ranked nor marked it (then it comes after every ranked one)."""
    tier = _CHOICE_TIER.get(host_choice)
    if tier is None and host_rank is None:
        return None
    tier = 2 if tier is None else tier
    return tier * 100_000 + (host_rank or _UNRANKED)


def _candidate_key(application):
    priority = host_priority(application.host_rank, application.host_choice)
    return (
        priority is None,
        priority or 0,
        application.submitted_at or application.created_at,
        application.pk,
    )


def _busy_students(cycle):
    """Students who hold an offer or a place in `cycle` (they are not free candidates)."""
    return Application.objects.filter(cycle=cycle, status__in=HOLDING).values("student")


# The host's work


def move_by_host(*, application, to, actor, note="", base_url):
    """A host's change of stage (en revisión, preseleccionada, entrevista, no seleccionada)."""
    if to not in HOST_STAGES:
        raise SelectionRefused(gettext("Ese cambio no lo hace la persona anfitriona."))
    return applications.move_application(
        application=application, to=to, actor=actor, note=note, base_url=base_url
    )


def add_note(*, application, author, text):
    return ApplicationNote.objects.create(application=application, author=author, text=text)


def set_host_order(*, application, host_rank, host_choice):
    application.host_rank = host_rank
    application.host_choice = host_choice
    application.save(update_fields=["host_rank", "host_choice", "updated_at"])
    return application


def seats_held(posting):
    return posting.applications.filter(status__in=HOLDING).count()


def direct_offer(*, application, actor, base_url, now=None):
    """The host offers their posting's seat to `application` without waiting for the matching,
    where the cycle allows it, up to the offers' end, within the posting's seats."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_student(application.student_id)
        application = (
            Application.objects.select_for_update()
            .select_related("cycle", "posting")
            .get(pk=application.pk)
        )
        cycle = application.cycle
        if not cycle.allow_direct_offers:
            raise SelectionRefused(gettext("Este ciclo no admite ofertas directas."))
        if timezone.localdate(now) > cycle.offers_until:
            raise SelectionRefused(gettext("El periodo de ofertas de este ciclo ya terminó."))
        if application.status not in WAITING:
            raise SelectionRefused(
                gettext("Solo se ofrece la plaza a una postulación que espera decisión.")
            )
        if _busy_students(cycle).filter(student=application.student_id).exists():
            raise SelectionRefused(
                gettext("Esta persona ya tiene una oferta o una plaza en este ciclo.")
            )
        posting = Posting.objects.select_for_update().get(pk=application.posting_id)
        if seats_held(posting) >= posting.seats:
            raise SelectionRefused(
                gettext("Todas las plazas de esta pasantía ya están ofrecidas o aceptadas.")
            )
        application = applications.move_application(
            application=application,
            to=AS.OFFER,
            actor=actor,
            note=gettext("Oferta directa"),
            base_url=base_url,
        )
    return application


# The matching


def matching_refusal(cycle, *, today=None):
    """Why IME cannot run the matching of `cycle` now, or None."""
    today = today or timezone.localdate()
    if today < cycle.selection_on:
        return gettext("La asignación se corre a partir del día de selección (%(day)s).") % {
            "day": cycle.selection_on.isoformat()
        }
    if cycle.matching_runs.filter(status=MatchingStatus.APPROVED).exists():
        return gettext("Este ciclo ya tiene una asignación aprobada.")
    return None


def build_inputs(cycle):
    """The matching's inputs from the database, as JSON (keys are strings): each free student's
    postings in their order, each posting's free seats, the hosts' ranks, the tiebreak and the
    application of each (student, posting) pair."""
    busy = set(_busy_students(cycle).values_list("student", flat=True))
    rows = (
        Application.objects.filter(
            cycle=cycle, status__in=WAITING, posting__status=PostingStatus.APPROVED
        )
        .exclude(student__in=busy)
        .order_by("student_id", "rank", "pk")
        .values_list("pk", "student_id", "posting_id", "host_rank", "host_choice", "submitted_at")
    )
    students, host_ranks, pairs, first_sent = {}, {}, {}, {}
    for pk, student, posting, host_rank, host_choice, submitted_at in rows:
        s, p = str(student), str(posting)
        students.setdefault(s, []).append(p)
        pairs[f"{s}:{p}"] = pk
        priority = host_priority(host_rank, host_choice)
        if priority is not None:
            host_ranks.setdefault(p, {})[s] = priority
        sent = submitted_at.isoformat() if submitted_at else ""
        first_sent[s] = min(first_sent.get(s, sent), sent)
    held = dict(
        Application.objects.filter(cycle=cycle, status__in=HOLDING)
        .values("posting_id")
        .annotate(n=Count("pk"))
        .values_list("posting_id", "n")
    )
    seats = {
        str(pk): max(count - held.get(pk, 0), 0)
        for pk, count in Posting.objects.filter(
            cycle=cycle, status=PostingStatus.APPROVED
        ).values_list("pk", "seats")
    }
    return {
        "students": students,
        "seats": seats,
        "host_ranks": host_ranks,
        "tiebreak": {s: [first_sent[s], int(s)] for s in students},
        "applications": pairs,
    }


def compute(inputs):
    """Runs the matching on stored `inputs`; returns the result as JSON."""
    started = time.perf_counter()
    tiebreak = {s: tuple(key) for s, key in inputs["tiebreak"].items()}
    assignment = deferred_acceptance(
        inputs["students"], inputs["seats"], inputs["host_ranks"], tiebreak=tiebreak
    )
    pairs = [
        {"student": s, "posting": p, "application": inputs["applications"][f"{s}:{p}"]}
        for s, p in assignment.items()
        if p is not None
    ]
    return {
        "pairs": pairs,
        "unmatched": [s for s, p in assignment.items() if p is None],
        "seconds": round(time.perf_counter() - started, 4),
    }


def run_matching(*, cycle, actor, today=None):
    """A new draft MatchingRun of `cycle` with its inputs and result, for IME to review."""
    refusal = matching_refusal(cycle, today=today)
    if refusal:
        raise SelectionRefused(refusal)
    inputs = build_inputs(cycle)
    return MatchingRun.objects.create(
        cycle=cycle, run_by=actor, inputs=inputs, result=compute(inputs)
    )


def approve_run(*, run, actor, base_url, now=None):
    """IME approves a draft run: each proposed pair still possible becomes an offer (a pair is
    skipped when the application left the running, its student got another offer or the
    posting's seats are taken since). Returns (offers made, pairs skipped)."""
    now = now or timezone.now()
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().select_related("cycle").get(pk=run.pk)
        if run.status != MatchingStatus.DRAFT:
            raise SelectionRefused(gettext("Esta asignación ya no está por revisar."))
        if run.cycle.matching_runs.filter(status=MatchingStatus.APPROVED).exists():
            raise SelectionRefused(gettext("Este ciclo ya tiene una asignación aprobada."))
        made = skipped = 0
        # Postings are locked in one order (their pk) by every transaction that locks several.
        pairs = sorted(run.result.get("pairs", []), key=lambda pair: int(pair["posting"]))
        for pair in pairs:
            if _offer_pair(pair["application"], run.cycle, actor=actor, base_url=base_url):
                made += 1
            else:
                skipped += 1
        run.status = MatchingStatus.APPROVED
        run.approved_by, run.approved_at = actor, now
        run.save(update_fields=["status", "approved_by", "approved_at"])
    return made, skipped


def _offer_pair(application_pk, cycle, *, actor, base_url):
    # SKIP LOCKED: a row another transaction is changing is skipped (the sweep of
    # expire_internship_offers fills the seat later), never waited for while postings are held.
    application = (
        Application.objects.select_for_update(skip_locked=True)
        .select_related("cycle")
        .filter(pk=application_pk, cycle=cycle, status__in=WAITING)
        .first()
    )
    if application is None or _busy_students(cycle).filter(student=application.student_id).exists():
        return False
    posting = Posting.objects.select_for_update().get(pk=application.posting_id)
    if posting.status != PostingStatus.APPROVED or seats_held(posting) >= posting.seats:
        return False
    applications.move_application(
        application=application,
        to=AS.OFFER,
        actor=actor,
        note=gettext("Asignación aprobada"),
        base_url=base_url,
    )
    return True


def discard_run(*, run):
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        if run.status != MatchingStatus.DRAFT:
            raise SelectionRefused(gettext("Esta asignación ya no está por revisar."))
        run.status = MatchingStatus.DISCARDED
        run.save(update_fields=["status"])
    return run


def _lock_student(student_id):
    User.objects.select_for_update().only("pk").get(pk=student_id)
