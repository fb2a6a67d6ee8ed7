"""The home's figures: each says what it counts, and the one the directory can show leads there."""

import re

import pytest

from members.models import Consent
from tests.conftest import make_member, result_names


@pytest.fixture
def talents(db):
    """Three registered talents with an active account, two of them in the public directory; and
    one listed profile whose account was closed (counted nowhere)."""
    make_member("Ana Listada")
    make_member("Beto Listado")
    make_member("Carla Sin Directorio", consents=(Consent.Purpose.CHAPTER,))
    closed = make_member("Diego Cerrado").user
    closed.is_active = False
    closed.save(update_fields=["is_active"])


def _figure(html, words):
    """The number shown next to `words` in the home's figures."""
    figures = re.findall(
        r'<span class="figure-number">(\d+)</span>\s*<span class="figure-label">([^<]*)</span>',
        html,
    )
    return {label.strip(): int(number) for number, label in figures}[words]


def test_home_says_how_many_talents_are_registered_and_how_many_the_directory_shows(
    client, talents
):
    html = client.get("/").content.decode()
    assert _figure(html, "talentos registrados en la red") == 3
    assert _figure(html, "perfiles en el directorio público") == 2
    # Why the two differ, in words.
    assert "Cada talento decide si su perfil aparece en el directorio" in html


def test_the_directory_figure_leads_to_the_directory_which_shows_the_same_number(client, talents):
    html = client.get("/").content.decode()
    figure = re.search(r'<a class="figure-link" href="([^"]+)">\s*<span class="figure-number">'
                       r"(\d+)</span>\s*<span class=\"figure-label\">perfiles en el directorio",
                       html)  # fmt: skip
    assert figure, "the directory's figure is a link"
    url, number = figure.groups()
    assert url == "/directorio/"
    assert len(result_names(client.get(url))) == int(number)


def test_home_figures_in_english_say_what_they_count(client, talents):
    response = client.get("/en/")
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures["members"], figures["listed"]) == (3, 2)


def test_home_figures_cost_few_queries(client, talents, django_assert_max_num_queries):
    # The sectors, the talents' figures, the chapters' count, the site texts, the latest news,
    # the next Jornada, the open internships' count and the newest opportunities.
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200
