"""The directory (/directorio/): search, filters, facets and keyset pages over listed profiles.

`run_search` is shared with the PNCS expert search (members.views.experts), which asks for another
audience and scope. A page costs a fixed number of SQL queries: the reference lists (sectors and
chapters, one statement), the counts and facets, and the page of results.
"""

import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from chapters.models import Chapter
from pncs.models import Sector
from redtalentos.lib.languages import LANGUAGE_SWITCH, language_links
from redtalentos.lib.markdown import plain_text

from ..directory import search_page
from ..forms.directory import DirectoryForm, country_names
from ..models import Availability, ContributionOffer
from ..page_cache import cached_for_visitors
from ..permissions import MEMBER, STAFF, VISITOR, member_of, visible_groups
from ..search import highlight

FACET_SIZE = 8  # entries of a facet, the sectors aside (there are nine)
SLUG = "slug-of-the-member"
SNIPPET_LENGTH = 220
FILTER_FIELDS = "members/_directory_filter_fields.html"
PAGE = "members/directory.html"
RESULTS = "members/_directory_results.html"
# Where a visitor's page frame is split (see _page); nothing a person writes reaches the frame.
FRAME_HOLE = mark_safe("<!-- directory-frame-hole -->")
FILTER_PARAMS = ("sector", "capitulo", "pais", "ciudad", "aporte", "habilidad", "idioma",
                 "disponibilidad", "verificado")  # fmt: skip


def reference_lists(generation=None):
    """All sectors and chapters (ordered as elsewhere on the site) as model instances (a sector's
    display_name follows the language): one statement, or none when the caller read the page
    generation (members.page_cache), which rises with any change to a sector or chapter."""
    key = f"directory-reference:{generation}"
    rows = caches["pages"].get(key) if generation is not None else None
    if rows is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "(SELECT 's', id, name, name_en, slug, position FROM pncs_sector "
                " ORDER BY position, name) "
                "UNION ALL (SELECT 'c', id, name, '', slug, 0 FROM chapters_chapter ORDER BY name)"
            )
            rows = cursor.fetchall()
        if generation is not None:
            caches["pages"].set(key, rows, settings.PAGE_CACHE_SECONDS)
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


def _filter_fields(form, sectors, chapters):
    """The filter fields' HTML. It depends only on the language, the values chosen and the names
    of sectors and chapters, so it is kept in the pages cache under those (whether or not whole
    pages are kept: a key never holds stale HTML): its ~300 options took more time to render
    than the twenty result cards."""
    if form.errors:
        return render_to_string(FILTER_FIELDS, {"form": form})
    chosen = [
        (name, form.data.getlist(name)) for name, field in form.fields.items()
        if name != "q" and not field.widget.is_hidden
    ]  # fmt: skip
    names = [(s.pk, s.name, s.name_en) for s in sectors] + [(c.pk, c.name) for c in chapters]
    digest = hashlib.blake2b(repr((get_language(), chosen, names)).encode(), digest_size=16)
    key = f"directory-filters:{digest.hexdigest()}"
    html = caches["pages"].get(key)
    if html is None:
        html = render_to_string(FILTER_FIELDS, {"form": form})
        caches["pages"].set(key, html, None)
    return mark_safe(html)  # noqa: S308 (rendered by the template engine, which escapes)


@functools.lru_cache(maxsize=8)
def fixed_labels(language):
    """The labels of a results page that do not come from the database, in `language`, translated
    once: gettext looks a Spanish text up through seven catalogues before keeping it as it is."""
    return {
        "chapter": _("Capítulo %(chapter)s"),
        "availability": {key: str(label) for key, label in Availability.choices},
        "offer": {key: str(label) for key, label in ContributionOffer.choices},
        "titles": {
            "sector": _("Sector"),
            "chapter": _("Capítulo"),
            "country": _("País"),
            "offer": _("Qué puede aportar"),
        },
    }


def _card_labels(sectors, chapters):
    """The names a page of cards shows: {"sector": {pk: name}, ...}."""
    fixed = fixed_labels(get_language())
    chapter = fixed["chapter"]
    return {
        "sector": {sector.pk: sector.display_name for sector in sectors},
        "chapter": {c.pk: conditional_escape(chapter % {"chapter": c.name}) for c in chapters},
        "country": country_names(get_language()),
        "availability": fixed["availability"],
    }


def _card(member, words, level, labels, urls, prefix):
    """What a result shows of `member` at `level`, matches marked, line by line: the tag
    members.templatetags.directory_results.result_cards writes the cards out."""
    groups = visible_groups(member, level)
    expertise = "expertise" in groups
    place = []  # "City, Country · Chapter X"
    if "location" in groups:
        where = [highlight(member.city, words, field="city")] if member.city else []
        code = member.country.code
        if code:
            where.append(conditional_escape(labels["country"].get(code) or code))
        if where:
            place.append(mark_safe(", ".join(where)))  # noqa: S308 (each part escaped)
    if "chapter" in groups and member.chapter_id in labels["chapter"]:
        place.append(labels["chapter"][member.chapter_id])
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
        "place": mark_safe(" · ".join(place)),  # noqa: S308 (each part escaped)
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


def _facets(page_facets, params, active, sectors, chapters):
    """Each facet's entries: label, count, whether it is the filter in force, and the URL that
    sets it (or clears it when it is in force). The URLs share the query string without that
    facet, encoded once per facet rather than once per entry."""
    fixed = fixed_labels(get_language())
    titles = fixed["titles"]
    labels = {
        "sector": ("sector", titles["sector"], {str(s.pk): s.display_name for s in sectors}),
        "chapter": ("capitulo", titles["chapter"], {str(c.pk): c.name for c in chapters}),
        "country": ("pais", titles["country"], country_names(get_language())),
        "offer": ("aporte", titles["offer"], fixed["offer"]),
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
    sectors, chapters = reference_lists(getattr(request, "page_generation", None))
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
    labels = _card_labels(sectors, chapters)
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
        "filter_fields": _filter_fields(form, sectors, chapters),
        "criteria": criteria,
        "page": page,
        "cards": [
            _card(member, words, audience, labels, urls, page.name_prefix)
            for member in page.results
        ],
        "facets": _facets(page.facets, params, active, sectors, chapters),
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


@require_safe
@cached_for_visitors
def directory(request):
    """Members see members-level fields; everybody else what members chose to show publicly."""
    audience = MEMBER if member_of(request.user) is not None else VISITOR
    context = run_search(request, audience=audience)
    context["audience"] = audience
    if request.htmx:
        return render(request, RESULTS, context)
    return _page(request, context)


def _page(request, context):
    """The whole directory page: its frame (header, introduction, footer) around the results and
    the language links, which are rendered here.

    A visitor's frame (members.page_cache read the page generation) is the same for every search
    in a language, so it is rendered once per generation and kept split at those two places; the
    header and footer took as long to render as the results (make bench, searches that are all
    different). A message added by this request is shown in the frame: then it is rendered."""
    results = render_to_string(RESULTS, context, request)
    switch = render_to_string(LANGUAGE_SWITCH, language_links(request))
    generation = getattr(request, "page_generation", None)
    if generation is None or len(messages.get_messages(request)):
        context.update(results=results, language_switch=switch)
        return render(request, PAGE, context)
    key = f"directory-frame:{generation}:{get_language()}"
    frame = caches["pages"].get(key)
    if frame is None:
        context.update(results=FRAME_HOLE, language_switch=FRAME_HOLE)
        frame = render_to_string(PAGE, context, request).split(FRAME_HOLE)
        caches["pages"].set(key, frame, settings.PAGE_CACHE_SECONDS)
    before, between, after = frame
    return HttpResponse(f"{before}{results}{between}{switch}{after}")
