"""The .ics files of an edition and of a session (RFC 5545, built with the icalendar library).

Times are written in Mexico City time with its VTIMEZONE, so a calendar abroad shows each session
at the right local hour. An event's UID is built from the session's id and the site's host and
never changes when the session is edited, so a calendar that imports the file again updates the
event instead of adding a copy; DTSTAMP is the session's last change (a file without METHOD, RFC
5545 §3.8.7.2).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//Red de Talentos Mexicanos//Jornadas Informativas//ES"


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    return calendar


def _location(edition, room=None):
    if edition.is_online and not edition.venue:
        return _("En línea")
    parts = [room.name if room else "", edition.venue, edition.city]
    return ", ".join(part for part in parts if part)


def _speaker_line(speakers):
    return ", ".join(
        f"{speaker.name} ({speaker.affiliation})" if speaker.affiliation else speaker.name
        for speaker in speakers
    )


def session_event(session, *, host, url):
    """One VEVENT. `session.speakers` must come from jornadas.agenda.speakers_for_agenda."""
    edition = session.edition
    event = Event()
    event.add("uid", f"jornadas-sesion-{session.pk}@{host}")
    event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", timezone.localtime(session.starts_at))
    event.add("dtend", timezone.localtime(session.ends_at))
    event.add("summary", session.title)
    location = _location(edition, session.room)
    if location:
        event.add("location", location)
    lines = [f"{session.get_kind_display()} · {session.track.display_name}"]
    speakers = list(session.speakers.all())
    if speakers:
        lines.append(_("Participan: %(names)s") % {"names": _speaker_line(speakers)})
    lines.append(edition.display_title)
    if session.abstract:
        lines += ["", session.abstract]
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("categories", [session.track.display_name])
    return event


def edition_event(edition, *, host, url):
    """The edition itself as an all-day event, for an edition with dates but no agenda yet."""
    event = Event()
    event.add("uid", f"jornadas-edicion-{edition.pk}@{host}")
    event.add("dtstamp", edition.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", edition.starts_on)
    event.add("dtend", (edition.ends_on or edition.starts_on) + datetime.timedelta(days=1))
    event.add("summary", edition.display_title)
    location = _location(edition)
    if location:
        event.add("location", location)
    event.add("url", url)
    return event


def edition_calendar(edition, sessions, *, host, url_for, edition_url):
    """The .ics of an edition: every session, or the edition's days when it has no agenda.
    `url_for(session)` gives a session's absolute URL."""
    calendar = _calendar(edition.display_title)
    if sessions:
        for session in sessions:
            calendar.add_component(session_event(session, host=host, url=url_for(session)))
    else:
        calendar.add_component(edition_event(edition, host=host, url=edition_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_calendar(session, *, host, url):
    calendar = _calendar(session.title)
    calendar.add_component(session_event(session, host=host, url=url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
