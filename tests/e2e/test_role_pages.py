"""axe and the Nu HTML checker on a site with the demo data, on every page of every role.

The pages come from the role contract and the URLconf (tests/e2e/role_pages.py): each role opens
what the contract lets it open, with parameters from the demo data, in both languages. axe runs at
desktop width and at 360 px (with a reflow check) on one load of each page; the Nu checker runs
once over every page as served.
"""

import hashlib
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import DESKTOP
from .role_pages import REQUIRED_ACCOUNT_PAGES, demo_world, page_list, session_cookie
from .test_accessibility import OVERFLOWING, axe_problems
from .test_html import nu_problems

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 360, "height": 740}
# A contract page that sends a role to sign in or to finish its onboarding is not opened.
SENT_AWAY = tuple(
    f"{prefix}{path}" for prefix in ("", "/en") for path in ("/cuenta/", "/perfil/bienvenida/")
)


@dataclass
class DemoChecks:
    """What the browser found on the demo site, kept for the tests that read it."""

    checked: list = field(default_factory=list)  # (persona, url name, path)
    not_pages: list = field(default_factory=list)  # (persona, path, what it is instead)
    errors: list = field(default_factory=list)  # contract URLs that could not be opened
    desktop: list = field(default_factory=list)  # axe problems
    phone: list = field(default_factory=list)  # axe and reflow problems
    html: dict = field(default_factory=dict)  # label -> page as served, once per distinct page
    seconds: Counter = field(default_factory=Counter)
    axe_checked: int = 0  # pages given to axe: the others are made of parts it has seen
    screenshots: list = field(default_factory=list)  # files written for review

    def summary(self):
        personas = {persona for persona, _name, _path in self.checked}
        return (
            f"{len(self.checked)} pages ({len(personas)} roles, both languages): "
            f"{self.axe_checked} distinct ones checked with axe at 1280 and 360 px, "
            f"{len(self.html)} with the Nu checker; "
            f"in {', '.join(f'{k} {v:.0f} s' for k, v in self.seconds.items())}; "
            f"{len(self.not_pages)} answers that are not pages: "
            + ", ".join(f"{persona} {path} ({kind})" for persona, path, kind in self.not_pages)
        )


# Every role's home is photographed at both widths for review (issue 20), in the test artifacts
# folder (settings.TEST_ARTIFACTS_DIR).
HOME = "members:home"


def photograph(browser_page, url, persona):
    folder = Path(settings.TEST_ARTIFACTS_DIR) / "homes"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for width, viewport in (("1280", DESKTOP), ("360", PHONE)):
        browser_page.set_viewport_size(viewport)
        browser_page.goto(url)
        file = folder / f"{persona.name.replace(' ', '-')}-{width}.png"
        browser_page.screenshot(path=file, full_page=True)
        files.append(file)
    return files


MAIN = re.compile(r"<main\b.*?</main>", re.DOTALL)
CSRF_TOKEN = re.compile(r'value="[^"]{40,}"')


BODY = re.compile(r"<body\b.*</body>", re.DOTALL)
LINK_TARGET = re.compile(r'href="[^"]*"')


def _parts(body):
    """Digests of the page's <main> and of the rest of its body (header, footer, links aside):
    a public page opened by several roles differs by its header only, and the header and footer
    by their links to this page in the other language. CSRF tokens differ on every load."""
    body = CSRF_TOKEN.sub("", body)
    main = (MAIN.search(body) or BODY.search(body) or re.search(".*", body)).group(0)
    frame = LINK_TARGET.sub("", (BODY.search(body) or re.search(".*", body)).group(0))
    frame = frame.replace(LINK_TARGET.sub("", main), "", 1)
    return (hashlib.sha256(main.encode()).digest(), hashlib.sha256(frame.encode()).digest())


def _is_document(response):
    content_type = response.headers.get("content-type", "")
    return content_type.startswith("text/html") and "<html" in response.text()[:500].lower()


def check_demo_site(browser, base_url):
    started = time.monotonic()
    personas, values = demo_world()
    pages = page_list(personas, values)
    result = DemoChecks(errors=list(pages.errors))
    result.seconds["demo data"] = time.monotonic() - started
    seen_html, seen_mains, seen_frames = set(), set(), set()
    for persona in personas:
        context = browser.new_context(viewport=DESKTOP, locale="es-MX")
        if persona.signed_in:
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": session_cookie(persona.user),
                        "url": base_url,
                    }
                ]
            )
        browser_page = context.new_page()
        try:
            for name, path, required in pages.paths[persona.name]:
                label = f"{persona.name} {path}"
                answer = context.request.get(base_url + path, max_redirects=0)
                where = answer.headers.get("location", "")
                if required and answer.status == 302 and not where.startswith(SENT_AWAY):
                    # The demo's state, not the contract's world: e.g. a member already
                    # registered for the Jornada is shown their registration. Check that page.
                    result.not_pages.append((persona.name, path, f"302 {where}"))
                    path, label = where, f"{persona.name} {where}"
                    answer = context.request.get(base_url + path, max_redirects=0)
                    where = answer.headers.get("location", "")
                if answer.status != 200:
                    if required:
                        result.errors.append(f"{label} ({name}): answers {answer.status} {where}")
                    else:
                        result.not_pages.append((persona.name, path, f"{answer.status} {where}"))
                    continue
                if not _is_document(answer):
                    kind = answer.headers.get("content-type", "")
                    result.not_pages.append((persona.name, path, kind))
                    continue
                result.checked.append((persona.name, name, path))
                if name == HOME and not path.startswith("/en/"):
                    result.screenshots.extend(photograph(browser_page, base_url + path, persona))
                body = answer.text()
                main, frame = _parts(body)
                if (main, frame) not in seen_html:
                    seen_html.add((main, frame))
                    result.html[label] = body
                if main in seen_mains and frame in seen_frames:
                    continue  # what axe would see here, it has seen on other pages
                seen_mains.add(main)
                seen_frames.add(frame)
                result.axe_checked += 1

                started = time.monotonic()
                browser_page.set_viewport_size(DESKTOP)
                browser_page.goto(base_url + path)
                result.desktop.extend(axe_problems(browser_page, f"{label} (1280 px)"))
                browser_page.set_viewport_size(PHONE)
                result.phone.extend(axe_problems(browser_page, f"{label} (360 px)"))
                result.phone.extend(
                    f"{label} (360 px): [reflow] wider than the viewport: {html}"
                    for html in browser_page.evaluate(OVERFLOWING)
                )
                result.seconds["browser"] += time.monotonic() - started
        finally:
            context.close()
    return result


@pytest.fixture
def demo_site(live_server, browser, _crawl_cache):
    """The checks run once per session, inside the first test that asks: the demo data lives in
    that test's database only (browser tests flush it after each test)."""
    if "demo" not in _crawl_cache:
        _crawl_cache["demo"] = check_demo_site(browser, live_server.url)
    return _crawl_cache["demo"]


def test_every_page_of_every_role_opens_with_the_demo_data(demo_site):
    print(demo_site.summary())  # shown with -s
    assert not demo_site.errors, "\n".join(demo_site.errors)
    opened = {(persona, name) for persona, name, _path in demo_site.checked}
    for persona in ("participant", "member", "chapter leader", "PNCS staff", "IME admin"):
        for name in REQUIRED_ACCOUNT_PAGES:
            assert (persona, name) in opened, f"{persona} never saw {name}"
    for persona in ("participant", "member", "chapter leader", "PNCS staff", "IME admin"):
        assert (persona, HOME) in opened, f"{persona} never saw their home"
    for persona, name in [
        ("visitor", "members:member_detail"),
        ("visitor", "members:directory"),
        ("member", "members:profile_edit"),
        ("member", "members:privacy_settings"),
        ("member", "members:introduction_list"),
        ("member", "members:data_download"),
        ("chapter leader", "chapters:chapter_edit"),
        ("chapter leader", "chapters:join_request_list"),
        ("PNCS staff", "pncs_workspace:home"),
        ("PNCS staff", "pncs_workspace:contact_point"),
        ("PNCS staff", "members:expert_search"),
        ("IME admin", "pncs_workspace:overview"),
        ("IME admin", "admin:members_member_changelist"),
    ]:
        assert (persona, name) in opened, f"{persona} never saw {name}"


def test_every_role_home_is_photographed_at_both_widths(demo_site):
    written = {file.name for file in demo_site.screenshots if file.stat().st_size > 0}
    for persona in ("participant", "member", "chapter-leader", "PNCS-staff", "IME-admin"):
        for width in ("1280", "360"):
            assert f"{persona}-{width}.png" in written, f"no {width} px picture of {persona}'s home"


def test_every_page_of_every_role_passes_axe_at_desktop_width(demo_site):
    problems = demo_site.desktop
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)


def test_every_page_of_every_role_passes_axe_and_reflows_at_360_px(demo_site):
    problems = demo_site.phone
    assert not problems, f"{len(problems)} problems at 360 px:\n" + "\n".join(problems)


def test_every_page_of_every_role_is_valid_html(demo_site, tmp_path):
    problems = nu_problems(demo_site.html, tmp_path)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(problems)
