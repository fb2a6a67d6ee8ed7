"""The chapter list: grouped by country, member counts, the map drawn by the portal."""

import re

from chapters.models import Chapter
from tests.chapters.helpers import chapter, chapter_mate
from tests.conftest import make_member


def test_list_groups_chapters_by_country_with_member_counts(client, db):
    Chapter.objects.create(
        name="Toronto",
        slug="toronto",
        city="Toronto, Ontario",
        country="CA",
        latitude=43.65,
        longitude=-79.38,
    )
    chapter_mate("Uno Houston")
    chapter_mate("Dos Houston", consents=())  # counted even without the visibility consent
    make_member("Sin Capitulo")
    html = client.get("/capitulos/").content.decode()

    canada = html.index('<h2 id="pais-ca">Canadá</h2>')
    usa = html.index('<h2 id="pais-us">Estados Unidos</h2>')
    assert canada < html.index("Toronto, Ontario") < usa < html.index("Houston, Texas")
    card = html[html.index('id="houston"') :]
    assert "2 miembros" in card[: card.index("</li>")]
    assert "Formalizado" in html and "mayo 2007" in html.lower()


def test_list_draws_the_map_itself_with_a_text_list(client, db):
    chapter_mate("Uno Houston")
    html = client.get("/capitulos/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'aria-hidden="true"' in svg
    assert svg.count("<circle") == 3  # the three founding chapters have a position
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # Houston: 29.76 N, 95.37 W -> x = 180 - 95.37, y = 90 - 29.76
    assert re.search(r'cx="84\.63" cy="60\.24"', svg)
    assert "<script" not in html.lower()
    text_list = html[html.index('class="chapter-map-list"') :]
    assert re.search(r"Houston</a> \(Estados Unidos\):\s*1 miembro<", text_list)


def test_chapter_without_position_is_listed_but_not_drawn(client, db):
    Chapter.objects.create(name="Madrid", slug="madrid", city="Madrid", country="ES")
    html = client.get("/capitulos/").content.decode()
    assert html.count("<circle") == 3
    assert '<a href="/capitulos/madrid/">Madrid</a>' in html
    assert "En formación" in html


def test_list_links_to_the_proposal_form(client, db):
    assert 'href="/capitulos/proponer/"' in client.get("/capitulos/").content.decode()


def test_english_list_keeps_the_numbers_unlocalised_in_the_map(client, db):
    html = client.get("/en/capitulos/").content.decode()
    assert re.search(r'cx="84\.63"', html)
    assert "United States" in html


def test_list_query_count_does_not_grow_with_members_or_chapters(
    client, db, django_assert_max_num_queries
):
    for i in range(3):
        chapter_mate(f"Miembro {i}")
    with django_assert_max_num_queries(3):
        client.get("/capitulos/")
    for i in range(30):
        chapter_mate(f"Otro {i}", "detroit")
    for i in range(10):
        Chapter.objects.create(
            name=f"Cap {i}", slug=f"cap-{i}", city="X", country="CA", latitude=i, longitude=i
        )
    with django_assert_max_num_queries(3):
        response = client.get("/capitulos/")
    assert "30 miembros" in response.content.decode()


def test_member_count_ignores_deactivated_accounts(client, db):
    gone = chapter_mate("Cuenta Cerrada")
    gone.user.is_active = False
    gone.user.save()
    html = client.get("/capitulos/").content.decode()
    card = html[html.index('id="houston"') :]
    assert "0 miembros" in card[: card.index("</li>")]
    assert chapter().members.count() == 1
