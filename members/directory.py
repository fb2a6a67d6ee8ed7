"""The directory's search: which profiles match, in which order, and how they split by facet.

Written as SQL because every statement is bounded, whatever the number of matches:
- relevance ranks a window of at most RANK_WINDOW matches, never all of them;
- the other sorts walk an index from a keyset cursor (no OFFSET);
- counts and facets are exact up to EXACT_LIMIT matches and estimated above it from a block sample
  of SAMPLE_ROWS profiles (tsm_system_rows), marked as estimates;
- typo tolerance on names (trigrams) runs only when the text search found almost nothing.

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

from django.db import connection

from .models import Member
from .permissions import MEMBER, STAFF, VISITOR
from .search import MAX_FUZZY_QUERY, MIN_PREFIX, gender_forms, terms

PAGE_SIZE = 20
RANK_WINDOW = 1000
EXACT_LIMIT = 1000
SAMPLE_ROWS = 2500
# The last word of a query counts as a prefix up to this length.
MAX_PREFIX = 6
# Below this many text matches, names with small typos are searched as well.
FUZZY_BELOW = 5
# The dates a "most recent" cursor may carry.
MIN_YEAR, MAX_YEAR = 1900, 2200

VECTORS = {VISITOR: "search_vector", MEMBER: "search_members", STAFF: "search_staff"}
SORTS = ("relevance", "recent", "name")

# The columns a result card needs (a model instance via Member.objects.raw()).
CARD_COLUMNS = """m.id, m.slug, m.full_name, m.headline, m.bio, m.photo_small, m.city, m.country,
    m.organisation, m.position, m.sector_ids, m.contribution_offers, m.availability, m.languages,
    m.chapter_id, m.verified_at, m.created_at, m.sort_name, m.user_id, m.listed_publicly,
    m.findable_by_pncs, m.visible_to_chapter, m.visibility_photo, m.visibility_about,
    m.visibility_location, m.visibility_work, m.visibility_expertise, m.visibility_education,
    m.visibility_languages, m.visibility_links, m.visibility_chapter,
    ARRAY(SELECT s.name FROM members_member_skills ms JOIN members_skill s ON s.id = ms.skill_id
          WHERE ms.member_id = m.id ORDER BY s.name) AS skill_names"""


# What an export needs (pncs.views.experts): no biography, no search data.
EXPORT_COLUMNS = """m.slug, m.full_name, m.headline, m.position, m.organisation, m.city, m.country,
    m.sector_ids, m.contribution_offers, m.availability, m.languages, m.chapter_id, m.verified_at,
    m.visibility_work, m.visibility_location, m.visibility_expertise, m.visibility_languages,
    m.visibility_chapter,
    ARRAY(SELECT s.name FROM members_member_skills ms JOIN members_skill s ON s.id = ms.skill_id
          WHERE ms.member_id = m.id ORDER BY s.name) AS skill_names"""


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
            if value not in ("", None, False) and key != "after"
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


class _Sql:
    """A fragment of SQL and its parameters, composed with `&`."""

    def __init__(self, sql="TRUE", params=()):
        self.sql, self.params = sql, list(params)

    def __and__(self, other):
        return _Sql(f"({self.sql}) AND ({other.sql})", self.params + other.params)


def _visible(group, audience):
    return f"rt_audience_sees(m.visibility_{group}, {int(audience)})"


def _scope(audience, staff_sectors):
    if audience == STAFF:
        return _Sql(
            "m.findable_by_pncs AND m.account_active AND m.sector_ids && %s::integer[]",
            [sorted(staff_sectors or [])],
        )
    return _Sql("m.listed_publicly AND m.account_active")


def _filters(criteria, audience):
    where = _Sql()
    if criteria.sector is not None:
        where &= _Sql(
            f"m.sector_ids @> ARRAY[%s]::integer[] AND {_visible('expertise', audience)}",
            [criteria.sector],
        )
    if criteria.chapter is not None:
        where &= _Sql(f"m.chapter_id = %s AND {_visible('chapter', audience)}", [criteria.chapter])
    if criteria.country:
        where &= _Sql(f"m.country = %s AND {_visible('location', audience)}", [criteria.country])
    if criteria.city:
        where &= _Sql(
            f"m.city_key = left(rt_unaccent(lower(btrim(%s))), 120) "
            f"AND {_visible('location', audience)}",
            [criteria.city],
        )
    if criteria.offer:
        where &= _Sql(
            f"m.contribution_offers @> ARRAY[%s]::varchar[] AND {_visible('expertise', audience)}",
            [criteria.offer],
        )
    if criteria.skill:
        where &= _Sql(
            f"m.skill_keys @> ARRAY[%s]::varchar[] AND {_visible('expertise', audience)}",
            [criteria.skill],
        )
    if criteria.language:
        where &= _Sql(
            f"m.languages @> ARRAY[%s]::varchar[] AND {_visible('languages', audience)}",
            [criteria.language],
        )
    if criteria.availability:
        where &= _Sql(
            f"m.availability = %s AND {_visible('expertise', audience)}", [criteria.availability]
        )
    if criteria.verified:
        where &= _Sql("m.verified_at IS NOT NULL")
    return where


def _tsquery(words):
    """The tsquery of `words`: each word in English and in its Spanish gender and number forms,
    the last one also as a prefix when short (the word being typed: `gonz`); all words required.
    Prefixes of long or of every word made common searches slow (make bench), and a long word
    typed halfway still finds names through the typo search. Only letters and digits reach a raw
    tsquery."""
    parts, params = [], []
    for position, word in enumerate(words, start=1):
        alternatives = ["plainto_tsquery('rt_en', %s)"]
        params.append(word)
        for form in gender_forms(word):
            alternatives.append("plainto_tsquery('rt_es', %s)")
            params.append(form)
        if position == len(words) and MIN_PREFIX <= len(word) <= MAX_PREFIX and word.isalnum():
            alternatives.append("to_tsquery('rt_simple', %s)")
            params.append(f"{word}:*")
        parts.append("(" + " || ".join(alternatives) + ")")
    return _Sql(" && ".join(parts), params)


def _name_typo(words):
    """Names close to every word of the query (`hernadez` finds Hernández; `garcia nunez` does
    not find García López), through the trigram index on names."""
    if len(" ".join(words)) > MAX_FUZZY_QUERY:
        return None
    condition = " AND ".join(["rt_unaccent(%s) <%% rt_unaccent(lower(m.full_name))"] * len(words))
    return _Sql(condition, list(words))


def _text_match(criteria, audience, *, fuzzy):
    words = criteria.words
    if not words:
        return _Sql()
    query = _tsquery(words)
    match = _Sql(f"m.{VECTORS[audience]} @@ ({query.sql})", query.params)
    typo = _name_typo(words) if fuzzy else None
    if typo is not None:
        match = _Sql(f"({match.sql}) OR ({typo.sql})", match.params + typo.params)
    return match


def _sample_bits(audience):
    """What the facets read of a profile, with the audience's visibility applied."""
    return f"""m.id,
        CASE WHEN {_visible("expertise", audience)} THEN m.sector_ids END AS sector_ids,
        CASE WHEN {_visible("chapter", audience)} THEN m.chapter_id END AS chapter_id,
        CASE WHEN {_visible("location", audience)} THEN NULLIF(m.country, '') END AS country,
        CASE WHEN {_visible("expertise", audience)} THEN m.contribution_offers END AS offers"""


_FACET_SELECTS = """
    SELECT 'sector', s::text, count(*) FROM {src}, unnest({src}.sector_ids) s GROUP BY s
    UNION ALL SELECT 'chapter', chapter_id::text, count(*) FROM {src}
        WHERE chapter_id IS NOT NULL GROUP BY chapter_id
    UNION ALL SELECT 'country', country, count(*) FROM {src}
        WHERE country IS NOT NULL GROUP BY country
    UNION ALL SELECT 'offer', o, count(*) FROM {src}, unnest({src}.offers) o GROUP BY o"""


def _counts(criteria, audience, staff_sectors):
    """Total and facets in one statement: exact over at most EXACT_LIMIT + 1 matches, else
    estimated from a block sample. Also says whether name typos had to be searched."""
    base = _scope(audience, staff_sectors) & _filters(criteria, audience)
    text = _text_match(criteria, audience, fuzzy=False)
    typo = _name_typo(criteria.words) if criteria.words else None
    if typo is not None:
        fuzzy_cte = (
            f"""fuzzy AS MATERIALIZED (
                SELECT m.id FROM members_member m
                WHERE (SELECT count(*) FROM fts) < {FUZZY_BELOW} AND ({base.sql}) AND ({typo.sql})
                    AND m.id NOT IN (SELECT id FROM fts)
                LIMIT {EXACT_LIMIT + 1})""",
            base.params + typo.params,
        )
    else:
        fuzzy_cte = ("fuzzy AS (SELECT NULL::bigint AS id WHERE FALSE)", [])
    matched = base & text
    sql = f"""
    WITH fts AS MATERIALIZED (
        SELECT m.id FROM members_member m WHERE {matched.sql} LIMIT {EXACT_LIMIT + 1}
    ),
    {fuzzy_cte[0]},
    hits AS MATERIALIZED (
        SELECT id FROM fts UNION SELECT id FROM fuzzy LIMIT {EXACT_LIMIT + 1}
    ),
    exact AS MATERIALIZED (
        SELECT {_sample_bits(audience)} FROM hits JOIN members_member m ON m.id = hits.id
        WHERE (SELECT count(*) FROM hits) <= {EXACT_LIMIT}
    ),
    sample AS MATERIALIZED (
        SELECT {_sample_bits(audience)}, ({matched.sql}) AS hit
        FROM members_member m TABLESAMPLE SYSTEM_ROWS({SAMPLE_ROWS})
        WHERE (SELECT count(*) FROM hits) > {EXACT_LIMIT}
    ),
    sampled AS MATERIALIZED (SELECT * FROM sample WHERE hit)
    SELECT 'total', NULL, (SELECT count(*) FROM hits)
    UNION ALL SELECT 'fuzzy', NULL, (SELECT count(*) FROM fuzzy)
    UNION ALL SELECT 'sampled', NULL, (SELECT count(*) FROM sample)
    UNION ALL SELECT 'sample_hits', NULL, (SELECT count(*) FROM sampled)
    UNION ALL SELECT 'table', NULL, (
        SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'members_member'::regclass)
    UNION ALL {_FACET_SELECTS.format(src="exact")}
    UNION ALL {_FACET_SELECTS.format(src="sampled")}
    """
    params = matched.params + fuzzy_cte[1] + matched.params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    figures = {name: count for name, key, count in rows if key is None}
    facets = {"sector": {}, "chapter": {}, "country": {}, "offer": {}}
    for name, key, count in rows:
        if key is not None:
            facets[name][key] = facets[name].get(key, 0) + count
    total, estimate = figures["total"], figures["total"] > EXACT_LIMIT
    if estimate:
        # Scale the sample up to the table; never below what was actually seen.
        scale = max(figures["table"], figures["sampled"]) / max(figures["sampled"], 1)
        total = max(round(figures["sample_hits"] * scale), EXACT_LIMIT + 1)
        facets = {
            name: {key: max(1, round(count * scale)) for key, count in values.items()}
            for name, values in facets.items()
        }
    ordered = {
        name: sorted(values.items(), key=lambda item: (-item[1], item[0]))
        for name, values in facets.items()
    }
    return total, estimate, ordered, figures["fuzzy"] > 0


def _rank_sql(criteria, audience):
    query = _tsquery(criteria.words)
    phrase = " ".join(criteria.words)
    return _Sql(
        f"ts_rank(m.{VECTORS[audience]}, ({query.sql})) "
        "+ similarity(rt_unaccent(lower(m.full_name)), rt_unaccent(%s))",
        [*query.params, phrase],
    )


def _rows(criteria, audience, staff_sectors, *, fuzzy):
    """The page of results after the cursor, one more than a page to know if another follows."""
    matched = (
        _scope(audience, staff_sectors)
        & _filters(criteria, audience)
        & _text_match(criteria, audience, fuzzy=fuzzy)
    )
    sort, after, limit = criteria.effective_sort, criteria.after, PAGE_SIZE + 1
    if sort == "relevance":
        rank = _rank_sql(criteria, audience)
        keyset, keyset_params = "TRUE", []
        if after is not None:
            keyset, keyset_params = (
                "(r.rank < %s OR (r.rank = %s AND r.id > %s))",
                [
                    after[0],
                    after[0],
                    after[1],
                ],
            )
        sql = f"""
        WITH window_ AS MATERIALIZED (
            SELECT m.id FROM members_member m WHERE {matched.sql} LIMIT {RANK_WINDOW}
        ), ranked AS MATERIALIZED (
            SELECT m.id, ({rank.sql})::float8 AS rank
            FROM window_ JOIN members_member m ON m.id = window_.id
        )
        SELECT {CARD_COLUMNS}, r.rank FROM ranked r JOIN members_member m ON m.id = r.id
        WHERE {keyset} ORDER BY r.rank DESC, r.id LIMIT {limit}"""
        params = matched.params + rank.params + keyset_params
    else:
        if sort == "recent":
            order, keyset = "m.created_at DESC, m.id DESC", "(m.created_at, m.id) < (%s, %s)"
        else:
            order, keyset = "m.sort_name, m.id", "(m.sort_name, m.id) > (%s, %s)"
        where = matched
        if after is not None:
            where = matched & _Sql(keyset, list(after))
        sql = f"SELECT {CARD_COLUMNS} FROM members_member m WHERE {where.sql} ORDER BY {order} "
        sql += f"LIMIT {limit}"
        params = where.params
    results = list(Member.objects.raw(sql, params))
    next_cursor = None
    if len(results) > PAGE_SIZE:
        results = results[:PAGE_SIZE]
        last = results[-1]
        key = {
            "relevance": lambda: last.rank,
            "recent": lambda: last.created_at.isoformat(),
            "name": lambda: last.sort_name,
        }[sort]()
        next_cursor = encode_cursor(sort, key, last.pk)
    return results, next_cursor


def search_page(criteria, *, audience, staff_sectors=None):
    """One page of the directory for `audience`: results, cursor of the next page, count, facets.

    Two SQL statements, whatever the number of matches.
    """
    total, estimate, facets, used_fuzzy = _counts(criteria, audience, staff_sectors)
    results, next_cursor = _rows(criteria, audience, staff_sectors, fuzzy=used_fuzzy)
    return Page(results, next_cursor, total, estimate, facets, used_fuzzy)


def export_rows(criteria, *, audience, staff_sectors=None):
    """Every matching profile, for an export: (SQL, params) to run with a server-side cursor,
    in a stable order (name). Fuzzy name matches are included when the search needed them."""
    _total, _estimate, _facets, used_fuzzy = _counts(criteria, audience, staff_sectors)
    matched = (
        _scope(audience, staff_sectors)
        & _filters(criteria, audience)
        & _text_match(criteria, audience, fuzzy=used_fuzzy)
    )
    sql = f"SELECT {EXPORT_COLUMNS} FROM members_member m WHERE {matched.sql} "
    sql += "ORDER BY m.sort_name, m.id"
    return sql, matched.params


# Cursors: opaque to users, validated strictly (anything else means "first page").


def encode_cursor(sort, key, pk):
    raw = json.dumps([sort, key, pk], separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token, sort):
    """The keyset of `token` when it is a well-formed cursor for `sort`, else None."""
    if not token or len(token) > 600:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        kind, key, pk = json.loads(raw.decode())
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if kind != sort or not isinstance(pk, int) or isinstance(pk, bool):
        return None
    if not 0 < pk < 2**63:
        return None
    if sort == "relevance":
        if isinstance(key, bool) or not isinstance(key, int | float):
            return None
        try:
            rank = float(key)
        except OverflowError:
            return None
        return (rank, pk) if math.isfinite(rank) else None
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
