"""The directory's search: which profiles match, in which order, and how they split by facet.

Written as SQL because every statement is bounded, whatever the number of matches:
- relevance orders every match by rank inside the audience's RUM index (`vector <=> query`,
  migration 0016_relevance), so the first page is the first page of an exact ranking; the words'
  matches come first, then, only when those are few, names starting with the word being typed,
  then names with small typos (each word corrected against the words of the names);
- the other sorts walk an index from a keyset cursor (no OFFSET), forwards or, for the
  previous page, backwards from its first result; a cursor also carries the page's number, so
  that a page says which results it shows without counting what came before;
- counts and facets are exact up to EXACT_LIMIT matches and estimated above it, marked as
  estimates: the total extrapolated from how far into the table the first matches were found and
  the facets from those matches; where the matches were not read in the table's order, from a
  block sample of SAMPLE_ROWS profiles (tsm_system_rows) in a second statement.

The conditions are built in members.directory.conditions and the page in members.directory.paging;
this module puts them together into statements. SQL is assembled only from constants of this
package; every value arrives as a parameter.
"""
# ruff: noqa: S608

import json
from typing import NamedTuple

from django.db import connection

from ..models import Member
from .conditions import (
    _either,
    _filters,
    _join,
    _name_prefix,
    _name_typo,
    _sample_bits,
    _scope,
    _Sql,
    _text_match,
)
from .criteria import PAGE_SIZE, Page, encode_cursor
from .paging import _ORDERS, _page_cte, _sort_key

EXACT_LIMIT = 1000
SAMPLE_ROWS = 1000
# Names starting with the last word of the query are searched when the words themselves find
# fewer than PREFIX_BELOW profiles (then they are being typed).
PREFIX_BELOW = PAGE_SIZE
# Below this many text matches, names with small typos are searched as well.
FUZZY_BELOW = 5

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
    # (a TID scan), cheaper than by id and than carrying the facet columns in every match. And
    # its name, by which a page ranks the names found by a prefix or despite a typo without
    # reading their rows again.
    bits = "m.id, m.ctid, m.sort_name"
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
    typo = _name_typo(criteria.words, audience) if criteria.words else None
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
                LIMIT {first})""",
                typo_match.params,
            )
        )
    return _Gate(_join(parts, ",\n"), words, prefix_match)


GATES = ("fts", "prefixed", "fuzzy")

# Where each gate CTE stopped reading the table and whether it read it in the table's order, for
# extrapolating a count that reached its limit (_extrapolated).
_GATE_POSITIONS = "".join(
    f"""
            UNION ALL SELECT '{gate}_last_block', NULL,
                (SELECT max((ctid::text::point)[0])::bigint FROM {gate})
            UNION ALL SELECT '{gate}_out_of_order', NULL,
                (SELECT count(*) FROM (SELECT ctid < lag(ctid) OVER () AS back FROM {gate}) o
                 WHERE back)"""
    for gate in GATES
)


def _count_ctes(criteria, audience, staff_sectors):
    """The CTEs that count the matches, ending in `figures` (name, key, count): how many each gate
    CTE found, the facets over the first matches (`hits`: all of them up to EXACT_LIMIT) and
    where in the table a gate that reached its limit stopped (_extrapolated)."""
    gate = _gate_ctes(criteria, audience, staff_sectors)
    first = _first_matches()
    parts = [gate.ctes]
    parts.append(
        _Sql(
            f"""hits AS MATERIALIZED (  -- disjoint: each excludes the matches before it
            SELECT * FROM fts UNION ALL SELECT * FROM prefixed UNION ALL SELECT * FROM fuzzy
            LIMIT {first}
        ),
        hit_rows AS MATERIALIZED (
            SELECT {_sample_bits(audience)} FROM members_member m
            WHERE m.ctid = ANY (ARRAY(SELECT ctid FROM hits))
        ),
        figures AS (
            SELECT 'total' AS name, NULL AS key, (SELECT count(*) FROM hits) AS count
            UNION ALL SELECT 'fts', NULL, (SELECT count(*) FROM fts)
            UNION ALL SELECT 'prefixed', NULL, (SELECT count(*) FROM prefixed)
            UNION ALL SELECT 'fuzzy', NULL, (SELECT count(*) FROM fuzzy)
            UNION ALL SELECT 'table_blocks', NULL,
                pg_relation_size('members_member') / current_setting('block_size')::bigint
            {_GATE_POSITIONS}
            UNION ALL {_FACET_SELECTS.format(src="hit_rows")}
        )"""
        )
    )
    return _join(parts, ",\n"), gate


def _extrapolated(counted):
    """The number of matches when some gate CTE stopped at its limit: a gate read through a
    bitmap of its index reads the table in its order, so that it found its matches in the first
    (last block + 1) / table blocks of it, and the rest holds as many in proportion. None when
    that gate read in another order (a btree index's, for filters without words): then only a
    sample of the table can tell."""
    first, total = _first_matches(), 0
    for gate in GATES:
        found = counted[gate]
        if found < first:
            total += found
            continue
        if counted[f"{gate}_out_of_order"]:
            return None
        blocks = counted[f"{gate}_last_block"] + 1
        total += round(found * max(counted["table_blocks"], blocks) / blocks)
    return total


def _sample_figures(criteria, audience, staff_sectors, counted):
    """Figures estimated from a block sample of SAMPLE_ROWS profiles, for a search with more
    matches than are counted exactly whose count cannot be extrapolated: a sampled profile
    counts when it matches the words, or a name prefix or a name with typos where the search
    looked for those (`counted`, the number of matches of each gate CTE, says where)."""
    base = _scope(audience, staff_sectors) & _filters(criteria, audience)
    words = criteria.words
    prefix = _name_prefix(words, audience) if words and counted["fts"] < PREFIX_BELOW else None
    searched_typos = words and counted["fts"] + counted["prefixed"] < FUZZY_BELOW
    typo = _name_typo(words, audience) if searched_typos else None
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


def _counted(rows):
    """The counts (rows without a key) of `figures` or sample rows: name -> count."""
    return {name: count for name, key, count in rows if key is None}


def _read_figures(counted, rows, extrapolated, sample_rows):
    """(total, estimated?, facets) from the `figures` rows: exact up to EXACT_LIMIT matches;
    above, the first matches' facets scaled up to the `extrapolated` total, or, where the total
    could not be extrapolated, those of the sample (`sample_rows`)."""
    total = counted["total"]
    estimate = total > EXACT_LIMIT
    facets = {"sector": {}, "chapter": {}, "country": {}, "offer": {}}
    if sample_rows is not None:
        sampled = _counted(sample_rows)
        rows = sample_rows
        # Scale the sample up to the table; never below what was actually seen.
        scale = max(sampled["table"], sampled["sampled"]) / max(sampled["sampled"], 1)
        total = max(round(sampled["sample_hits"] * scale), total)
    elif estimate:
        extrapolated = max(extrapolated, total)
        scale, total = extrapolated / total, extrapolated
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


_MODEL_FIELDS = [field.attname for field in Member._meta.concrete_fields]


def _members(names, rows):
    """Members from result rows whose columns are `names` (from_db wants the model's own field
    order), each with its rank and skill names; rows without a profile are skipped."""
    fields = [name for name in _MODEL_FIELDS if name in names]
    positions = [names.index(name) for name in fields]
    rank, tier, seq = names.index("rank"), names.index("tier"), names.index("seq")
    skills, pk = names.index("skill_names"), names.index("id")
    members = []
    for row in rows:
        if row[pk] is None:  # no results: the one row carries only the figures
            continue
        member = Member.from_db(connection.alias, fields, [row[i] for i in positions])
        member.rank, member.tier, member.seq = row[rank], row[tier], row[seq]
        member.skill_names = row[skills]
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
           p.rank, p.tier, p.seq, {CARD_COLUMNS}
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
    extrapolated = _extrapolated(counted) if counted["total"] > EXACT_LIMIT else None
    if counted["total"] > EXACT_LIMIT and extrapolated is None:
        sample_rows = _sample_figures(criteria, audience, staff_sectors, counted)
    total, estimate, facets = _read_figures(counted, figures, extrapolated, sample_rows)
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
