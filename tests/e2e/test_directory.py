"""The directory in a real browser: with JavaScript the results follow the search box and the
filters in place (htmx) and the address follows them; the results page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Consent
from pncs.models import Sector
from tests.conftest import make_member

from .test_accessibility import axe_problems

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def network(live_server):
    listed = (Consent.Purpose.PUBLIC_LISTING,)
    make_member("José García López", headline="Ingeniero de software", consents=listed)
    make_member(
        "Lucía Hernández Ruiz", headline="Médica epidemióloga", sectors=("salud",), consents=listed
    )
    make_member("Rodrigo Treviño Garza", headline="Ingeniera de datos", consents=listed)


def test_typing_and_filtering_update_the_results_in_place_and_the_address(
    page, live_server, network
):
    page.goto(f"{live_server.url}/directorio/")
    expect(page.locator(".results .result")).to_have_count(3)
    # Marks this document: a full page load would lose it, an htmx swap keeps it.
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_role("searchbox", name="Buscar").fill("ingenieros")
    expect(page.locator(".results .result")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/directorio/\?.*q=ingenieros"))
    expect(page.locator(".results mark").first).to_be_visible()

    page.get_by_role("searchbox", name="Buscar").fill("")
    page.locator(".directory-filters summary").click()
    health = str(Sector.objects.get(slug="salud").pk)
    page.get_by_label("Sector", exact=True).select_option(health)
    expect(page.locator(".results .result")).to_have_count(1)
    expect(page.locator(".results .result")).to_contain_text("Lucía Hernández Ruiz")
    expect(page).to_have_url(re.compile(rf"sector={health}"))
    assert page.evaluate("window.stillTheSamePage") is True

    assert list(axe_problems(page, "/directorio/ (results)")) == []


def test_without_javascript_the_same_form_submits_and_works(browser, live_server, network):
    context = browser.new_context(java_script_enabled=False, locale="es-MX")
    page = context.new_page()
    page.goto(f"{live_server.url}/directorio/")
    page.get_by_role("searchbox", name="Buscar").fill("médica")
    page.get_by_role("button", name="Buscar", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=m%C3%A9dica|q=médica"))
    expect(page.locator(".results .result")).to_have_count(1)
    expect(page.locator(".results .result")).to_contain_text("Lucía Hernández Ruiz")
    context.close()
