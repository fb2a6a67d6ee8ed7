"""Visitors' directory and profile pages come from the page cache (members.directory.page_cache)
until anything they show changes: then at once, in the same commit, never from an older copy."""

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chapters.models import Chapter
from members.consents import set_consent
from members.directory.page_cache import generation
from members.models import Consent, Member, Visibility
from members.permissions import MEMBER
from pncs.models import Sector
from tests.conftest import login, make_member, restore_reference_data, result_names

DIRECTORY = reverse("members:directory")


def visit(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, len(queries.captured_queries)


@pytest.fixture
def committed():
    """Transactional tests: every statement commits, as in production; they start from flushed
    tables, so the sectors and chapters are put back first."""
    restore_reference_data()


@pytest.fixture
def ana(db):
    return make_member("Ana Caché", headline="Oceanógrafa", city="Monterey", country="US")


# Served from the cache


@pytest.mark.parametrize("path", [DIRECTORY, DIRECTORY + "?q=oceanografa", "profile"])
def test_a_repeated_visitor_page_costs_one_query_and_is_the_same_page(client, ana, path):
    path = ana.get_absolute_url() if path == "profile" else path
    first, first_queries = visit(client, path)
    again, again_queries = visit(client, path)
    assert first.status_code == again.status_code == 200
    assert "Ana Caché" in first.content.decode()
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert first_queries <= 3
    assert again_queries == 1  # the page generation


def test_a_new_visitor_search_costs_three_queries_and_shows_renamed_chapters(client, ana):
    visit(client, DIRECTORY + "?q=oceanografa")
    response, queries = visit(client, DIRECTORY + "?q=monterey")
    assert "Ana Caché" in response.content.decode()
    assert queries == 3  # the page generation, the sectors and chapters, and the search
    chapter = Chapter.objects.order_by("pk").first()
    Chapter.objects.filter(pk=chapter.pk).update(name="Capítulo Renombrado")
    response, queries = visit(client, DIRECTORY + "?q=ana")
    assert queries == 3
    assert "Capítulo Renombrado</option>" in response.content.decode()


def test_languages_and_htmx_updates_are_kept_apart(client, ana):
    spanish = client.get(DIRECTORY).content.decode()
    english = client.get("/en" + DIRECTORY).content.decode()
    partial = client.get(DIRECTORY, HTTP_HX_REQUEST="true").content.decode()
    assert 'lang="es-MX"' in spanish
    assert 'lang="en"' in english
    assert "<html" not in partial
    assert "Ana Caché" in partial
    assert client.get(DIRECTORY).content.decode() == spanish


def test_signed_in_people_get_their_own_page(client, ana, member):
    client.get(DIRECTORY)
    login(client, member.user)
    response = client.get(DIRECTORY)
    assert response.context is not None
    assert response.context["audience"] == MEMBER


def test_a_page_with_a_message_is_not_kept(client, ana):
    for _attempt in range(2):
        response = client.get(DIRECTORY, {"despues": "not-a-cursor"})
        assert response.context is not None  # rendered, not from the cache
        assert any("ya no es válido" in str(m) for m in response.context["messages"])


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, ana):
    client.get(DIRECTORY)
    client.cookies["sessionid"] = "una-sesion-cualquiera"
    assert client.get(DIRECTORY).context is not None


def test_garbage_addresses_are_kept_apart_and_never_break(client, ana):
    for query in ("q=%00", "q=" + "x" * 5000, "sector=-1", "q='%20OR%201=1--", "q=<script>"):
        first = client.get(f"{DIRECTORY}?{query}")
        again = client.get(f"{DIRECTORY}?{query}")
        assert first.status_code == again.status_code
        assert first.content == again.content
    assert "Ana Caché" in client.get(DIRECTORY).content.decode()


def test_the_page_cache_can_be_turned_off(client, ana, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(DIRECTORY)
    _response, queries = visit(client, DIRECTORY)
    assert queries > 1


def test_a_visitors_search_page_keeps_its_choices_and_language_link(client, ana, settings):
    make_member("Beto Marino", headline="Biólogo marino", city="Ensenada", country="MX")
    second = client.get(DIRECTORY, {"q": "biologo", "pais": "MX"})
    page = second.content.decode()
    assert "Beto Marino" in page and "Ana Caché" not in page
    assert '<option value="MX" selected>' in page
    # The language link keeps this search.
    assert 'href="/en/directorio/?q=biologo&amp;pais=MX"' in page
    # The same page as one rendered without the page cache.
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get(DIRECTORY, {"q": "biologo", "pais": "MX"}).content == second.content


def test_a_message_of_the_request_is_shown_after_another_visitor_search(client, ana):
    client.get(DIRECTORY, {"q": "monterey"})
    response = client.get(DIRECTORY, {"q": "oceanografa", "sector": "no-es-un-sector"})
    assert response.status_code == 200
    assert "Algunos filtros no eran válidos" in response.content.decode()
    assert "Ana Caché" in response.content.decode()


def test_without_a_generation_pages_are_rendered_every_time(client, ana):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM rt_page_generation")
    for _attempt in range(2):
        response = client.get(DIRECTORY)
        assert response.status_code == 200
        assert response.context is not None


# Changes leave the cache at once


def test_a_change_in_the_same_test_transaction_is_shown_at_once(client, ana):
    profile = ana.get_absolute_url()
    assert "Oceanógrafa" in client.get(profile).content.decode()
    Member.objects.filter(pk=ana.pk).update(headline="Geóloga marina")
    assert "Geóloga marina" in client.get(profile).content.decode()
    assert "Geóloga marina" in client.get(DIRECTORY).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_withdrawn_consent_leaves_every_cached_page_at_once(committed):
    ana = make_member("Ana Caché", headline="Oceanógrafa")
    client = Client()
    profile = ana.get_absolute_url()
    search = DIRECTORY + "?q=ana"
    for path in (profile, DIRECTORY, search):
        client.get(path)
    assert client.get(profile).status_code == 200
    assert result_names(client.get(search)) == ["Ana Caché"]

    set_consent(user=ana.user, purpose=Consent.Purpose.PUBLIC_LISTING, granted=False)

    assert client.get(profile).status_code == 404
    assert result_names(client.get(search)) == []
    assert "Ana Caché" not in client.get(DIRECTORY).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_while_a_change_commits_is_never_served_after_it(committed):
    """A writer's transaction is still open while a visitor's page is rendered and kept: the
    generation only moves with the commit, so the next visitor gets the new page."""
    ana = make_member("Ana Caché", headline="Oceanógrafa")
    client = Client()
    profile = ana.get_absolute_url()
    before = generation()
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"],
        port=settings["PORT"],
    ) as writer:
        writer.execute(
            "UPDATE members_member SET visibility_about = %s WHERE id = %s",
            [Visibility.PRIVATE, ana.pk],
        )
        writer.execute(
            "UPDATE members_member SET headline = 'Cambio pendiente' WHERE id = %s", [ana.pk]
        )
        # Not committed yet: the visitor sees and keeps the old page.
        assert "Oceanógrafa" in client.get(profile).content.decode()
        assert generation() == before
        writer.commit()
    assert generation() == before + 1  # one transaction, one step, however many rows
    page = client.get(profile).content.decode()
    assert "Cambio pendiente" in page
    assert "Oceanógrafa" not in page


@pytest.mark.django_db(transaction=True)
def test_bulk_changes_and_reference_names_raise_the_generation_once_each(committed):
    make_member("Ana Caché", sectors=("salud",), chapter=Chapter.objects.get(slug="houston"))
    make_member("Berta Caché", sectors=("salud",))
    client = Client()
    client.get(DIRECTORY)

    before = generation()
    assert Member.objects.update(headline="Investigadora") == 2
    assert generation() == before + 1
    assert "Investigadora" in client.get(DIRECTORY).content.decode()

    Sector.objects.filter(slug="salud").update(name="Salud y bienestar")
    assert "Salud y bienestar" in client.get(DIRECTORY).content.decode()

    Member.objects.update(visibility_chapter=Visibility.PUBLIC)
    Chapter.objects.filter(slug="houston").update(name="Capítulo Houston renombrado")
    assert "Capítulo Houston renombrado" in client.get(DIRECTORY).content.decode()
    assert generation() == before + 4


def test_the_filter_fields_follow_the_choice_the_language_and_the_names(client, ana):
    assert '<option value="US" selected>' not in client.get(DIRECTORY).content.decode()
    assert '<option value="US" selected>' in client.get(DIRECTORY, {"pais": "US"}).content.decode()
    assert "País de residencia" in client.get(DIRECTORY).content.decode()
    assert "Country of residence" in client.get("/en" + DIRECTORY).content.decode()
    Sector.objects.filter(slug="salud").update(name="Salud pública y bienestar")
    assert "Salud pública y bienestar</option>" in client.get(DIRECTORY).content.decode()
    refused = client.get(DIRECTORY, {"sector": "999999"}).content.decode()
    assert "errorlist" in refused
    assert "errorlist" not in client.get(DIRECTORY).content.decode()
