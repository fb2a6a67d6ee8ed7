"""Public sector pages: /sectores/ and /sectores/<slug>/ in both languages, aggregates that count
only members who consented, and the featured members."""

import pytest

from chapters.models import Chapter
from members.models import Consent
from pncs.models import ContactPoint, Sector
from tests.conftest import make_member

LISTED = (Consent.Purpose.PUBLIC_LISTING,)
PNCS_ONLY = (Consent.Purpose.PNCS_SEARCH,)


@pytest.fixture
def salud_contact_point(db):
    contact_point = ContactPoint.objects.create(
        name="Instituto de Salud de Prueba",
        slug="instituto-salud",
        public_contact="https://salud.example.org/vinculacion",
    )
    contact_point.sectors.add(Sector.objects.get(slug="salud"))
    return contact_point


def test_every_sector_has_a_description_in_both_languages(db):
    for sector in Sector.objects.all():
        assert len(sector.description) > 40, sector.slug
        assert len(sector.description_en) > 40, sector.slug


@pytest.mark.parametrize(("prefix", "name"), [("", "Salud"), ("/en", "Health")])
def test_sector_list_shows_description_contact_point_and_link(
    client, salud_contact_point, prefix, name
):
    sector = Sector.objects.get(slug="salud")
    html = client.get(f"{prefix}/sectores/").content.decode()
    description = sector.description_en if prefix else sector.description
    assert description in html
    assert f'href="{prefix}/sectores/salud/">{name}</a>' in html
    assert "Instituto de Salud de Prueba" in html
    assert 'href="https://salud.example.org/vinculacion"' in html


def test_sector_list_says_when_a_sector_has_no_contact_point(client, db):
    assert (
        "Aún no tiene un punto de contacto designado." in client.get("/sectores/").content.decode()
    )


@pytest.mark.parametrize(("prefix", "lang"), [("", "es-MX"), ("/en", "en")])
def test_sector_page_answers_in_both_languages(client, salud_contact_point, prefix, lang):
    response = client.get(f"{prefix}/sectores/salud/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{lang}"' in html
    sector = Sector.objects.get(slug="salud")
    assert (sector.description_en if prefix else sector.description) in html
    assert "Instituto de Salud de Prueba" in html


def test_unknown_sector_is_404(client, db):
    assert client.get("/sectores/no-existe/").status_code == 404
    assert client.get("/en/sectores/no-existe/").status_code == 404


def test_a_public_contact_that_is_not_a_web_address_is_plain_text(client, db):
    contact_point = ContactPoint.objects.create(
        name="Centro X", slug="centro-x", public_contact="javascript:alert(1)"
    )
    contact_point.sectors.add(Sector.objects.get(slug="tic"))
    html = client.get("/sectores/tic/").content.decode()
    assert "javascript:alert(1)" in html
    assert 'href="javascript' not in html


def test_counts_by_country_and_chapter_include_only_publicly_listed_members(client, db):
    houston = Chapter.objects.get(slug="houston")
    for i in range(2):
        make_member(
            f"Listada Canadá {i}",
            sectors=("salud",),
            country="CA",
            chapter=houston,
            visibility_chapter="public",
        )
    make_member("Listado España", sectors=("salud",), country="ES")
    # Not listed publicly: must not count anywhere (Chile appears only through them).
    make_member("Sin consentimiento", sectors=("salud",), country="CL", consents=())
    make_member("Solo PNCS", sectors=("salud",), country="CL", consents=PNCS_ONLY)
    # Another sector: not counted here.
    make_member("Otro sector", sectors=("tic",), country="DE")

    response = client.get("/sectores/salud/")

    context = response.context
    assert context["members_total"] == 3
    assert context["by_country"] == [("Canadá", 2), ("España", 1)]
    assert context["by_chapter"] == [
        ("Houston", houston.get_absolute_url(), 2),
        ("", "", 1),
    ]
    html = response.content.decode()
    assert "Chile" not in html
    assert "Sin consentimiento" not in html
    assert "Solo PNCS" not in html
    assert "Alemania" not in html


def test_counts_respect_a_residence_or_chapter_kept_private(client, db):
    houston = Chapter.objects.get(slug="houston")
    make_member(
        "Residencia privada",
        sectors=("salud",),
        country="CL",
        chapter=houston,
        visibility_location="private",
        visibility_chapter="members",
    )
    context = client.get("/sectores/salud/").context
    assert context["by_country"] == [("", 1)]
    assert context["by_chapter"] == [("", "", 1)]
    html = client.get("/sectores/salud/").content.decode()
    assert "Chile" not in html
    assert "Houston" not in html


def test_a_member_who_keeps_their_sectors_non_public_is_not_counted_or_featured(client, db):
    make_member("Sectores Públicos", sectors=("salud",), country="CA")
    hidden = make_member(
        "Sectores Solo Miembros", sectors=("salud",), country="ES", visibility_expertise="members"
    )
    response = client.get("/sectores/salud/")
    assert response.context["members_total"] == 1
    assert response.context["by_country"] == [("Canadá", 1)]
    html = response.content.decode()
    assert hidden.full_name not in html
    assert hidden.slug not in html
    assert "España" not in html


def test_an_inactive_account_is_not_counted_or_featured(client, db):
    member = make_member("Cuenta Cerrada", sectors=("salud",), country="CA")
    member.user.is_active = False
    member.user.save()
    response = client.get("/sectores/salud/")
    assert response.context["members_total"] == 0
    assert "Cuenta Cerrada" not in response.content.decode()
    assert "Aún no hay miembros del directorio público en este sector." in (
        response.content.decode()
    )


def test_featured_members_are_the_twelve_most_recent_listed_ones_with_profile_links(client, db):
    members = [
        make_member(f"Persona Destacada {i:02d}", sectors=("salud",), headline=f"Titular {i}")
        for i in range(14)
    ]
    hidden = make_member("Persona Oculta", sectors=("salud",), consents=PNCS_ONLY)

    html = client.get("/sectores/salud/").content.decode()

    for member in members[2:]:
        assert f'href="/miembros/{member.slug}/">{member.full_name}</a>' in html
        assert member.headline in html
    for member in members[:2]:
        assert member.full_name not in html
    assert hidden.full_name not in html
    assert hidden.slug not in html


def test_sector_page_never_shows_email_addresses(client, db):
    make_member("Con Correo", email="con-correo@example.org", sectors=("salud",))
    assert "con-correo@example.org" not in client.get("/sectores/salud/").content.decode()


def test_sector_page_query_count_does_not_grow_with_members(
    client, db, django_assert_max_num_queries
):
    houston = Chapter.objects.get(slug="houston")
    for i in range(3):
        make_member(f"Pocos {i}", sectors=("salud",), country="CA")
    with django_assert_max_num_queries(8) as few:
        client.get("/sectores/salud/")
    for i in range(30):
        make_member(
            f"Muchos {i}", sectors=("salud",), country=["CA", "US", "ES"][i % 3], chapter=houston
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/sectores/salud/")


def test_sector_list_query_count_is_constant(client, db, django_assert_max_num_queries):
    for sector in Sector.objects.all():
        contact_point = ContactPoint.objects.create(name=f"PNCS {sector.slug}", slug=sector.slug)
        contact_point.sectors.add(sector)
    with django_assert_max_num_queries(4):
        client.get("/sectores/")


def test_sitemap_lists_every_sector_page_in_both_languages(client, db):
    xml = client.get("/sitemap.xml").content.decode()
    for sector in Sector.objects.all():
        assert f"<loc>http://testserver/sectores/{sector.slug}/</loc>" in xml
        assert f"<loc>http://testserver/en/sectores/{sector.slug}/</loc>" in xml


@pytest.mark.parametrize("path", ["/sectores/", "/sectores/salud/"])
def test_garbage_query_parameters_do_not_break_sector_pages(client, db, path):
    response = client.get(path, {"page": "-1' OR 1=1", "q": "\x00" * 5})
    assert response.status_code == 200
