"""The home's "Qué puedes aportar" tiles: each leads to the directory filtered by that offer, and
the home looks like the portal with images the portal itself serves."""

import re

import pytest
from django.contrib.staticfiles import finders

from members.models import ContributionOffer
from tests.conftest import make_member, result_names


def _tiles(html):
    section = html[html.index('id="aportaciones"') :]
    section = section[: section.index("</section>")]
    return re.findall(r'<a class="offer-tile" href="([^"]+)"', section)


def test_each_offer_tile_is_a_link_to_the_directory_filtered_by_that_offer(client, db):
    html = client.get("/").content.decode()
    assert _tiles(html) == [f"/directorio/?aporte={value}" for value in ContributionOffer.values]


@pytest.mark.parametrize("offer", ContributionOffer.values)
def test_an_offer_tile_opens_the_directory_with_the_filter_applied(client, db, offer):
    make_member("Oferta Presente", contribution_offers=[offer])
    other = next(value for value in ContributionOffer.values if value != offer)
    make_member("Oferta Distinta", contribution_offers=[other])
    url = next(url for url in _tiles(client.get("/").content.decode()) if url.endswith(offer))
    response = client.get(url)
    assert response.status_code == 200
    assert result_names(response) == ["Oferta Presente"]


def test_english_tiles_lead_to_the_english_directory(client, db):
    html = client.get("/en/").content.decode()
    assert _tiles(html)[0] == f"/en/directorio/?aporte={ContributionOffer.values[0]}"


def test_home_shows_the_images_the_portal_ships(client, db):
    html = client.get("/").content.decode()
    images = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert "/static/img/home-hero.svg" in images
    for value in ContributionOffer.values:
        assert f"/static/img/offers/{value}.svg" in images
    for src in images:
        assert finders.find(src.removeprefix("/static/")), src


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_asks_nothing_from_third_parties(client, db, path):
    html = client.get(path).content.decode()
    external = re.findall(r'(?:src|href|srcset|action)="((?:https?:)?//[^"]*)"', html)
    assert external == []
    assert "url(http" not in html and "@import" not in html
