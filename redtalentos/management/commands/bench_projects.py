"""bench_projects: 100,000 opportunities (the five kinds, realistic sectors, countries and words,
published over a year, a tenth of them no longer on the board) and 100,000 members for the
weekly digest. Times the opportunities' board with filters and search through the whole Django
stack (test client, warm; a visitor and a signed-in member), and builds the digest for the
100,000 members with the locmem email backend, in a process of its own so that its peak memory
is its own: the time, the messages and the peak RSS (resource.getrusage) after a tenth, half and
all of the members. Issue 16: board p95 ≤ 50 ms; digest ≤ 2 minutes with flat memory.

Then 20,000 binational projects (statuses weighted so that most are on the public board,
sectors weighted as the opportunities', Spanish titles, summaries and objectives from word
lists), and the projects' board timed the same way with its filters and search (sector, status,
words): p95 ≤ 50 ms.

Runs on any database of the project's cluster (it writes the members with triggers off for its
session, hence a superuser): every account it creates ends with DOMAIN, and everything else
hangs from those accounts; they are deleted at the end, and leftovers of an interrupted run at
the start. The digest runs in a transaction rolled back at the end, so that the database's own
members keep their digest dates.
"""

import datetime
import json
import random
import resource
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from members.models import AccountType, Consent, Member, User
from mentoring.demo import TOPICS
from pncs.models import Sector
from projects import digest
from projects.models import (
    DigestSubscriber,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Project,
    ProjectStatus,
)
from projects.opportunity_views import board, board_page
from redtalentos.management.demo_people import SECTOR_WEIGHTS

P95_TARGET_MS = 50
DIGEST_TARGET_S = 120
DOMAIN = "bench-projects.invalid"
DAY = datetime.timedelta(days=1)
COUNTRIES = {"MX": 60, "US": 45, "CA": 10, "ES": 8, "DE": 7, "GB": 5, "FR": 4, "JP": 2, "BR": 2}
KINDS = {
    OpportunityKind.TECH_OFFER: 30,
    OpportunityKind.TECH_REQUEST: 20,
    OpportunityKind.BUSINESS_OFFER: 20,
    OpportunityKind.BUSINESS_REQUEST: 15,
    OpportunityKind.RD_PARTNER: 15,
}
OPENINGS = {
    OpportunityKind.TECH_OFFER: ("Ofrecemos", "Tecnología de"),
    OpportunityKind.TECH_REQUEST: ("Buscamos", "Solución de"),
    OpportunityKind.BUSINESS_OFFER: ("Ofrecemos", "Servicios de"),
    OpportunityKind.BUSINESS_REQUEST: ("Buscamos proveedores de", "Proveedor de"),
    OpportunityKind.RD_PARTNER: ("Buscamos socios de investigación en", "Socios en"),
}
FOR_WHOM = [
    "para pymes", "para hospitales públicos", "para universidades", "para la industria",
    "para cooperativas", "para el campo", "para gobiernos locales", "para exportadores",
]  # fmt: skip
SEARCHES = ["datos", "exportación", "energía solar", "inocuidad", "semiconductores"]
# Most projects are on the public board (approved, in progress, concluded).
PROJECT_STATUSES = {
    ProjectStatus.APPROVED: 25,
    ProjectStatus.IN_PROGRESS: 35,
    ProjectStatus.CONCLUDED: 22,
    ProjectStatus.PROPOSED: 8,
    ProjectStatus.IN_EVALUATION: 5,
    ProjectStatus.NOT_APPROVED: 3,
    ProjectStatus.WITHDRAWN: 2,
}
PROJECT_OPENINGS = [
    "Red binacional de", "Laboratorio conjunto de", "Programa México-Estados Unidos de",
    "Plataforma abierta de", "Consorcio de", "Piloto binacional de", "Observatorio de",
]  # fmt: skip
PROJECT_PLACES = [
    "Jalisco", "Nuevo León", "Yucatán", "Puebla", "Querétaro", "Sonora", "Chiapas", "Oaxaca",
    "Baja California", "Guanajuato", "la Ciudad de México", "Veracruz",
]  # fmt: skip
PROJECT_PARTNERS = [
    "una universidad de Texas", "un centro de investigación en Montreal", "una empresa de Múnich",
    "un hospital de Madrid", "un laboratorio de California", "una universidad de Toronto",
]  # fmt: skip
PROJECT_AIMS = [
    "formar a estudiantes de posgrado", "transferir la tecnología a pymes",
    "publicar los datos en abierto", "certificar a los laboratorios locales",
    "registrar una patente conjunta", "escalar el piloto a otros estados",
]  # fmt: skip


def p95(times):
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class CountingBackend(locmem.EmailBackend):
    """locmem (each message is built as SMTP would send it) that keeps none: the outbox of
    100,000 messages would be the benchmark's memory, not the digest's."""

    sent = 0

    def send_messages(self, messages):
        count = super().send_messages(messages)
        CountingBackend.sent += count
        mail.outbox.clear()
        return count


class Command(BaseCommand):
    help = (
        "Mide las oportunidades: 100,000 en el tablero (p95 con filtros y búsqueda, meta ≤ 50 ms) "
        "y el resumen semanal para 100,000 miembros (meta ≤ 2 minutos con memoria plana)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opportunities", type=int, default=100_000)
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--projects", type=int, default=20_000)
        parser.add_argument("--requests", type=int, default=200, help="Timed requests per role.")
        parser.add_argument("--seed", type=int, default=16)
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Leave the data to study it (the next run deletes it).",
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="Build the digest in this process (its memory figures then include the rest).",
        )
        parser.add_argument(
            "--board-only",
            action="store_true",
            help="Time only the opportunities' board, on the data a run with --keep left.",
        )
        parser.add_argument(
            "--digest-only",
            action="store_true",
            help="(internal) build the digest on the data of a running benchmark, print JSON.",
        )

    def handle(self, *args, **options):
        if options["digest_only"]:
            self.stdout.write(json.dumps(self._digest()))
            return
        if options["board_only"]:
            member = Member.objects.filter(user__email__endswith=f"@{DOMAIN}").first()
            if (
                member is None
                or not Opportunity.objects.filter(author__email__endswith=f"@{DOMAIN}").exists()
            ):
                raise CommandError("No data of a run with --keep: run once with --keep first.")
            self._print_boards(self._board(member.user, options["requests"]))
            return
        self._clean()
        try:
            rng = random.Random(options["seed"])  # noqa: S311 - reproducible data, no secret
            started = time.perf_counter()
            member = self._build(rng, options)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE projects_opportunity, members_member, members_consent")
            self.stdout.write(f"built in {time.perf_counter() - started:.0f} s")
            pages = self._board(member, options["requests"])
            figures = self._digest() if options["in_process"] else self._digest_in_a_process()
            self._print(pages, figures)  # before the clean-up
            started = time.perf_counter()
            self._projects(rng, options["projects"])
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE projects_project, projects_project_sectors")
            self.stdout.write(
                f"built: {options['projects']} binational projects in "
                f"{time.perf_counter() - started:.0f} s"
            )
            self._print_boards(self._project_board(member, options["requests"]))
        finally:
            if not options["keep"]:
                self._clean()

    # Data

    def _build(self, rng, options):
        sectors = dict(Sector.objects.values_list("slug", "pk"))
        sector_weights = {sectors[slug]: weight for slug, weight in SECTOR_WEIGHTS.items()}
        unusable = make_password(None)
        authors = User.objects.bulk_create(
            [
                User(
                    email=f"autor{number}@{DOMAIN}",
                    full_name=f"Autora {number}",
                    account_type=AccountType.TALENT,
                    password=unusable,
                )
                for number in range(2000)
            ],
            batch_size=2000,
        )
        self._opportunities(rng, options["opportunities"], authors, sectors, sector_weights)
        self._authors, self._sector_weights = authors, sector_weights
        member = self._members(rng, options["members"], sector_weights, unusable)
        self.stdout.write(
            f"built: {options['opportunities']} opportunities, {options['members']} members"
        )
        return member

    def _text(self, rng, kind, slugs):
        topic = rng.choice(TOPICS[rng.choice(slugs)])
        verb, noun = OPENINGS[kind]
        title = f"{noun} {topic} {rng.choice(FOR_WHOM)}"
        summary = f"{verb} {topic} {rng.choice(FOR_WHOM)} en México y {rng.choice(FOR_WHOM)}."
        other = rng.choice(TOPICS[rng.choice(slugs)])
        description = (
            f"{summary} El equipo trabaja en {topic} y en {other} desde hace años, con "
            f"resultados publicados y clientes en ambos países. Buscamos una colaboración de "
            f"largo plazo con {rng.choice(FOR_WHOM)[5:]}."
        )
        return title[:160], summary[:300], description

    def _opportunities(self, rng, count, authors, sectors, sector_weights):
        now = timezone.now()
        by_pk = {pk: slug for slug, pk in sectors.items()}
        chunk = 10_000
        for start in range(0, count, chunk):
            rows = []
            for _number in range(start, min(count, start + chunk)):
                kind = _weighted(rng, KINDS)
                own = {_weighted(rng, sector_weights) for _ in range(rng.choice([1, 1, 2, 3]))}
                title, summary, description = self._text(rng, kind, [by_pk[pk] for pk in own])
                published = now - datetime.timedelta(seconds=rng.randint(0, 365 * 86400))
                status = rng.choices(
                    [OpportunityStatus.PUBLISHED, OpportunityStatus.WITHDRAWN],
                    weights=[92, 8],
                )[0]
                countries = {_weighted(rng, COUNTRIES) for _ in range(rng.randint(1, 3))}
                rows.append(
                    Opportunity(
                        kind=kind,
                        title=title,
                        summary=summary,
                        description=description,
                        sector_ids=sorted(own),
                        countries=sorted(countries),
                        organisation=f"Organización {rng.randint(1, 5000)}",
                        author=rng.choice(authors),
                        status=status,
                        published_at=published,
                        expires_at=published + 365 * DAY,
                        created_at=published - DAY,
                    )
                )
            created = Opportunity.objects.bulk_create(rows, batch_size=2000)
            Opportunity.sectors.through.objects.bulk_create(
                [
                    Opportunity.sectors.through(opportunity_id=row.pk, sector_id=sector_id)
                    for row in created
                    for sector_id in row.sector_ids
                ],
                batch_size=5000,
            )

    def _projects(self, rng, count):
        """Projects as the team leaves them on the board: a title, a summary and objectives in
        Spanish from the topics of their sectors, a slug, a status (most on the board), dates."""
        sector_weights = self._sector_weights
        by_pk = {pk: slug for slug, pk in Sector.objects.values_list("slug", "pk")}
        today = timezone.localdate()
        now = timezone.now()
        chunk = 5_000
        for start in range(0, count, chunk):
            rows, own_sectors = [], []
            for number in range(start, min(count, start + chunk)):
                own = sorted(
                    {_weighted(rng, sector_weights) for _ in range(rng.choice([1, 1, 2, 3]))}
                )
                topics = [rng.choice(TOPICS[by_pk[pk]]) for pk in own]
                topic = topics[0]
                place = rng.choice(PROJECT_PLACES)
                partner = rng.choice(PROJECT_PARTNERS)
                title = f"{rng.choice(PROJECT_OPENINGS)} {topic} en {place}"
                summary = (
                    f"Instituciones de {place} y {partner} trabajan juntas en {topic} "
                    f"{rng.choice(FOR_WHOM)}."
                )
                objectives = "\n".join(
                    [
                        f"1. Desarrollar {topic} con {partner} y validarlo en {place}.",
                        f"2. {rng.choice(PROJECT_AIMS).capitalize()} en {' y '.join(topics)}.",
                        f"3. {rng.choice(PROJECT_AIMS).capitalize()} {rng.choice(FOR_WHOM)}.",
                    ]
                )
                status = _weighted(rng, PROJECT_STATUSES)
                created = now - datetime.timedelta(seconds=rng.randint(0, 4 * 365 * 86400))
                starts = created.date() + rng.randint(30, 180) * DAY
                started = status in (ProjectStatus.IN_PROGRESS, ProjectStatus.CONCLUDED)
                rows.append(
                    Project(
                        slug=f"banco-{number}-{slugify(topic)[:40]}",
                        title=title[:200],
                        summary=summary[:400],
                        objectives=objectives,
                        status=status,
                        starts_on=starts if started else None,
                        ends_on=min(today, starts + 720 * DAY)
                        if status == ProjectStatus.CONCLUDED
                        else None,
                        results_public=started and rng.random() < 0.6,
                        created_by=rng.choice(self._authors),
                        created_at=created,
                    )
                )
                own_sectors.append(own)
            created_rows = Project.objects.bulk_create(rows, batch_size=2000)
            Project.sectors.through.objects.bulk_create(
                [
                    Project.sectors.through(project_id=row.pk, sector_id=sector_id)
                    for row, own in zip(created_rows, own_sectors, strict=True)
                    for sector_id in own
                ],
                batch_size=5000,
            )

    def _members(self, rng, count, sector_weights, unusable):
        """Members as their profiles leave them for the digest (account, sectors, the news
        consent): most consented, some withdrew, some never did, a few unsubscribed or closed
        their account; half got last week's digest."""
        now = timezone.now()
        last_run = now - 7 * DAY - datetime.timedelta(hours=2)
        chunk = 10_000
        signed_in = None
        for start in range(0, count, chunk):
            numbers = range(start, min(count, start + chunk))
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"miembro{number}@{DOMAIN}",
                        full_name=f"Miembro {number} Prueba",
                        account_type=AccountType.TALENT,
                        password=unusable,
                        is_active=rng.random() > 0.02,
                    )
                    for number in numbers
                ],
                batch_size=5000,
            )
            signed_in = signed_in or users[0]
            members, sector_rows, consents, subscribers = [], [], [], []
            for user in users:
                own = sorted(
                    {_weighted(rng, sector_weights) for _ in range(rng.choice([1, 2, 2, 3]))}
                )
                members.append(
                    Member(
                        user=user,
                        slug=f"bench-{user.pk}",
                        full_name=user.full_name,
                        sort_name=user.full_name.lower(),
                        sector_ids=own,
                        account_active=user.is_active,
                    )
                )
                decision = rng.random()
                if decision < 0.90:
                    consents.append(self._consent(user, True, now - 400 * DAY))
                if 0.85 <= decision < 0.90:
                    consents.append(self._consent(user, False, now - 30 * DAY))
                chance = rng.random()
                if chance < 0.03:
                    subscribers.append(DigestSubscriber(user=user, unsubscribed_at=now - 9 * DAY))
                elif chance < 0.5:
                    subscribers.append(DigestSubscriber(user=user, last_sent_at=last_run))
            with transaction.atomic(), connection.cursor() as cursor:
                # The profiles' search triggers would recompute what the digest never reads.
                cursor.execute("SET LOCAL session_replication_role = replica")
                Member.objects.bulk_create(members, batch_size=5000)
                for member in members:
                    sector_rows += [
                        Member.sectors.through(member_id=member.pk, sector_id=sector_id)
                        for sector_id in member.sector_ids
                    ]
                Member.sectors.through.objects.bulk_create(sector_rows, batch_size=10_000)
                cursor.execute("SET LOCAL session_replication_role = origin")
            Consent.objects.bulk_create(consents, batch_size=10_000)
            DigestSubscriber.objects.bulk_create(subscribers, batch_size=10_000)
        return signed_in

    @staticmethod
    def _consent(user, granted, at):
        return Consent(
            user=user,
            purpose=Consent.Purpose.NEWS,
            granted=granted,
            notice_version=settings.PRIVACY_NOTICE_VERSION,
            created_at=at,
        )

    def _clean(self):
        users = User.objects.filter(email__endswith=f"@{DOMAIN}")
        with transaction.atomic():
            projects = Project.objects.filter(created_by__in=users)
            Project.sectors.through.objects.filter(project__in=projects).delete()
            projects.delete()
            opportunities = Opportunity.objects.filter(author__in=users)
            Opportunity.sectors.through.objects.filter(opportunity__in=opportunities).delete()
            opportunities.delete()
            Consent.objects.filter(user__in=users).delete()
            DigestSubscriber.objects.filter(user__in=users).delete()
            members = Member.objects.filter(user__in=users)
            Member.sectors.through.objects.filter(member__in=members).delete()
            members._raw_delete(members.db)  # nothing else hangs from them (see _members)
            users.delete()

    # Figures

    def _board(self, member, count):
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
            "board's query alone (filters, count, a page; no rendering)": self._time_query(
                queries, count
            ),
            "board with filters and search (visitor)": self._time(visitor, base, queries, count),
            "board with filters and search (signed-in member)": self._time(
                signed_in, base, queries, count
            ),
        }

    def _project_board(self, member, count):
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
            "projects' board with filters and search (visitor)": self._time(
                visitor, base, queries, count
            ),
            "projects' board with filters and search (signed-in member)": self._time(
                signed_in, base, queries, count
            ),
        }

    def _time(self, client, base, queries, count):
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

    def _time_query(self, queries, count):
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

    def _digest_in_a_process(self):
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "bench_projects"]
        done = subprocess.run(  # noqa: S603 - our own command, no input from outside
            [*command, "--digest-only"], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise CommandError(f"the digest's process failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def _digest(self):
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

    def _print_boards(self, pages):
        for name, page in pages.items():
            met = page["p95_ms"] <= P95_TARGET_MS
            self.stdout.write(
                f"{name}: median {page['median_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms "
                f"(target ≤ {P95_TARGET_MS} ms) {_verdict(met)}"
            )
            slowest = page.get("slowest") or (None if met else page.get("slowest_on_miss"))
            if slowest:
                self.stdout.write(
                    "  slowest filters (median): "
                    + ", ".join(f"{query} {ms:.1f} ms" for query, ms in slowest)
                )

    def _print(self, pages, figures):
        verdict = _verdict
        self._print_boards(pages)
        rss = figures["rss_mb"]
        # Growth over the last nine tenths, of the peak and of what the process holds now.
        growth = max(rss["all"][0] - rss["a tenth"][0], rss["all"][1] - rss["a tenth"][1])
        self.stdout.write(
            f"weekly digest: {figures['sent']} emails built for {figures['members_considered']} "
            f"members with the news consent ({figures['members_in_database']} in the database), "
            f"{figures['new_opportunities']} new opportunities, in {figures['seconds']:.1f} s "
            f"(target ≤ {DIGEST_TARGET_S} s) {verdict(figures['seconds'] <= DIGEST_TARGET_S)}"
        )
        self.stdout.write(
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
