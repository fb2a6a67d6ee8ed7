"""run_benchmark (make bench) at a size a test can afford: every request shape answers, the table
and the JSON figures hold each measure, and the targets are checked, not assumed."""

import itertools
import json

from django.core.management import call_command

from redtalentos.management.bench.load import distinct_searches
from redtalentos.management.bench.report import P50_TARGET_MS


def test_the_benchmark_measures_every_request_shape_and_writes_its_figures(db, tmp_path, capsys):
    call_command("seed_demo", members=40)
    out = tmp_path / "bench.json"

    call_command("run_benchmark", runs=2, naive_runs=1, only=["requests"], out=str(out))

    figures = json.loads(out.read_text())
    names = [item["name"] for item in figures["requests"]]
    assert "PNCS expert search" in names and "common word" in names and len(names) == 12
    for item in figures["requests"]:
        assert item["median_ms"] > 0 and item["p95_ms"] >= item["median_ms"]
        assert 2 <= item["queries"] <= 12  # rendered: the page cache is off for these
        assert item["statement_max_ms"] >= item["statement_p95_ms"] > 0
    assert all("naive" in item for item in figures["requests"] if item["naive_params"])
    assert figures["export"]["rows"] > 0
    targets = {target["target"]: target["met"] for target in figures["targets"]}
    first = figures["requests"][0]
    assert targets[f"{first['name']}: p50 ≤ {P50_TARGET_MS} ms"] == (
        first["median_ms"] <= P50_TARGET_MS
    )
    printed = capsys.readouterr().out
    assert "request" in printed and "Targets:" in printed


def test_the_distinct_searches_under_load_never_repeat_an_address(db):
    paths = list(itertools.islice(distinct_searches(), 5000))
    assert len(set(paths)) == 5000
    assert all(path.startswith("/directorio/?q=") for path in paths)
