"""The fair baseline: the directory's search written the ordinary Django way, with the same
semantics, so that the ratio says what the directory's SQL buys.

The stored vector column with its GIN index (migration 0004), the same tsquery (each word as
written, in English, and in its Spanish gender forms) through SearchQuery, SearchRank to order,
a Paginator with its exact count, the facets by values().annotate(Count), and the same fallbacks:
a name prefix when the words found less than a page, names with typos (trigram word similarity)
when both found almost nothing. Only the visitors' audience, which every measured search uses."""

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.core.paginator import Paginator
from django.db.models import Count, F, Func, Q, Value

from members import directory
from members.models import Member
from members.search import MAX_FUZZY_QUERY, MIN_PREFIX, _strip_accents, gender_forms

PUBLIC = "public"


def _word_query(word):
    query = SearchQuery(word, config="rt_simple") | SearchQuery(word, config="rt_en")
    for form in gender_forms(word):
        query |= SearchQuery(form, config="rt_es")
    return query


def _filtered(criteria):
    members = Member.objects.filter(listed_publicly=True, account_active=True)
    if criteria.sector is not None:
        members = members.filter(
            sector_ids__contains=[criteria.sector], visibility_expertise=PUBLIC
        )
    if criteria.country:
        members = members.filter(country=criteria.country, visibility_location=PUBLIC)
    return members


def baseline_search(criteria):
    """(total, facets, first page ids) the ordinary Django way."""
    words = criteria.words
    members = _filtered(criteria)
    query = None
    for word in words:
        query = _word_query(word) if query is None else query & _word_query(word)
    matched = members.filter(search_vector=query) if query is not None else members
    rank = SearchRank(F("search_vector"), query) if query is not None else Value(0.0)
    condition = Q(search_vector=query) if query is not None else Q()
    fuzzy = False
    if words:
        count = matched.count()
        last = words[-1]
        if (
            count < directory.PREFIX_BELOW
            and MIN_PREFIX <= len(last) <= directory.MAX_PREFIX
            and last.isalnum()
        ):
            prefix = Q(sort_name__regex=r"\m" + _strip_accents(last))
            if len(words) > 1:
                rest = None
                for word in words[:-1]:
                    rest = _word_query(word) if rest is None else rest & _word_query(word)
                prefix &= Q(search_vector=rest)
            condition |= prefix
            count = members.filter(condition).count()
        if count < directory.FUZZY_BELOW and len(" ".join(words)) <= MAX_FUZZY_QUERY:
            typo = Q()
            for word in words:
                typo &= Q(sort_name__trigram_word_similar=_strip_accents(word))
            # The name's closeness joins the rank only when names with typos were found.
            fuzzy = members.filter(typo).exclude(condition).exists()
            condition |= typo
    results = members.filter(condition)
    if fuzzy:
        rank = rank + TrigramSimilarity("sort_name", _strip_accents(" ".join(words)))
    ordered = (
        results.annotate(rank=rank).order_by("-rank", "id")
        if words
        else results.order_by("sort_name", "id")
    )
    page = Paginator(ordered.prefetch_related("skills"), directory.PAGE_SIZE).page(1)
    shown = [member.pk for member in page.object_list]
    facets = _facets(results)
    return page.paginator.count, facets, shown


def _facets(results):
    unnest_sectors = Func(F("sector_ids"), function="unnest")
    unnest_offers = Func(F("contribution_offers"), function="unnest")
    expertise = results.filter(visibility_expertise=PUBLIC)
    return {
        "sector": {
            str(row["s"]): row["n"]
            for row in expertise.annotate(s=unnest_sectors).values("s").annotate(n=Count("id"))
        },
        "chapter": {
            str(row["chapter"]): row["n"]
            for row in results.filter(visibility_chapter=PUBLIC, chapter__isnull=False)
            .values("chapter")
            .annotate(n=Count("id"))
        },
        "country": {
            row["country"]: row["n"]
            for row in results.filter(visibility_location=PUBLIC)
            .exclude(country="")
            .values("country")
            .annotate(n=Count("id"))
        },
        "offer": {
            row["o"]: row["n"]
            for row in expertise.annotate(o=unnest_offers).values("o").annotate(n=Count("id"))
        },
    }
