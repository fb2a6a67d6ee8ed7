"""run_benchmark: the directory's speed at scale, as `make bench` reports it.

Against the database it is given (make bench: a million synthetic profiles), it runs a fixed set
of directory requests through the whole Django stack (middleware, views, templates), one client,
warm, and reports for each the median and p95 server time, the SQL statements per request, their
time and the p95 of the slowest statement; then the same searches done the naive way (icontains
over the text fields, exact COUNT and facets, OFFSET pages) as the comparison; then requests per
second under load (gunicorn on loopback, concurrent clients) for a profile page, the directory,
a search and /robots.txt as the floor. The table is printed and written as JSON to BENCH_OUT.

The single-client requests measure the search itself: visitors' page cache is off for them. Under
load it is on, as in production; the profile, the directory and the repeated search are then
served from it, and a second search row asks a different question each time, so that none of it
comes from the cache.

Then the searches of issue 19: a query set of eight kinds drawn from the corpus, each timed
through the directory and through the fair baseline (the ordinary Django way), per kind; the
judged set's planted profiles (relevance, nDCG@20) and the exactness of the first page; the error
of the estimated counts; saves per second with 1 and 8 editors while searches run. Each part runs
alone with --only. The measures live in redtalentos/management/bench/.
"""

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import override_settings

from members.models import Member
from redtalentos.management.bench.kinds import measure_estimates, measure_kinds
from redtalentos.management.bench.load import measure_load
from redtalentos.management.bench.measure import (
    Clients,
    find_people,
    measure,
    measure_export,
    measure_naive,
    prewarm,
    request_shapes,
)
from redtalentos.management.bench.queries import PER_KIND, build_query_set
from redtalentos.management.bench.relevance import measure_exactness, measure_judged
from redtalentos.management.bench.report import (
    print_request,
    print_table,
    print_targets,
    targets,
)
from redtalentos.management.bench.search_report import print_search_tables, search_targets
from redtalentos.management.bench.writes import measure_writes

PARTS = ("requests", "kinds", "relevance", "estimates", "writes", "load")


class Command(BaseCommand):
    help = "Measures the directory and expert search at scale (see make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="Timed runs per request.")
        # One run: the naive way takes tens of seconds per request at a million profiles.
        parser.add_argument("--naive-runs", type=int, default=1, help="Runs of the naive way.")
        parser.add_argument("--load-seconds", type=float, default=10, help="Per page under load.")
        parser.add_argument("--clients", type=int, default=16, help="Concurrent clients.")
        parser.add_argument(
            "--load-rounds", type=int, default=3, help="Rounds over the pages under load."
        )
        parser.add_argument("--skip-load", action="store_true", help="No gunicorn part.")
        parser.add_argument(
            "--only", action="append", choices=PARTS, help="Run only these parts (repeatable)."
        )
        parser.add_argument("--per-kind", type=int, default=PER_KIND, help="Queries per kind.")
        parser.add_argument("--kind-runs", type=int, default=3, help="Timed runs per query.")
        parser.add_argument("--write-seconds", type=float, default=10, help="Per writes run.")
        parser.add_argument(
            "--editors", type=int, nargs="+", default=[1, 8], help="Concurrent editors."
        )
        parser.add_argument(
            "--out", default=os.environ.get("BENCH_OUT", "bench-results.json"), help="JSON file."
        )

    def handle(self, *args, **options):
        profiles = Member.objects.count()
        if not profiles:
            raise CommandError("No profiles: run seed_demo first (make bench does).")
        self.stdout.write(f"Benchmark on {profiles} profiles ({connection.settings_dict['NAME']})")
        parts = set(options["only"] or PARTS) - ({"load"} if options["skip_load"] else set())
        prewarm(self.stdout)
        results = {"profiles": profiles, "requests": [], "load": {}, "targets": {}}
        if parts & {"requests", "load"}:
            people = find_people()
        if "requests" in parts:
            self._requests(people, options, results)
        if "kinds" in parts or "relevance" in parts:
            queries = build_query_set(per_kind=options["per_kind"])
            results["query_set"] = queries
        if "kinds" in parts:
            self.stdout.write(f"Query set: {len(queries)} queries")
            results["kinds"] = measure_kinds(queries, runs=options["kind_runs"])
        if "relevance" in parts:
            results["relevance"] = measure_judged()
            results["exactness"] = measure_exactness(queries)
        if "estimates" in parts:
            results["estimates"] = measure_estimates(
                results.get("query_set") or build_query_set(per_kind=options["per_kind"])
            )
        if "writes" in parts:
            results["writes"] = [
                measure_writes(editors, options["write_seconds"]) for editors in options["editors"]
            ]
        if "load" in parts:
            results["load"] = measure_load(people, options, self.stdout)
        results["targets"] = targets(results) + search_targets(results)
        print_table(self.stdout, results)
        print_search_tables(self.stdout, results)
        print_targets(self.stdout, results)
        Path(options["out"]).write_text(json.dumps(results, indent=2, default=str) + "\n")
        self.stdout.write(f"Figures written to {options['out']}")

    def _requests(self, people, options, results):
        """The request shapes through the whole stack, the export and the naive extra."""
        shapes = request_shapes(people)
        clients = Clients(people)
        with override_settings(PAGE_CACHE_SECONDS=0):
            for shape in shapes:
                results["requests"].append(measure(shape, clients, options["runs"]))
                print_request(self.stdout, results["requests"][-1])
        export = measure_export(clients)
        results["export"] = export
        self.stdout.write(
            f"export {export['rows']} rows: {export['seconds']:.1f} s, "
            f"{export['bytes'] / 2**20:.1f} MB, memory growth {export['rss_growth_mb']:.1f} MB"
        )
        for item in results["requests"]:
            if item.get("naive_params") is not None:
                item["naive"] = measure_naive(item, options["naive_runs"])
                self.stdout.write(
                    f"naive {item['name']}: median {item['naive']['median_ms']:.0f} ms, "
                    f"{item['naive']['total']} matches"
                )
