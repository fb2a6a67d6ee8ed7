"""The page of a directory search: its results after a cursor (or before it, for the previous
page) in the order of the sort, read from an index rather than by skipping results.

SQL is assembled only from constants of this package; every value arrives as a parameter.
"""
# ruff: noqa: S608

from django.db import connection

from .conditions import ALL_SECTORS, VECTORS, _join, _rank_tsquery, _scope, _Sql
from .criteria import PAGE_SIZE, PREFIX, TYPO, WORDS

# Up to this many matches of the words (after the filters), a page ranks them all, a sort of the
# rows `fts` (members.directory.query) already found; beyond, it reads them in the RUM index's
# order as far as the page goes, unless the filters pass few of the profiles the index would rank
# (_ranked_words). `fts` holds them up to the exact counts' limit, EXACT_LIMIT.
RANK_ALL_UP_TO = 1000

# Sort -> (order of a page, keyset condition after a cursor); relevance builds its own per tier.
_ORDERS = {
    "relevance": ("tier, rank, seq", None),
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
    words' rank is the RUM distance of the audience's vector to any form of the query's words
    (conditions._rank_tsquery), which the index orders by; a name found by its prefix or despite
    a typo ranks by how close it is to what was typed, read from the gate CTE that found it."""
    query = _rank_tsquery(criteria.words)
    distance = _Sql(f"(m.{VECTORS[audience]} <=> ({query.sql}))", query.params)
    closeness = _Sql(
        "(1 - similarity(m.sort_name, rt_unaccent(%s)))::float8", [" ".join(criteria.words)]
    )
    return [
        (WORDS, distance, "members_member m"),
        (PREFIX, closeness, "prefixed m"),
        (TYPO, closeness, "fuzzy m"),
    ]


def _relevance_keyset(tier, rank, cursor, backward):
    """The condition on the matches of a tier ranked by closeness (name prefixes, typos) after
    the cursor (tier, rank, seq, id), or before it; their seq is their id."""
    if cursor is None:
        return _Sql()
    cursor_tier, cursor_rank, _seq, cursor_id = cursor
    if tier != cursor_tier:
        return _Sql("TRUE" if (tier > cursor_tier) != backward else "FALSE")
    beyond = "<" if backward else ">"
    return _Sql(
        f"({rank.sql} {beyond} %s OR ({rank.sql} = %s AND m.id {beyond} %s))",
        [*rank.params, cursor_rank, *rank.params, cursor_rank, cursor_id],
    )


def _ranked_words(rank, where, postings, cursor, backward, limit):
    """The words' arm of a relevance page: their matches in `where` by rank, numbered by seq
    within each rank, after the cursor or, backwards, before it; at most `limit` (None: all).
    Ties are in the order of their ids where all the matches are ranked, in the RUM index's
    own order where they are read from it. The index orders by rank alone
    (a second key would make the planner rank every match outside it), so only a loop over its
    order knows where a page ends among ties (rt_ranked_page, migration 0018_exact_ranking). The
    loop is given the query as text, its values quoted by the driver as for any statement.
    `postings`: the profiles of the audience's RUM index that hold any of the words' forms."""
    if cursor is None or cursor[0] == WORDS:
        after_rank, after_seq = (None, 0) if cursor is None else (cursor[1], cursor[2])
    elif backward:  # the cursor is among names found otherwise: every match of the words is before
        after_rank, after_seq = float("inf"), 0
    else:  # and every match of the words was shown before it
        return _Sql(
            f"""(SELECT NULL::bigint AS id, {WORDS} AS tier, NULL::float8 AS rank,
                NULL::bigint AS seq WHERE FALSE)"""
        )
    # All the matches are in `fts` when it holds no more than RANK_ALL_UP_TO: they are ranked
    # there, read by their rows' addresses, ties in the order of their ids. Beyond, in the RUM
    # index's order, or sorted when the filters pass few of the entries the index would rank
    # (rt_sort_beats_index, migration 0020_rank_plan_choice).
    few = f"(SELECT count(*) FROM fts) <= {RANK_ALL_UP_TO}"
    if after_rank is None:
        keyset = _Sql()
    else:
        keyset = _Sql(f"(rank, seq) {'<' if backward else '>'} (%s::float8, %s::bigint)",
                      [after_rank, after_seq])  # fmt: skip
    all_ranked = _Sql(
        f"""(SELECT id, {WORDS} AS tier, rank::float8, seq FROM (
                SELECT id, rank, row_number() OVER (PARTITION BY rank ORDER BY id) AS seq
                FROM (SELECT m.id, {rank.sql} AS rank FROM members_member m
                      WHERE m.ctid = ANY (ARRAY(SELECT ctid FROM fts)) AND {few}) ranks
            ) numbered
            WHERE {keyset.sql}
            ORDER BY rank, seq LIMIT {"ALL" if limit is None else limit})""",
        rank.params + keyset.params,
    )
    filtered = connection.ops.compose_sql(
        f"SELECT 1 FROM members_member m WHERE {where.sql}", where.params
    )
    posting = connection.ops.compose_sql(
        f"SELECT 1 FROM members_member m WHERE {postings.sql}", postings.params
    )
    fraction = "CASE WHEN rt_sort_beats_index(%s, %s) THEN 1.0 ELSE 0.001 END"
    # Only this query states the condition that the predicate of the audience's RUM index asks
    # for (0016_relevance), so the counts keep using the GIN indexes.
    where = where & _Sql("m.sort_name IS NOT NULL")
    ranked = connection.ops.compose_sql(
        # The rank as the index orders by it (a cast would be a second expression to compute
        # for every row sorted); the loop widens it.
        f"SELECT m.id, {rank.sql} AS rank FROM members_member m "
        f"WHERE {where.sql} ORDER BY {rank.sql}",
        rank.params + where.params + rank.params,
    )
    # Typed, so that no value a cursor may hold makes the call match no function.
    in_index_order = _Sql(
        f"""(SELECT ranked.id, {WORDS} AS tier, ranked.rank, ranked.seq
            FROM rt_ranked_page(%s, %s::float8, %s::bigint, %s::integer, %s, {fraction}) ranked
            WHERE NOT {few})""",
        [ranked, after_rank, after_seq, limit, backward, filtered, posting],
    )
    return _join([all_ranked, in_index_order], " UNION ALL ")


def _relevance_page(criteria, audience, gate):
    """`page` for relevance: each tier's matches after the cursor in rank order, the words'
    through the RUM index. Backwards, the page that ends before the cursor is the end of the
    matches before it, read in rank order (the index is read in one direction only), at most as
    many as the pages before it hold."""
    cursor = (*criteria.after[0], criteria.after[1]) if criteria.after is not None else None
    backward = criteria.backward and cursor is not None
    if backward and criteria.page_number:
        limit = criteria.page_number * PAGE_SIZE
    else:
        limit = None if backward else PAGE_SIZE + 1
    words = _rank_tsquery(criteria.words)
    postings = _scope(audience, ALL_SECTORS) & _Sql(
        f"m.{VECTORS[audience]} @@ ({words.sql})", words.params
    )
    arms = []
    for tier, rank, source in _relevance_arms(criteria, audience):
        if tier == WORDS:
            arms.append(_ranked_words(rank, gate.words, postings, cursor, backward, limit))
            continue
        where = _relevance_keyset(tier, rank, cursor, backward)
        arms.append(
            _Sql(
                f"""(SELECT m.id, {tier} AS tier, {rank.sql}::float8 AS rank, m.id AS seq
                FROM {source} WHERE {where.sql}
                ORDER BY {rank.sql}, m.id LIMIT {"ALL" if limit is None else limit})""",
                rank.params + where.params + rank.params,
            )
        )
    order = "tier DESC, rank DESC, seq DESC" if backward else "tier, rank, seq"
    union = _join(arms, " UNION ALL ")
    return _Sql(
        f"""page AS MATERIALIZED (
            SELECT * FROM ({union.sql}) u ORDER BY {order} LIMIT {PAGE_SIZE + 1}
        )""",
        union.params,
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
    columns = (
        "m.id, 0 AS tier, NULL::float8 AS rank, NULL::bigint AS seq, m.created_at, m.sort_name"
    )
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


def _sort_key(member, sort):
    """What a cursor keeps of `member` for `sort`."""
    if sort == "relevance":
        return [member.tier, member.rank, member.seq]
    if sort == "recent":
        return member.created_at.isoformat()
    return member.sort_name
