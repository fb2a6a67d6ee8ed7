"""The rules of the missions (/proyectos/misiones/): registering a delegate (the seats and the
waitlist are the capacity engine's, redtalentos.lib.capacity), one-to-one meetings between
delegates or with a host, and each delegate's schedule and its .ics.

Accepted meetings of one delegate (and of one host) never overlap. Accepting a meeting locks, in
this fixed order, the mission, the two delegates' rows (lowest id first), the host's row and the
meeting, and only then looks for a clash: two acceptances that would overlap are counted one
after the other. The capacity engine locks the mission before a delegate too, so a cancellation
(which cancels the delegate's meetings) and an acceptance never wait for each other.

Every refusal is a MissionRefused whose message is for the person who asked; nothing is written.
"""

import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from redtalentos.lib import capacity, emails
from redtalentos.lib.capacity import ACTIVE, SeatAction, SeatRefused, SeatStatus
from redtalentos.lib.workflows import Refused, record

from .models import Delegate, Meeting, MeetingStatus, Mission, MissionHost

MS = MeetingStatus
OPEN_MEETINGS = (MS.REQUESTED, MS.ACCEPTED)
PRODID = "-//Red de Talentos Mexicanos//Misiones//ES"

# `with muted():` sends none of the missions' emails (demo data: nobody to write to).
muted = emails.Muting("missions")


class MissionRefused(Refused):
    """A change of a mission that the rules refuse."""


def _url(path):
    return emails.absolute(settings.SITE_URL, path)


# Emails


def delegate_changed(delegate, action):
    """The capacity engine's hook (Delegate.notify): the seat emails, after the commit."""
    if muted.active or action == SeatAction.CANCELLED:
        return  # the canceller is told on the page; a mission called off mails on its own
    user, mission = delegate.user, delegate.mission
    what = mission.title
    url = _url(mission.get_absolute_url())
    if action in (SeatAction.CONFIRMED, SeatAction.ACCEPTED, SeatAction.PROMOTED):
        send = partial(emails.send_seat_confirmed, user=user, what=what, url=url)
    elif action == SeatAction.WAITLISTED:

        def send():
            # The place in line counted after the commit, not while the mission is locked.
            emails.send_seat_waitlisted(
                user=user, what=what, url=url, position=capacity.position(delegate)
            )

    elif action == SeatAction.OFFERED:
        send = partial(
            emails.send_seat_offered,
            user=user,
            what=what,
            url=url,
            expires_at=delegate.offer_expires_at,
        )
    else:  # SeatAction.EXPIRED
        send = partial(emails.send_seat_offer_expired, user=user, what=what, url=url)
    transaction.on_commit(send)


def _mail_meeting(meeting, recipient_delegate, event):
    """To one delegate: a meeting was asked of them, accepted, declined or cancelled. Hosts have
    no account and no address here: the mission's organisers tell them."""
    if muted.active or recipient_delegate is None:
        return
    user = recipient_delegate.user
    context = {
        "name": user.get_short_name() or user.get_full_name(),
        "event": event,
        "mission": meeting.mission.title,
        "other": _other_side_name(meeting, recipient_delegate),
        "when": meeting_when(meeting),
        "note": meeting.note,
        "url": _url(reverse("projects:mission_agenda", kwargs={"slug": meeting.mission.slug})),
    }
    transaction.on_commit(partial(emails.send, "mission_meeting", to=[user.email], context=context))


def _other_side_name(meeting, delegate):
    if meeting.requester_id == delegate.pk:
        return meeting.counterpart_name
    return meeting.requester.user.get_full_name()


def meeting_when(meeting):
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at)
    day = date_format(starts, "DATE_FORMAT")
    return f"{day}, {date_format(starts, 'H:i')}\u2013{date_format(ends, 'H:i')}"


# Registration


def register(*, mission, user, organisation, role="", interests="", now=None):
    """Puts `user` in the mission's delegation: confirmed while places last, then waitlisted.
    Someone whose registration was cancelled (or whose offer expired) may register again, at the
    back of the line."""
    today = timezone.localdate(now) if now else timezone.localdate()
    try:
        with transaction.atomic():
            holder = capacity.lock(mission)
            if holder.status != Mission.Status.PUBLISHED:
                raise MissionRefused(_("Esta misión no recibe registros."))
            if today > holder.closes_on:
                raise MissionRefused(_("El registro para esta misión ya cerró."))
            seat = Delegate.objects.filter(mission=holder, user=user).first()
            if seat is not None and seat.status in ACTIVE:
                raise MissionRefused(_("Ya estás registrado(a) en esta misión."))
            if seat is None:
                seat = Delegate(mission=holder, user=user)
            seat.mission = holder
            seat.organisation = organisation
            seat.role = role
            seat.interests = interests
            return capacity.request_seat(seat=seat, actor=user, now=now, locked_holder=holder)
    except SeatRefused as refused:
        raise MissionRefused(refused.message) from None


def cancel_registration(*, delegate, actor, now=None, note=""):
    """Cancels the delegate's place (the next in line is offered it) and their open meetings."""
    try:
        with transaction.atomic():
            seat = capacity.cancel(seat=delegate, actor=actor, now=now, note=note)
            meetings = Meeting.objects.select_for_update(of=("self",)).filter(
                Q(requester=seat) | Q(with_delegate=seat), status__in=OPEN_MEETINGS
            )
            for meeting in meetings.select_related("requester__user", "with_delegate__user"):
                _cancel(meeting, by=seat)
            return seat
    except SeatRefused as refused:
        raise MissionRefused(refused.message) from None


def accept_offer(*, delegate, actor, now=None):
    try:
        return capacity.accept_offer(seat=delegate, actor=actor, now=now)
    except SeatRefused as refused:
        raise MissionRefused(refused.message) from None


# Meetings


def _check_times(mission, starts_at, ends_at):
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise MissionRefused(_("La reunión debe terminar después de empezar."))
    first, last = timezone.localdate(starts_at), timezone.localdate(ends_at)
    if first < mission.starts_on or last > mission.ends_on:
        raise MissionRefused(
            _("La reunión debe caer entre el %(start)s y el %(end)s, las fechas de la misión.")
            % {
                "start": date_format(mission.starts_on, "DATE_FORMAT"),
                "end": date_format(mission.ends_on, "DATE_FORMAT"),
            }
        )


def _clash(meeting_filter, starts_at, ends_at, *, exclude=None):
    clashes = Meeting.objects.filter(
        meeting_filter, status=MS.ACCEPTED, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).select_related("requester__user", "with_delegate__user", "with_host")
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude)
    return clashes.order_by("starts_at").first()


def _for_delegate(delegate):
    return Q(requester=delegate) | Q(with_delegate=delegate)


def _refuse_clash(clash, whose):
    raise MissionRefused(
        _(
            "Se cruza con otra reunión aceptada de %(whose)s: «%(requester)s con %(other)s», "
            "%(when)s."
        )
        % {
            "whose": whose,
            "requester": clash.requester.user.get_full_name(),
            "other": clash.counterpart_name,
            "when": meeting_when(clash),
        }
    )


def _lock_sides(mission, delegates, host):
    """Locks, in the fixed order, the mission, the delegates (lowest id first) and the host."""
    capacity.lock(mission)
    ids = sorted({d.pk for d in delegates if d is not None})
    locked = {
        d.pk: d
        for d in Delegate.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .select_related("user")
    }
    if host is not None:
        list(MissionHost.objects.select_for_update().filter(pk=host.pk))
    return locked


def request_meeting(*, requester, starts_at, ends_at, with_delegate=None, with_host=None, note=""):
    """The requester (a confirmed delegate) asks another confirmed delegate of the same mission,
    or one of its hosts, for a meeting between the mission's dates."""
    mission = requester.mission
    if mission.status != Mission.Status.PUBLISHED:
        raise MissionRefused(_("Esta misión no está publicada: no recibe solicitudes de reunión."))
    if (with_delegate is None) == (with_host is None):
        raise MissionRefused(_("Elige con quién quieres reunirte."))
    _check_times(mission, starts_at, ends_at)
    with transaction.atomic():
        locked = _lock_sides(mission, [requester, with_delegate], with_host)
        me = locked.get(requester.pk)
        if me is None or me.status != SeatStatus.CONFIRMED:
            raise MissionRefused(_("Solo las personas con lugar confirmado piden reuniones."))
        if with_delegate is not None:
            other = locked.get(with_delegate.pk)
            if other is None or other.mission_id != mission.pk:
                raise MissionRefused(_("Esa persona no está en esta delegación."))
            if other.pk == me.pk:
                raise MissionRefused(_("No puedes pedirte una reunión a ti mismo(a)."))
            if other.status != SeatStatus.CONFIRMED:
                raise MissionRefused(_("Esa persona ya no tiene un lugar en la delegación."))
        elif with_host.mission_id != mission.pk:
            raise MissionRefused(_("Ese anfitrión no recibe esta misión."))
        clash = _clash(_for_delegate(me), starts_at, ends_at)
        if clash is not None:
            _refuse_clash(clash, _("tu agenda"))
        duplicate = Meeting.objects.filter(
            requester=me,
            with_delegate=with_delegate,
            with_host=with_host,
            status=MS.REQUESTED,
            starts_at=starts_at,
        ).exists()
        if duplicate:
            raise MissionRefused(_("Ya pediste esta reunión; espera la respuesta."))
        meeting = Meeting.objects.create(
            mission=mission,
            requester=me,
            with_delegate=with_delegate,
            with_host=with_host,
            starts_at=starts_at,
            ends_at=ends_at,
            note=note,
        )
        _mail_meeting(meeting, with_delegate, "requested")
        return meeting


def answer_meeting(*, meeting, accept, now=None):
    """The counterpart's answer (a delegate, or the staff for a host). Accepting refuses a
    meeting that overlaps an accepted one of either delegate or of the host."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_sides(meeting.mission, [meeting.requester, meeting.with_delegate], meeting.with_host)
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("mission", "requester__user", "with_delegate__user", "with_host")
            .get(pk=meeting.pk)
        )
        if meeting.status != MS.REQUESTED:
            raise MissionRefused(
                _("Esta reunión ya está «%(status)s».") % {"status": meeting.get_status_display()}
            )
        if accept:
            for delegate in (meeting.requester, meeting.with_delegate):
                if delegate is None:
                    continue
                if delegate.status != SeatStatus.CONFIRMED:
                    raise MissionRefused(_("Una de las personas ya no está en la delegación."))
                clash = _clash(
                    _for_delegate(delegate), meeting.starts_at, meeting.ends_at, exclude=meeting.pk
                )
                if clash is not None:
                    _refuse_clash(clash, delegate.user.get_full_name())
            if meeting.with_host_id:
                clash = _clash(
                    Q(with_host=meeting.with_host_id),
                    meeting.starts_at,
                    meeting.ends_at,
                    exclude=meeting.pk,
                )
                if clash is not None:
                    _refuse_clash(clash, meeting.with_host.name)
        meeting.status = MS.ACCEPTED if accept else MS.DECLINED
        meeting.answered_at = now
        meeting.save(update_fields=["status", "answered_at"])
        _mail_meeting(meeting, meeting.requester, meeting.status)
        return meeting


def _cancel(meeting, *, by):
    meeting.status = MS.CANCELLED
    meeting.save(update_fields=["status"])
    other = meeting.with_delegate if by == meeting.requester else meeting.requester
    if by is None:  # cancelled by the staff: both delegates hear of it
        _mail_meeting(meeting, meeting.requester, MS.CANCELLED)
        other = meeting.with_delegate
    _mail_meeting(meeting, other, MS.CANCELLED)


def cancel_meeting(*, meeting, by):
    """Either side cancels a requested or accepted meeting (`by`: their Delegate; None for the
    staff)."""
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("mission", "requester__user", "with_delegate__user", "with_host")
            .get(pk=meeting.pk)
        )
        if meeting.status not in OPEN_MEETINGS:
            raise MissionRefused(
                _("Esta reunión ya está «%(status)s».") % {"status": meeting.get_status_display()}
            )
        _cancel(meeting, by=by)
        return meeting


# The schedule


def schedule_of(delegate):
    """The delegate's meetings, asked and received, requested or accepted, by time."""
    return (
        Meeting.objects.filter(_for_delegate(delegate), status__in=OPEN_MEETINGS)
        .select_related("requester__user", "with_delegate__user", "with_host")
        .order_by("starts_at", "pk")
    )


def schedule_calendar(delegate, meetings, *, host, url):
    """The .ics of the delegate's accepted meetings (RFC 5545). A meeting's UID never changes,
    so importing the file again updates the events instead of copying them."""
    mission = delegate.mission
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Mi agenda: %(mission)s") % {"mission": mission.title})
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = mission.updated_at.astimezone(datetime.UTC)
    trip = Event()
    trip.add("uid", f"misiones-{mission.pk}@{host}")
    trip.add("dtstamp", stamp)
    trip.add("dtstart", mission.starts_on)
    trip.add("dtend", mission.ends_on + datetime.timedelta(days=1))
    trip.add("summary", mission.title)
    trip.add("location", f"{mission.destination_city}, {mission.destination_country.name}")
    trip.add("url", url)
    calendar.add_component(trip)
    for meeting in meetings:
        if meeting.status != MS.ACCEPTED:
            continue
        event = Event()
        event.add("uid", f"misiones-reunion-{meeting.pk}@{host}")
        event.add("dtstamp", (meeting.answered_at or meeting.created_at).astimezone(datetime.UTC))
        event.add("dtstart", timezone.localtime(meeting.starts_at))
        event.add("dtend", timezone.localtime(meeting.ends_at))
        event.add(
            "summary",
            _("Reunión con %(name)s") % {"name": _other_side_name(meeting, delegate)},
        )
        lines = [mission.title]
        if meeting.note:
            lines += ["", meeting.note]
        event.add("description", "\n".join(lines))
        event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()


# Missions themselves (the staff's form)

RESERVED_SLUGS = frozenset({"nueva"})


def _slug(title):
    length = Mission._meta.get_field("slug").max_length
    base = slugify(title)[: length - 4].strip("-") or "mision"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Mission.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base[: length - len(str(number)) - 1]}-{number}"
    return slug


def save_mission(*, form, actor):
    """Saves a mission form; a new mission is a draft with its slug, its author and the first
    line of its history. A larger capacity of a published mission offers the new places to
    whoever waits, in line order."""
    with transaction.atomic():
        mission = form.save(commit=False)
        created = mission.pk is None
        if created:
            mission.slug = _slug(mission.title)
            mission.created_by = actor
            mission.status = Mission.Status.DRAFT
        else:
            mission.status = capacity.lock(mission).status
        mission.save()
        if created:
            record(mission, "", actor=actor)
        elif "capacity" in form.changed_data and mission.status == Mission.Status.PUBLISHED:
            capacity.offer_free_seats(holder=mission, model=Delegate)
        return mission


def change_status(*, mission, status, actor, note=""):
    """Publishes a draft or calls a mission off, as its table allows (MissionRefused
    otherwise). Calling it off cancels every place in its delegation (nobody is offered one) and
    every open meeting, and tells each person who held a place or waited for one, after the
    commit."""
    try:
        with transaction.atomic():
            mission = capacity.lock(mission)
            mission.workflow.move(
                mission, status, actor=actor, note=note, update_fields=["updated_at"]
            )
            if status != Mission.Status.CANCELLED:
                return mission
            # The reason is the mission's history's; each place's log says what happened.
            seats = capacity.close(
                holder=mission, model=Delegate, actor=actor, note="misión cancelada"
            )
            Meeting.objects.filter(mission=mission, status__in=OPEN_MEETINGS).update(
                status=MS.CANCELLED
            )
            if not muted.active:
                prefetch_related_objects(seats, "user")  # one query for every recipient
                for seat in seats:
                    transaction.on_commit(partial(_mail_cancelled, seat, mission, note))
            return mission
    except Refused as refused:
        raise MissionRefused(refused.message) from None


def _mail_cancelled(delegate, mission, note):
    user = delegate.user
    dates = (
        f"{date_format(mission.starts_on, 'DATE_FORMAT')}\u2013"
        f"{date_format(mission.ends_on, 'DATE_FORMAT')}"
    )
    context = {
        "name": user.get_short_name() or user.get_full_name(),
        "mission": mission.title,
        "dates": dates,
        "note": note,
        "url": _url(mission.get_absolute_url()),
    }
    emails.send("mission_cancelled", to=[user.email], context=context)
