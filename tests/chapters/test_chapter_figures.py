"""A chapter's figures: its members, and how many of them the directory shows with the chapter;
the two differ because each member decides, and the page says so and links to the directory."""

import re

import pytest

from members.models import Consent, Visibility
from tests.chapters.helpers import chapter, chapter_mate
from tests.conftest import login, make_member, result_names

URL = "/capitulos/houston/"


@pytest.fixture
def houston(db):
    """Four members with an active account: one shows the chapter in the public directory, one
    only to members of the network, one is not in the directory; and one closed account."""
    listed = (Consent.Purpose.PUBLIC_LISTING,)
    chapter_mate("Pía Pública", consents=listed, visibility_chapter=Visibility.PUBLIC)
    chapter_mate("Mía Miembros", consents=listed, visibility_chapter=Visibility.MEMBERS)
    chapter_mate("Nora Noenlista", consents=())
    closed = chapter_mate("Cirilo Cerrado", consents=listed, visibility_chapter="public").user
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    return chapter()


def _figures(html):
    """{label: (number, link or None)} of the chapter's figures."""
    band = html[html.index('chapter-figures"') :]
    band = band[: band.index("</ul>")]
    found = {}
    for item in re.findall(r"<li[^>]*>(.*?)</li>", band, re.S):
        number = int(re.search(r'class="figure-number">(\d+)<', item).group(1))
        label = re.sub(r"\s+", " ", re.search(r'class="figure-label">([^<]*)<', item).group(1))
        link = re.search(r'href="([^"]+)"', item)
        found[label.strip()] = (number, link.group(1) if link else None)
    return found


def test_visitor_sees_members_and_the_directory_figure_that_matches_the_directory(client, houston):
    figures = _figures(client.get(URL).content.decode())
    assert figures["miembros registrados"] == (3, None)
    number, link = figures["perfil en el directorio muestra este capítulo"]
    assert (number, link) == (1, f"/directorio/?capitulo={houston.pk}")
    response = client.get(link)
    assert response.status_code == 200
    assert result_names(response) == ["Pía Pública"]


def test_signed_in_member_sees_the_figure_of_their_own_directory(client, houston):
    login(client, make_member("Otra Persona").user)
    figures = _figures(client.get(URL).content.decode())
    assert figures["miembros registrados"][0] == 3
    number, link = figures["perfiles en el directorio muestran este capítulo"]
    assert number == 2
    assert sorted(result_names(client.get(link))) == ["Mía Miembros", "Pía Pública"]


def test_chapter_page_says_why_the_figures_differ(client, houston):
    html = client.get(URL).content.decode()
    assert "Cada miembro decide si su perfil aparece en el directorio" in html


def test_chapter_page_has_a_header_band_with_place_and_image(client, houston):
    html = client.get(URL).content.decode()
    band = html[html.index('class="chapter-band"') :]
    band = band[: band.index("</header>")]
    assert "Houston" in band and "Estados Unidos" in band
    assert 'src="/static/img/chapter-band.svg"' in band
    assert 'class="chapter-locator"' in band  # Houston has a position: its place on a map


@pytest.mark.parametrize("path", [URL, "/en" + URL])
def test_chapter_page_asks_nothing_from_third_parties(client, houston, path):
    html = client.get(path).content.decode()
    external = re.findall(r'(?:src|href|srcset|action)="((?:https?:)?//[^"]*)"', html)
    assert external == []


def test_chapter_figures_cost_one_query(client, houston, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert client.get(URL).status_code == 200


def test_a_chapter_without_a_position_has_its_band_without_the_map(client, db):
    from chapters.models import Chapter

    Chapter.objects.create(name="Madrid", slug="madrid", city="Madrid", country="ES")
    html = client.get("/capitulos/madrid/").content.decode()
    band = html[
        html.index('class="chapter-band"') : html.index("</header>", html.index("chapter-band"))
    ]
    assert "Madrid · España" in band
    assert "chapter-locator" not in band
    assert 'src="/static/img/chapter-band.svg"' in band
