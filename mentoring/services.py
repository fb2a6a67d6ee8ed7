"""Every change of the mentoring goes through here: offers, requests (and their cohort places),
proposals answered through the brokered channel and the relationship's endings. Check-ins are
in checkin_services, cohorts in cohort_services.

Locks: a request's row, then its mentor's offer row (proposals); a mentor's offer row, then the
mentorship, then its request (answers and endings). The offer's `load` (proposals waiting plus
active mentorships) only changes under the offer's lock, so a mentor's capacity is never exceeded,
whatever the number of simultaneous proposals and acceptances.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.introductions import IntroductionRefused, request_introduction
from members.models import IntroductionRequest
from redtalentos.lib import capacity
from redtalentos.lib.workflows import Refused, record

from . import emails
from .models import (
    CohortPlace,
    MentorOffer,
    Mentorship,
    MentorshipStatus,
    Request,
    RequestStatus,
)

MS = MentorshipStatus
RS = RequestStatus
MAX_REQUESTS_IN_PROGRESS = 3
IN_PROGRESS = (RS.WAITLISTED, RS.OPEN, RS.PROPOSED)


class MentoringRefused(Refused):
    """A step of a mentoring request or mentorship that the rules refuse."""


def month_of(day):
    return day.replace(day=1)


# Offers


@transaction.atomic
def save_offer(*, form, member):
    """Saves a member's offer form (new or changed). Lowering the capacity below the mentorships
    under way ends none of them: the mentor simply gets no new proposal until there is room."""
    offer = form.save(commit=False)
    offer.member = member
    offer.save()
    form.save_m2m()
    offer.sector_ids = sorted(sector.pk for sector in form.cleaned_data["sectors"])
    offer.save(update_fields=["sector_ids"])
    return offer


# Requests


@transaction.atomic
def create_request(*, form, mentee, cohort=None, actor=None):
    """Records a request of `mentee` (a filled RequestForm). In a cohort it takes a place, first
    come first served, or waits in the cohort's line (status "waitlisted"); outside a cohort it
    joins the queue at once."""
    from members.models import User

    User.objects.select_for_update().filter(pk=mentee.pk).first()  # one request at a time
    in_progress = Request.objects.filter(mentee=mentee, status__in=IN_PROGRESS)
    if in_progress.count() >= MAX_REQUESTS_IN_PROGRESS:
        raise MentoringRefused(
            _(
                "Ya tienes %(count)d solicitudes en curso, el máximo a la vez. Retira una o espera "
                "a que alguna encuentre mentor."
            )
            % {"count": MAX_REQUESTS_IN_PROGRESS}
        )
    if cohort is not None:
        if not cohort.accepts_applications():
            raise MentoringRefused(_("Este grupo ya no recibe solicitudes."))
        if (
            in_progress.filter(cohort=cohort).exists()
            or Request.objects.filter(
                mentee=mentee, cohort=cohort, status__in=(RS.MATCHED, RS.COMPLETED)
            ).exists()
        ):
            raise MentoringRefused(_("Ya tienes una solicitud en este grupo."))
    request = form.save(commit=False)
    request.mentee = mentee
    request.cohort = cohort
    request.status = RS.WAITLISTED if cohort is not None else RS.OPEN
    request.save()
    record(request, "", actor=actor or mentee)
    if cohort is not None:
        place = CohortPlace(cohort=cohort, request=request)
        capacity.request_seat(seat=place, actor=actor or mentee)
        if place.status == capacity.SeatStatus.CONFIRMED:
            _move_request(request, RS.OPEN, actor=actor or mentee)
    return request


def _move_request(request, status, *, actor=None, note="", fields=()):
    """Moves `request` (its row locked) along REQUEST_TRANSITIONS, into its history."""
    request.workflow.move(
        request, status, actor=actor, note=note, update_fields=["updated_at", *fields]
    )


def _locked_request(request):
    return (
        Request.objects.select_for_update(of=("self",))
        .select_related("mentee", "cohort")
        .get(pk=request.pk)
    )


def accept_place(*, request, actor):
    """The mentee takes the cohort place offered to them; the request joins the queue (through
    place_moved). An offer past its time expires here, for good, and passes to the next in line:
    the capacity engine commits that before it refuses, so this runs in no transaction of its
    own."""
    place = CohortPlace.objects.select_related("cohort", "request").get(request=request)
    try:
        capacity.accept_offer(seat=place, actor=actor)
    except capacity.SeatRefused as refused:
        raise MentoringRefused(str(refused)) from refused
    return Request.objects.get(pk=request.pk)


def place_moved(place, action):
    """CohortPlace.notify: the request follows its place (a seat promoted by IME joins the
    queue; an offer that expired closes the request with the reason)."""
    # Locked after the place, as an update of the row would lock it.
    request = Request.objects.select_for_update().get(pk=place.request_id)
    joins_the_queue = (capacity.SeatAction.PROMOTED, capacity.SeatAction.ACCEPTED)
    if action in joins_the_queue and request.status == RS.WAITLISTED:
        _move_request(request, RS.OPEN)
    elif action == capacity.SeatAction.EXPIRED and request.status == RS.WAITLISTED:
        request.closing_note = _("El lugar que te ofrecimos en el grupo venció sin respuesta.")
        _move_request(request, RS.CLOSED, note=request.closing_note, fields=["closing_note"])
    emails.place_changed(place, action)


def _lock_proposal(mentorship_id):
    """Locks a proposal's rows in the one order every path uses (its introduction request, the
    mentor's offer, the mentorship, its request), so that an answer, an expiry and a withdrawal
    at the same moment wait for each other instead of deadlocking. Returns (offer, mentorship,
    request) as they are now."""
    introduction_id = (
        Mentorship.objects.filter(pk=mentorship_id).values_list("introduction_id", flat=True).get()
    )
    if introduction_id is not None:
        IntroductionRequest.objects.select_for_update().filter(pk=introduction_id).first()
    mentorship = Mentorship.objects.get(pk=mentorship_id)
    offer = MentorOffer.objects.select_for_update().get(member_id=mentorship.mentor_id)
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor")
        .get(pk=mentorship_id)
    )
    return offer, mentorship, _locked_request(mentorship.request)


@transaction.atomic
def withdraw_request(*, request, mentee):
    """The mentee withdraws a request in progress: a proposal out is cancelled, a cohort place
    passes to the next in line."""
    live = Mentorship.objects.filter(request=request, status=MS.PROPOSED).first()
    if live is not None:
        offer, live, request = _lock_proposal(live.pk)
    else:
        request = _locked_request(request)
    if request.mentee_id != mentee.pk:
        raise MentoringRefused(_("Esta solicitud no es tuya."))
    if request.status not in IN_PROGRESS:
        raise MentoringRefused(
            _("Esta solicitud ya no está en curso (%(status)s): no cambió nada.")
            % {"status": request.get_status_display().lower()}
        )
    if live is not None and live.status == MS.PROPOSED:
        _move(live, MS.CANCELLED, actor=mentee, note=_("La persona retiró su solicitud."))
        _release(offer)
        _expire_introduction(live)
    elif live is None and Mentorship.objects.filter(request=request, status=MS.PROPOSED).exists():
        raise MentoringRefused(_("La solicitud cambió mientras tanto; inténtalo de nuevo."))
    _give_place_back(request, actor=mentee)
    _move_request(request, RS.WITHDRAWN, actor=mentee)
    return request


def _give_place_back(request, *, actor):
    place = CohortPlace.objects.filter(request=request).first()
    if place is not None and place.status in capacity.ACTIVE:
        capacity.cancel(seat=place, actor=actor)


@transaction.atomic
def close_request(*, request, actor, note):
    """Staff close a request they cannot serve, with the reason the mentee reads (no request is
    left waiting in silence)."""
    request = _locked_request(request)
    if request.status not in (RS.WAITLISTED, RS.OPEN):
        raise MentoringRefused(
            _("Solo se cierra una solicitud que espera mentor; esta está «%(status)s».")
            % {"status": request.get_status_display()}
        )
    _give_place_back(request, actor=actor)
    request.closing_note = note
    _move_request(request, RS.CLOSED, actor=actor, note=note, fields=["closing_note"])
    emails.request_news(request, event="closed", note=note)
    return request


# Proposals, through the brokered channel


def _move(mentorship, status, *, actor=None, note=""):
    if not mentorship.allows(status):
        raise MentoringRefused(
            _("Esta mentoría está «%(status)s»: ese cambio ya no es posible.")
            % {"status": mentorship.get_status_display()}
        )
    today = timezone.localdate()
    fields = []
    if status == MS.ACTIVE:
        mentorship.started_on = today
        fields.append("started_on")
    elif status in (MS.COMPLETED, MS.CANCELLED, MS.DECLINED, MS.EXPIRED):
        mentorship.ended_on = today
        mentorship.end_reason = note
        fields += ["ended_on", "end_reason"]
    mentorship.workflow.move(mentorship, status, actor=actor, note=note, update_fields=fields)


def _release(offer):
    MentorOffer.objects.filter(pk=offer.pk, load__gt=0).update(load=F("load") - 1)


def _expire_introduction(mentorship):
    if mentorship.introduction_id is not None:
        IntroductionRequest.objects.filter(
            pk=mentorship.introduction_id, status=IntroductionRequest.Status.PENDING
        ).update(status=IntroductionRequest.Status.EXPIRED, answered_at=timezone.now())


def proposal_refusal(*, request, offer):
    """Why `offer`'s mentor cannot be proposed for `request` now, or None."""
    if offer.member.user_id == request.mentee_id:
        return _("Nadie puede ser su propio mentor.")
    if offer.paused:
        return _("%(name)s pausó su mentoría por ahora.") % {"name": offer.member.full_name}
    if offer.load >= offer.capacity:
        return ngettext(
            "%(name)s no tiene lugar libre: ya acompaña o tiene propuesta a %(count)d persona.",
            "%(name)s no tiene lugar libre: ya acompaña o tiene propuestas a %(count)d personas.",
            offer.load,
        ) % {"name": offer.member.full_name, "count": offer.load}
    if Mentorship.objects.filter(request=request, mentor_id=offer.member_id).exists():
        return _("Ya se propuso a %(name)s para esta solicitud.") % {"name": offer.member.full_name}
    return None


@transaction.atomic
def propose(*, request, offer, actor, reasons=(), base_url=None):
    """Proposes `offer`'s mentor for `request` (staff, or the mentee in a cohort that lets them
    pick): the mentor receives an introduction request from the mentee, answered on their
    introductions page; the proposal takes one of the mentor's places until it is answered or
    expires (settings.MENTORING_PROPOSAL_DAYS)."""
    request = _locked_request(request)
    if request.status != RS.OPEN:
        raise MentoringRefused(
            _("Esta solicitud no espera mentor ahora (%(status)s).")
            % {"status": request.get_status_display().lower()}
        )
    offer = (
        MentorOffer.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=offer.pk)
    )
    reason = proposal_refusal(request=request, offer=offer)
    if reason:
        raise MentoringRefused(reason)
    message = _("Te proponemos acompañar como mentor(a) a %(name)s. Su objetivo: %(goal)s") % {
        "name": request.mentee.get_full_name(),
        "goal": request.goal[:700],
    }
    try:
        introduction = request_introduction(
            requester=request.mentee,
            member=offer.member,
            purpose=IntroductionRequest.Purpose.MENTORING,
            message=message[:1000],
            base_url=base_url or settings.SITE_URL,
            may_ask=True,
        )
    except IntroductionRefused as refused:
        raise MentoringRefused(refused.message) from refused
    now = timezone.now()
    mentorship = Mentorship.objects.create(
        request=request,
        mentor=offer.member,
        introduction=introduction,
        proposed_by=actor,
        reasons=list(reasons),
        proposed_at=now,
        expires_at=now + datetime.timedelta(days=settings.MENTORING_PROPOSAL_DAYS),
    )
    record(mentorship, "", actor=actor)
    MentorOffer.objects.filter(pk=offer.pk).update(load=F("load") + 1)
    _move_request(request, RS.PROPOSED, actor=actor)
    emails.request_news(request, event="proposed", mentor_name=offer.member.full_name)
    return mentorship


def active_count(member_id):
    return Mentorship.objects.filter(mentor_id=member_id, status=MS.ACTIVE).count()


def proposal_answered(sender, *, introduction, accepted, **kwargs):
    """members.introductions.introduction_answered, inside the answer's transaction: an accepted
    proposal starts the mentorship (refused, and the answer with it, when the mentor has no
    room: they lowered their capacity since); a declined one sends the request back to the
    queue, and the mentee is told."""
    mentorship = Mentorship.objects.filter(introduction=introduction).first()
    if mentorship is None:
        return
    offer = MentorOffer.objects.select_for_update().get(member_id=mentorship.mentor_id)
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor")
        .get(pk=mentorship.pk)
    )
    if mentorship.status != MS.PROPOSED:
        if accepted:
            raise IntroductionRefused(
                _("Esta propuesta de mentoría ya no está vigente (%(status)s).")
                % {"status": mentorship.get_status_display().lower()}
            )
        return
    request = _locked_request(mentorship.request)
    if accepted:
        if active_count(offer.member_id) >= offer.capacity:
            raise IntroductionRefused(
                ngettext(
                    "Ya acompañas a %(count)d persona, el máximo que indicaste. Concluye la "
                    "mentoría o aumenta tu capacidad para aceptar esta propuesta.",
                    "Ya acompañas a %(count)d personas, el máximo que indicaste. Concluye una "
                    "mentoría o aumenta tu capacidad para aceptar esta propuesta.",
                    offer.capacity,
                )
                % {"count": offer.capacity}
            )
        _move(mentorship, MS.ACTIVE, actor=offer.member.user)
        _move_request(request, RS.MATCHED, actor=offer.member.user)
        emails.request_news(request, event="accepted", mentor_name=mentorship.mentor.full_name)
        return
    _move(mentorship, MS.DECLINED, actor=offer.member.user)
    _release(offer)
    _move_request(request, RS.OPEN, actor=offer.member.user)
    emails.request_news(request, event="declined", mentor_name=mentorship.mentor.full_name)


def expire_proposals(*, now=None):
    """Expires every proposal past its time: the mentor's place is freed, the introduction is
    marked expired, the request goes back to the queue and the mentee is told. Returns how many."""
    now = now or timezone.now()
    expired = 0
    due = Mentorship.objects.filter(status=MS.PROPOSED, expires_at__lt=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            offer, mentorship, request = _lock_proposal(pk)
            if mentorship.status != MS.PROPOSED:
                continue  # answered meanwhile
            _move(mentorship, MS.EXPIRED, note=_("Sin respuesta en el plazo."))
            _release(offer)
            _expire_introduction(mentorship)
            _move_request(request, RS.OPEN, note=_("Sin respuesta en el plazo."))
            emails.request_news(request, event="expired", mentor_name=mentorship.mentor.full_name)
            expired += 1
    return expired


# The relationship's endings


def _locked_mentorship(mentorship):
    offer = MentorOffer.objects.select_for_update().get(member_id=mentorship.mentor_id)
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor__user", "request__mentee")
        .get(pk=mentorship.pk)
    )
    return offer, mentorship


@transaction.atomic
def complete(*, mentorship, actor, note):
    """Ends an active mentorship as completed; both sides receive a certificate."""
    from certificates.models import Kind
    from certificates.services import issue

    offer, mentorship = _locked_mentorship(mentorship)
    _move(mentorship, MS.COMPLETED, actor=actor, note=note)
    _release(offer)
    request = _locked_request(mentorship.request)
    _move_request(request, RS.COMPLETED, actor=actor, note=note)
    hours = sum(check_in.hours or 0 for check_in in mentorship.check_ins.all())
    title = _("Mentoría: %(goal)s") % {"goal": request.goal[:120]}
    for holder, role in (
        (mentorship.mentor.user, _("Mentor(a)")),
        (request.mentee, _("Persona mentorada")),
    ):
        issue(
            kind=Kind.MENTORING,
            holder=holder,
            title=title,
            role=role,
            starts_on=mentorship.started_on or mentorship.proposed_at.date(),
            ends_on=mentorship.ended_on,
            place=_("%(hours)s horas registradas") % {"hours": hours} if hours else "",
            source_app="mentoring",
            source_key=f"mentorship:{mentorship.pk}",
        )
    emails.request_news(request, event="completed", mentor_name=mentorship.mentor.full_name)
    emails.mentor_news(mentorship, event="completed", note=note)
    return mentorship


@transaction.atomic
def cancel(*, mentorship, actor, note):
    """Ends a mentorship as cancelled, with the reason: an active one, or a proposal staff take
    back (its introduction request leaves the mentor's inbox). Cancelled by the mentor or staff,
    the request goes back to the queue; by the mentee, it ends with it."""
    if mentorship.status == MS.PROPOSED:
        offer, mentorship, request = _lock_proposal(mentorship.pk)
    else:
        offer, mentorship = _locked_mentorship(mentorship)
        request = _locked_request(mentorship.request)
    was_proposed = mentorship.status == MS.PROPOSED
    _move(mentorship, MS.CANCELLED, actor=actor, note=note)
    _release(offer)
    if was_proposed:
        _expire_introduction(mentorship)
    by_mentee = actor is not None and actor.pk == request.mentee_id
    _move_request(request, RS.WITHDRAWN if by_mentee else RS.OPEN, actor=actor, note=note)
    if not by_mentee:
        emails.request_news(
            request, event="cancelled", mentor_name=mentorship.mentor.full_name, note=note
        )
    if actor is None or actor.pk != mentorship.mentor.user_id:
        emails.mentor_news(mentorship, event="cancelled", note=note)
    return mentorship
