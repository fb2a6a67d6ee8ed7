"""The directory's result cards and facet links (members.views.directory builds what they show),
written out in Python: twenty cards and some thirty facet links took most of the page's time in
the template engine, more than the search itself (make bench, a million profiles).

Every value is escaped here unless it already is (the highlighted lines are SafeStrings)."""

import functools
from html import escape

from django import template
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# A facet link replaces the whole directory in place and updates the address.
HTMX_LINK = 'data-hx-target="#directory" data-hx-swap="outerHTML" data-hx-push-url="true"'
LINES = (("headline", "result-headline"), ("work", "meta"), ("place", "meta"),
         ("snippet", "result-snippet"))  # fmt: skip


@functools.lru_cache(maxsize=8)
def _card_texts(language):
    """The fixed texts of a card in `language`, translated once (see fixed_labels in
    members.views.directory)."""
    return (
        escape(_("Verificado")),
        escape(_("Sectores")),
        escape(_("Habilidades:")),
        _("Solicitar presentación con %(name)s"),
    )


@register.simple_tag
def result_cards(cards):
    """The <li> of each result card."""
    verified, sectors, skills, introduce = _card_texts(get_language())
    html = []
    for card in cards:
        html.append('<li class="card result">')
        if card["photo"]:
            html.append(
                f'<img class="result-photo" src="{escape(card["photo"].url)}" alt="" '
                'width="64" height="64" loading="lazy">'
            )
        badge = f' <span class="badge badge-verified">{verified}</span>' if card["verified"] else ""
        html.append(
            f'<div><h2 class="result-name"><a href="{escape(card["url"])}">{esc(card["name"])}'
            f"</a>{badge}</h2>"
        )
        html.extend(f'<p class="{css}">{esc(card[key])}</p>' for key, css in LINES if card[key])
        if card["sectors"]:
            items = "".join(f"<li>{esc(sector)}</li>" for sector in card["sectors"])
            html.append(f'<ul class="tags" aria-label="{sectors}">{items}</ul>')
        if card["skills"]:
            html.append(
                f'<p class="meta"><span class="visually-hidden">{skills} </span>'
                f"{esc(card['skills'])}</p>"
            )
        if card["availability"]:
            html.append(f'<p class="meta">{esc(card["availability"])}</p>')
        if card["introduction_url"]:
            text = escape(introduce % {"name": card["member"].full_name})
            html.append(
                f'<p class="actions"><a href="{escape(card["introduction_url"])}">{text}</a></p>'
            )
        html.append("</div></li>")
    return mark_safe("\n".join(html))  # noqa: S308 (every value escaped above)


@register.simple_tag
def facet_links(entries, estimate):
    """The <li> of each entry of a facet: a link that sets the filter (or clears it, when it is
    the one in force) and its count, marked ~ when estimated."""
    approximately = "~" if estimate else ""
    html = []
    for entry in entries:
        url = escape(entry["url"])
        current = ' aria-current="true" class="selected"' if entry["selected"] else ""
        html.append(
            f'<li><a href="{url}" data-hx-get="{url}" {HTMX_LINK}{current}>{esc(entry["label"])}'
            f'</a> <span class="count">{approximately}{int(entry["count"])}</span></li>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 (every value escaped above)
