"""Site pages, reference data, sitemap, robots.txt and the language switch."""

import re

import pytest
from django.core.management import call_command

from chapters.models import Chapter
from pncs.models import Sector


@pytest.mark.parametrize(
    "path",
    ["/", "/aviso-de-privacidad/", "/capitulos/", "/sectores/"],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_page_answers_200_in_both_languages(client, db, prefix, path):
    response = client.get(prefix + path)
    assert response.status_code == 200
    expected_lang = 'lang="en"' if prefix else 'lang="es-MX"'
    assert expected_lang in response.content.decode()


def test_the_nine_sectors_come_from_the_data_migration(db):
    assert Sector.objects.count() == 9
    assert list(Sector.objects.values_list("position", flat=True)) == list(range(1, 10))
    salud = Sector.objects.get(slug="salud")
    assert (salud.name, salud.name_en) == ("Salud", "Health")


def test_sector_list_shows_names_in_the_page_language(client, db):
    assert "Medio Ambiente y Cambio Climático" in client.get("/sectores/").content.decode()
    assert "Environment and Climate Change" in client.get("/en/sectores/").content.decode()


def test_the_founding_chapters_with_their_month(client, db):
    chapters = {c.slug: c for c in Chapter.objects.all()}
    assert chapters["silicon-valley"].formalised_on.isoformat() == "2006-11-01"
    assert chapters["houston"].formalised_on.isoformat() == "2007-05-01"
    assert chapters["detroit"].formalised_on.isoformat() == "2007-12-01"
    html = client.get("/capitulos/").content.decode()
    assert "noviembre 2006" in html.lower() or "noviembre de 2006" in html.lower()
    assert "November 2006" in client.get("/en/capitulos/").content.decode()


def test_chapter_list_says_so_when_empty(client, db):
    Chapter.objects.all().delete()
    assert "Aún no hay capítulos registrados." in client.get("/capitulos/").content.decode()


def test_home_figures_are_live(client, db):
    from tests.conftest import make_member

    make_member("Ana Activa")
    gone = make_member("Beto Baja").user
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    Chapter.objects.create(name="Madrid", slug="madrid", city="Madrid", country="ES")
    figures = client.get("/").context["figures"]
    assert figures == {"members": 1, "listed": 1, "chapters": 4, "sectors": 9}


def test_home_page_query_count_does_not_grow_with_chapters(
    client, db, django_assert_max_num_queries
):
    for i in range(20):
        Chapter.objects.create(name=f"Capítulo {i}", slug=f"cap-{i}", city="X", country="CA")
    with django_assert_max_num_queries(5):
        client.get("/capitulos/")
    with django_assert_max_num_queries(8):
        client.get("/")


def test_language_switch_keeps_the_current_page(client, db):
    html = client.get("/capitulos/").content.decode()
    assert re.search(r'href="/en/capitulos/"[^>]*hreflang="en"', html)
    html = client.get("/en/sectores/").content.decode()
    assert re.search(r'href="/sectores/"[^>]*hreflang="es-mx"', html)


def test_language_switch_keeps_the_query_string(client, db):
    html = client.get("/capitulos/?pagina=2").content.decode()
    assert 'href="/en/capitulos/?pagina=2"' in html


def test_sitemap_lists_public_pages_in_both_languages(client, db):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for path in ["/", "/en/", "/capitulos/", "/en/sectores/", "/aviso-de-privacidad/"]:
        assert f"<loc>http://testserver{path}</loc>" in xml


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/capitulos/", "/sectores/"])
def test_garbage_query_parameters_do_not_break_pages(client, db, path):
    response = client.get(path, {"q": "<script>alert(1)</script>" * 100, "page": "-1' OR 1=1"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_migrations_are_complete(db):
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def test_language_switch_on_a_missing_page_offers_the_other_home(client, db):
    html = client.get("/esta-pagina-no-existe/").content.decode()
    assert 'href="/en/"' in html
