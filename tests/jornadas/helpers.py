"""Small builders of editions, tracks, rooms and sessions for the jornadas tests."""

import datetime
import itertools

from django.utils import timezone

from jornadas.models import Edition, Room, Session, SessionSpeaker, Track
from pncs.models import Sector

_numbers = itertools.count(100)


def make_edition(*, starts_in_days=30, days=2, status=Edition.Status.PUBLISHED, **fields):
    """An edition starting `starts_in_days` from today (negative: in the past)."""
    number = next(_numbers)
    starts_on = timezone.localdate() + datetime.timedelta(days=starts_in_days)
    defaults = {
        "number": number,
        "slug": f"edicion-{number}",
        "title": f"Jornada de prueba {number}",
        "year": starts_on.year,
        "starts_on": starts_on,
        "ends_on": starts_on + datetime.timedelta(days=days - 1),
        "city": "Ciudad de México",
        "venue": "Auditorio de prueba",
        "status": status,
    }
    defaults.update(fields)
    return Edition.objects.create(**defaults)


def make_track(edition, sector_slug=None, *, name="", order=0):
    sector = Sector.objects.get(slug=sector_slug) if sector_slug else None
    if sector is None and not name:
        name = "Plenarias"
    return Track.objects.create(edition=edition, sector=sector, name=name, order=order)


def make_room(edition, name="Sala A", capacity=None):
    return Room.objects.get_or_create(edition=edition, name=name, defaults={"capacity": capacity})[
        0
    ]


def at(edition, day, hour, minute=0):
    """An aware datetime on day `day` (1 = the first) of `edition`, Mexico City time."""
    date = edition.starts_on + datetime.timedelta(days=day - 1)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


def make_session(
    edition, track, *, day=1, hour=10, minutes=60, room=None, kind="talk", title=None, **fields
):
    start = at(edition, day, hour)
    return Session.objects.create(
        edition=edition,
        track=track,
        room=room,
        kind=kind,
        title=title or f"Sesión de las {hour}",
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=minutes),
        **fields,
    )


def add_speaker(session, member=None, *, name="", role="speaker", order=0, affiliation=""):
    return SessionSpeaker.objects.create(
        session=session,
        member=member,
        name_override=name,
        role=role,
        order=order,
        affiliation=affiliation,
    )
