"""bench_statistics: the public statistics page and the news feeds (issue 18): /estadisticas/ at a
million members p95 ≤ 100 ms, the feeds p95 ≤ 50 ms, each page asked through Django's test client
(middleware, templates and all) after a warm-up. Also times `refresh_statistics`, which keeps the
page's precomputed figures current (hourly), over the same members.

Meant for the million-profile database of `make bench-directory` (`make bench-statistics` uses
it); runs on any database with members. News: NEWS items of every kind (national, sector, chapter
proposals promoted; Spanish and English) are built once and kept (slugs start with SLUG_PREFIX).
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from chapters.models import Chapter
from content.models import NewsItem, NewsScope, NewsStatus
from content.statistics.refresh import refresh
from members.models import Member
from pncs.models import Sector

PAGE_TARGET_MS = 100
FEED_TARGET_MS = 50
NEWS = 20_000
SLUG_PREFIX = "bench-noticia-"
# fmt: off
WORDS = [
    "red", "talento", "innovación", "salud", "energía", "agua", "datos", "ciencia", "mexicanos",
    "exterior", "capítulo", "convocatoria", "estancias", "mentoría", "proyecto", "binacional",
    "jornada", "sector", "universidad", "empresa",
]
# fmt: on


def _percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Command(BaseCommand):
    help = "Times /estadisticas/ (p95 ≤ 100 ms) and the news feeds (p95 ≤ 50 ms)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
        parser.add_argument("--news", type=int, default=NEWS, help="news items to keep")

    def handle(self, *args, requests=200, news=NEWS, **options):
        members = Member.objects.count()
        self.stdout.write(f"Members: {members:,}")
        refresh_seconds = []
        for _run in range(2):
            started = time.perf_counter()
            figures = refresh()
            refresh_seconds.append(time.perf_counter() - started)
        self.stdout.write(
            f"refresh_statistics: {figures} figures in {min(refresh_seconds):.2f} s "
            f"(best of {len(refresh_seconds)}); the pages read what it stores"
        )
        self._news(news)
        sector = Sector.objects.get(slug="salud").slug
        chapter = Chapter.objects.get(slug="houston").slug
        pages = {
            "/estadisticas/": PAGE_TARGET_MS,
            "/en/estadisticas/": PAGE_TARGET_MS,
            "/noticias/feed/rss/": FEED_TARGET_MS,
            "/noticias/feed/atom/": FEED_TARGET_MS,
            f"/noticias/sector/{sector}/feed/rss/": FEED_TARGET_MS,
            f"/noticias/capitulo/{chapter}/feed/atom/": FEED_TARGET_MS,
            "/noticias/idioma/en/feed/rss/": FEED_TARGET_MS,
        }
        client = Client()
        met = []
        self.stdout.write(f"{'page':45} {'p50 ms':>8} {'p95 ms':>8} {'target':>8}")
        for path, target in pages.items():
            for _warm in range(5):
                assert client.get(path).status_code == 200, path
            samples = []
            for _request in range(requests):
                started = time.perf_counter()
                response = client.get(path)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, path
            p50, p95 = statistics.median(samples), _percentile(samples, 0.95)
            met.append((path, p95 <= target))
            self.stdout.write(f"{path:45} {p50:8.1f} {p95:8.1f} {target:8d}")
        missed = [path for path, ok in met if not ok]
        self.stdout.write(
            f"Targets met: {len(met) - len(missed)} of {len(met)}"
            + (f"; missed: {', '.join(missed)}" if missed else "")
        )

    def _news(self, wanted):
        """Published news of every kind up to `wanted` items, spread over five years."""
        have = NewsItem.objects.filter(slug__startswith=SLUG_PREFIX).count()
        if have >= wanted:
            self.stdout.write(f"News: {have:,} benchmark items kept")
            return
        rng = random.Random(18)  # noqa: S311 - synthetic text, not secrets
        sectors = list(Sector.objects.all())
        chapters = list(Chapter.objects.all())
        now = timezone.now()
        items = []
        for number in range(have, wanted):
            title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
            kind = rng.random()
            scope, sector, chapter = NewsScope.NATIONAL, None, None
            if kind < 0.5:
                scope, sector = NewsScope.SECTOR, rng.choice(sectors)
            elif kind < 0.65 and chapters:
                chapter = rng.choice(chapters)  # a chapter's proposal, promoted
            items.append(
                NewsItem(
                    title=title,
                    slug=f"{SLUG_PREFIX}{number}",
                    summary=" ".join(rng.choice(WORDS) for _ in range(25)),
                    body="\n\n".join(
                        " ".join(rng.choice(WORDS) for _ in range(80)) for _ in range(4)
                    ),
                    language="en" if rng.random() < 0.2 else "es",
                    scope=scope,
                    sector=sector,
                    chapter=chapter,
                    status=NewsStatus.PUBLISHED,
                    published_at=now - timezone.timedelta(minutes=rng.randrange(5 * 365 * 1440)),
                )
            )
        NewsItem.objects.bulk_create(items, batch_size=2000)
        by_scope = dict(
            NewsItem.objects.filter(slug__startswith=SLUG_PREFIX)
            .values_list("scope")
            .annotate(n=Count("pk"))
        )
        self.stdout.write(f"News: {wanted - have:,} benchmark items added ({by_scope})")
