"""Selection: what a host does with the applications to their postings (stages, private notes,
their order of candidates, a direct offer where the cycle allows it), IME's matching run over a
cycle (built from the students' and the hosts' rankings, kept with its inputs and result,
reviewed and approved before any offer goes out), and the offers themselves (accept, decline,
expire, pass the seat on).

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
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import User

from . import applications
from .matching import deferred_acceptance
from .models import (
    HOST_STAGES,
    Application,
    ApplicationNote,
    ApplicationStatus,
    Cycle,
    HostChoice,
    MatchingRun,
    MatchingStatus,
    Placement,
    PlacementStatus,
    Posting,
    PostingStatus,
    TransitionRefused,
    application_refusal,
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


# Offers


OFFER_GONE = _("Esta oferta ya no está vigente.")
OFFER_EXPIRED = _("El plazo para responder esta oferta ya pasó.")


def _lock_student(student_id):
    User.objects.select_for_update().only("pk").get(pk=student_id)


def _lock_offer(application, *, now):
    """The application's row, locked, if it is an offer the student may still answer."""
    application = (
        Application.objects.select_for_update()
        .select_related("cycle", "posting")
        .get(pk=application.pk)
    )
    if application.status != AS.OFFER:
        refusal = application_refusal(application.status, AS.ACCEPTED)
        raise SelectionRefused(refusal or OFFER_GONE)
    if application.offer_expires_at and application.offer_expires_at <= now:
        raise SelectionRefused(OFFER_EXPIRED)
    return application


def accept_offer(*, application, base_url, now=None):
    """The student accepts: the application is "aceptada", a Placement with the cycle's dates is
    created, and the student's other applications of the cycle are closed (their offers pass
    on). All or nothing, under the student's lock: a second acceptance gets a message."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_student(application.student_id)
        application = _lock_offer(application, now=now)
        student = application.student
        application = applications.move_application(
            application=application, to=AS.ACCEPTED, actor=student, base_url=base_url
        )
        cycle = application.cycle
        placement = Placement.objects.create(
            application=application, starts_on=cycle.placement_start, ends_on=cycle.placement_end
        )
        placement.status_changes.create(
            actor=student, from_status="", to_status=placement.status, created_at=now
        )
        others = (
            Application.objects.select_for_update()
            .select_related("cycle")
            .filter(student_id=application.student_id, cycle=cycle, status__in=CLOSED_BY_ACCEPTANCE)
            .exclude(pk=application.pk)
            .order_by("pk")
        )
        freed = []
        for other in others:
            if other.status == AS.OFFER:
                freed.append(other.posting_id)
            applications.move_application(
                application=other,
                to=AS.WITHDRAWN,
                actor=student,
                note=gettext("Aceptó otra oferta del ciclo"),
                base_url=base_url,
            )
        for posting_id in sorted(freed):
            pass_seat_on(posting_id=posting_id, base_url=base_url, now=now)
    return placement


def decline_offer(*, application, base_url, now=None):
    """The student declines: the application is withdrawn and the seat passes on."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_student(application.student_id)
        application = _lock_offer(application, now=now)
        application = applications.move_application(
            application=application,
            to=AS.WITHDRAWN,
            actor=application.student,
            note=gettext("Rechazó la oferta"),
            base_url=base_url,
        )
        pass_seat_on(posting_id=application.posting_id, base_url=base_url, now=now)
    return application


def withdraw(*, application, base_url, now=None):
    """The student withdraws an application in any state the table allows. Withdrawing an
    offer or an accepted place gives its seat back: the placement (if any) is cancelled and the
    seat passes to the host's next candidate, in the same transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        application = applications.withdraw(application=application, base_url=base_url)
        # What it held is read from the change just made, under the locks withdraw took.
        change = application.status_changes.order_by("-pk").first()
        if change.from_status in HOLDING:
            _cancel_placement(application, actor=application.student, now=now)
            pass_seat_on(posting_id=application.posting_id, base_url=base_url, now=now)
    return application


def _cancel_placement(application, *, actor, note="", now):
    """Cancels `application`'s placement, if it has one that may still be cancelled (a completed
    one stays), through its history. The caller holds the application's lock."""
    placement = (
        Placement.objects.select_for_update()
        .filter(
            application=application,
            status__in=(PlacementStatus.PLANNED, PlacementStatus.IN_PROGRESS),
        )
        .first()
    )
    if placement is not None:
        placement.move_to(PlacementStatus.CANCELLED, actor=actor, note=note, now=now)


def give_seats_back(*, student_id, base_url, now=None):
    """Before a student's account is deleted: each offer or accepted place of theirs gives its
    seat back (a completed placement's seat was used and stays), its placement cancelled, and
    the seat passes to the host's next free candidate, whose email goes after the commit. The
    student's applications are moved with `Application.move_to` (history, no email: the address
    is about to go). Locks as everywhere here: the account, their applications, then the
    postings (in order)."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_student(student_id)
        held = (
            Application.objects.select_for_update(of=("self",))
            .select_related("cycle")
            .filter(student_id=student_id, status__in=HOLDING)
            .exclude(placement__status=PlacementStatus.COMPLETED)
            .order_by("pk")
        )
        freed = set()
        for application in held:
            _cancel_placement(application, actor=None, note=gettext("Cuenta eliminada"), now=now)
            application.move_to(AS.WITHDRAWN, actor=None, note=gettext("Cuenta eliminada"), now=now)
            freed.add(application.posting_id)
        offered = []
        for posting_id in sorted(freed):
            offered += pass_seat_on(posting_id=posting_id, base_url=base_url, now=now)
    return offered


def expire_offers(*, base_url, now=None):
    """Offers past their time end as "no seleccionada" and their seat passes on. Each in its own
    transaction; running it again finds nothing. Returns (expired, offered)."""
    now = now or timezone.now()
    due = list(
        Application.objects.filter(status=AS.OFFER, offer_expires_at__lte=now)
        .order_by("offer_expires_at", "pk")
        .values_list("pk", flat=True)
    )
    expired = offered = 0
    for pk in due:
        with transaction.atomic():
            application = (
                Application.objects.select_for_update(skip_locked=True)
                .select_related("cycle")
                .filter(pk=pk, status=AS.OFFER, offer_expires_at__lte=now)
                .first()
            )
            if application is None:  # answered meanwhile, or being answered right now
                continue
            applications.move_application(
                application=application,
                to=AS.NOT_SELECTED,
                actor=None,
                note=gettext("La oferta venció"),
                base_url=base_url,
            )
            expired += 1
            offered += len(
                pass_seat_on(posting_id=application.posting_id, base_url=base_url, now=now)
            )
    return expired, offered


def pass_seat_on(*, posting_id, base_url, now=None):
    """Offers the posting's free seats to the host's next candidates who are still free (no
    offer or place in the cycle), while the cycle's offers last and once its matching is
    approved (before that, the matching itself fills the seats). Returns the offers made."""
    now = now or timezone.now()
    posting = Posting.objects.select_for_update().select_related("cycle").get(pk=posting_id)
    cycle = posting.cycle
    if (
        posting.status != PostingStatus.APPROVED
        or timezone.localdate(now) > cycle.offers_until
        or not cycle.matching_runs.filter(status=MatchingStatus.APPROVED).exists()
    ):
        return []
    free = posting.seats - seats_held(posting)
    if free <= 0:
        return []
    candidates = sorted(
        posting.applications.filter(status__in=WAITING).exclude(student__in=_busy_students(cycle)),
        key=_candidate_key,
    )
    offered = []
    for candidate in candidates:
        if len(offered) == free:
            break
        locked = (
            Application.objects.select_for_update(skip_locked=True)
            .select_related("cycle")
            .filter(pk=candidate.pk, status__in=WAITING)
            .first()
        )
        if locked is None:
            continue
        applications.move_application(
            application=locked,
            to=AS.OFFER,
            actor=None,
            note=gettext("Plaza liberada por otra persona"),
            base_url=base_url,
        )
        offered.append(locked)
    return offered


def fill_free_seats(*, base_url, now=None):
    """Passes on every free seat of the postings whose cycle is in its offers (an approved
    matching, offers not over) that still have free candidates: what a pair skipped at the
    approval left. One transaction per posting. Returns the offers made."""
    now = now or timezone.now()
    cycles = Cycle.objects.filter(
        offers_until__gte=timezone.localdate(now), matching_runs__status=MatchingStatus.APPROVED
    )
    postings = (
        Posting.objects.filter(cycle__in=cycles, status=PostingStatus.APPROVED)
        .annotate(held=Count("applications", filter=Q(applications__status__in=HOLDING)))
        .filter(held__lt=F("seats"))
        .filter(Exists(Application.objects.filter(posting=OuterRef("pk"), status__in=WAITING)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    offered = 0
    for posting_id in list(postings):
        with transaction.atomic():
            offered += len(pass_seat_on(posting_id=posting_id, base_url=base_url, now=now))
    return offered
