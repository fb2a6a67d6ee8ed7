"""Registration for an edition and the choice of its sessions, on the capacity engine
(redtalentos.lib.capacity). Keyword-only functions, each in one transaction; rows are locked in
the engine's order: the edition, a registration, a session, a session choice.

Refusals raise capacity.SeatRefused with a message for the person (the views show it).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.permissions import is_pncs_staff
from redtalentos.lib import capacity
from redtalentos.lib.capacity import ACTIVE, SeatRefused, SeatStatus

from .models import (
    DEFAULT_PRIORITIES,
    Attendance,
    PriorityGroup,
    PriorityRole,
    Registration,
    SessionChoice,
    SessionSpeaker,
)


class RegistrationWindow:
    NONE = "none"  # IME has not opened registration for this edition
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


def registration_window(edition, now=None):
    now = now or timezone.now()
    if not edition.is_published or edition.registration_opens_at is None:
        return RegistrationWindow.NONE
    if now < edition.registration_opens_at:
        return RegistrationWindow.NOT_YET
    closes = edition.registration_closes_at
    if (closes is not None and now >= closes) or (
        edition.ends_on is not None and timezone.localdate(now) > edition.ends_on
    ):
        return RegistrationWindow.CLOSED
    return RegistrationWindow.OPEN


def window_refusal(edition, window):
    if window == RegistrationWindow.NOT_YET:
        opens = timezone.localtime(edition.registration_opens_at)
        return _("El registro para esta jornada abre el %(date)s a las %(time)s.") % {
            "date": opens.strftime("%d/%m/%Y"),
            "time": opens.strftime("%H:%M"),
        }
    if window == RegistrationWindow.CLOSED:
        return _("El registro para esta jornada ya cerró.")
    return _("Esta jornada no tiene registro abierto.")


def priority_for(*, edition, user):
    """(role, group number): the best (lowest) group among the roles the person has for the
    edition, by the edition's priority groups or the defaults."""
    roles = [PriorityRole.PARTICIPANT]
    member = Member.objects.filter(user=user).values_list("pk", flat=True).first()
    if member is not None:
        roles.append(PriorityRole.MEMBER_ABROAD)
        if SessionSpeaker.objects.filter(session__edition=edition, member_id=member).exists():
            roles.append(PriorityRole.SPEAKER)
    if is_pncs_staff(user):
        roles.append(PriorityRole.PNCS_STAFF)
    groups = {**DEFAULT_PRIORITIES}
    groups.update(
        dict(PriorityGroup.objects.filter(edition=edition).values_list("role", "priority"))
    )
    role = min(roles, key=lambda r: (groups[r], list(DEFAULT_PRIORITIES).index(r)))
    return role, groups[role]


TRAVEL_FIELDS = (
    "attendance",
    "arrives_on",
    "departs_on",
    "needs_invitation_letter",
    "dietary_needs",
    "accessibility_needs",
)


def register(*, edition, user, details, now=None):
    """Registers `user` (confirmed or waitlisted). A cancelled registration, or one whose offer
    expired, asks again at the back of the line. Refused when registration is not open or the
    person already has an active registration."""
    role, priority = priority_for(edition=edition, user=user)
    with transaction.atomic():
        edition = capacity.lock(edition)
        window = registration_window(edition, now)
        if window != RegistrationWindow.OPEN:
            raise SeatRefused(window_refusal(edition, window))
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .filter(edition=edition, user=user)
            .first()
        )
        if registration is not None and registration.status in ACTIVE:
            raise SeatRefused(_("Ya estás registrado en esta jornada."))
        if registration is None:
            registration = Registration(edition=edition, user=user)
        for name in TRAVEL_FIELDS:
            if name in details:
                setattr(registration, name, details[name])
        registration.role, registration.priority = role, priority
        return capacity.request_seat(seat=registration, actor=user, now=now, locked_holder=edition)


def cancel_registration(*, registration, actor, note=""):
    """Cancels the registration and every session in its agenda; each freed seat is offered to
    the next in line."""
    with transaction.atomic():
        capacity.lock(registration.edition)
        registration = capacity.cancel(seat=registration, actor=actor, note=note)
        choices = SessionChoice.objects.filter(
            registration=registration, status__in=ACTIVE
        ).order_by("session_id")
        for choice in choices:
            capacity.cancel(seat=choice, actor=actor, note=note)
        return registration


def accept_registration_offer(*, registration, actor, now=None):
    return capacity.accept_offer(seat=registration, actor=actor, now=now)


def _confirmed_registration(registration):
    """The registration locked (before any session); refused unless its seat is confirmed."""
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.status != SeatStatus.CONFIRMED:
        raise SeatRefused(
            _("Podrás elegir sesiones cuando tu lugar en la jornada esté confirmado.")
        )
    return registration


def pick_session(*, registration, session, actor, now=None):
    """Adds `session` to the person's agenda: a seat when there is one, else a place in the
    session's waitlist."""
    if session.edition_id != registration.edition_id:
        raise SeatRefused(_("Esa sesión es de otra jornada."))
    with transaction.atomic():
        registration = _confirmed_registration(registration)
        choice = (
            SessionChoice.objects.select_for_update(of=("self",))
            .filter(registration=registration, session=session)
            .first()
        )
        if choice is not None and choice.status in ACTIVE:
            raise SeatRefused(_("Esa sesión ya está en tu agenda."))
        if choice is None:
            choice = SessionChoice(registration=registration, session=session)
        choice.registration = registration
        choice.priority = registration.priority
        return capacity.request_seat(seat=choice, actor=actor, now=now)


def _active_choice(registration, session):
    choice = SessionChoice.objects.filter(registration=registration, session=session).first()
    if choice is None or choice.status not in ACTIVE:
        raise SeatRefused(_("Esa sesión no está en tu agenda."))
    return choice


def unpick_session(*, registration, session, actor):
    with transaction.atomic():
        registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
        return capacity.cancel(seat=_active_choice(registration, session), actor=actor)


def accept_session_offer(*, registration, session, actor, now=None):
    """Takes an offered session seat. No lock on the registration: a cancellation running at the
    same time cancels the choice first (refused here) or after (and frees the seat again)."""
    if registration.status != SeatStatus.CONFIRMED:
        raise SeatRefused(_("Tu registro en la jornada no está confirmado."))
    return capacity.accept_offer(seat=_active_choice(registration, session), actor=actor, now=now)


def is_in_person(registration):
    return registration.attendance == Attendance.IN_PERSON
