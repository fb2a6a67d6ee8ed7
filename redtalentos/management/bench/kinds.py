"""The query set measured: each query through the directory (members.directory.search_page) and
through the fair baseline (baseline.py), timed warm, one at a time; per kind the p50 and p95 of
both and their ratio; whether both give the same total and first page; and, for the searches the
directory estimates, how far its estimate is from the exact count (and which sample size keeps
the p95 error within bounds)."""

import math
import statistics
import time
from contextlib import contextmanager

from members.directory import query as directory
from members.directory import search_page
from members.permissions import VISITOR

from .baseline import baseline_search
from .measure import percentile
from .relevance import criteria_of, same_ranking

# The sample sizes tried for the estimates, smallest first.
SAMPLE_SIZES = (1000, 2000, 5000, 10000, 20000, 50000)
ESTIMATE_P95_TARGET = 0.25
# The facet values compared: the biggest of each facet, each holding at least this share of the
# matches (a value with a handful of matches has no meaningful relative error under sampling).
FACET_VALUES, FACET_MIN_SHARE = 5, 0.05
MAX_SAMPLED_SHARE = 0.5


def _timed(function, runs):
    times, result = [], None
    for _run in range(runs):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def measure_kinds(queries, *, runs=3, baseline_runs=1):
    """Per kind: directory and baseline p50/p95 (ms), ratio, and agreement of both."""
    rows = {}
    for query in queries:
        criteria = criteria_of(query)
        search_page(criteria, audience=VISITOR)  # warm
        times, page = _timed(lambda c=criteria: search_page(c, audience=VISITOR), runs)
        base_times, (total, _facets, shown) = _timed(
            lambda c=criteria: baseline_search(c), baseline_runs
        )
        row = rows.setdefault(
            query["kind"], {"times": [], "baseline": [], "queries": 0, "same": 0, "differ": []}
        )
        row["times"] += times
        row["baseline"] += base_times
        row["queries"] += 1
        ids = [(member.pk, member.rank) for member in page.results]
        # An estimated total cannot equal the exact count: its error is reported on its own.
        # Profiles that tie keep the index's order in the directory and the ids' in the
        # baseline: the pages are the same when their ranks and untied profiles are.
        same_total = page.total_is_estimate or page.total == total
        same_page = same_ranking(ids, shown)
        if same_total and same_page:
            row["same"] += 1
        elif len(row["differ"]) < 5:
            row["differ"].append(
                {"q": query["q"], "total": page.total, "baseline_total": total,
                 "same_page": same_page, "estimate": page.total_is_estimate,
                 # The directory ranking only a window of the matches explains a different page.
                 "beyond_window": total > getattr(directory, "RANK_WINDOW", math.inf)}
            )  # fmt: skip
    result = {}
    for kind, row in rows.items():
        p50, base_p50 = statistics.median(row["times"]), statistics.median(row["baseline"])
        result[kind] = {
            "queries": row["queries"],
            "p50_ms": p50,
            "p95_ms": percentile(row["times"], 0.95),
            "baseline_p50_ms": base_p50,
            "baseline_p95_ms": percentile(row["baseline"], 0.95),
            "ratio": base_p50 / max(p50, 0.001),
            "same_share": row["same"] / row["queries"],
            "differ": row["differ"],
        }
    return result


def geometric_mean(values):
    values = [value for value in values if value > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else 0.0


@contextmanager
def sample_rows(size):
    """The directory's sample size for a while (the module's constant, read at each search)."""
    before = directory.SAMPLE_ROWS
    directory.SAMPLE_ROWS = size
    try:
        yield
    finally:
        directory.SAMPLE_ROWS = before


def _errors(queries, exact):
    totals, facets = [], []
    for query in queries:
        page = search_page(criteria_of(query), audience=VISITOR)
        if not page.total_is_estimate:
            continue
        total, exact_facets = exact[query["q"], query.get("sector"), query.get("country")]
        totals.append(abs(page.total - total) / max(total, 1))
        for name, values in exact_facets.items():
            shown = dict(page.facets.get(name, []))
            for key, count in sorted(values.items(), key=lambda kv: -kv[1])[:FACET_VALUES]:
                if count >= FACET_MIN_SHARE * total:
                    facets.append(abs(shown.get(key, 0) - count) / count)
    return totals, facets


def _table_rows():
    from members.models import Member

    return Member.objects.count()


def measure_estimates(queries, sizes=SAMPLE_SIZES):
    """Median and p95 relative error of estimated totals and facets, for the current sample size
    and the others tried; the smallest size whose p95 (totals and facets) is within target, here
    and at scale: a sample that is a large share of a small table errs less than the same sample
    of a big one (the finite population correction), so the errors are also given without it."""
    table = _table_rows()
    big = []
    exact = {}
    for query in queries:
        page = search_page(criteria_of(query), audience=VISITOR)
        if page.total_is_estimate:
            big.append(query)
            total, facets, _shown = baseline_search(criteria_of(query))
            exact[query["q"], query.get("sector"), query.get("country")] = (total, facets)
    by_size = {}
    for size in sorted({directory.SAMPLE_ROWS, *sizes}):
        with sample_rows(size):
            totals, facets = _errors(big, exact)
        share = size / max(table, 1)
        # The same sample from a table many times bigger: the error without the correction. A
        # sample of most of the table says nothing about that (its error tends to zero).
        at_scale = 1 / math.sqrt(1 - share) if share <= MAX_SAMPLED_SHARE else None
        by_size[size] = {
            "total_median": statistics.median(totals) if totals else 0.0,
            "total_p95": percentile(totals, 0.95),
            "facet_median": statistics.median(facets) if facets else 0.0,
            "facet_p95": percentile(facets, 0.95),
            "p95_at_scale": None
            if at_scale is None
            else max(percentile(totals, 0.95), percentile(facets, 0.95)) * at_scale,
        }
    enough = [
        size
        for size, errors in by_size.items()
        if max(errors["total_p95"], errors["facet_p95"]) <= ESTIMATE_P95_TARGET
    ]
    enough_at_scale = [
        size
        for size, errors in by_size.items()
        if errors["p95_at_scale"] is not None and errors["p95_at_scale"] <= ESTIMATE_P95_TARGET
    ]
    return {
        "queries": len(big),
        "exact_limit": directory.EXACT_LIMIT,
        "sample_rows": directory.SAMPLE_ROWS,
        "current": by_size[directory.SAMPLE_ROWS],
        "by_size": by_size,
        "smallest_within_target": min(enough) if enough else None,
        "smallest_within_target_at_scale": min(enough_at_scale) if enough_at_scale else None,
    }
