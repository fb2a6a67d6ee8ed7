"""A sector page (/sectores/<slug>/) leads to the sector's experts in the directory, filtered by
that sector, and the number it gives is the number the directory then shows."""

import re
from html import unescape

from members.models import Consent, Visibility
from pncs.models import Sector
from tests.conftest import make_member, result_names

LISTED = (Consent.Purpose.PUBLIC_LISTING,)


def experts_link(response):
    """(address, text) of the link to the directory, or None."""
    found = re.search(
        r'<a [^>]*href="([^"]*/directorio/\?[^"]*)"[^>]*>(.*?)</a>', response.content.decode(), re.S
    )
    if found is None:
        return None
    return unescape(found.group(1)), " ".join(unescape(found.group(2)).split())


def test_a_sector_page_links_to_its_experts_in_the_directory_with_their_number(client, db):
    salud = Sector.objects.get(slug="salud")
    make_member("Ana Salud", sectors=("salud",), consents=LISTED)
    make_member("Beto Salud", sectors=("salud", "tic"), consents=LISTED)
    make_member("Carla Tic", sectors=("tic",), consents=LISTED)
    make_member("Dora Oculta", sectors=("salud",), consents=LISTED,
                visibility_expertise=Visibility.MEMBERS)  # fmt: skip
    make_member("Eva Sin Consentimiento", sectors=("salud",), consents=())

    address, text = experts_link(client.get("/sectores/salud/"))

    assert address == f"/directorio/?sector={salud.pk}"
    assert "2 personas expertas" in text
    directory = client.get(address)
    assert sorted(result_names(directory)) == ["Ana Salud", "Beto Salud"]
    assert directory.context["page"].total == 2


def test_a_single_expert_is_named_in_the_singular(client, db):
    make_member("Ana Salud", sectors=("salud",), consents=LISTED)

    _address, text = experts_link(client.get("/sectores/salud/"))

    assert "la persona experta" in text


def test_the_english_sector_page_links_to_the_english_directory(client, db):
    salud = Sector.objects.get(slug="salud")
    make_member("Ana Salud", sectors=("salud",), consents=LISTED)

    address, _text = experts_link(client.get("/en/sectores/salud/"))

    assert address == f"/en/directorio/?sector={salud.pk}"
    assert client.get(address).status_code == 200


def test_a_sector_without_public_experts_offers_no_empty_search(client, db):
    make_member("Dora Oculta", sectors=("salud",), consents=LISTED,
                visibility_expertise=Visibility.MEMBERS)  # fmt: skip

    response = client.get("/sectores/salud/")

    assert experts_link(response) is None
    assert "Aún no hay miembros del directorio público en este sector." in response.content.decode()


def test_the_link_costs_no_extra_query(client, db, django_assert_max_num_queries):
    for index in range(5):
        make_member(f"Persona {index}", sectors=("salud",), consents=LISTED)
    client.get("/sectores/salud/")  # warm what a first request loads once
    # Five queries, as before the link: its number is the one the page already counted.

    with django_assert_max_num_queries(5):
        response = client.get("/sectores/salud/")
    assert experts_link(response) is not None
