"""The agenda of an edition, as the edition page, the session pages and the .ics files read it.

One read, a fixed number of queries whatever the number of sessions: the sessions with their
track, sector and room in one query, their speakers in a second (or, on the edition page, in the
same query as an array). A speaker's name is the one typed
on the agenda or their profile's; the profile's slug comes back only when the member lists their
profile publicly (Member.objects.listed_publicly, the members' consent), so the page cannot link, or
even hold, the address of a profile its owner keeps private.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject, NullIf, TruncDate
from django.utils import timezone

from members.models import Member

from .models import Session, SessionSpeaker, SpeakerRole, Track


def speakers_for_agenda():
    """Speaker rows with `name` (as shown) and `public_slug` (None unless the profile is public);
    the member row itself is not loaded."""
    public_profile = Member.objects.listed_publicly().filter(pk=OuterRef("member_id"))
    return (
        SessionSpeaker.objects.annotate(
            name=Coalesce(NullIf(F("name_override"), Value("")), F("member__full_name")),
            public_slug=Subquery(public_profile.values("slug")[:1]),
        )
        .only("session_id", "member_id", "affiliation", "role", "order")
        .order_by("order", "pk")
    )


def sessions_for_agenda(edition):
    return (
        Session.objects.filter(edition=edition)
        .select_related("track__sector", "room")
        .prefetch_related(Prefetch("speakers", queryset=speakers_for_agenda()))
        .order_by("starts_at", "track__order", "track_id", "pk")
    )


@dataclass(frozen=True, slots=True)
class AgendaSpeaker:
    """A speaker as the edition page shows them: the fields of speakers_for_agenda, no model."""

    name: str
    public_slug: str | None
    affiliation: str
    role: str

    def get_role_display(self):
        return SpeakerRole(self.role).label


def sessions_of_day(edition, day, *, tracks, track=None):
    """The sessions of one day of the agenda (and of one track), each with `speaker_list`, its
    AgendaSpeakers in order. The speakers come in the same query, as an array of JSON objects
    built by speakers_for_agenda (so the same linking rule), instead of a second query whose rows
    become model instances; `tracks` (tracks_of, which the page reads anyway) are attached
    instead of joined and built again for every session."""
    speakers = (
        speakers_for_agenda()
        .filter(session=OuterRef("pk"))
        .values(
            row=JSONObject(
                name="name", public_slug="public_slug", affiliation="affiliation", role="role"
            )
        )
    )
    start, end = local_day_bounds(day)
    sessions = (
        Session.objects.filter(edition=edition, starts_at__gte=start, starts_at__lt=end)
        .select_related("room")
        .defer("abstract", "created_at", "updated_at")
        .annotate(speaker_rows=ArraySubquery(speakers))
        .order_by("starts_at", "track__order", "track_id", "pk")
    )
    if track is not None:
        sessions = sessions.filter(track=track)
    tracks_by_id = {each.pk: each for each in tracks}
    sessions = list(sessions)
    for session in sessions:
        if session.track_id in tracks_by_id:  # always, unless a row escaped Session.clean
            session.track = tracks_by_id[session.track_id]
        session.speaker_list = [AgendaSpeaker(**row) for row in session.speaker_rows]
    return sessions


def default_day(days, today):
    """The day the edition page opens on: today's while the edition runs (the next day with
    sessions when today has none), otherwise the first."""
    if not days:
        return None
    if days[0] <= today <= days[-1]:
        return next(day for day in days if day >= today)
    return days[0]


def local_day_bounds(day):
    """The first and the last instant of `day` in the site's time zone (Mexico City)."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def days_of(edition):
    """The days (in Mexico City time) on which the edition has sessions."""
    return list(
        Session.objects.filter(edition=edition)
        .annotate(day=TruncDate("starts_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day", flat=True)
        .distinct()
        .order_by("day")
    )


def tracks_of(edition):
    return list(Track.objects.filter(edition=edition).select_related("sector"))


@dataclass
class TrackBlock:
    track: Track
    sessions: list = field(default_factory=list)


@dataclass
class Day:
    date: datetime.date
    tracks: list = field(default_factory=list)


def group_by_day_and_track(sessions):
    """[Day(date, [TrackBlock(track, sessions)])]: days in order, and within a day the tracks in
    their order (plenaries where IME placed them), each with its sessions by start time."""
    days = {}
    for session in sessions:
        date = timezone.localtime(session.starts_at).date()
        blocks = days.setdefault(date, {})
        block = blocks.get(session.track_id)
        if block is None:
            block = blocks[session.track_id] = TrackBlock(session.track)
        block.sessions.append(session)
    return [
        Day(
            date,
            sorted(blocks.values(), key=lambda b: (b.track.order, b.track.pk)),
        )
        for date, blocks in sorted(days.items())
    ]
