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
members keep their digest dates. The data and the figures live in redtalentos/management/bench/.
"""

import json
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from members.models import Member
from projects.models import Opportunity
from redtalentos.management.bench.projects_data import (
    DOMAIN,
    build,
    clean,
    create_projects,
)
from redtalentos.management.bench.projects_timing import (
    build_digest,
    digest_in_a_process,
    print_boards,
    print_figures,
    time_opportunity_board,
    time_project_board,
)


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
            self.stdout.write(json.dumps(build_digest()))
            return
        if options["board_only"]:
            member = Member.objects.filter(user__email__endswith=f"@{DOMAIN}").first()
            if (
                member is None
                or not Opportunity.objects.filter(author__email__endswith=f"@{DOMAIN}").exists()
            ):
                raise CommandError("No data of a run with --keep: run once with --keep first.")
            print_boards(
                self.stdout.write, time_opportunity_board(member.user, options["requests"])
            )
            return
        clean()
        try:
            rng = random.Random(options["seed"])  # noqa: S311 - reproducible data, no secret
            started = time.perf_counter()
            member, authors, sector_weights = build(rng, options, self.stdout.write)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE projects_opportunity, members_member, members_consent")
            self.stdout.write(f"built in {time.perf_counter() - started:.0f} s")
            pages = time_opportunity_board(member, options["requests"])
            figures = build_digest() if options["in_process"] else digest_in_a_process()
            print_figures(self.stdout.write, pages, figures)  # before the clean-up
            started = time.perf_counter()
            create_projects(rng, options["projects"], authors, sector_weights)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE projects_project, projects_project_sectors")
            self.stdout.write(
                f"built: {options['projects']} binational projects in "
                f"{time.perf_counter() - started:.0f} s"
            )
            print_boards(self.stdout.write, time_project_board(member, options["requests"]))
        finally:
            if not options["keep"]:
                clean()
