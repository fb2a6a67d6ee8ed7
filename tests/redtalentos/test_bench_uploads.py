"""bench_uploads (make bench-uploads) on small files: every sample goes through both pipelines in
its own process, the table and the JSON hold each peak, and the target is checked, not assumed."""

import json
import re

from django.core.management import call_command

from redtalentos.management.commands.bench_uploads import TARGET_MB


def test_the_upload_benchmark_measures_each_file_and_checks_the_target(tmp_path, capsys):
    out = tmp_path / "uploads.json"

    call_command("bench_uploads", scale=0.1, jobs=4, out=str(out))

    printed = capsys.readouterr().out
    figures = json.loads(out.read_text())
    rows = figures["rows"]
    files = {row["file"] for row in rows}
    assert files == {
        "small JPEG photo",
        "12 MP phone JPEG",
        "largest accepted PNG (RGBA)",
        "largest accepted WebP",
        "40 MP PNG (over the limit)",
    }
    assert {row["pipeline"] for row in rows} == {"photo", "news"}
    assert any(row["threads"] == 3 for row in rows)
    for row in rows:
        for way in ("now", "full_decode"):
            measured = row[way]
            assert measured["peak_mb"] >= measured["baseline_mb"] > 10  # a Django worker's RSS
            assert measured["rise_mb"] == measured["peak_mb"] - measured["baseline_mb"]
        # Each figure is in the printed table, on the row of its file and pipeline.
        line = next(
            line
            for line in printed.splitlines()
            if line.startswith(row["file"])
            and f" {row['pipeline']}" + (" x3" if row["threads"] == 3 else " ") in line
        )
        assert f"{row['now']['rise_mb']:.1f} MB" in line
        assert f"{row['full_decode']['rise_mb']:.1f} MB" in line
        assert row["now"]["outcome"] in line
    # The 40 MP PNG keeps its size whatever the scale, and is refused from its header.
    refused = [row for row in rows if row["now"]["outcome"] == "refused"]
    assert {row["file"] for row in refused} == {"40 MP PNG (over the limit)"}
    assert all("7300 × 5470" in row["now"]["message"] for row in refused)  # noqa: RUF001
    accepted = [row for row in rows if row["now"]["outcome"] == "accepted"]
    assert len(figures["targets"]) == len(accepted) == len(rows) - 2
    for target in figures["targets"]:
        assert target["met"] == (target["rise_mb"] <= TARGET_MB)
        verdict = "met" if target["met"] else "MISS"
        assert re.search(
            rf"{re.escape(target['target'])}: {target['rise_mb']:.1f} MB\s+{verdict}", printed
        )
    assert f"{len(accepted)} of {len(accepted)} accepted uploads within {TARGET_MB} MB" in printed
