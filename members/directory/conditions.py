"""The conditions of a directory search as SQL fragments: who an audience may find, the filters,
the words of the query, names by prefix and with typos, and what the facets read of a profile.

Every condition on a field group also checks that the audience may see that group, so a filter or
a facet never reveals what a member hid (the vectors of migration 0004_directory do the same for the
text). Audiences are the viewer levels of members.permissions: VISITOR, MEMBER and STAFF.

SQL is assembled only from constants of this package; every value arrives as a parameter.
"""

from ..permissions import MEMBER, STAFF, VISITOR
from ..visibility import sql_sees
from .words import MAX_FUZZY_QUERY, MIN_PREFIX, gender_forms

# The last word of a query is also a prefix of names up to this length (when the words themselves
# find few profiles: then they are being typed).
MAX_PREFIX = 6

VECTORS = {VISITOR: "search_vector", MEMBER: "search_members", STAFF: "search_staff"}

# staff_sectors for IME: the members of every sector who consented to PNCS search.
ALL_SECTORS = "all"


class _Sql:
    """A fragment of SQL and its parameters, composed with `&`."""

    def __init__(self, sql="TRUE", params=()):
        self.sql, self.params = sql, list(params)

    def __and__(self, other):
        return _Sql(f"({self.sql}) AND ({other.sql})", self.params + other.params)


def _scope(audience, staff_sectors):
    """Who the audience may find: listed profiles, or for staff the consenting members of their
    sectors (`staff_sectors`, or ALL_SECTORS)."""
    if audience != STAFF:
        return _Sql("m.listed_publicly AND m.account_active")
    consenting = _Sql("m.findable_by_pncs AND m.account_active")
    if staff_sectors == ALL_SECTORS:
        return consenting
    return consenting & _Sql("m.sector_ids && %s::integer[]", [sorted(staff_sectors or [])])


def _filters(criteria, audience):
    where = _Sql("m.verified_at IS NOT NULL") if criteria.verified else _Sql()
    if criteria.sector is not None:
        where &= _Sql(
            f"m.sector_ids @> ARRAY[%s]::integer[] AND {sql_sees('expertise', audience)}",
            [criteria.sector],
        )
    if criteria.chapter is not None:
        where &= _Sql(f"m.chapter_id = %s AND {sql_sees('chapter', audience)}", [criteria.chapter])
    if criteria.country:
        where &= _Sql(f"m.country = %s AND {sql_sees('location', audience)}", [criteria.country])
    if criteria.city:
        where &= _Sql(
            f"m.city_key = left(rt_unaccent(lower(btrim(%s))), 120) "
            f"AND {sql_sees('location', audience)}",
            [criteria.city],
        )
    if criteria.offer:
        where &= _Sql(
            f"m.contribution_offers @> ARRAY[%s]::varchar[] AND {sql_sees('expertise', audience)}",
            [criteria.offer],
        )
    if criteria.skill:
        where &= _Sql(
            f"m.skill_keys @> ARRAY[%s]::varchar[] AND {sql_sees('expertise', audience)}",
            [criteria.skill],
        )
    if criteria.language:
        where &= _Sql(
            f"m.languages @> ARRAY[%s]::varchar[] AND {sql_sees('languages', audience)}",
            [criteria.language],
        )
    if criteria.availability:
        where &= _Sql(
            f"m.availability = %s AND {sql_sees('expertise', audience)}", [criteria.availability]
        )
    return where


def _alternatives(word):
    """The tsqueries of one word: as written (names are indexed unstemmed), in English, and in
    its Spanish gender and number forms."""
    alternatives = ["plainto_tsquery('rt_simple', %s)", "plainto_tsquery('rt_en', %s)"]
    params = [word, word]
    for form in gender_forms(word):
        alternatives.append("plainto_tsquery('rt_es', %s)")
        params.append(form)
    return alternatives, params


def _tsquery(words):
    """The tsquery that `words` match: every word required, in any of its forms.

    A lexeme that several forms give (`hernandez` as written, in English and in Spanish) is asked
    once (rt_any_of, migration 0018_exact_ranking): the RUM index ranks a query that repeats a
    lexeme otherwise than the rank of each row says."""
    parts, params = [], []
    for word in words:
        alternatives, word_params = _alternatives(word)
        parts.append("rt_any_of(ARRAY[" + ", ".join(alternatives) + "])")
        params += word_params
    return _Sql(" && ".join(parts), params)


def _rank_tsquery(words):
    """The tsquery by which the matches of `words` are ranked: any form of any word, each lexeme
    once. RUM ranks a query that requires every word (`(a | b) & (c | d)`) one way in the index
    and another on the row when a profile holds more than one form of a word (as most do: the
    Spanish and the English lexeme of the same text), and the order in which the forms are
    written changes the row's rank; any of the lexemes, the index and the row agree."""
    alternatives, params = [], []
    for word in words:
        word_alternatives, word_params = _alternatives(word)
        alternatives += word_alternatives
        params += word_params
    return _Sql("rt_any_of(ARRAY[" + ", ".join(alternatives) + "])", params)


def _name_prefix(words, audience):
    """Names with a word starting with the last, short word of the query (the word being typed:
    `gonz`, `jose hern`), the other words matching as usual. Through the trigram index on names,
    because a prefix in the tsquery matches thousands of lexemes. Only searched when the words
    as written find less than a page: `jose hernandez` does not pay for it."""
    last = words[-1]
    if not (MIN_PREFIX <= len(last) <= MAX_PREFIX and last.isalnum()):
        return None
    # Only letters and digits reach the regular expression.
    prefix = _Sql("m.sort_name ~ ('\\m' || rt_unaccent(%s))", [last])
    if len(words) == 1:
        return prefix
    rest = _tsquery(words[:-1])
    return _Sql(f"m.{VECTORS[audience]} @@ ({rest.sql})", rest.params) & prefix


def _name_typo(words, audience):
    """Names close to every word of the query (`hernadez` finds Hernández, `coeom` Cocom;
    `garcia nunez` does not find García López): each word corrected against the words of the
    names (rt_name_typos, migration 0019_name_words), a tsquery on the names' lexemes that the
    audience's own index answers. The correction runs once per statement, as a subquery."""
    if len(" ".join(words)) > MAX_FUZZY_QUERY:
        return None
    return _Sql(f"m.{VECTORS[audience]} @@ (SELECT rt_name_typos(%s::text[]))", [list(words)])


def _text_match(criteria, audience):
    """The condition for the words of the query."""
    if not criteria.words:
        return _Sql()
    query = _tsquery(criteria.words)
    return _Sql(f"m.{VECTORS[audience]} @@ ({query.sql})", query.params)


def _either(*conditions):
    present = [condition for condition in conditions if condition is not None]
    return _Sql(
        " OR ".join(f"({condition.sql})" for condition in present),
        [param for condition in present for param in condition.params],
    )


def _sample_bits(audience):
    """What the facets read of a profile, with the audience's visibility applied."""
    return f"""m.id,
        CASE WHEN {sql_sees("expertise", audience)} THEN m.sector_ids END AS sector_ids,
        CASE WHEN {sql_sees("chapter", audience)} THEN m.chapter_id END AS chapter_id,
        CASE WHEN {sql_sees("location", audience)} THEN NULLIF(m.country, '') END AS country,
        CASE WHEN {sql_sees("expertise", audience)} THEN m.contribution_offers END AS offers"""


def _join(parts, separator):
    return _Sql(
        separator.join(part.sql for part in parts), [p for part in parts for p in part.params]
    )
