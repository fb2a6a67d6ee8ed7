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
"""

import asyncio
import itertools
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.db.models import Count, Exists, F, Func, OuterRef, Q
from django.test import Client, override_settings
from django.urls import reverse

from members.directory import encode_cursor
from members.models import Member, Skill, User
from pncs.models import Sector
from redtalentos.management.commands import seed_demo

# Targets of the directory issue (whole request, warm, one client).
P50_TARGET_MS, P95_TARGET_MS, STATEMENT_P95_TARGET_MS, NAIVE_FACTOR = 50, 150, 60, 20
EXPORT_TARGET_S = 15
LOAD_FLOOR_SHARE = {"profile": 0.5, "directory": 0.4, "search": 0.05, "search_distinct": 0.05}
LOAD_LABELS = {
    "robots": "robots.txt",
    "profile": "profile",
    "directory": "directory",
    "search": "search (repeated)",
    "search_distinct": "search (all different)",
}


_TOTAL = re.compile(r'class="directory-total"[^>]*>\s*(Alrededor de )?(\d+)')


def _percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def _sql_timer(statements):
    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started) * 1000)

    with connection.execute_wrapper(wrapper):
        yield


def _rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


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
        self._prewarm()
        people = self._people()
        shapes = self._shapes(people)
        results = {"profiles": profiles, "requests": [], "load": {}, "targets": {}}
        with override_settings(PAGE_CACHE_SECONDS=0):
            for shape in shapes:
                results["requests"].append(self._measure(shape, people, options["runs"]))
                self._print_request(results["requests"][-1])
        export = self._measure_export(people)
        results["export"] = export
        self.stdout.write(
            f"export {export['rows']} rows: {export['seconds']:.1f} s, "
            f"{export['bytes'] / 2**20:.1f} MB, memory growth {export['rss_growth_mb']:.1f} MB"
        )
        for item in results["requests"]:
            if item.get("naive_params") is not None:
                item["naive"] = self._measure_naive(item, options["naive_runs"])
                self.stdout.write(
                    f"naive {item['name']}: median {item['naive']['median_ms']:.0f} ms, "
                    f"{item['naive']['total']} matches"
                )
        if not options["skip_load"]:
            results["load"] = self._load(people, shapes, options)
        results["targets"] = self._targets(results)
        self._print_table(results)
        Path(options["out"]).write_text(json.dumps(results, indent=2, default=str) + "\n")
        self.stdout.write(f"Figures written to {options['out']}")

    def _prewarm(self):
        """Warm means the profiles and their search indexes are in PostgreSQL's memory, as on a
        server that has been answering for a while (pg_prewarm, a contrib extension)."""
        with connection.cursor() as cursor:
            try:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            except DatabaseError as error:
                self.stdout.write(f"(no pg_prewarm: {error}; warming by the first requests)")
                return
            cursor.execute(
                "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c WHERE c.relname = 'members_member' "
                "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = "
                "'members_member'::regclass)"
            )
            pages = cursor.fetchone()[0]
        self.stdout.write(f"Prewarmed {pages * 8 / 1024:.0f} MB of profiles and indexes")

    # The people and requests

    def _people(self):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        def staff_ready(email):
            user = User.objects.get(email=email)
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, generate_totp_secret())
                # A new authenticator ends the account's sessions (members.signals).
                user.refresh_from_db()
            return user

        member = Member.objects.select_related("user").get(user__email="demo@redtalentos.example")
        listed = Member.objects.filter(listed_publicly=True, account_active=True).order_by("id")
        return {
            "member": member.user,
            "pncs": staff_ready("pncs@redtalentos.example"),
            "ime": staff_ready("ime@redtalentos.example"),
            # Some profile well inside the table, for the load test.
            "listed": listed.values_list("slug", flat=True)[min(5000, listed.count() - 1)],
        }

    def _shapes(self, people):
        sectors = dict(Sector.objects.values_list("slug", "pk"))
        directory = reverse("members:directory")
        # A cursor half-way through the alphabetical directory (the deep page).
        middle = (
            Member.objects.filter(listed_publicly=True, account_active=True)
            .order_by("sort_name", "id")
            .values_list("sort_name", "id")[
                Member.objects.filter(listed_publicly=True, account_active=True).count() // 2
            ]
        )
        deep = encode_cursor("name", middle[0], middle[1])
        rare_skill = (
            Skill.objects.annotate(n=Count("member")).filter(n__gt=0).order_by("n", "pk").first()
        )

        def shape(name, params, *, who="visitor", path=directory, naive=True, offset=0):
            return {
                "name": name,
                "path": path,
                "params": params,
                "who": who,
                "naive_params": dict(params) if naive else None,
                "naive_offset": offset,
            }

        return [
            shape("directory, no query, page 1", {}),
            shape("deep page (keyset, middle)", {"orden": "name", "despues": deep}, offset=-1),
            shape("common word", {"q": "universidad"}),
            shape("rare skill", {"q": rare_skill.name if rare_skill else "acuicultura"}),
            shape("accented name", {"q": "José Hernández"}),
            shape("unaccented name", {"q": "jose hernandez"}),
            shape("name prefix", {"q": "cuauh"}),
            shape("name with a typo", {"q": "cuauhtemok"}, naive=False),
            shape(
                "two words + sector + country",
                {
                    "q": "energía solar",
                    "sector": sectors["hidrocarburos-energias-alternativas"],
                    "pais": "US",
                },
            ),
            shape("broad query, all facets", {"q": "méxico", "orden": "recent"}),
            shape("member view, search", {"q": "ciencia de datos"}, who="member", naive=False),
            shape(
                "PNCS expert search",
                {"q": "python", "pais": "US"},
                who="pncs",
                path=reverse("members:expert_search"),
                naive=False,
            ),
        ]

    def _client(self, people, who):
        """One signed-in client per person for the whole run (an authenticator code is accepted
        once, so staff type theirs once)."""
        clients = self.__dict__.setdefault("_clients", {})
        if who not in clients:
            client = clients[who] = Client()
            if who != "visitor":
                client.force_login(people[who])
            if who in {"pncs", "ime"}:
                # Staff pages need the second factor passed in the session: type the app's code.
                self._type_totp_code(client, people[who])
        return clients[who]

    @staticmethod
    def _type_totp_code(client, user):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
        from allauth.mfa.utils import decrypt

        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        secret = decrypt(authenticator.data["secret"])
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        response = client.post(reverse("mfa_reauthenticate"), {"code": code})
        if response.status_code != 302 or "/login/" in response["Location"]:
            raise CommandError(f"The authenticator code of {user} was refused.")

    # One client, warm

    def _measure(self, shape, people, runs):
        client = self._client(people, shape["who"])
        for _warm in range(3):
            response = client.get(shape["path"], shape["params"])
            if response.status_code != 200:
                raise CommandError(f"{shape['name']}: answer {response.status_code}")
        times, sql_times, counts, statements_all = [], [], [], []
        for _run in range(runs):
            statements = []
            with _sql_timer(statements):
                started = time.perf_counter()
                response = client.get(shape["path"], shape["params"])
                times.append((time.perf_counter() - started) * 1000)
            counts.append(len(statements))
            sql_times.append(sum(statements))
            statements_all.extend(statements)
        total = _TOTAL.search(response.content.decode())
        return {
            **{key: shape[key] for key in ("name", "path", "params", "who")},
            "naive_params": shape["naive_params"],
            "naive_offset": shape["naive_offset"],
            "median_ms": statistics.median(times),
            "p95_ms": _percentile(times, 0.95),
            "queries": max(counts),
            "sql_median_ms": statistics.median(sql_times),
            "statement_p95_ms": _percentile(statements_all, 0.95),
            "statement_max_ms": max(statements_all),
            # What the page says: "1234 perfiles", or "Alrededor de 5600 perfiles" (estimate).
            "total": int(total.group(2)) if total else None,
            "estimate": bool(total and total.group(1)),
        }

    def _measure_export(self, people):
        client = self._client(people, "ime")
        sector = Sector.objects.get(slug="tic").pk
        params = {"sector": sector, "pais": "US"}
        url = reverse("members:expert_export_csv")
        before = _rss_mb()
        peak = before
        started = time.perf_counter()
        response = client.get(url, params)
        size = rows = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\n")
            if rows % 5000 < 2:
                peak = max(peak, _rss_mb())
        seconds = time.perf_counter() - started
        peak = max(peak, _rss_mb())
        return {
            "path": url,
            "params": params,
            "rows": rows - 1,
            "seconds": seconds,
            "bytes": size,
            "rss_before_mb": before,
            "rss_growth_mb": peak - before,
        }

    # The naive way: what a first version would do

    def _naive(self, params, offset):
        members = Member.objects.filter(listed_publicly=True, user__is_active=True)
        for word in str(params.get("q", "")).split():
            skills = Skill.objects.filter(member=OuterRef("pk"), name__icontains=word)
            members = members.filter(
                Q(full_name__icontains=word)
                | Q(headline__icontains=word)
                | Q(bio__icontains=word)
                | Q(organisation__icontains=word)
                | Q(position__icontains=word)
                | Q(city__icontains=word)
                | Exists(skills)
            )
        if params.get("sector"):
            members = members.filter(sectors=params["sector"])
        if params.get("pais"):
            members = members.filter(country=params["pais"])
        total = members.count()
        facets = [
            list(members.values("sectors").annotate(n=Count("pk"))),
            list(members.values("chapter").annotate(n=Count("pk"))),
            list(members.values("country").annotate(n=Count("pk"))),
            list(
                members.annotate(offer=Func(F("contribution_offers"), function="unnest"))
                .values("offer")
                .annotate(n=Count("pk"))
            ),
        ]
        if offset < 0:
            offset = total // 2
        page = list(members.order_by("full_name", "pk")[offset : offset + 20])
        return total, facets, page

    def _measure_naive(self, item, runs):
        times = []
        for _run in range(runs):
            started = time.perf_counter()
            total, _facets, _page = self._naive(item["naive_params"], item["naive_offset"])
            times.append((time.perf_counter() - started) * 1000)
        return {"median_ms": statistics.median(times), "total": total}

    # Under load: gunicorn on loopback

    def _load(self, people, shapes, options):
        port = 8800 + secrets.randbelow(100)
        env = {
            **os.environ,
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_URL": "consolemail://",
            "DEBUG": "0",
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        }
        env.pop("HTTPS", None)
        manage = [sys.executable, "manage.py"]
        subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True
        )
        workers = str(max(2, (os.cpu_count() or 1) * 2))
        log = open(Path(settings.BASE_DIR) / "bench-gunicorn.log", "w")  # noqa: SIM115
        server = subprocess.Popen(  # noqa: S603 (the virtualenv's gunicorn)
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "redtalentos.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                workers,
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            pages = {
                "robots": "/robots.txt",
                "profile": reverse("members:member_detail", kwargs={"slug": people["listed"]}),
                "directory": reverse("members:directory"),
                "search": reverse("members:directory") + "?q=jose+hernandez",
                "search_distinct": self._distinct_searches(),
            }
            asyncio.run(self._wait_ready(port))
            # The pages take turns, round after round, and each reports its median round: this
            # machine's speed drifts from one minute to the next (the floor between 1,800 and
            # 2,700 req/s), and a page measured once, minutes away from the floor, drifted with it.
            first = {
                name: path if isinstance(path, str) else next(self._distinct_searches())
                for name, path in pages.items()
            }
            rounds = {name: [] for name in pages}
            errors = dict.fromkeys(pages, 0)
            seconds, clients = options["load_seconds"], options["clients"]
            for turn in range(max(1, options["load_rounds"])):
                for name, path in pages.items():
                    asyncio.run(self._hammer(port, path, 2, clients))  # warm the workers
                    done, failed = asyncio.run(self._hammer(port, path, seconds, clients))
                    rate = done / seconds
                    rounds[name].append(rate)
                    errors[name] += failed
                    self.stdout.write(
                        f"load {name}, round {turn + 1}: {rate:.0f} req/s ({failed} errors)"
                    )
            figures = {
                name: {
                    "path": first[name],
                    "rps": statistics.median(rounds[name]),
                    "rounds": rounds[name],
                    "errors": errors[name],
                }
                for name in pages
            }
            floor = figures["robots"]["rps"] or 1
            for name in LOAD_FLOOR_SHARE:
                figures[name]["share_of_floor"] = figures[name]["rps"] / floor
            figures["workers"] = int(workers)
            figures["clients"] = options["clients"]
            return figures
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()

    async def _wait_ready(self, port):
        for _attempt in range(100):
            try:
                status, _body = await self._get(port, "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            await asyncio.sleep(0.2)
        raise CommandError("gunicorn did not start (see bench-gunicorn.log)")

    async def _get(self, port, path):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        data = await reader.read()
        writer.close()
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
        return status, data

    def _distinct_searches(self):
        """Name searches that are all different (first name and surname from the seed's lists, in
        a fixed shuffled order, then with a country), so that no answer comes from the cache."""
        first = seed_demo.FIRST_NAMES_F + seed_demo.FIRST_NAMES_M
        names = [f"{given} {surname}" for given in first for surname in seed_demo.SURNAMES]
        random.Random(7).shuffle(names)  # noqa: S311 (a fixed order, not a secret)
        directory = reverse("members:directory")
        for country in ("", "US", "CA", "ES", "DE"):
            for name in names:
                yield f"{directory}?{urlencode({'q': name, 'pais': country})}"

    async def _hammer(self, port, path, seconds, clients):
        deadline = time.perf_counter() + seconds
        done = errors = 0
        paths = itertools.repeat(path) if isinstance(path, str) else path

        async def client():
            nonlocal done, errors
            while time.perf_counter() < deadline:
                try:
                    status, _body = await self._get(port, next(paths))
                except OSError:
                    status = 0
                if status == 200:
                    done += 1
                else:
                    errors += 1

        await asyncio.gather(*(client() for _ in range(clients)))
        return done, errors

    # Report

    def _targets(self, results):
        checks = []
        for item in results["requests"]:
            checks.append(
                (f"{item['name']}: p50 ≤ {P50_TARGET_MS} ms", item["median_ms"] <= P50_TARGET_MS)
            )
            checks.append(
                (f"{item['name']}: p95 ≤ {P95_TARGET_MS} ms", item["p95_ms"] <= P95_TARGET_MS)
            )
            checks.append(
                (
                    f"{item['name']}: statement p95 ≤ {STATEMENT_P95_TARGET_MS} ms",
                    item["statement_p95_ms"] <= STATEMENT_P95_TARGET_MS,
                )
            )
            if item.get("naive"):
                factor = item["naive"]["median_ms"] / max(item["median_ms"], 0.001)
                item["naive_factor"] = factor
                checks.append(
                    (f"{item['name']}: ≥ {NAIVE_FACTOR}x faster than naive", factor >= NAIVE_FACTOR)
                )
        export = results["export"]
        checks.append(
            (f"export streams in < {EXPORT_TARGET_S} s", export["seconds"] < EXPORT_TARGET_S)
        )
        load = results["load"]
        for name, share in LOAD_FLOOR_SHARE.items():
            if name in load:
                checks.append(
                    (
                        f"load {name} ≥ {share:.0%} of the floor",
                        load[name]["share_of_floor"] >= share,
                    )
                )
        return [{"target": name, "met": bool(met)} for name, met in checks]  # fmt: skip

    def _print_request(self, item):
        self.stdout.write(
            f"{item['name']}: median {item['median_ms']:.1f} ms, p95 {item['p95_ms']:.1f} ms, "
            f"{item['queries']} queries"
        )

    def _print_table(self, results):
        self.stdout.write("")
        header = (
            f"{'request':34} {'p50 ms':>7} {'p95 ms':>7} {'SQL':>4} {'SQL ms':>7} "
            f"{'stmt p95':>8} {'matches':>9} {'naive ms':>9} {'x naive':>8}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for item in results["requests"]:
            naive = item.get("naive")
            total = item["total"]
            shown = "" if total is None else (f"~{total}" if item["estimate"] else str(total))
            self.stdout.write(
                f"{item['name'][:34]:34} {item['median_ms']:7.1f} {item['p95_ms']:7.1f} "
                f"{item['queries']:4d} {item['sql_median_ms']:7.1f} "
                f"{item['statement_p95_ms']:8.1f} "
                f"{shown:>9} {naive['median_ms'] if naive else 0:9.0f} "
                f"{item.get('naive_factor', 0):8.0f}"
            )
        export = results["export"]
        self.stdout.write(
            f"\nExport: {export['rows']} rows in {export['seconds']:.1f} s, "
            f"memory growth {export['rss_growth_mb']:.1f} MB"
        )
        if results["load"]:
            load = results["load"]
            self.stdout.write(
                f"\nUnder load ({load['clients']} clients, gunicorn {load['workers']} workers):"
            )
            for name, label in LOAD_LABELS.items():
                share = load[name].get("share_of_floor")
                extra = f" ({share:.0%} of the floor)" if share is not None else " (floor)"
                self.stdout.write(f"  {label:22} {load[name]['rps']:8.0f} req/s{extra}")
        missed = [check["target"] for check in results["targets"] if not check["met"]]
        self.stdout.write(
            f"\nTargets: {len(results['targets']) - len(missed)}/{len(results['targets'])} met"
        )
        for target in missed:
            self.stdout.write(f"  MISSED: {target}")
