"""The public pages of the site, found by walking the root URLconf (new pages join the checks)."""

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.utils import translation

# Not HTML pages, or not ours to restyle (the Django admin). Paths without the language prefix.
# The internships' Atom feed is checked as a feed in tests/internships, the open data's DCAT
# catalogue (JSON-LD) in tests/content/test_statistics.py.
SKIPPED_EXACT = {
    "/healthz",
    "/robots.txt",
    "/sitemap.xml",
    "/pasantias/feed/",
    "/proyectos/oportunidades/feed/",
    "/noticias/feed/rss/",
    "/noticias/feed/atom/",
    "/datos/catalogo.jsonld",
}
SKIPPED_PREFIXES = ("/admin/",)

_ESCAPE = re.compile(r"\\(.)")


def _literal(pattern):
    """The text a parameterless URL pattern matches, or None if it takes parameters."""
    regex = pattern.regex
    if regex.groups:
        return None
    source = regex.pattern.removeprefix("^").removesuffix(r"\Z").removesuffix("$")
    literal = _ESCAPE.sub(r"\1", source)
    match = regex.match(literal)
    if match is None or match.end() != len(literal):
        return None  # a regex with wildcards, not a fixed path
    return literal


def _walk(patterns, prefix=""):
    for entry in patterns:
        literal = _literal(entry.pattern)
        if literal is None:
            continue
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + literal)
        else:
            yield "/" + prefix + literal


def _without_language_prefix(path):
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path


def is_skipped(path):
    """True for what is not a page of ours: health check, robots, sitemap, admin, static, media."""
    bare = _without_language_prefix(path)
    asset_prefixes = tuple(
        "/" + urlsplit(url).path.lstrip("/") for url in (settings.STATIC_URL, settings.MEDIA_URL)
    )
    return (
        bare in SKIPPED_EXACT
        or bare.startswith(SKIPPED_PREFIXES)
        or path.startswith(asset_prefixes)
    )


def candidate_paths():
    """Every parameterless path of the root URLconf in each language, minus what is not a page.

    Under i18n_patterns the default language has no prefix and the others have /<code>/.
    """
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for path in _walk(get_resolver().url_patterns):
                if path not in paths and not is_skipped(path):
                    paths.append(path)
    return paths


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    content_type: str
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx answer comes back as an HTTPError


# A visitor: no cookies, no proxy (the live server is on this machine).
_follow = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_stay = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def fetch(url, *, follow_redirects=True):
    """GET url as served, raw bytes decoded; error statuses are answers too."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not a web address: {url}")
    opener = _follow if follow_redirects else _stay
    request = urllib.request.Request(url, headers={"Accept": "text/html,*/*;q=0.8"})  # noqa: S310
    try:
        with opener.open(request, timeout=20) as answer:
            status, headers, final, raw = answer.status, answer.headers, answer.url, answer.read()
    except urllib.error.HTTPError as error:
        status, headers, final, raw = error.code, error.headers, error.url, error.read()
    return Response(
        url=final,
        status=status,
        content_type=headers.get_content_type(),
        body=raw.decode(headers.get_content_charset() or "utf-8"),
    )


@dataclass(frozen=True)
class Page:
    """A distinct HTML page to check, and the paths that lead to it."""

    url: str
    status: int
    html: str
    requested: tuple[str, ...]

    @property
    def path(self):
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Crawl:
    pages: list[Page] = field(default_factory=list)  # 200 HTML pages, then the 404 pages
    not_pages: list[tuple[str, Response]] = field(default_factory=list)  # anything else

    @property
    def paths(self):
        return {urlsplit(page.url).path for page in self.pages if page.status == 200}


MISSING_PATHS = ("/esta-pagina-no-existe/", "/en/esta-pagina-no-existe/")


def crawl(base_url):
    """Request every candidate path as a visitor and keep each distinct final HTML page once.

    Pages are told apart by their path: a sign-in page reached with ?next=... is the sign-in page.
    """
    found = {}
    result = Crawl()
    # Pages with parameters (a chapter, a sector) are reached through the sitemap.
    sitemap = fetch(base_url + "/sitemap.xml").body
    sitemap_paths = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    for path in dict.fromkeys([*candidate_paths(), *sitemap_paths]):
        response = fetch(base_url + path)
        if response.status != 200 or response.content_type != "text/html":
            result.not_pages.append((path, response))
            continue
        key = urlsplit(response.url).path
        if is_skipped(key):
            continue  # sent on to what is not ours, e.g. the admin's sign-in page
        if key in found:
            found[key]["requested"].append(path)
        else:
            found[key] = {"response": response, "requested": [path]}
    for entry in found.values():
        response = entry["response"]
        result.pages.append(
            Page(response.url, response.status, response.body, tuple(entry["requested"]))
        )
    for path in MISSING_PATHS:
        response = fetch(base_url + path)
        result.pages.append(Page(response.url, response.status, response.body, (path,)))
    return result
