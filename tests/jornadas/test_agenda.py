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


def test_agenda_is_grouped_by_day_then_track_in_order(client, edition):
    html = client.get(edition.get_absolute_url()).content.decode()
    days = headings(html, 3)
    assert len(days) == 2
    assert days[0].endswith(edition.starts_on.strftime("%Y"))
    assert headings(html, 4) == [
        "Plenarias",
        "Tecnologías de la Información y Comunicación",
        "Salud",
        "Tecnologías de la Información y Comunicación",
    ]
    titles = re.findall(r'<h5><a href="[^"]+">([^<]+)</a></h5>', html)
    assert titles == ["Inauguración", "Datos abiertos", "Investigación clínica", "Reunión TIC"]


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


def test_filter_by_day_and_by_track(client, edition):
    url = edition.get_absolute_url()
    first_day = edition.starts_on
    tic = edition.tracks.get(sector__slug="tic")
    html = client.get(url, {"dia": first_day.isoformat()}).content.decode()
    titles = re.findall(r'<h5><a href="[^"]+">([^<]+)</a></h5>', html)
    assert titles == ["Inauguración", "Datos abiertos", "Investigación clínica"]
    html = client.get(url, {"eje": tic.pk}).content.decode()
    assert re.findall(r'<h5><a href="[^"]+">([^<]+)</a></h5>', html) == [
        "Datos abiertos",
        "Reunión TIC",
    ]
    html = client.get(url, {"eje": tic.pk, "dia": first_day.isoformat()}).content.decode()
    assert re.findall(r'<h5><a href="[^"]+">([^<]+)</a></h5>', html) == ["Datos abiertos"]


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
    # The bad filter is left out: every session is still there.
    assert len(re.findall(r"<h5>", html)) == 4


def test_a_track_of_another_edition_is_refused(client, edition):
    other = make_edition(starts_in_days=90)
    foreign = make_track(other, "salud")
    html = client.get(edition.get_absolute_url(), {"eje": foreign.pk}).content.decode()
    assert "errorlist" in html
    assert len(re.findall(r"<h5>", html)) == 4


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
    with django_assert_max_num_queries(6):
        response = client.get(edition.get_absolute_url())
    html = response.content.decode()
    assert len(re.findall(r"<h5>", html)) == 50
    assert all(member.slug not in html for member in private)
    with django_assert_max_num_queries(6):
        client.get(edition.get_absolute_url(), {"eje": tracks[1].pk, "dia": "x"})


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
