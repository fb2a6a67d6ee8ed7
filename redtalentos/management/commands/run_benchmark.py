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
comes from the cache. The measures live in redtalentos/management/bench/.
"""

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import override_settings

from members.models import Member
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
from redtalentos.management.bench.report import print_request, print_table, targets


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
            "--out", default=os.environ.get("BENCH_OUT", "bench-results.json"), help="JSON file."
        )

    def handle(self, *args, **options):
        profiles = Member.objects.count()
        if not profiles:
            raise CommandError("No profiles: run seed_demo first (make bench does).")
        self.stdout.write(f"Benchmark on {profiles} profiles ({connection.settings_dict['NAME']})")
        prewarm(self.stdout)
        people = find_people()
        shapes = request_shapes(people)
        clients = Clients(people)
        results = {"profiles": profiles, "requests": [], "load": {}, "targets": {}}
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
        if not options["skip_load"]:
            results["load"] = measure_load(people, options, self.stdout)
        results["targets"] = targets(results)
        print_table(self.stdout, results)
        Path(options["out"]).write_text(json.dumps(results, indent=2, default=str) + "\n")
        self.stdout.write(f"Figures written to {options['out']}")
