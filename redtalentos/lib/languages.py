"""The links to the current page in the site's other languages, for the footer's language switch
(the site's template tag)."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override

LANGUAGE_SWITCH = "includes/_language_switch.html"


def language_links(request):
    """Links to the current page in each other language (plain links: no JavaScript, no POST)."""
    path, _mark, query = request.get_full_path().partition("?") if request else ("/", "", "")
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code != current:
            url = _translated_path(path, code)
            links.append({"code": code, "name": name, "url": f"{url}?{query}" if query else url})
    return {"links": links}


def _translated_path(path, code):
    """`path` (in the active language) in language `code`; that language's home when the path
    does not resolve (a 404)."""
    url = translate_url(path, code)
    if url == path:
        with override(code):
            return reverse("home")
    return url
