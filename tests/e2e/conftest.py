"""Fixtures of the browser checks: one Chromium per session, the site's pages crawled once."""

import os

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import restore_reference_data

from .site_pages import crawl

# Playwright's sync API keeps an event loop running in the main thread, where the test database is
# flushed between tests: Django would take that for ORM calls from async code and refuse them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the checks run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 720}  # WCAG 1.4.10 reflow: 320 CSS pixels


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh visitor (no cookies) at desktop width."""
    context = browser.new_context(viewport=DESKTOP, locale="es-MX")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def _crawl_cache():
    return {}


@pytest.fixture
def site(live_server, _crawl_cache):
    """Every distinct public HTML page (and the 404 page), fetched raw once per session.

    Function-scoped on top of a session cache: the crawl must run inside a test, after the test
    database has its reference data (sectors, chapters) restored.
    """
    if "crawl" not in _crawl_cache:
        _crawl_cache["crawl"] = crawl(live_server.url)
    return _crawl_cache["crawl"]


@pytest.fixture(autouse=True)
def reference_data(request):
    """Browser tests use a flushed, transactional database: put the reference data back with the
    data migrations' own functions (idempotent). Not serialized_rollback: reloading the serialized
    database clashes with the content types that the flush of a plain transactional test, run
    before it in the session, has already recreated."""
    if "live_server" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        return
    request.getfixturevalue("transactional_db")
    restore_reference_data()
