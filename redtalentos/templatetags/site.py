"""Template helpers of the site shell."""

import functools

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from members.permissions import is_staff_role
from redtalentos.lib.markdown import render_markdown

register = template.Library()

# The main menu: (URL name, label).
MAIN_MENU = [
    ("home", _("Inicio")),
    ("members:directory", _("Directorio")),
    ("chapters:chapter_list", _("Capítulos")),
    ("pncs:sector_list", _("Sectores")),
    ("projects:opportunity_list", _("Oportunidades")),
    ("projects:project_list", _("Proyectos")),
    ("internships:posting_list", _("Pasantías")),
    ("mentoring:landing", _("Mentorías")),
    ("jornadas:edition_list", _("Jornadas")),
]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The sections of the main menu as (URL, label, whether it is the current page). A section
    appears once its app publishes the page: no links to nowhere."""
    request = context.get("request")
    current = request.path if request else ""
    items = []
    for name, label in MAIN_MENU:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append((url, label, url == current))
    return items


LANGUAGE_SWITCH = "includes/_language_switch.html"


@register.inclusion_tag(LANGUAGE_SWITCH, takes_context=True)
def language_switch(context):
    return language_links(context.get("request"))


def language_links(request):
    """Links to the current page in each other language (plain links: no JavaScript, no POST)."""
    path, _mark, query = request.get_full_path().partition("?") if request else ("/", "", "")
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code != current:
            url = _translated_path(path, current, code)
            links.append({"code": code, "name": name, "url": f"{url}?{query}" if query else url})
    return {"links": links}


@functools.lru_cache(maxsize=1024)
def _translated_path(path, current, code):
    """`path` (in language `current`) in language `code`; that language's home when the path does
    not resolve (a 404). Kept: resolving and reversing took longer than the rest of the footer."""
    url = translate_url(path, code)
    if url == path:
        with override(code):
            return reverse("home")
    return url


@register.simple_tag
def contact_email():
    return settings.CONTACT_EMAIL


@register.filter(name="markdown")
def markdown_filter(text):
    """Text written by a person as sanitised Markdown (see redtalentos.lib.markdown)."""
    return render_markdown(text)


@register.simple_tag
def works_at_a_pncs(user):
    """Whether the header offers the PNCS workspace (PNCS staff and IME admins)."""
    return is_staff_role(user)
