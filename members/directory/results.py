"""What a directory page shows, built from the query string: the form, the result cards with the
matches marked, the facets, the filters in force and the links to other pages.

`run_search` serves the directory (members.views.directory) and the PNCS expert search
(members.views.experts), which asks for another audience and scope. A page costs a fixed number of
SQL queries: the reference lists (sectors and chapters, one statement), the counts and facets, and
the page of results.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from chapters.models import Chapter
from pncs.models import Sector
from redtalentos.lib.markdown import plain_text

from ..models import Availability, ContributionOffer
from ..permissions import STAFF, visible_groups
from .form import DirectoryForm, country_names
from .query import search_page
from .words import highlight

FACET_SIZE = 8  # entries of a facet, the sectors aside (there are nine)
SLUG = "slug-of-the-member"
SNIPPET_LENGTH = 220
FILTER_PARAMS = ("sector", "capitulo", "pais", "ciudad", "aporte", "habilidad", "idioma",
                 "disponibilidad", "verificado")  # fmt: skip


def reference_lists():
    """All sectors and chapters (ordered as elsewhere on the site) as model instances (a sector's
    display_name follows the language), in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            "(SELECT 's', id, name, name_en, slug, position FROM pncs_sector "
            " ORDER BY position, name) "
            "UNION ALL (SELECT 'c', id, name, '', slug, 0 FROM chapters_chapter ORDER BY name)"
        )
        rows = cursor.fetchall()
    db = connection.alias
    sectors = [
        Sector.from_db(db, ["id", "name", "name_en", "slug"], row[1:5]) for row in rows
        if row[0] == "s"
    ]  # fmt: skip
    chapters = [
        Chapter.from_db(db, ["id", "name", "slug"], (row[1], row[2], row[4])) for row in rows
        if row[0] == "c"
    ]  # fmt: skip
    return sectors, chapters


def _url(params, **changes):
    query = params.copy()
    query.pop("despues", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _card_labels(sectors, chapters, countries):
    """The names a page of cards shows, in the request's language: {"sector": {pk: name}, ...}."""
    return {
        "sector": {sector.pk: sector.display_name for sector in sectors},
        "chapter": {c.pk: _("Capítulo %(chapter)s") % {"chapter": c.name} for c in chapters},
        "country": countries,
        "availability": dict(Availability.choices),
    }


def _card(member, words, level, labels, urls, prefix):
    """What a result shows of `member` at `level`, matches marked, line by line, for the template
    members/_directory_card.html."""
    groups = visible_groups(member, level)
    expertise = "expertise" in groups
    location = "location" in groups
    code = member.country.code if location else ""
    work = " · ".join(part for part in (member.position, member.organisation) if part)
    return {
        "member": member,
        "url": urls["profile"].replace(SLUG, member.slug),
        # Only PNCS staff ask for an introduction from a result.
        "introduction_url": urls["introduction"].replace(SLUG, member.slug)
        if level == STAFF
        else "",
        "name": highlight(member.full_name, words, field="name", prefix=prefix),
        "verified": member.verified_at is not None,
        "headline": highlight(member.headline, words, field="headline"),
        "work": highlight(work, words, field="work") if "work" in groups else "",
        # "City, Country · Chapter X"
        "city": highlight(member.city, words, field="city") if location and member.city else "",
        "country": labels["country"].get(code) or code,
        "chapter": labels["chapter"].get(member.chapter_id, "") if "chapter" in groups else "",
        "sectors": [labels["sector"][pk] for pk in member.sector_ids if pk in labels["sector"]]
        if expertise
        else [],
        # One highlight for all skills: a match never spans the separator.
        "skills": highlight(" · ".join(member.skill_names), words, field="skills")
        if expertise
        else "",
        "availability": labels["availability"].get(member.availability, "") if expertise else "",
        # The biography is Markdown: a line of it reads as the text the profile page shows.
        "snippet": highlight(plain_text(member.bio), words, field="bio", limit=SNIPPET_LENGTH)
        if "about" in groups and member.bio
        else "",
        "photo": member.photo_small if "photo" in groups and member.photo_small else None,
    }


def _facets(page_facets, params, active, sectors, chapters, countries):
    """Each facet's entries: label, count, whether it is the filter in force, and the URL that
    sets it (or clears it when it is in force). The URLs share the query string without that
    facet, encoded once per facet rather than once per entry."""
    labels = {
        "sector": ("sector", _("Sector"), {str(s.pk): s.display_name for s in sectors}),
        "chapter": ("capitulo", _("Capítulo"), {str(c.pk): c.name for c in chapters}),
        "country": ("pais", _("País"), countries),
        "offer": ("aporte", _("Qué puede aportar"), dict(ContributionOffer.choices)),
    }
    facets = []
    for name, (param, title, names) in labels.items():
        without = _url(params, **{param: None})
        joiner = "&" if len(without) > 1 else ""
        entries = []
        for key, count in page_facets.get(name, []):
            label = names.get(key)
            if label is None:
                continue
            selected = str(active.get(param) or "") == str(key)
            url = without if selected else f"{without}{joiner}{urlencode({param: key})}"
            entries.append({"label": label, "count": count, "selected": selected, "url": url})
            if len(entries) == FACET_SIZE and name != "sector":  # the nine sectors: all
                break
        facets.append({"param": param, "title": title, "entries": entries})
    return facets


def _active_filters(form, params):
    """[(label, value shown, URL without it)] for the filters in force."""
    shown = []
    data = getattr(form, "cleaned_data", {})
    for name in FILTER_PARAMS:
        value = data.get(name)
        if value in (None, "", False):
            continue
        field = form.fields[name]
        if name == "verificado":
            text = _("sí")
        else:
            text = {str(k): v for k, v in getattr(field, "choices", ())}.get(str(value), value)
        shown.append({"label": field.label, "value": text, "url": _url(params, **{name: None})})
    return shown


def run_search(request, *, audience, staff_sectors=None):
    """Validates the query string, runs the search for `audience` and builds the template
    context (form, cards, facets, counts, links)."""
    sectors, chapters = reference_lists()
    form = DirectoryForm(request.GET, sectors=sectors, chapters=chapters)
    form.is_valid()
    criteria = form.criteria()
    if form.cursor_refused:
        messages.info(request, _("Ese enlace de página ya no es válido: te mostramos el inicio."))
    if form.errors:
        messages.warning(
            request,
            _("Algunos filtros no eran válidos y no se aplicaron; revisa los campos marcados."),
        )
    page = search_page(criteria, audience=audience, staff_sectors=staff_sectors)
    words = criteria.words
    countries = country_names()
    labels = _card_labels(sectors, chapters, countries)
    # Profile links without a reverse() per card.
    urls = {
        "profile": reverse("members:member_detail", kwargs={"slug": SLUG}),
        "introduction": reverse("members:introduction_request", kwargs={"slug": SLUG}),
    }
    params = request.GET.copy()
    for key in list(params):
        if key not in form.fields:
            params.pop(key)
    active = {
        "sector": criteria.sector,
        "capitulo": criteria.chapter,
        "pais": criteria.country,
        "aporte": criteria.offer,
    }
    return {
        "form": form,
        "criteria": criteria,
        "page": page,
        "cards": [
            _card(member, words, audience, labels, urls, page.name_prefix)
            for member in page.results
        ],
        "facets": _facets(page.facets, params, active, sectors, chapters, countries),
        "active_filters": _active_filters(form, params),
        "next_url": _url(params, despues=page.next_cursor) if page.next_cursor else "",
        "previous_url": _previous_url(page, params),
        "first_url": _url(params) if criteria.after else "",
        "clear_url": request.path,
        "searched": bool(words) or any(params.get(name) for name in FILTER_PARAMS),
    }


def _previous_url(page, params):
    if page.previous_cursor:
        return _url(params, despues=page.previous_cursor)
    return _url(params) if page.has_previous else ""
