"""bench_internships: a cycle with 2,000 postings and 20,000 applications; the time of its
matching (inputs read from the database, then the deferred acceptance) and the p95 of the public
postings list with filters through the whole Django stack (test client, warm), for a visitor and
for a signed-in student (no page cache). Issue 14: matching ≤ 5 s, list p95 ≤ 50 ms.

Runs on any database, the development one too: every account it creates ends with DOMAIN and
every cycle's and posting's slug starts with SLUG; they are deleted at the end, and leftovers of
an interrupted run at the start.
"""

import datetime
import random
import statistics
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from internships import selection
from internships.matching import deferred_acceptance
from internships.models import (
    Application,
    ApplicationStatus,
    Cycle,
    HostChoice,
    MatchingRun,
    Placement,
    Posting,
    PostingStatus,
)
from members.models import AccountType, Language, User
from pncs.models import Sector

MATCHING_TARGET_S = 5
P95_TARGET_MS = 50
DOMAIN = "bench-internships.invalid"
SLUG = "bench-internships-"
COUNTRIES = ["US", "CA", "DE", "ES", "FR", "GB", "JP", "AU"]
WORDS = ["datos", "robótica", "salud", "energía", "software", "biotecnología", "materiales"]


def p95(times):
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = (
        "Mide las pasantías: un ciclo con 2,000 plazas y 20,000 postulaciones (tiempo de la "
        "asignación) y el p95 de la lista pública de plazas con filtros."
    )

    def add_arguments(self, parser):
        parser.add_argument("--postings", type=int, default=2000)
        parser.add_argument("--applications", type=int, default=20000)
        parser.add_argument("--requests", type=int, default=100, help="Timed requests per page.")
        parser.add_argument("--seed", type=int, default=14)

    def handle(self, *args, **options):
        self._clean()
        try:
            cycle, student = self._build(options)
            matching = self._matching(cycle)
            pages = self._pages(cycle, student, options["requests"])
            self._print(options, matching, pages)  # before the clean-up
        finally:
            self._clean()

    # Data

    def _build(self, options):
        rng = random.Random(options["seed"])  # noqa: S311 - reproducible data, no secret
        today = timezone.localdate()
        day = datetime.timedelta(days=1)
        cycle = Cycle.objects.create(
            name=f"{SLUG}ciclo",
            slug=f"{SLUG}ciclo",
            postings_open=today - 60 * day,
            applications_open=today - 50 * day,
            applications_close=today - 20 * day,
            selection_on=today - day,
            offers_until=today + 14 * day,
            placement_start=today + 30 * day,
            placement_end=today + 120 * day,
        )
        now = timezone.now()
        languages = [code for code, _label in Language.choices[:5]]
        postings = Posting.objects.bulk_create(
            [
                Posting(
                    cycle=cycle,
                    title=f"Pasantía en {rng.choice(WORDS)} {number}",
                    slug=f"{SLUG}{number}",
                    organisation=f"Organización {number % 300}",
                    city="Ciudad",
                    country=rng.choice(COUNTRIES),
                    remote=rng.random() < 0.2,
                    duration_weeks=rng.randint(6, 24),
                    seats=rng.randint(1, 4),
                    languages=rng.sample(languages, rng.randint(1, 2)),
                    stipend=rng.random() < 0.5,
                    lodging=rng.random() < 0.3,
                    visa_letter=rng.random() < 0.4,
                    description=f"Trabajo de {rng.choice(WORDS)} con el equipo.",
                    learning_outcomes="Métodos y práctica.",
                    status=PostingStatus.APPROVED,
                    published_at=now - datetime.timedelta(minutes=number),
                )
                for number in range(options["postings"])
            ],
            batch_size=1000,
        )
        sectors = list(Sector.objects.values_list("pk", flat=True))
        Posting.sectors.through.objects.bulk_create(
            [
                Posting.sectors.through(posting_id=posting.pk, sector_id=sector)
                for posting in postings
                for sector in rng.sample(sectors, min(len(sectors), rng.randint(1, 2)))
            ],
            batch_size=2000,
        )
        unusable = make_password(None)
        wanted = options["applications"]
        per_student = [rng.randint(2, 3) for _ in range(wanted // 2 + 1)]
        counts = []
        while sum(counts) < wanted:
            counts.append(min(per_student[len(counts)], wanted - sum(counts)))
        students = User.objects.bulk_create(
            [
                User(
                    email=f"estudiante{number}@{DOMAIN}",
                    full_name=f"Estudiante {number}",
                    account_type=AccountType.STUDENT,
                    password=unusable,
                )
                for number in range(len(counts))
            ],
            batch_size=2000,
        )
        # Popular postings draw more applications (a long tail, as in real cycles).
        weights = [1 / (1 + index) ** 0.5 for index in range(len(postings))]
        rows = []
        for student, count in zip(students, counts, strict=True):
            chosen = set()
            while len(chosen) < count:
                chosen.add(rng.choices(postings, weights)[0])
            for rank, posting in enumerate(chosen, start=1):
                rows.append(
                    Application(
                        cycle=cycle,
                        posting=posting,
                        student=student,
                        rank=rank,
                        status=ApplicationStatus.SUBMITTED,
                        submitted_at=now - datetime.timedelta(seconds=rng.randint(0, 10**6)),
                        host_rank=rng.randint(1, 40) if rng.random() < 0.6 else None,
                        host_choice=rng.choice(list(HostChoice.values)),
                    )
                )
        Application.objects.bulk_create(rows, batch_size=2000)
        self.stdout.write(
            f"built: {len(postings)} postings, {len(rows)} applications of {len(students)} students"
        )
        return cycle, students[0]

    def _clean(self):
        cycles = Cycle.objects.filter(slug__startswith=SLUG)
        with transaction.atomic():
            Placement.objects.filter(application__cycle__in=cycles).delete()
            Application.objects.filter(cycle__in=cycles).delete()
            MatchingRun.objects.filter(cycle__in=cycles).delete()
            Posting.objects.filter(cycle__in=cycles).delete()
            cycles.delete()
            User.objects.filter(email__endswith=f"@{DOMAIN}").delete()

    # Figures

    def _matching(self, cycle):
        started = time.perf_counter()
        inputs = selection.build_inputs(cycle)
        read = time.perf_counter() - started
        started = time.perf_counter()
        tiebreak = {s: tuple(key) for s, key in inputs["tiebreak"].items()}
        assignment = deferred_acceptance(
            inputs["students"], inputs["seats"], inputs["host_ranks"], tiebreak=tiebreak
        )
        computed = time.perf_counter() - started
        return {
            "read_s": read,
            "compute_s": computed,
            "total_s": read + computed,
            "matched": sum(posting is not None for posting in assignment.values()),
            "seats": sum(inputs["seats"].values()),
        }

    def _pages(self, cycle, student, count):
        base = reverse("internships:posting_list")
        queries = [
            "",
            f"?ciclo={cycle.slug}",
            "?sector=tic",
            "?pais=US",
            "?idioma=en",
            "?modalidad=remoto",
            "?ofrece=apoyo&ofrece=visa",
            "?q=datos",
            f"?ciclo={cycle.slug}&pais=DE&idioma=es&ofrece=apoyo",
            "?q=robótica&sector=salud&pagina=2",
        ]
        visitor = Client()
        signed_in = Client()
        signed_in.force_login(student)
        return {
            "postings list with filters (visitor)": self._time(visitor, base, queries, count),
            "postings list with filters (signed in)": self._time(signed_in, base, queries, count),
        }

    def _time(self, client, base, queries, count):
        for query in queries:  # warm: every variant once
            response = client.get(base + query)
            if response.status_code != 200:
                raise CommandError(f"{base}{query} answered {response.status_code}")
        times = []
        for number in range(count):
            path = base + queries[number % len(queries)]
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        return {"median_ms": statistics.median(times), "p95_ms": p95(times)}

    def _print(self, options, matching, pages):
        def verdict(met):
            return "met" if met else "MISS"

        self.stdout.write(
            f"matching: {matching['total_s']:.2f} s (inputs read {matching['read_s']:.2f} s, "
            f"deferred acceptance {matching['compute_s']:.2f} s), {matching['matched']} of "
            f"{matching['seats']} seats filled (target ≤ {MATCHING_TARGET_S} s) "
            f"{verdict(matching['total_s'] <= MATCHING_TARGET_S)}"
        )
        for name, figures in pages.items():
            met = figures["p95_ms"] <= P95_TARGET_MS
            self.stdout.write(
                f"{name}: median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms "
                f"(target ≤ {P95_TARGET_MS} ms) {verdict(met)}"
            )
