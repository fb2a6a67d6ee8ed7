"""The list of checked pages: every URL of the site answers a visitor, the sitemap is covered."""

import xml.etree.ElementTree as ET

import pytest

from .site_pages import MISSING_PATHS, fetch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_every_sitemap_url_answers_200_and_is_checked(live_server, site):
    sitemap = fetch(live_server.url + "/sitemap.xml")
    assert sitemap.status == 200
    root = ET.fromstring(sitemap.body)  # noqa: S314 - our own server's answer
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", NS)]
    assert locations, "the sitemap lists no page"

    problems = []
    for url in locations:
        if not url.startswith(live_server.url + "/"):
            problems.append(f"{url}: not on this site ({live_server.url})")
            continue
        path = url.removeprefix(live_server.url)
        status = fetch(url, follow_redirects=False).status
        if status != 200:
            problems.append(f"{path}: answers {status}, not 200")
        if path not in site.paths:
            problems.append(f"{path}: not among the checked pages")
    assert not problems, "\n".join(problems)


def test_every_page_of_the_urlconf_answers_a_visitor(site):
    """A page that crashes or is not HTML would drop out of the checks unseen: it fails here.

    Something that is not a page at all belongs in site_pages.SKIPPED_EXACT or SKIPPED_PREFIXES.
    """
    problems = [
        f"{path}: answers {answer.status} {answer.content_type} (at {answer.url})"
        for path, answer in site.not_pages
        if answer.status >= 500 or answer.status < 400
    ]
    assert not problems, "\n".join(problems)
    assert {"/", "/en/", "/capitulos/", "/en/cuenta/login/"} <= site.paths


def test_a_missing_page_answers_404_in_both_languages(site):
    missing = {page.path: page for page in site.pages if page.requested[0] in MISSING_PATHS}
    assert set(missing) == set(MISSING_PATHS)
    assert {page.status for page in missing.values()} == {404}
    assert 'lang="en"' in missing["/en/esta-pagina-no-existe/"].html
    assert 'lang="es-MX"' in missing["/esta-pagina-no-existe/"].html
