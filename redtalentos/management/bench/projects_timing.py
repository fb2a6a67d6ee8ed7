"""The figures of bench_projects: the boards timed through the whole Django stack (test client,
warm) and as their query alone, the weekly digest with its time, messages and peak memory, and
the lines that print them against the targets of issue 16."""

import json
import resource
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management.base import CommandError
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from members.models import Member
from pncs.models import Sector
from projects import digest
from projects.opportunity_views import board, board_page

P95_TARGET_MS = 50
DIGEST_TARGET_S = 120
SEARCHES = ["datos", "exportación", "energía solar", "inocuidad", "semiconductores"]


def p95(times):
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


class CountingBackend(locmem.EmailBackend):
    """locmem (each message is built as SMTP would send it) that keeps none: the outbox of
    100,000 messages would be the benchmark's memory, not the digest's."""

    sent = 0

    def send_messages(self, messages):
        count = super().send_messages(messages)
        CountingBackend.sent += count
        mail.outbox.clear()
        return count


def time_opportunity_board(member, count):
    base = reverse("projects:opportunity_list")
    slugs = list(Sector.objects.values_list("slug", flat=True))
    queries = [
        "",
        "?tipo=tech_offer",
        "?sector=salud",
        "?pais=DE",
        "?q=datos",
        "?q=energía+solar&sector=hidrocarburos-energias-alternativas",
        "?tipo=rd_partner&sector=tic&pais=CA",
        "?q=exportación&tipo=business_offer",
        "?pagina=40",
        "?sector=automotriz&pagina=3",
    ]
    queries += [f"?sector={slug}&q={word}" for slug, word in zip(slugs, SEARCHES, strict=False)]
    visitor = Client()
    signed_in = Client()
    signed_in.force_login(member)
    return {
        "board's query alone (filters, count, a page; no rendering)": _time_query(queries, count),
        "board with filters and search (visitor)": _time(visitor, base, queries, count),
        "board with filters and search (signed-in member)": _time(signed_in, base, queries, count),
    }


def time_project_board(member, count):
    base = reverse("projects:project_list")
    slugs = list(Sector.objects.values_list("slug", flat=True))
    queries = [
        "",
        "?estado=in_progress",
        "?sector=salud",
        "?q=datos",
        "?q=energía+solar&sector=hidrocarburos-energias-alternativas",
        "?estado=concluded&sector=tic",
        "?q=patente&estado=approved",
        "?q=Yucatán",
        "?pagina=40",
        "?sector=automotriz&pagina=3",
    ]
    queries += [f"?sector={slug}&q={word}" for slug, word in zip(slugs, SEARCHES, strict=False)]
    visitor = Client()
    signed_in = Client()
    signed_in.force_login(member)
    return {
        "projects' board with filters and search (visitor)": _time(visitor, base, queries, count),
        "projects' board with filters and search (signed-in member)": _time(
            signed_in, base, queries, count
        ),
    }


def _time(client, base, queries, count):
    for query in queries:  # warm: every variant once
        response = client.get(base + query)
        if response.status_code != 200:
            raise CommandError(f"{base}{query} answered {response.status_code}")
    times, by_query = [], {}
    for number in range(count):
        query = queries[number % len(queries)]
        started = time.perf_counter()
        client.get(base + query)
        elapsed = (time.perf_counter() - started) * 1000
        times.append(elapsed)
        by_query.setdefault(query or "(none)", []).append(elapsed)
    slowest = sorted(by_query.items(), key=lambda item: -statistics.median(item[1]))[:3]
    return {
        "median_ms": statistics.median(times),
        "p95_ms": p95(times),
        "slowest_on_miss": [(query, statistics.median(found)) for query, found in slowest],
    }


def _time_query(queries, count):
    """What the page asks the database: the filtered board, its count and one page."""

    def run(query):
        data = QueryDict(query.lstrip("?"))
        filterset, _sectors = board(data)
        page = board_page(filterset.qs, data.get("pagina"))
        return list(page.object_list)

    for query in queries:
        run(query)
    times, by_query = [], {}
    for number in range(count):
        query = queries[number % len(queries)]
        started = time.perf_counter()
        run(query)
        elapsed = (time.perf_counter() - started) * 1000
        times.append(elapsed)
        by_query.setdefault(query or "(none)", []).append(elapsed)
    slowest = sorted(by_query.items(), key=lambda item: -statistics.median(item[1]))[:3]
    return {
        "median_ms": statistics.median(times),
        "p95_ms": p95(times),
        "slowest": [(query, statistics.median(found)) for query, found in slowest],
    }


def digest_in_a_process():
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "bench_projects"]
    done = subprocess.run(  # noqa: S603 - our own command, no input from outside
        [*command, "--digest-only"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise CommandError(f"the digest's process failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_digest():
    """Runs in its own process: the digest for every member, in a transaction rolled back
    (the database's own members keep their dates)."""
    total = Member.objects.count()
    marks = {}
    backend = CountingBackend()

    def progress(summary):
        for share in (0.1, 0.5):
            if share not in marks and summary.members >= share * total:
                marks[share] = (_peak_mb(), _current_mb())

    started_rss = (_peak_mb(), _current_mb())
    started = time.perf_counter()
    with transaction.atomic():
        summary = digest.send_digest(connection=backend, progress=progress)
        transaction.set_rollback(True)
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "sent": CountingBackend.sent,
        "members_considered": summary.members,
        "members_in_database": total,
        "new_opportunities": summary.opportunities,
        # (peak, current) RSS in MB.
        "rss_mb": {
            "before": started_rss,
            "a tenth": marks.get(0.1, started_rss),
            "half": marks.get(0.5, started_rss),
            "all": (_peak_mb(), _current_mb()),
        },
    }


def print_boards(write, pages):
    for name, page in pages.items():
        met = page["p95_ms"] <= P95_TARGET_MS
        write(
            f"{name}: median {page['median_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms "
            f"(target ≤ {P95_TARGET_MS} ms) {_verdict(met)}"
        )
        slowest = page.get("slowest") or (None if met else page.get("slowest_on_miss"))
        if slowest:
            write(
                "  slowest filters (median): "
                + ", ".join(f"{query} {ms:.1f} ms" for query, ms in slowest)
            )


def print_figures(write, pages, figures):
    verdict = _verdict
    print_boards(write, pages)
    rss = figures["rss_mb"]
    # Growth over the last nine tenths, of the peak and of what the process holds now.
    growth = max(rss["all"][0] - rss["a tenth"][0], rss["all"][1] - rss["a tenth"][1])
    write(
        f"weekly digest: {figures['sent']} emails built for {figures['members_considered']} "
        f"members with the news consent ({figures['members_in_database']} in the database), "
        f"{figures['new_opportunities']} new opportunities, in {figures['seconds']:.1f} s "
        f"(target ≤ {DIGEST_TARGET_S} s) {verdict(figures['seconds'] <= DIGEST_TARGET_S)}"
    )
    write(
        "digest RSS, peak (current): "
        + ", ".join(f"{name} {peak:.0f} ({now:.0f}) MB" for name, (peak, now) in rss.items())
        + f"; +{growth:.0f} MB over the last nine tenths (target: flat) "
        + verdict(growth <= 20)
    )


def _verdict(met):
    return "met" if met else "MISS"


def _current_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _peak_mb():
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
