"""The fair baseline: the directory's search written the ordinary Django way, with the same
semantics, so that the ratio says what the directory's SQL buys.

The stored vector column with its GIN index (migration 0004), the same tsquery (each word as
written, in English, and in its Spanish gender forms) through SearchQuery, the same ranking
function (the RUM distance, computed for every match and sorted; name prefixes, then typos after
the words' matches, by closeness),
a Paginator with its exact count, the facets by values().annotate(Count), and the same fallbacks:
a name prefix when the words found less than a page, names with typos (each word corrected against
the words of the names) when both found almost nothing. Only the visitors' audience, which every
measured search uses."""

from django.contrib.postgres.search import SearchQuery, SearchQueryField, TrigramSimilarity
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Count, F, FloatField, Func, Q, Value, When

from members.directory import conditions
from members.directory import query as directory_query
from members.directory.criteria import PAGE_SIZE
from members.directory.words import MAX_FUZZY_QUERY, MIN_PREFIX, gender_forms, unaccent
from members.models import Member

PUBLIC = "public"


def _alternatives(word):
    return [
        SearchQuery(word, config="rt_simple"),
        SearchQuery(word, config="rt_en"),
        *(SearchQuery(form, config="rt_es") for form in gender_forms(word)),
    ]


def _word_query(word):
    query = None
    for alternative in _alternatives(word):
        query = alternative if query is None else query | alternative
    return query


class AnyOf(Func):
    """The directory's ranking query: any of the alternatives, each lexeme once (rt_any_of,
    migration members 0018)."""

    function = "rt_any_of"
    template = "%(function)s(ARRAY[%(expressions)s])"
    output_field = SearchQueryField()


class NameTypos(Func):
    """The names one letter away from every word (rt_name_typos, migration members 0019), once
    per statement."""

    function = "rt_name_typos"
    template = "(SELECT %(function)s(%(expressions)s::text[]))"
    output_field = SearchQueryField()


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
    """(total, facets, first page as (id, rank)) the ordinary Django way."""
    words = criteria.words
    members = _filtered(criteria)
    query = None
    for word in words:
        query = _word_query(word) if query is None else query & _word_query(word)
    matched = members.filter(search_vector=query) if query is not None else members
    condition = Q(search_vector=query) if query is not None else Q()
    tiers = [When(condition, then=Value(0))] if query is not None else []
    if words:
        count = matched.count()
        last = words[-1]
        if (
            count < directory_query.PREFIX_BELOW
            and MIN_PREFIX <= len(last) <= conditions.MAX_PREFIX
            and last.isalnum()
        ):
            prefix = Q(sort_name__regex=r"\m" + unaccent(last).lower())
            if len(words) > 1:
                rest = None
                for word in words[:-1]:
                    rest = _word_query(word) if rest is None else rest & _word_query(word)
                prefix &= Q(search_vector=rest)
            tiers.append(When(prefix, then=Value(1)))
            condition |= prefix
            count = members.filter(condition).count()
        if count < directory_query.FUZZY_BELOW and len(" ".join(words)) <= MAX_FUZZY_QUERY:
            corrected = Func(F("search_vector"), NameTypos(Value(words)), function="",
                             arg_joiner=" @@ ", output_field=BooleanField())  # fmt: skip
            condition |= Q(corrected)
    results = members.filter(condition)
    if words:
        ranking = AnyOf(*(alternative for word in words for alternative in _alternatives(word)))
        distance = Func(
            F("search_vector"), ranking, function="", arg_joiner=" <=> ", output_field=FloatField()
        )
        closeness = Value(1.0) - TrigramSimilarity("sort_name", unaccent(" ".join(words)).lower())
        ordered = results.annotate(
            tier=Case(*tiers, default=Value(2)),
            rank=Case(When(Q(search_vector=query), then=distance), default=closeness),
        ).order_by("tier", "rank", "id")
    else:
        ordered = results.order_by("sort_name", "id")
    page = Paginator(ordered.prefetch_related("skills"), PAGE_SIZE).page(1)
    shown = [(member.pk, getattr(member, "rank", None)) for member in page.object_list]
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
