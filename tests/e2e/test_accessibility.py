"""Accessibility: axe-core (WCAG 2.0/2.1, A and AA) on every public page at desktop width and at
320 px (with a reflow check), on the signed-in header and a flash message, and the focus ring."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.conftest import make_user

from .conftest import DESKTOP, NARROW

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

# When the page scrolls sideways, the outermost elements that stick out of the viewport.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const wide = [...document.querySelectorAll("body *")]
        .filter(el => el.getBoundingClientRect().right > width + 1);
    return wide.filter(el => !wide.includes(el.parentElement))
        .map(el => el.outerHTML.slice(0, 160));
}"""


# The focused element's outline colour and the colours just outside its outline, on four sides.
FOCUS_RING = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const ring = {
        position: [...document.querySelectorAll("*")].indexOf(el),
        html: el.outerHTML.slice(0, 120),
        outline: style.outlineStyle === "none" ? null : style.outlineColor,
        around: [],
    };
    if (!ring.outline || parseFloat(style.outlineWidth) === 0) return ring;
    const box = el.getBoundingClientRect();
    const gap = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) + 2;
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    for (const [px, py] of [[box.left - gap, y], [box.right + gap, y], [x, box.top - gap],
                            [x, box.bottom + gap]]) {
        const under = document.elementsFromPoint(px, py).find(node => !el.contains(node));
        for (let node = under; node; node = node.parentElement) {
            const colour = getComputedStyle(node).backgroundColor;
            if (colour !== "transparent" && !colour.startsWith("rgba(0, 0, 0, 0")) {
                ring.around.push(colour);
                break;
            }
        }
    }
    return ring;
}"""


def _luminance(css_colour):
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def axe_problems(browser_page, label):
    # Injected once per page load: a second run (another width) reuses it.
    if not browser_page.evaluate("typeof window.axe !== 'undefined'"):
        browser_page.evaluate(AXE.axe_script)
    response = browser_page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    for violation in response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(selector) for selector in node["target"])
            yield (
                f"{label}: [{violation['id']}, {violation['impact']}] {violation['help']}\n"
                f"    element {target}: {node['html'][:160]}\n"
                f"    {node.get('failureSummary', '').replace(chr(10), ' ')}"
            )


def check_pages(browser, pages, viewport, *, reflow=False):
    context = browser.new_context(viewport=viewport, locale="es-MX")
    browser_page = context.new_page()
    problems = []
    try:
        for page in pages:
            browser_page.goto(page.url)
            label = f"{page.path} ({viewport['width']} px)"
            problems.extend(axe_problems(browser_page, label))
            if reflow:
                problems.extend(
                    f"{label}: [reflow] wider than the viewport: {html}"
                    for html in browser_page.evaluate(OVERFLOWING)
                )
    finally:
        context.close()
    return problems


def test_every_page_passes_axe_at_desktop_width(browser, site):
    problems = check_pages(browser, site.pages, DESKTOP)
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)


def test_every_page_passes_axe_and_reflows_at_320_px(browser, site):
    problems = check_pages(browser, site.pages, NARROW, reflow=True)
    assert not problems, f"{len(problems)} problems at 320 px:\n" + "\n".join(problems)


def test_signed_in_header_and_flash_messages_pass_axe(page, live_server):
    """What a visitor never sees: the header of a signed-in staff user, then a flash message."""
    client = Client()
    client.force_login(make_user("ime@example.org", is_staff=True))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(live_server.url + "/")
    problems = list(axe_problems(page, "/ (signed in)"))

    page.get_by_role("banner").get_by_role("button").click()  # sign out: a message follows
    expect(page.get_by_role("status")).to_be_visible()
    label = f"{page.url.removeprefix(live_server.url)} (after signing out, with a message)"
    problems.extend(axe_problems(page, label))
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)


def test_focus_ring_stands_out_from_what_surrounds_it(page, live_server):
    """WCAG 1.4.11 (3:1 for the focus indicator), which axe does not check: tab through the home
    page, header, menu, content and footer, and compare each ring with the colours around it."""
    page.goto(live_server.url + "/")
    problems, seen = [], set()
    for _ in range(100):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring["position"] in seen or ring["html"].startswith("<body"):
            break  # back at the start
        seen.add(ring["position"])
        if not ring["outline"]:
            problems.append(f"no focus ring: {ring['html']}")
        for colour in ring["around"]:
            ratio = contrast(ring["outline"], colour)
            if ratio < 3:
                problems.append(
                    f"focus ring {ring['outline']} on {colour} is {ratio:.2f}:1: {ring['html']}"
                )
    assert len(seen) > 10, f"tabbing reached only {len(seen)} elements"
    assert not problems, "\n".join(sorted(set(problems)))
