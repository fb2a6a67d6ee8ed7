"""The .ics files: they parse back with icalendar and hold the right events at the right times."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from .helpers import add_speaker, make_edition, make_room, make_session, make_track

MEXICO = ZoneInfo("America/Mexico_City")


@pytest.fixture
def edition(db):
    edition = make_edition(starts_in_days=30, days=2, venue="Auditorio de la Cancillería")
    tic = make_track(edition, "tic", order=1)
    room = make_room(edition, "Sala Reforma")
    first = make_session(
        edition, tic, day=1, hour=9, minutes=90, room=room, title="Datos abiertos", kind="panel"
    )
    first.abstract = "Un panel sobre datos abiertos; con comas, y acentos: é."
    first.save()
    add_speaker(first, name="Dra. Invitada Externa", affiliation="UNAM")
    make_session(edition, tic, day=2, hour=16, title="Reunión TIC", kind="sector_meeting")
    return edition


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_edition_calendar_holds_every_session_in_mexico_city_time(client, edition):
    response = client.get(f"/jornadas/{edition.slug}/calendario.ics")
    assert response["Content-Disposition"] == f'attachment; filename="jornada-{edition.slug}.ics"'
    calendar = parse(response)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Mexico_City"]
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("DTSTART"))
    assert [str(event["SUMMARY"]) for event in events] == ["Datos abiertos", "Reunión TIC"]
    first = events[0]
    start, end = first.decoded("DTSTART"), first.decoded("DTEND")
    day_one = edition.starts_on
    assert start == datetime.datetime.combine(day_one, datetime.time(9), tzinfo=MEXICO)
    assert end - start == datetime.timedelta(minutes=90)
    assert first["DTSTART"].params["TZID"] == "America/Mexico_City"
    session = edition.sessions.get(title="Datos abiertos")
    assert str(first["UID"]) == f"jornadas-sesion-{session.pk}@testserver"
    assert first.decoded("DTSTAMP").tzinfo is not None
    assert str(first["URL"]) == f"http://testserver{session.get_absolute_url()}"
    assert str(first["LOCATION"]) == "Sala Reforma, Auditorio de la Cancillería, Ciudad de México"
    description = str(first["DESCRIPTION"])
    assert "Panel" in description and "Dra. Invitada Externa (UNAM)" in description
    assert "con comas, y acentos: é." in description


def test_session_calendar_holds_one_event_with_a_stable_uid(client, edition):
    session = edition.sessions.get(title="Reunión TIC")
    url = f"/jornadas/{edition.slug}/sesiones/{session.pk}.ics"
    response = client.get(url)
    assert response["Content-Disposition"] == (
        f'attachment; filename="jornada-{edition.slug}-sesion-{session.pk}.ics"'
    )
    (event,) = parse(response).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.datetime.combine(
        edition.starts_on + datetime.timedelta(days=1), datetime.time(16), tzinfo=MEXICO
    )
    uid = str(event["UID"])
    session.title = "Reunión sectorial TIC"
    session.save()
    (again,) = parse(client.get(url)).walk("VEVENT")
    assert str(again["UID"]) == uid  # a calendar updates the event instead of adding a copy
    assert str(again["SUMMARY"]) == "Reunión sectorial TIC"


def test_online_edition_says_so_as_location(client, db):
    edition = make_edition(is_online=True, venue="", city="")
    session = make_session(edition, make_track(edition, "salud"))
    (event,) = parse(client.get(f"/jornadas/{edition.slug}/sesiones/{session.pk}.ics")).walk(
        "VEVENT"
    )
    assert str(event["LOCATION"]) == "En línea"


def test_edition_without_agenda_is_one_all_day_event(client, db):
    edition = make_edition(starts_in_days=60, days=2)
    (event,) = parse(client.get(f"/jornadas/{edition.slug}/calendario.ics")).walk("VEVENT")
    assert event.decoded("DTSTART") == edition.starts_on
    assert event.decoded("DTEND") == edition.ends_on + datetime.timedelta(days=1)


def test_edition_without_dates_or_agenda_has_no_calendar(client, db):
    assert client.get("/jornadas/2009/calendario.ics").status_code == 404


def test_english_calendar_uses_english_labels(client, db):
    edition = make_edition(is_online=True, venue="", city="")
    session = make_session(edition, make_track(edition, "salud"), kind="workshop")
    response = client.get(f"/en/jornadas/{edition.slug}/sesiones/{session.pk}.ics")
    (event,) = parse(response).walk("VEVENT")
    assert "Health" in str(event["DESCRIPTION"])


def test_unknown_session_or_edition_calendar_is_404(client, edition):
    assert client.get("/jornadas/no-existe/calendario.ics").status_code == 404
    assert client.get(f"/jornadas/{edition.slug}/sesiones/999999.ics").status_code == 404
