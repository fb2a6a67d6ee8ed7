"""An edition's agenda: by day and by track, speakers linked only to public profiles, filters,
session pages and a fixed number of queries."""

import re

import pytest

from members.models import Consent
from tests.conftest import make_member

from .helpers import add_speaker, make_edition, make_room, make_session, make_track


@pytest.fixture
def edition(db):
    edition = make_edition(starts_in_days=30, days=2)
    plenary = make_track(edition, order=0)
    tic = make_track(edition, "tic", order=1)
    salud = make_track(edition, "salud", order=2)
    room = make_room(edition, "Sala Reforma", 80)
    make_session(edition, salud, day=1, hour=11, title="Investigación clínica", room=room)
    make_session(edition, plenary, day=1, hour=9, title="Inauguración", kind="plenary")
    make_session(edition, tic, day=1, hour=11, title="Datos abiertos", kind="panel", room=room)
    make_session(edition, tic, day=2, hour=10, title="Reunión TIC", kind="sector_meeting")
    return edition


def headings(html, level):
    return re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html)


def titles_of(html):
    return re.findall(r'<h5><a href="[^"]+">([^<]+)</a></h5>', html)


def day_links(html):
    """(href, text, current) of each link of the agenda's day list."""
    nav = html.split('class="agenda-days"', 1)[1].split("</nav>", 1)[0]
    return [
        (href.replace("&amp;", "&"), text.strip(), bool(current))
        for href, current, text in re.findall(
            r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav
        )
    ]


def test_agenda_shows_one_day_grouped_by_track_in_order(client, edition):
    html = client.get(edition.get_absolute_url()).content.decode()
    days = headings(html, 3)
    assert len(days) == 1
    assert days[0].endswith(edition.starts_on.strftime("%Y"))
    assert headings(html, 4) == [
        "Plenarias",
        "Tecnologías de la Información y Comunicación",
        "Salud",
    ]
    assert titles_of(html) == ["Inauguración", "Datos abiertos", "Investigación clínica"]


def test_the_first_day_is_shown_by_default_and_marked_current(client, edition):
    html = client.get(edition.get_absolute_url()).content.decode()
    first, second = edition.starts_on, edition.ends_on
    links = day_links(html)
    assert [(href, current) for href, _text, current in links] == [
        (f"?dia={first.isoformat()}", True),
        (f"?dia={second.isoformat()}", False),
    ]
    assert links[0][1].endswith(first.strftime("%Y"))
    assert "Reunión TIC" not in html


def test_another_day_is_shown_through_its_link(client, edition):
    second = edition.ends_on.isoformat()
    html = client.get(edition.get_absolute_url(), {"dia": second}).content.decode()
    assert titles_of(html) == ["Reunión TIC"]
    assert headings(html, 4) == ["Tecnologías de la Información y Comunicación"]
    assert [current for _href, _text, current in day_links(html)] == [False, True]
    assert "errorlist" not in html


def test_while_the_edition_runs_todays_day_is_shown_by_default(client, db):
    edition = make_edition(starts_in_days=-1, days=3)
    track = make_track(edition)
    for day in (1, 2, 3):
        make_session(edition, track, day=day, title=f"Sesión del día {day}")
    html = client.get(edition.get_absolute_url()).content.decode()
    assert titles_of(html) == ["Sesión del día 2"]
    assert [current for _href, _text, current in day_links(html)] == [False, True, False]


def test_a_past_edition_opens_on_its_first_day(client, db):
    edition = make_edition(starts_in_days=-10, days=2)
    track = make_track(edition)
    make_session(edition, track, day=2, title="Clausura")
    make_session(edition, track, day=1, title="Apertura")
    assert titles_of(client.get(edition.get_absolute_url()).content.decode()) == ["Apertura"]


def test_the_track_filter_works_within_the_chosen_day(client, edition):
    url = edition.get_absolute_url()
    tic = edition.tracks.get(sector__slug="tic")
    second = edition.ends_on.isoformat()
    html = client.get(url, {"eje": tic.pk}).content.decode()
    assert titles_of(html) == ["Datos abiertos"]  # the first day, that track only
    html = client.get(url, {"eje": tic.pk, "dia": second}).content.decode()
    assert titles_of(html) == ["Reunión TIC"]
    # The day links keep the track, and the track form keeps the day.
    assert [href for href, _text, _current in day_links(html)] == [
        f"?dia={edition.starts_on.isoformat()}&eje={tic.pk}",
        f"?dia={second}&eje={tic.pk}",
    ]
    assert f'<input type="hidden" name="dia" value="{second}">' in html
    salud = edition.tracks.get(sector__slug="salud")
    html = client.get(url, {"eje": salud.pk, "dia": second}).content.decode()
    assert titles_of(html) == []
    assert "Ninguna sesión coincide con los filtros elegidos." in html


def test_session_shows_time_room_kind_and_abstract(client, edition):
    session = edition.sessions.get(title="Datos abiertos")
    session.abstract = "Un panel sobre **datos** <img src=x onerror=alert(1)>"
    session.save()
    html = client.get(edition.get_absolute_url()).content.decode()
    item = html.split(f'id="sesion-{session.pk}"', 1)[1].split("</li>\n", 1)[0]
    assert ">11:00</time>\N{EN DASH}<time" in item and ">12:00</time>" in item
    assert "Sala Reforma" in item and "Panel" in item
    assert "<strong>datos</strong>" in item
    assert "<img" not in item


def test_speakers_are_named_but_linked_only_to_public_profiles(client, edition):
    session = edition.sessions.get(title="Datos abiertos")
    public = make_member("Paula Pública Ríos")
    private = make_member("Pedro Privado Luna", consents=(Consent.Purpose.PNCS_SEARCH,))
    add_speaker(session, public, order=1)
    add_speaker(session, private, order=2)
    add_speaker(session, name="Dra. Invitada Externa", affiliation="UNAM", role="moderator")

    for url in (edition.get_absolute_url(), session.get_absolute_url()):
        html = client.get(url).content.decode()
        assert f'<a href="/miembros/{public.slug}/">Paula Pública Ríos</a>' in html
        assert "Pedro Privado Luna" in html  # speakers agreed to appear on the agenda
        assert private.slug not in html  # but a private profile is neither linked nor hinted
        assert "Dra. Invitada Externa" in html and "UNAM" in html and "Moderación" in html


def test_a_withdrawn_public_listing_unlinks_the_speaker(client, edition, member):
    session = edition.sessions.get(title="Datos abiertos")
    add_speaker(session, member)
    assert member.slug in client.get(edition.get_absolute_url()).content.decode()
    member.listed_publicly = False
    member.save(update_fields=["listed_publicly"])
    html = client.get(edition.get_absolute_url()).content.decode()
    assert member.full_name in html and member.slug not in html


def test_a_deactivated_account_is_not_linked(client, edition, member):
    add_speaker(edition.sessions.first(), member)
    member.user.is_active = False
    member.user.save(update_fields=["is_active"])
    assert member.slug not in client.get(edition.get_absolute_url()).content.decode()


def test_name_on_the_agenda_replaces_the_profile_name(client, edition, member):
    add_speaker(edition.sessions.first(), member, name="Dra. Ana M. Ruiz")
    html = client.get(edition.get_absolute_url()).content.decode()
    assert f'<a href="/miembros/{member.slug}/">Dra. Ana M. Ruiz</a>' in html


@pytest.mark.parametrize(
    "query",
    [
        {"dia": "2027-02-30"},
        {"dia": "mañana"},
        {"dia": "1999-01-01"},
        {"eje": "abc"},
        {"eje": "999999"},
        {"eje": "-1"},
        {"eje": "1\x00"},
        {"dia": "x" * 5000, "eje": "' OR 1=1 --"},
    ],
)
def test_bad_filter_values_are_shown_as_errors_and_ignored(client, edition, query):
    response = client.get(edition.get_absolute_url(), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html
    # The bad filter is left out: the first day is shown, all its tracks unless "eje" was good.
    assert len(re.findall(r"<h5>", html)) == 3


def test_a_day_outside_the_agenda_says_so_and_shows_the_default_day(client, edition):
    tic = edition.tracks.get(sector__slug="tic")
    html = client.get(edition.get_absolute_url(), {"dia": "2001-01-01", "eje": tic.pk})
    html = html.content.decode()
    assert "Esta jornada no tiene sesiones el día pedido" in html
    assert titles_of(html) == ["Datos abiertos"]
    assert [current for _href, _text, current in day_links(html)] == [True, False]


def test_a_track_of_another_edition_is_refused(client, edition):
    other = make_edition(starts_in_days=90)
    foreign = make_track(other, "salud")
    html = client.get(edition.get_absolute_url(), {"eje": foreign.pk}).content.decode()
    assert "errorlist" in html
    assert len(re.findall(r"<h5>", html)) == 3


def test_edition_page_query_count_is_fixed_with_fifty_sessions(
    client, db, django_assert_max_num_queries
):
    edition = make_edition(starts_in_days=30, days=3)
    tracks = [make_track(edition, order=0)] + [
        make_track(edition, slug, order=i)
        for i, slug in enumerate(
            ["tic", "salud", "automotriz", "medio-ambiente-cambio-climatico"], 1
        )
    ]
    rooms = [make_room(edition, f"Sala {n}") for n in range(3)]
    public = [make_member(f"Ponente Público {n}") for n in range(5)]
    private = [make_member(f"Ponente Privado {n}", consents=()) for n in range(5)]
    for n in range(50):
        session = make_session(
            edition,
            tracks[n % len(tracks)],
            day=1 + n % 3,
            hour=8 + n % 10,
            room=rooms[n % 3],
            title=f"Sesión {n}",
            abstract="Resumen con *énfasis*.",
        )
        add_speaker(session, public[n % 5], order=0)
        add_speaker(session, private[n % 5], order=1)
        add_speaker(session, name=f"Invitada {n}", order=2)
    # The edition, its tracks, its days, the day's sessions with their speakers, its sectors.
    with django_assert_max_num_queries(5):
        response = client.get(edition.get_absolute_url())
    html = response.content.decode()
    assert len(re.findall(r"<h5>", html)) == 17  # the first day's
    assert all(member.slug not in html for member in private)
    for query in ({"eje": tracks[1].pk, "dia": "x"}, {"dia": edition.ends_on.isoformat()}):
        with django_assert_max_num_queries(5):
            response = client.get(edition.get_absolute_url(), query)
        assert all(member.slug not in response.content.decode() for member in private)


def test_session_page_and_its_404s(client, edition):
    session = edition.sessions.get(title="Datos abiertos")
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Datos abiertos</h1>" in html
    assert f"/jornadas/{edition.slug}/sesiones/{session.pk}.ics" in html
    other = make_edition(starts_in_days=90)
    assert client.get(f"/jornadas/{other.slug}/sesiones/{session.pk}/").status_code == 404
    assert client.get(f"/jornadas/{edition.slug}/sesiones/999999/").status_code == 404
    assert client.get(f"/jornadas/{edition.slug}/sesiones/abc/").status_code == 404


def test_sessions_of_a_draft_are_404_for_everyone_but_ime(client, edition, member):
    edition.status = edition.Status.DRAFT
    edition.save()
    session = edition.sessions.first()
    for url in (session.get_absolute_url(), f"{session.get_absolute_url()[:-1]}.ics"):
        assert client.get(url).status_code == 404
    client.force_login(member.user)
    assert client.get(session.get_absolute_url()).status_code == 404


def test_english_agenda(client, edition):
    html = client.get(f"/en{edition.get_absolute_url()}").content.decode()
    assert "Information and Communication Technologies" in html
    assert 'lang="en"' in html


def test_an_edition_without_sessions_keeps_its_empty_state(client, db):
    edition = make_edition(starts_in_days=20)
    html = client.get(edition.get_absolute_url(), {"dia": "2027-01-01"}).content.decode()
    assert "La agenda de esta jornada aún no se ha publicado." in html
    assert "agenda-days" not in html and "<h5>" not in html
