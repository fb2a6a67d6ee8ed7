"""The searches' part of the benchmark (issue 19) on a tiny realistic corpus: the query set
(kinds, counts, fixed seed), nDCG, the targets' logic, and every new measurement run end to end
through run_benchmark."""

import json

import pytest
from django.core.management import call_command

from chapters.models import Chapter
from members.directory import query as directory_query
from members.models import Member
from pncs.models import Sector
from redtalentos.management.bench.kinds import geometric_mean
from redtalentos.management.bench.queries import KINDS, build_query_set
from redtalentos.management.bench.relevance import ndcg
from redtalentos.management.bench.search_report import search_targets
from redtalentos.management.corpus.people import corpus_skills
from redtalentos.management.corpus.planted import read_judged
from redtalentos.management.demo_bulk import seed_bulk
from redtalentos.management.demo_members import skills_named
from tests.conftest import restore_reference_data


def test_ndcg_is_one_when_the_relevant_lead_and_less_when_they_come_later():
    assert ndcg([5, 6, 7], {5, 6}) == 1.0
    assert 0 < ndcg([7, 5, 6], {5, 6}) < 1.0
    assert ndcg([7, 8], {5}) == 0.0
    assert ndcg([1, 2, 3], {3}) < ndcg([1, 3, 2], {3})


def _kind(p95=10, ratio=12):
    return {"p95_ms": p95, "ratio": ratio}


def test_targets_are_met_only_by_the_figures_that_meet_them():
    results = {
        "kinds": {"surname": _kind(), "zero-hit": _kind(p95=60, ratio=0.5)},
        "relevance": {"queries": 10, "found_share": 0.99},
        "exactness": {"compared": 10, "share": 0.95},
        "estimates": {"queries": 3, "sample_rows": 1000,
                      "current": {"total_p95": 0.2, "facet_p95": 0.3}},
        "writes": [{"editors": 8, "lock_wait_share": 0.01}],
    }  # fmt: skip
    checks = {check["target"]: check["met"] for check in search_targets(results)}
    assert checks["surname: p95 ≤ 50 ms"] and not checks["zero-hit: p95 ≤ 50 ms"]
    assert checks["surname: at least as fast as the baseline"]
    assert not checks["zero-hit: at least as fast as the baseline"]
    assert results["baseline_geomean"] == pytest.approx(geometric_mean([12, 0.5]))
    assert not checks["≥ 10x the baseline (geometric mean of kinds)"]
    assert not checks["judged profiles on the first page: 100%"]
    assert checks["first page = exact ranking for ≥ 95% of queries"]
    assert not checks["estimate p95 error ≤ 25% (SAMPLE_ROWS 1000)"]
    assert checks["8 editor(s): lock waits ≤ 10% of their time"]


@pytest.fixture
def tiny_corpus():
    """seed_demo's bulk path (its realistic corpus) at 260 people, 200 of them the planted ones;
    without the rest of the demo data, which the measures do not read."""
    restore_reference_data()
    skills = skills_named(corpus_skills())
    seed_bulk(
        list(range(1, 261)),
        3,
        skills={name: skill.pk for name, skill in skills.items()},
        chapters=dict(Chapter.objects.values_list("slug", "pk")),
        sectors=dict(Sector.objects.values_list("slug", "pk")),
    )


@pytest.mark.django_db(transaction=True)
def test_the_query_set_has_every_kind_from_the_corpus_with_a_fixed_seed(tiny_corpus):
    queries = build_query_set(seed=5, per_kind=3)
    assert build_query_set(seed=5, per_kind=3) == queries
    assert build_query_set(seed=6, per_kind=3) != queries
    kinds = {query["kind"] for query in queries}
    assert kinds == set(KINDS) and len(KINDS) >= 8
    assert all(sum(q["kind"] == kind for q in queries) <= 3 for kind in kinds)
    names = set(Member.objects.values_list("full_name", flat=True))
    assert all(q["q"] in names for q in queries if q["kind"] == "unique full name")


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_measures_kinds_relevance_estimates_and_writes(
    tiny_corpus, monkeypatch, tmp_path, capsys
):
    # A tiny corpus has no search above the exact limit: lower it so that estimates happen.
    monkeypatch.setattr(directory_query, "EXACT_LIMIT", 5)
    out = tmp_path / "bench.json"
    call_command(
        "run_benchmark",
        only=["kinds", "relevance", "estimates", "writes"],
        per_kind=2,
        kind_runs=1,
        write_seconds=0.5,
        editors=[1, 2],
        out=str(out),
    )
    figures = json.loads(out.read_text())
    assert set(figures["kinds"]) == set(KINDS)
    for row in figures["kinds"].values():
        assert row["p95_ms"] >= row["p50_ms"] > 0 and row["baseline_p50_ms"] > 0
    assert figures["relevance"]["queries"] == len(read_judged()["queries"])
    assert 0 < figures["relevance"]["ndcg"] <= 1
    assert figures["exactness"]["compared"] > 0
    assert figures["estimates"]["queries"] > 0
    assert [row["editors"] for row in figures["writes"]] == [1, 2]
    assert all(row["saves"] > 0 and not row["errors"] for row in figures["writes"])
    printed = capsys.readouterr().out
    assert "query kind" in printed and "nDCG@20" in printed and "Targets:" in printed
