"""Relevance and exactness of the directory's first page.

The judged set (corpus/data/judged.json) names, for each query, the planted profiles that must
be on the first page: the share found and nDCG@20 (binary relevance) say how well the ranking
serves people. Exactness compares each first page with an exact ranking of every text match by
the directory's own ranking function, computed by a plain ORDER BY with the index scans off: it
says whether the directory's shortcuts (an index-ordered scan, a window) change what is shown."""
# ruff: noqa: S608

import math

from django.db import connection, transaction

from members.directory import PAGE_SIZE, Criteria, conditions, search_page
from members.permissions import VISITOR
from pncs.models import Sector
from redtalentos.management.corpus.planted import MARKER, read_judged

VECTOR = "search_vector"  # the visitors' vector: every measured search is a visitor's


def ndcg(ranked_ids, relevant, k=PAGE_SIZE):
    """nDCG@k with binary relevance: 1.0 when every relevant id leads the list."""
    gains = sum(
        1 / math.log2(position + 2)
        for position, member_id in enumerate(ranked_ids[:k])
        if member_id in relevant
    )
    ideal = sum(1 / math.log2(position + 2) for position in range(min(len(relevant), k)))
    return gains / ideal if ideal else 1.0


def criteria_of(query):
    """The Criteria of a query of the query set or of the judged set (sector by id or slug)."""
    sector = query.get("sector")
    if isinstance(sector, str):
        sector = Sector.objects.get(slug=sector).pk
    return Criteria(text=query["q"], sector=sector, country=query.get("country", ""))


def planted_ids():
    """{plant key: [member ids]} of the planted profiles in this database."""
    ids = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT website, id FROM members_member WHERE website LIKE %s",
            [MARKER.format("%")],
        )
        for website, member_id in cursor.fetchall():
            key = website.removeprefix(MARKER.split("{}")[0]).removesuffix(MARKER.split("{}")[1])
            ids.setdefault(key, []).append(member_id)
    return ids


def measure_judged():
    """Share of the judged queries' planted profiles on the first page, and mean nDCG@20."""
    judged = read_judged()
    plants = planted_ids()
    if not plants:
        return {"queries": 0, "note": "no planted profiles (the corpus is not the bulk one)"}
    rows = []
    for query in judged["queries"]:
        relevant = {member_id for key in query["relevant"] for member_id in plants.get(key, [])}
        if not relevant:
            continue
        page = search_page(criteria_of(query), audience=VISITOR)
        shown = [member.pk for member in page.results]
        rows.append(
            {
                "kind": query["kind"],
                "q": query["q"],
                "found": len(relevant & set(shown)) / len(relevant),
                "ndcg": ndcg(shown, relevant),
            }
        )
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    return {
        "queries": len(rows),
        "found_share": sum(row["found"] for row in rows) / max(len(rows), 1),
        "all_found_share": sum(row["found"] == 1 for row in rows) / max(len(rows), 1),
        "ndcg": sum(row["ndcg"] for row in rows) / max(len(rows), 1),
        "by_kind": {
            kind: {
                "found_share": sum(r["found"] for r in items) / len(items),
                "ndcg": sum(r["ndcg"] for r in items) / len(items),
            }
            for kind, items in by_kind.items()
        },
        "missed": [row["q"] for row in rows if row["found"] < 1][:20],
    }


def same_ranking(shown, exact):
    """Whether a first page `shown`, (id, rank) in order, is the first page `exact` of a ranking
    by the same function, whatever the order of profiles that tie: the same ranks in the same
    order, and the same profiles at every rank but the page's last (which of the profiles tied
    there a page shows depends on the order given to ties: the index's, or the ids')."""
    shown, exact = _rounded(shown), _rounded(exact)
    if [rank for _pk, rank in shown] != [rank for _pk, rank in exact]:
        return False
    if not shown:
        return True
    last = shown[-1][1]
    return {pk for pk, rank in shown if rank != last} == {pk for pk, rank in exact if rank != last}


def _rounded(page):
    """`page` with its ranks to the 6 digits a real (float4) holds: a rank computed in double
    precision from a real differs from the real cast to double in the last bits."""
    return [(pk, None if rank is None else float(f"{rank:.6g}")) for pk, rank in page]


def exact_first_page(criteria):
    """The first page, (id, distance), of an exact ranking of every text match: by RUM distance
    `vector <=> tsquery` of any form of the words, as the directory ranks them, then by id."""
    query = conditions._rank_tsquery(criteria.words)
    where = (
        conditions._scope(VISITOR, None)
        & conditions._filters(criteria, VISITOR)
        & conditions._text_match(criteria, VISITOR)
    )
    distance = f"(m.{VECTOR} <=> ({query.sql}))::float8"
    sql = f"""SELECT m.id, {distance} FROM members_member m WHERE {where.sql}
        ORDER BY 2, 1 LIMIT {PAGE_SIZE}"""
    with transaction.atomic(), connection.cursor() as cursor:
        # A plain sort over every match: no index may hand the rows over in an order.
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(sql, query.params + where.params)
        return cursor.fetchall()


def measure_exactness(queries):
    """Share of `queries` whose first page equals the exact ranking's first page."""
    compared = equal = 0
    differing = []
    for query in queries:
        criteria = criteria_of(query)
        if not criteria.words:
            continue
        exact = exact_first_page(criteria)
        if not exact:  # nothing to order: an empty page proves nothing
            continue
        page = search_page(criteria, audience=VISITOR)
        # Name prefixes and typos join the page only when the words found less than a page;
        # the exact ranking is of the words' matches, so those come after them.
        shown = [(member.pk, member.rank) for member in page.results][: len(exact)]
        compared += 1
        if same_ranking(shown, exact):
            equal += 1
        else:
            differing.append(query["q"])
    return {
        "ranking": "RUM distance",
        "compared": compared,
        "share": equal / compared if compared else 1.0,
        "differing": differing[:20],
    }
