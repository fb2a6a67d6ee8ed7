"""The offers of a seat, however they were made (matching run or direct offer): the student
accepts, declines or withdraws; an unanswered offer expires; a seat given back is passed on to the
host's next candidate. Seats and locks follow the rules written in internships.selection."""

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.workflows import record

from . import applications
from .models import (
    APPLICATION_WORKFLOW,
    Application,
    Cycle,
    MatchingStatus,
    Placement,
    PlacementStatus,
    Posting,
    PostingStatus,
)
from .selection import (
    AS,
    CLOSED_BY_ACCEPTANCE,
    HOLDING,
    WAITING,
    SelectionRefused,
    _busy_students,
    _candidate_key,
    _lock_student,
    seats_held,
)

OFFER_GONE = _("Esta oferta ya no está vigente.")
OFFER_EXPIRED = _("El plazo para responder esta oferta ya pasó.")


def _lock_offer(application, *, now):
    """The application's row, locked, if it is an offer the student may still answer."""
    application = (
        Application.objects.select_for_update()
        .select_related("cycle", "posting")
        .get(pk=application.pk)
    )
    if application.status != AS.OFFER:
        refusal = APPLICATION_WORKFLOW.refusal(application.status, AS.ACCEPTED)
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
        record(placement, "", actor=student, at=now)
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
        change = application.history.order_by("-pk").first()
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
