"""The directory's search: which profiles match, in which order, and how they split by facet.

Written as SQL because every statement is bounded, whatever the number of matches:
- relevance orders every match by rank inside the audience's RUM index (`vector <=> query`,
  migration 0016_relevance), so the first page is the first page of an exact ranking; the words'
  matches come first, then, only when those are few, names starting with the word being typed,
  then names with small typos (trigrams);
- the other sorts walk an index from a keyset cursor (no OFFSET), forwards or, for the
  previous page, backwards from its first result; a cursor also carries the page's number, so
  that a page says which results it shows without counting what came before;
- counts and facets are exact up to EXACT_LIMIT matches and estimated above it from a block sample
  of SAMPLE_ROWS profiles (tsm_system_rows), marked as estimates, in a second statement.

Every condition on a field group also checks that the audience may see that group, so a filter or
a facet never reveals what a member hid (the vectors of migration 0004_directory do the same for the
text). Audiences are the viewer levels of members.permissions: VISITOR, MEMBER and STAFF.

SQL is assembled only from constants of this module; every value arrives as a parameter.
"""
# ruff: noqa: S608

import base64
import binascii
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from django.db import connection

from .models import Member
from .permissions import MEMBER, STAFF, VISITOR
from .search import MAX_FUZZY_QUERY, MIN_PREFIX, gender_forms, terms
from .visibility import sql_sees

PAGE_SIZE = 20
EXACT_LIMIT = 1000
SAMPLE_ROWS = 1000
# The last word of a query is also a prefix of names up to this length, when the words
# themselves find fewer than PREFIX_BELOW profiles (then they are being typed).
MAX_PREFIX = 6
PREFIX_BELOW = PAGE_SIZE
# Below this many text matches, names with small typos are searched as well; at most this many
# are read (checking a name's similarity is the costly part), more are counted by the sample.
FUZZY_BELOW = 5
FUZZY_LIMIT = 501
# The dates a "most recent" cursor may carry.
MIN_YEAR, MAX_YEAR = 1900, 2200

VECTORS = {VISITOR: "search_vector", MEMBER: "search_members", STAFF: "search_staff"}
SORTS = ("relevance", "recent", "name")

# Skill names of the profile `m`, for cards and exports.
_SKILL_NAMES = """ARRAY(SELECT s.name FROM members_member_skills ms JOIN members_skill s
    ON s.id = ms.skill_id WHERE ms.member_id = m.id ORDER BY s.name) AS skill_names"""

# What a result card needs (a Member built with from_db, see _members()).
CARD_COLUMNS = f"""m.id, m.slug, m.full_name, m.headline, m.bio, m.photo_small, m.city, m.country,
    m.organisation, m.position, m.sector_ids, m.contribution_offers, m.availability, m.languages,
    m.chapter_id, m.verified_at, m.created_at, m.sort_name, m.user_id, m.listed_publicly,
    m.findable_by_pncs, m.visible_to_chapter, m.visibility_photo, m.visibility_about,
    m.visibility_location, m.visibility_work, m.visibility_expertise, m.visibility_education,
    m.visibility_languages, m.visibility_links, m.visibility_chapter, {_SKILL_NAMES}"""

# What an export needs (members.views.experts): no biography, no search data.
EXPORT_COLUMNS = f"""m.slug, m.full_name, m.headline, m.position, m.organisation, m.city, m.country,
    m.sector_ids, m.contribution_offers, m.availability, m.languages, m.chapter_id, m.verified_at,
    m.visibility_work, m.visibility_location, m.visibility_expertise, m.visibility_languages,
    m.visibility_chapter, {_SKILL_NAMES}"""

# staff_sectors for IME: the members of every sector who consented to PNCS search.
ALL_SECTORS = "all"


@dataclass
class Criteria:
    """What a viewer asked for, already validated (see members.forms.directory)."""

    text: str = ""
    sector: int | None = None
    chapter: int | None = None
    country: str = ""
    city: str = ""
    offer: str = ""
    skill: str = ""  # a skill key (members.profiles.skill_key)
    language: str = ""
    availability: str = ""
    verified: bool = False
    sort: str = ""
    after: tuple | None = None  # keyset cursor from the previous page
    backward: bool = False  # the page ends before `after` (a "previous" link)
    page_number: int | None = 1  # None: a cursor from before pages were numbered

    @property
    def words(self):
        return terms(self.text)

    @property
    def effective_sort(self):
        if self.sort in SORTS and (self.sort != "relevance" or self.words):
            return self.sort
        return "relevance" if self.words else "name"

    def as_log(self):
        """The query and filters as recorded in the staff access log."""
        shown = {
            key: value
            for key, value in self.__dict__.items()
            if value not in ("", None, False) and key not in ("after", "backward", "page_number")
        }
        return shown


@dataclass
class Page:
    results: list
    next_cursor: str | None
    total: int
    total_is_estimate: bool
    facets: dict = field(default_factory=dict)  # name -> [(key, count)], biggest first
    used_fuzzy: bool = False
    # The word being typed when some names were found by it (members.search.highlight marks it).
    name_prefix: str = ""
    number: int | None = 1  # None when unknown (an old cursor)
    has_previous: bool = False
    # The cursor of the previous page; None when that is the first page (no cursor) or none.
    previous_cursor: str | None = None

    @property
    def first_position(self):
        """The position of the first result among all results (1 on the first page)."""
        return (self.number - 1) * PAGE_SIZE + 1 if self.number and self.results else None

    @property
    def last_position(self):
        first = self.first_position
        return first + len(self.results) - 1 if first else None


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


def _tsquery(words):
    """The tsquery of `words`: each word as written (names are indexed unstemmed), in English,
    and in its Spanish gender and number forms; all words required.

    A lexeme often comes more than once (`hernandez` as written, in English and in Spanish), on
    purpose: with the repetitions the planner keeps estimating common words as common, and
    stops at the first thousand matches of `ciencia de datos` instead of reading all of them
    through the GIN index."""
    parts, params = [], []
    for word in words:
        alternatives = ["plainto_tsquery('rt_simple', %s)", "plainto_tsquery('rt_en', %s)"]
        params += [word, word]
        for form in gender_forms(word):
            alternatives.append("plainto_tsquery('rt_es', %s)")
            params.append(form)
        parts.append("(" + " || ".join(alternatives) + ")")
    return _Sql(" && ".join(parts), params)


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


def _name_typo(words):
    """Names close to every word of the query (`hernadez` finds Hernández; `garcia nunez` does
    not find García López), through the trigram index on names."""
    if len(" ".join(words)) > MAX_FUZZY_QUERY:
        return None
    condition = " AND ".join(["rt_unaccent(%s) <%% m.sort_name"] * len(words))
    return _Sql(condition, list(words))


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


_FACET_SELECTS = """
    SELECT 'sector', s::text, count(*) FROM {src}, unnest({src}.sector_ids) s GROUP BY s
    UNION ALL SELECT 'chapter', chapter_id::text, count(*) FROM {src}
        WHERE chapter_id IS NOT NULL GROUP BY chapter_id
    UNION ALL SELECT 'country', country, count(*) FROM {src}
        WHERE country IS NOT NULL GROUP BY country
    UNION ALL SELECT 'offer', o, count(*) FROM {src}, unnest({src}.offers) o GROUP BY o"""


def _first_matches():
    """How many matches are read at most: enough for the exact counts."""
    return EXACT_LIMIT + 1


class _Gate(NamedTuple):
    """The gate CTEs (`fts`, `prefixed`, `fuzzy`) and the conditions of the matches of the first
    two: the words, and a name prefix where `prefixed` is searched (the page and the export walk
    them again in their own order; names with typos are few and read from `fuzzy`)."""

    ctes: _Sql
    words: _Sql
    prefix: _Sql | None


def _gate_ctes(criteria, audience, staff_sectors):
    """`fts`, the first matches of the words; `prefixed`, names starting with the last word,
    searched only when the words found less than a page; `fuzzy`, names with typos, searched only
    when both found almost nothing."""
    base = _scope(audience, staff_sectors) & _filters(criteria, audience)
    words = base & _text_match(criteria, audience)
    first = _first_matches()
    # Each match carries its row's address: the exact counts read the rows again by address
    # (a TID scan), cheaper than by id and than carrying the facet columns in every match.
    bits = "m.id, m.ctid"
    parts = [
        _Sql(
            f"""fts AS MATERIALIZED (
            SELECT {bits} FROM members_member m WHERE {words.sql} LIMIT {first})""",
            words.params,
        )
    ]
    prefix = _name_prefix(criteria.words, audience) if criteria.words else None
    prefix_match = None
    if prefix is None:
        parts.append(_Sql(f"prefixed AS (SELECT {bits} FROM members_member m WHERE FALSE)"))
    else:
        prefix_match = _Sql(f"(SELECT count(*) FROM fts) < {PREFIX_BELOW}") & base & prefix
        parts.append(
            _Sql(
                f"""prefixed AS MATERIALIZED (
                SELECT {bits} FROM members_member m
                WHERE {prefix_match.sql} AND m.id NOT IN (SELECT id FROM fts)
                LIMIT {first})""",
                prefix_match.params,
            )
        )
    typo = _name_typo(criteria.words) if criteria.words else None
    if typo is None:
        parts.append(_Sql(f"fuzzy AS (SELECT {bits} FROM members_member m WHERE FALSE)"))
    else:
        typo_match = (
            _Sql(f"(SELECT count(*) FROM fts) + (SELECT count(*) FROM prefixed) < {FUZZY_BELOW}")
            & base
            & typo
        )
        parts.append(
            _Sql(
                f"""fuzzy AS MATERIALIZED (
                SELECT {bits} FROM members_member m
                WHERE {typo_match.sql} AND m.id NOT IN (SELECT id FROM fts)
                    AND m.id NOT IN (SELECT id FROM prefixed)
                LIMIT {FUZZY_LIMIT})""",
                typo_match.params,
            )
        )
    return _Gate(_join(parts, ",\n"), words, prefix_match)


def _count_ctes(criteria, audience, staff_sectors):
    """The CTEs that count the matches, ending in `figures` (name, key, count): how many each gate
    CTE found and, when there are at most EXACT_LIMIT matches, the exact facets over them
    (`hits`, enough for the exact counts). Above that, _sample_figures
    estimates them in a statement of its own: planning the sample in every search cost more than
    running it in the few that need it."""
    gate = _gate_ctes(criteria, audience, staff_sectors)
    first = _first_matches()
    parts = [gate.ctes]
    parts.append(
        _Sql(
            f"""hits AS MATERIALIZED (  -- disjoint: each excludes the matches before it
            SELECT * FROM fts UNION ALL SELECT * FROM prefixed UNION ALL SELECT * FROM fuzzy
            LIMIT {first}
        ),
        exact AS MATERIALIZED (
            SELECT {_sample_bits(audience)} FROM members_member m
            WHERE m.ctid = ANY (ARRAY(SELECT ctid FROM hits))
                AND (SELECT count(*) FROM hits) <= {EXACT_LIMIT}
                AND (SELECT count(*) FROM fuzzy) < {FUZZY_LIMIT}
        ),
        figures AS (
            SELECT 'total' AS name, NULL AS key, (SELECT count(*) FROM hits) AS count
            UNION ALL SELECT 'fts', NULL, (SELECT count(*) FROM fts)
            UNION ALL SELECT 'prefixed', NULL, (SELECT count(*) FROM prefixed)
            UNION ALL SELECT 'fuzzy', NULL, (SELECT count(*) FROM fuzzy)
            UNION ALL {_FACET_SELECTS.format(src="exact")}
        )"""
        )
    )
    return _join(parts, ",\n"), gate


def _sample_figures(criteria, audience, staff_sectors, counted):
    """Figures estimated from a block sample of SAMPLE_ROWS profiles, for a search with more
    matches than are counted exactly: a sampled profile counts when it matches the words, or a
    name prefix or a name with typos where the search looked for those (`counted`, the number
    of matches of each gate CTE, says where)."""
    base = _scope(audience, staff_sectors) & _filters(criteria, audience)
    words = criteria.words
    prefix = _name_prefix(words, audience) if words and counted["fts"] < PREFIX_BELOW else None
    searched_typos = words and counted["fts"] + counted["prefixed"] < FUZZY_BELOW
    typo = _name_typo(words) if searched_typos else None
    hit = _either(
        base & _text_match(criteria, audience),
        *(base & condition for condition in (prefix, typo) if condition is not None),
    )
    sql = f"""WITH sample AS MATERIALIZED (
            SELECT {_sample_bits(audience)}, ({hit.sql}) AS hit
            FROM members_member m TABLESAMPLE SYSTEM_ROWS({SAMPLE_ROWS})
        ),
        sampled AS MATERIALIZED (SELECT * FROM sample WHERE hit)
    SELECT 'sampled', NULL, (SELECT count(*) FROM sample)
    UNION ALL SELECT 'sample_hits', NULL, (SELECT count(*) FROM sampled)
    UNION ALL SELECT 'table', NULL, (SELECT greatest(reltuples, 0)::bigint FROM pg_class
                                     WHERE oid = 'members_member'::regclass)
    UNION ALL {_FACET_SELECTS.format(src="sampled")}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, hit.params)
        return cursor.fetchall()


def _join(parts, separator):
    return _Sql(
        separator.join(part.sql for part in parts), [p for part in parts for p in part.params]
    )


def _counted(rows):
    """The counts (rows without a key) of `figures` or sample rows: name -> count."""
    return {name: count for name, key, count in rows if key is None}


def _read_figures(counted, rows, sample_rows):
    """(total, estimated?, facets) from the `figures` rows and, for an estimate, those of the
    sample."""
    total, estimate = counted["total"], sample_rows is not None
    facets = {"sector": {}, "chapter": {}, "country": {}, "offer": {}}
    if estimate:
        sampled = _counted(sample_rows)
        rows = sample_rows
        # Scale the sample up to the table; never below what was actually seen.
        scale = max(sampled["table"], sampled["sampled"]) / max(sampled["sampled"], 1)
        total = max(round(sampled["sample_hits"] * scale), total)
    for name, key, count in rows:
        if key is not None:
            facets[name][key] = facets[name].get(key, 0) + count
    if estimate:
        facets = {
            name: {key: max(1, round(count * scale)) for key, count in values.items()}
            for name, values in facets.items()
        }
    ordered = {
        name: sorted(values.items(), key=lambda item: (-item[1], item[0]))
        for name, values in facets.items()
    }
    return total, estimate, ordered


# The tiers of relevance: the words' matches, then names starting with the word being typed, then
# names with small typos (the last two are searched only when the words found few).
WORDS, PREFIX, TYPO = 0, 1, 2
# How many matches beyond a page relevance reads to order those that tie with its last by id.
TIE_SLACK = 200

# Sort -> (order of a page, keyset condition after a cursor); relevance builds its own per tier.
_ORDERS = {
    "relevance": ("tier, rank, id", None),
    "recent": ("created_at DESC, id DESC", "(created_at, id) < (%s, %s)"),
    "name": ("sort_name, id", "(sort_name, id) > (%s, %s)"),
}
# The same walked backwards, before a cursor: the previous page, read from its end (the indexes
# are read backwards too).
_BACKWARD_ORDERS = {
    "recent": ("created_at, id", "(created_at, id) > (%s, %s)"),
    "name": ("sort_name DESC, id DESC", "(sort_name, id) < (%s, %s)"),
}


def _relevance_arms(criteria, audience):
    """(tier, rank, source) of each kind of match: the rank is a distance, smaller first. The
    words' rank is the RUM distance of the audience's vector to the query, which the index orders
    by; a name found by its prefix or despite a typo ranks by how close it is to what was typed."""
    query = _tsquery(criteria.words)
    distance = _Sql(f"(m.{VECTORS[audience]} <=> ({query.sql}))", query.params)
    closeness = _Sql(
        "(1 - similarity(m.sort_name, rt_unaccent(%s)))::float8", [" ".join(criteria.words)]
    )
    return [
        (WORDS, distance, "members_member m"),
        (PREFIX, closeness, "prefixed JOIN members_member m ON m.id = prefixed.id"),
        (TYPO, closeness, "fuzzy JOIN members_member m ON m.id = fuzzy.id"),
    ]


def _relevance_keyset(tier, rank, cursor, backward):
    """The condition on a tier's matches after the cursor (tier, rank, id), or before it."""
    if cursor is None:
        return _Sql()
    cursor_tier, cursor_rank, cursor_id = cursor
    if tier != cursor_tier:
        return _Sql("TRUE" if (tier > cursor_tier) != backward else "FALSE")
    beyond = "<" if backward else ">"
    return _Sql(
        f"({rank.sql} {beyond} %s OR ({rank.sql} = %s AND m.id {beyond} %s))",
        [*rank.params, cursor_rank, *rank.params, cursor_rank, cursor_id],
    )


def _relevance_page(criteria, audience, gate):
    """`page` for relevance: each tier's matches after the cursor in rank order, the words' through
    the RUM index. Backwards, the page that ends before the cursor is the end of the matches
    before it, read in rank order (the index is read in one direction only), at most as many as
    the pages before it hold."""
    cursor = (*criteria.after[0], criteria.after[1]) if criteria.after is not None else None
    backward = criteria.backward and cursor is not None
    if backward and criteria.page_number:
        limit = criteria.page_number * PAGE_SIZE
    else:
        limit = "ALL" if backward else PAGE_SIZE + 1
    arms, params = [], []
    for tier, rank, source in _relevance_arms(criteria, audience):
        where = _relevance_keyset(tier, rank, cursor, backward)
        order, arm_limit = f"{rank.sql}, m.id", limit
        if tier == WORDS:
            # The index orders by distance alone (a second key would make the planner rank every
            # match outside it): the matches that tie with the page's last are read too, up to
            # TIE_SLACK of them, and ordered by id below.
            # The condition that lets the planner use the audience's RUM index (0016_relevance).
            ranked = _Sql(f"m.{VECTORS[audience]} IS NOT NULL")
            where = gate.words & ranked & where
            order = rank.sql
            arm_limit = limit if limit == "ALL" else limit + TIE_SLACK
        arms.append(
            f"""(SELECT m.id, {tier} AS tier, {rank.sql}::float8 AS rank, m.created_at,
                m.sort_name FROM {source} WHERE {where.sql}
                ORDER BY {order} LIMIT {arm_limit})"""
        )
        params += rank.params + where.params + rank.params
    order = "tier DESC, rank DESC, id DESC" if backward else "tier, rank, id"
    return _Sql(
        f"""page AS MATERIALIZED (
            SELECT * FROM ({" UNION ALL ".join(arms)}) u ORDER BY {order} LIMIT {PAGE_SIZE + 1}
        )""",
        params,
    )


def _page_cte(criteria, audience, gate):
    """`page` (id, tier, rank, created_at, sort_name): the results after the cursor (or before
    it, walking backwards), one more than a page to know whether another follows (or precedes).
    Every sort reads every match, typo matches included."""
    sort, after = criteria.effective_sort, criteria.after
    if sort == "relevance":
        return _relevance_page(criteria, audience, gate)
    backward = criteria.backward and after is not None
    order, keyset = (_BACKWARD_ORDERS if backward else _ORDERS)[sort]
    if after is None:
        keyset, keyset_params = "TRUE", []
    else:
        keyset_params = list(after)
    limit = PAGE_SIZE + 1
    # One arm per kind of match, each walking its index from the cursor; the prefix arm runs
    # only where names are searched by prefix.
    columns = "m.id, 0 AS tier, NULL::float8 AS rank, m.created_at, m.sort_name"
    sources = [(f"members_member m WHERE {gate.words.sql}", gate.words.params)]
    if gate.prefix is not None:
        sources.append((f"members_member m WHERE {gate.prefix.sql}", gate.prefix.params))
    sources.append(("fuzzy JOIN members_member m ON m.id = fuzzy.id", []))
    union = "\n UNION ".join(
        f"""(SELECT * FROM (SELECT {columns} FROM {source}) c
             WHERE {keyset} ORDER BY {order} LIMIT {limit})"""
        for source, _params in sources
    )
    params = [
        param for _source, source_params in sources for param in source_params + keyset_params
    ]
    return _Sql(
        f"""page AS MATERIALIZED (
            SELECT * FROM ({union}) u ORDER BY {order} LIMIT {limit}
        )""",
        params,
    )


_MODEL_FIELDS = [field.attname for field in Member._meta.concrete_fields]


def _members(names, rows):
    """Members from result rows whose columns are `names` (from_db wants the model's own field
    order), each with its rank and skill names; rows without a profile are skipped."""
    fields = [name for name in _MODEL_FIELDS if name in names]
    positions = [names.index(name) for name in fields]
    rank, tier = names.index("rank"), names.index("tier")
    skills, pk = names.index("skill_names"), names.index("id")
    members = []
    for row in rows:
        if row[pk] is None:  # no results: the one row carries only the figures
            continue
        member = Member.from_db(connection.alias, fields, [row[i] for i in positions])
        member.rank, member.tier, member.skill_names = row[rank], row[tier], row[skills]
        members.append(member)
    return members


def search_page(criteria, *, audience, staff_sectors=None):
    """One page of the directory for `audience`: results, cursor of the next page, count, facets.

    One SQL statement whatever the number of matches (the counts and the page share the matches
    they find), and a second one, the sample, when there are too many to count exactly.
    """
    counts, gate = _count_ctes(criteria, audience, staff_sectors)
    page = _page_cte(criteria, audience, gate)
    order = ", ".join(f"p.{term}" for term in _ORDERS[criteria.effective_sort][0].split(", "))
    sql = f"""WITH {counts.sql},
    {page.sql}
    SELECT (SELECT json_agg(json_build_array(name, key, count))::text FROM figures) AS figures,
           p.rank, p.tier, {CARD_COLUMNS}
    FROM (SELECT 1) one
    LEFT JOIN (page p JOIN members_member m ON m.id = p.id) ON TRUE
    ORDER BY {order}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, counts.params + page.params)
        names = [column.name for column in cursor.description]
        rows = cursor.fetchall()
    # Every row carries the figures; as text, so that only the first is decoded.
    figures = json.loads(rows[0][0])
    counted = _counted(figures)
    sample_rows = None
    if counted["total"] > EXACT_LIMIT or counted["fuzzy"] >= FUZZY_LIMIT:
        sample_rows = _sample_figures(criteria, audience, staff_sectors, counted)
    total, estimate, facets = _read_figures(counted, figures, sample_rows)
    used_fuzzy = counted["fuzzy"] > 0
    results = _members(names, rows)
    sort, number = criteria.effective_sort, criteria.page_number
    if criteria.after is None:
        # The first page: one more than a page means that another follows.
        has_previous, has_next = False, len(results) > PAGE_SIZE
        results, number = results[:PAGE_SIZE], 1
    elif criteria.backward:
        # Read backwards and shown in order: the extra result, if any, is the first, and means
        # that another page precedes; the page the reader came from follows.
        has_previous, has_next = len(results) > PAGE_SIZE, bool(results)
        results = results[-PAGE_SIZE:]
        if not has_previous:
            number = 1
    else:
        has_previous, has_next = True, len(results) > PAGE_SIZE
        results = results[:PAGE_SIZE]
    next_cursor = previous_cursor = None
    if has_next:
        next_number = number + 1 if number else None
        next_cursor = encode_cursor(sort, _sort_key(results[-1], sort), results[-1].pk, next_number)
    if has_previous and results and number != 2:
        # Page 2 goes back to the first page, which has no cursor.
        previous_number = number - 1 if number else None
        previous_cursor = encode_cursor(
            sort, _sort_key(results[0], sort), results[0].pk, previous_number, backward=True
        )
    return Page(
        results,
        next_cursor,
        total,
        estimate,
        facets,
        used_fuzzy,
        name_prefix=criteria.words[-1] if counted["prefixed"] else "",
        number=number,
        has_previous=has_previous,
        previous_cursor=previous_cursor,
    )


def _sort_key(member, sort):
    """What a cursor keeps of `member` for `sort`."""
    if sort == "relevance":
        return [member.tier, member.rank]
    if sort == "recent":
        return member.created_at.isoformat()
    return member.sort_name


def export_rows(criteria, *, audience, staff_sectors=None):
    """Every matching profile, for an export: (SQL, params) to run with a server-side cursor,
    in a stable order (name), typo matches of names included when the search needed them."""
    gate = _gate_ctes(criteria, audience, staff_sectors)
    # `prefixed` and `fuzzy` hold names only when the words matched less than a page (then
    # `fts` holds all of those) and none of the words' matches.
    columns = f"m.sort_name AS sort_key, m.id AS id_key, {EXPORT_COLUMNS}"
    arms = [f"SELECT {columns} FROM members_member m WHERE {gate.words.sql}"]
    params = gate.ctes.params + gate.words.params
    if gate.prefix is not None:
        arms.append(
            f"SELECT {columns} FROM members_member m WHERE {gate.prefix.sql} "
            "AND m.id NOT IN (SELECT id FROM fts)"
        )
        params += gate.prefix.params
    arms.append(f"SELECT {columns} FROM fuzzy JOIN members_member m ON m.id = fuzzy.id")
    union = "\n UNION ALL ".join(arms)
    sql = f"""WITH {gate.ctes.sql}
    SELECT * FROM ({union}) rows ORDER BY sort_key, id_key"""
    return sql, params


# Cursors: opaque to users, validated strictly (anything else means "first page").


# A cursor names a result and the page that starts after it, or, with BACKWARD, the page that
# ends before it; and that page's number (2 and up; cursors made before pages were numbered have
# none). The last page a cursor may name: far beyond any search, a bound on a number in a link.
BACKWARD = "antes"
MAX_PAGE_NUMBER = 10**6


class Cursor(NamedTuple):
    keyset: tuple
    page_number: int | None
    backward: bool


def encode_cursor(sort, key, pk, page_number=None, *, backward=False):
    payload = [sort, key, pk]
    if page_number is not None or backward:
        payload.append(page_number)
    if backward:
        payload.append(BACKWARD)
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token, sort):
    """The Cursor of `token` when it is a well-formed cursor for `sort`, else None."""
    if not token or len(token) > 600:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        kind, key, pk, *rest = json.loads(raw.decode())
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if len(rest) > 2 or (len(rest) == 2 and rest[1] != BACKWARD):
        return None
    page_number = rest[0] if rest else None
    if page_number is not None and (
        not isinstance(page_number, int)
        or isinstance(page_number, bool)
        or not 2 <= page_number <= MAX_PAGE_NUMBER
    ):
        return None
    keyset = _decode_keyset(sort, kind, key, pk)
    return None if keyset is None else Cursor(keyset, page_number, len(rest) == 2)


def _decode_keyset(sort, kind, key, pk):
    if kind != sort or not isinstance(pk, int) or isinstance(pk, bool):
        return None
    if not 0 < pk < 2**63:
        return None
    if sort == "relevance":
        if not isinstance(key, list) or len(key) != 2:
            return None
        tier, rank = key
        if type(tier) is not int or tier not in (WORDS, PREFIX, TYPO):
            return None
        if isinstance(rank, bool) or not isinstance(rank, int | float):
            return None
        try:
            rank = float(rank)
        except OverflowError:
            return None
        return ((tier, rank), pk) if math.isfinite(rank) else None
    if sort == "recent":
        try:
            moment = datetime.fromisoformat(key) if isinstance(key, str) else None
            # In UTC: PostgreSQL refuses some offsets Python accepts (+23:59).
            moment = moment.astimezone(UTC) if moment and moment.tzinfo else None
        except (ValueError, OverflowError):
            return None
        if moment is None or not MIN_YEAR <= moment.year <= MAX_YEAR:
            return None
        return (moment, pk)
    if isinstance(key, str) and "\x00" not in key and len(key) <= 150 and _is_utf8(key):
        return (key, pk)
    return None


def _is_utf8(text):
    """False for strings PostgreSQL cannot receive, such as lone surrogates ("\\ud800" in JSON)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True
