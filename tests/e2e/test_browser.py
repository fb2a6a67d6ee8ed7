"""What a visitor's browser does: nothing blocked by the CSP, nothing logged as an error, nothing
fetched from elsewhere; and the language switch keeps the page."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Added before any script of the page: the browser reports CSP violations as DOM events.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
    );
});
"""


def test_pages_keep_to_the_csp_log_no_errors_and_fetch_only_from_the_site(page, live_server, site):
    origin = live_server.url + "/"
    log = []  # (message, URL it came from) for the page being loaded

    def keep_it_local(route):
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            log.append((f"request outside {origin}: {route.request.url}", None))
            route.abort()

    def on_console(message):
        if message.type == "error":
            source = message.location.get("url")
            log.append((f"console error: {message.text} ({source})", source))

    page.route("**/*", keep_it_local)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.on("console", on_console)
    page.on("pageerror", lambda error: log.append((f"uncaught error: {error}", None)))

    # The home page in both languages first, then every other page.
    pages = sorted(site.pages, key=lambda checked: checked.path not in {"/", "/en/"})
    assert [checked.path for checked in pages[:2]] == ["/", "/en/"]
    problems = []
    for checked in pages:
        log.clear()
        page.goto(checked.url)
        violations = page.evaluate("window.__cspViolations")
        log.extend((f"CSP violation: {violation}", None) for violation in violations)
        problems.extend(
            f"{checked.path}: {text}"
            for text, source in log
            # The browser logs the 404 status of a 404 page itself: that one is expected.
            if not (checked.status == 404 and source == checked.url)
        )
    assert not problems, "\n".join(problems)


def test_language_switch_in_the_footer_keeps_the_page(page, live_server):
    page.goto(live_server.url + "/capitulos/")
    footer = page.get_by_role("contentinfo")

    footer.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/capitulos/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    footer.get_by_role("link", name="Español").click()
    expect(page).to_have_url(live_server.url + "/capitulos/")
    expect(page.locator("html")).to_have_attribute("lang", "es-MX")
