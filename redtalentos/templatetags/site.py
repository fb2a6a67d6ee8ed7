"""Template helpers of the site shell."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from members.permissions import is_staff_role
from redtalentos.lib.languages import LANGUAGE_SWITCH, language_links
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


@register.inclusion_tag(LANGUAGE_SWITCH, takes_context=True)
def language_switch(context):
    return language_links(context.get("request"))


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
