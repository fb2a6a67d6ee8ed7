"""The directory's result cards and pages as a reader meets them: a biography written in Markdown
reads as plain text in the snippet (matches still marked), and the pages link forwards and
backwards and say which results the reader is looking at, with and without htmx."""

import base64
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from members.directory import encode_cursor
from members.models import Visibility
from tests.conftest import login, make_member, result_names

MARKDOWN_BIO = (
    "## Sobre mí\n\n"
    "Investigo en **Biotecnología** y _genómica de plantas_ en el "
    "[Instituto de Prueba](https://instituto.example.org/laboratorio).\n\n"
    "> Me interesa la *transferencia* de tecnología.\n\n"
    "- Edición con `CRISPR`\n"
    "1. Mentoría de __estudiantes__\n\n"
    "---\n"
    "Escríbeme con una ![foto](https://example.org/foto.png) y nombre_de_variable."
)


def url():
    return reverse("members:directory")


def html(response):
    return response.content.decode()


def snippets(response):
    return re.findall(r'<p class="result-snippet">(.*?)</p>', html(response), re.S)


def pagination(response):
    found = re.search(r'<nav class="pagination[^"]*".*?</nav>', html(response), re.S)
    return found.group() if found else ""


def shown(first, last, total=None):
    """The position a page states, such as "Resultados 21 to 40 de 45" with an en dash."""
    text = f"Resultados {first}\N{EN DASH}{last}"
    return f"{text} de {total}" if total else text


def visible_text(fragment):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# The photo


def test_a_card_shows_the_photo_to_those_its_owner_shows_it_to(client, member):
    photo = "members/photos/" + "a" * 32 + ".webp"
    make_member("Foto Pública", photo_small=photo, visibility_photo=Visibility.PUBLIC)
    make_member("Foto de la Red", photo_small=photo.replace("a", "b"))  # members only

    page = html(client.get(url()))
    assert page.count('class="result-photo"') == 1
    assert f'<img class="result-photo" src="/media/{photo}" alt="" width="64" height="64"' in page

    login(client, member.user)
    assert html(client.get(url())).count('class="result-photo"') == 2


# Markdown in the snippet


def test_a_card_shows_a_markdown_biography_as_plain_text(client, db):
    make_member("Bióloga Markdown", bio=MARKDOWN_BIO)

    [snippet] = snippets(client.get(url()))

    for syntax in ("**", "__", "##", "](", "> ", "- ", "1. ", "---", "`", "![", "_genómica"):
        assert syntax not in snippet, syntax
    assert "https://" not in snippet
    text = visible_text(snippet)
    assert text.startswith("Sobre mí Investigo en Biotecnología y genómica de plantas en el")
    assert "Instituto de Prueba." in text
    assert "Me interesa la transferencia de tecnología." in text
    assert "Edición con CRISPR Mentoría de estudiantes" in text
    # An underscore inside a word is not emphasis.
    assert "nombre_de_variable" in text


def test_the_snippet_still_marks_the_words_searched_inside_markdown(client, db):
    make_member("Bióloga Markdown", bio=MARKDOWN_BIO)

    [snippet] = snippets(client.get(url(), {"q": "biotecnologia"}))

    assert "<mark>Biotecnología</mark>" in snippet
    assert "**" not in snippet


def test_a_plain_biography_keeps_its_words_across_paragraphs(client, db):
    make_member("Persona Llana", bio="Nací en Guadalajara.\n\nHoy dirijo 3 equipos - y sigo.")

    [snippet] = snippets(client.get(url(), {"q": "equipos"}))

    assert visible_text(snippet) == "Nací en Guadalajara. Hoy dirijo 3 equipos - y sigo."
    assert "<mark>equipos</mark>" in snippet


def test_markup_in_a_markdown_biography_stays_escaped_text(client, db):
    make_member("Persona Traviesa", bio='**Hola** <script>alert("x")</script> [a](javascript:x)')

    [snippet] = snippets(client.get(url()))

    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "javascript:" not in snippet
    assert visible_text(snippet).startswith("Hola")


# Previous and next pages, and where the reader is


@pytest.fixture
def forty_five(db):
    return [make_member(f"Perfil {index:02d}", headline="Ingeniera") for index in range(45)]


def _link(response, rel):
    found = re.search(rf'<a href="([^"]*)" rel="{rel}"', pagination(response))
    return unescape(found.group(1)) if found else None


def test_the_first_page_has_no_previous_link_and_says_which_results_it_shows(client, forty_five):
    response = client.get(url(), {"orden": "name"})

    assert _link(response, "prev") is None
    assert _link(response, "next")
    assert shown(1, 20, 45) in visible_text(pagination(response))


@pytest.mark.parametrize("sort", ["relevance", "recent", "name"])
def test_previous_links_walk_back_through_the_same_pages(client, forty_five, sort):
    params = {"q": "ingeniera", "orden": sort}
    pages = [client.get(url(), params)]
    while next_link := _link(pages[-1], "next"):
        pages.append(client.get(url() + next_link))
    assert [len(result_names(page)) for page in pages] == [20, 20, 5]
    positions = [visible_text(pagination(page)) for page in pages]
    assert shown(1, 20, 45) in positions[0]
    assert shown(21, 40, 45) in positions[1]
    assert shown(41, 45, 45) in positions[2]

    # From the last page back to the first, through the "previous" links.
    back = client.get(url() + _link(pages[2], "prev"))
    assert result_names(back) == result_names(pages[1])
    assert shown(21, 40, 45) in visible_text(pagination(back))
    first = client.get(url() + _link(back, "prev"))
    assert result_names(first) == result_names(pages[0])
    assert _link(first, "prev") is None
    # A page reached backwards still leads forwards.
    assert result_names(client.get(url() + _link(back, "next"))) == result_names(pages[2])


def test_the_previous_link_of_the_second_page_is_the_first_page_with_the_same_search(
    client, forty_five
):
    first = client.get(url(), {"q": "ingeniera", "orden": "name"})
    second = client.get(url() + _link(first, "next"))

    previous = _link(second, "prev")
    query = parse_qs(urlsplit(previous).query)
    assert query == {"q": ["ingeniera"], "orden": ["name"]}


def test_paging_links_also_work_with_htmx(client, forty_five):
    first = client.get(url(), {"orden": "name"})
    second = client.get(url() + _link(first, "next"), HTTP_HX_REQUEST="true")
    assert html(second).lstrip().startswith('<div id="directory"')

    nav = pagination(second)
    previous = re.search(r'<a href="([^"]*)" rel="prev"[^>]*>', nav).group()
    assert 'data-hx-get="' in previous and 'data-hx-target="#directory"' in previous
    assert shown(21, 40, 45) in visible_text(nav)


def test_an_old_cursor_without_a_page_number_still_pages_both_ways(client, forty_five):
    first = client.get(url(), {"orden": "name"})
    last = first.context["page"].results[-1]
    response = client.get(
        url(), {"orden": "name", "despues": encode_cursor("name", last.sort_name, last.pk)}
    )

    assert result_names(response)[0] == "Perfil 20"
    assert shown(21, 40) not in visible_text(pagination(response))
    back = client.get(url() + _link(response, "prev"))
    assert result_names(back) == result_names(first)
    assert shown(1, 20, 45) in visible_text(pagination(back))


@pytest.mark.parametrize(
    "tail",
    [["x"], [-3], [0], [1], [True], [10**12], [2.5], [3, "despues"], [3, "antes", 1], [3, None]],
)
def test_a_cursor_with_a_bad_page_number_or_direction_shows_the_first_page_with_a_notice(
    client, forty_five, tail
):
    raw = json.dumps(["name", "perfil 19", forty_five[19].pk, *tail]).encode()
    token = base64.urlsafe_b64encode(raw).decode().rstrip("=")

    response = client.get(url(), {"orden": "name", "despues": token})

    assert response.status_code == 200
    assert result_names(response)[0] == "Perfil 00"
    assert "Ese enlace de página ya no es válido" in html(response)


def test_a_page_reached_backwards_costs_no_more_queries(
    client, forty_five, django_assert_max_num_queries
):
    pages = [client.get(url(), {"orden": "recent"})]
    pages.append(client.get(url() + _link(pages[0], "next")))
    pages.append(client.get(url() + _link(pages[1], "next")))
    with django_assert_max_num_queries(4):
        back = client.get(url() + _link(pages[2], "prev"))
    assert result_names(back) == result_names(pages[1])
