"""The list of editions and each edition's page: order, drafts, reference data, languages."""

import re

import pytest
from django.db import IntegrityError, transaction

from jornadas.models import Edition
from pncs.models import Sector
from tests.conftest import login, restore_reference_data

from .helpers import make_edition

LIST = "/jornadas/"


def titles_in(html, heading_id):
    """The edition titles listed in the section of heading `heading_id`, in page order."""
    section = html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', section)


def test_reference_editions_exist_after_the_migrations(db):
    editions = {e.number: e for e in Edition.objects.filter(number__lte=4)}
    assert [editions[n].year for n in (1, 2, 3, 4)] == [2005, 2006, 2007, 2009]
    for edition in editions.values():
        assert edition.city == "Ciudad de México"
        assert edition.is_published
        # Only what the source says: no invented days, no sector tagged on a single meeting.
        assert edition.starts_on is None and edition.ends_on is None
        assert not edition.sectors.exists()
    assert editions[4].date_note == "principios de 2009"
    for number in (1, 2, 3):
        text = editions[number].description
        assert "tecnologías de la información" in text
        assert "automotriz" in text and "biotecnología" in text


def test_list_shows_upcoming_soonest_first_then_past_latest_first(client, db):
    later = make_edition(starts_in_days=200, title="Jornada lejana")
    sooner = make_edition(starts_in_days=20, title="Jornada cercana")
    running = make_edition(starts_in_days=-1, days=3, title="Jornada en curso")
    recent = make_edition(starts_in_days=-60, title="Jornada reciente")
    html = client.get(LIST).content.decode()

    assert titles_in(html, "proximas") == [running.title, sooner.title, later.title]
    past = titles_in(html, "anteriores")
    assert past[0] == recent.title
    # The reference meetings follow, the latest first.
    assert past[1:] == [
        "Cuarta Jornada Informativa Red de Talentos",
        "Tercera reunión de la Red de Talentos Mexicanos",
        "Segunda reunión de la Red de Talentos Mexicanos",
        "Primera reunión de la Red de Talentos Mexicanos",
    ]
    assert "principios de 2009" in html


def test_list_shows_dates_place_and_sectors(client, db):
    edition = make_edition(starts_in_days=40, is_online=True)
    edition.sectors.set(Sector.objects.filter(slug__in=["salud", "automotriz"]))
    html = client.get(LIST).content.decode()
    assert "Auditorio de prueba, Ciudad de México · también en línea" in html
    assert "Salud" in html and "Sector automotriz" in html
    assert edition.starts_on.strftime("%Y") in html


def test_list_says_when_no_edition_is_announced(client, db):
    html = client.get(LIST).content.decode()
    assert "Aún no se ha anunciado la próxima jornada." in html


def test_drafts_are_hidden_from_the_list_and_their_page_is_404(client, member, db):
    draft = make_edition(status=Edition.Status.DRAFT, title="Jornada en preparación")
    assert draft.title not in client.get(LIST).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(member.user)
    assert draft.title not in client.get(LIST).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_ime_admin_previews_drafts_with_a_note(client, ime_admin):
    draft = make_edition(status=Edition.Status.DRAFT, title="Jornada en preparación")
    login(client, ime_admin)
    assert draft.title in titles_in(client.get(LIST).content.decode(), "borradores")
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Borrador: solo el IME ve esta página" in html


def test_ime_account_without_its_second_factor_does_not_see_drafts(client, ime_admin):
    draft = make_edition(status=Edition.Status.DRAFT)
    client.force_login(ime_admin)  # password only: no staff rights in this session
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_edition_is_404(client, db):
    assert client.get("/jornadas/no-existe/").status_code == 404
    assert client.get("/en/jornadas/no-existe/").status_code == 404


def test_list_query_count_is_fixed(client, db, django_assert_max_num_queries):
    for days in range(-300, 300, 50):
        edition = make_edition(starts_in_days=days)
        edition.sectors.set(Sector.objects.all()[:3])
    with django_assert_max_num_queries(4):
        response = client.get(LIST)
    assert len(titles_in(response.content.decode(), "proximas")) == 6


def test_english_pages(client, db):
    html = client.get("/en/jornadas/").content.decode()
    assert 'lang="en"' in html
    assert "Fourth Talent Network Information Meeting" in html
    assert "early 2009" in html
    page = client.get("/en/jornadas/2009/").content.decode()
    assert "The fourth Information Meeting was announced for early 2009" in page


def test_edition_page_shows_dates_place_and_description(client, db):
    edition = make_edition(
        starts_in_days=10,
        is_online=True,
        online_note="El enlace llega por correo a quienes se registren.",
        description="Una jornada **importante**.<script>alert(1)</script>",
    )
    edition.sectors.set(Sector.objects.filter(slug="tic"))
    html = client.get(edition.get_absolute_url()).content.decode()
    assert "<h1>Jornada de prueba" in html
    assert "<strong>importante</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "El enlace llega por correo" in html
    assert 'href="/sectores/tic/"' in html
    assert "La agenda de esta jornada aún no se ha publicado." in html


def test_reference_edition_page_says_its_agenda_is_not_kept(client, db):
    html = client.get("/jornadas/2005/").content.decode()
    assert "No se conserva la agenda de esta jornada." in html
    assert "calendario.ics" not in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_pages_only_answer_reads(client, db, method):
    assert getattr(client, method)(LIST).status_code == 405
    assert getattr(client, method)("/jornadas/2009/").status_code == 405


def test_edition_dates_are_checked_by_the_database(db):
    edition = make_edition()
    edition.ends_on = edition.starts_on.replace(year=edition.starts_on.year - 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        edition.save()


def test_menu_links_to_the_jornadas(client, db):
    html = client.get("/").content.decode()
    assert 'href="/jornadas/"' in html


def test_reference_editions_come_back_after_a_flush(db):
    Edition.objects.filter(number__lte=4).delete()
    restore_reference_data()
    restore_reference_data()  # idempotent
    assert sorted(Edition.objects.values_list("slug", flat=True)) == [
        "2005",
        "2006",
        "2007",
        "2009",
    ]
