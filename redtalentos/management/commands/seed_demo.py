"""seed_demo: synthetic demo data for local development (idempotent and deterministic).

Three demo accounts with a known password (a member with a full profile, PNCS staff, an IME
admin) and a few hundred synthetic members with realistic names, profiles and consents. Every
address is at a reserved domain (example.org, .example) that never delivers mail; synthetic
members have no usable password. Person number i always gets the same data for the same seed,
whatever --members says, so runs with a larger --members only add people.

The pieces live beside this command in redtalentos/management/ (tooling: nothing in the apps
imports them): demo_people (who the synthetic people are), demo_accounts (the three demo
accounts), demo_members (synthetic members through the ORM) and demo_bulk (through COPY).
"""

import os
import random
from time import monotonic

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from certificates.demo import seed_certificates
from chapters.models import Chapter
from committees.demo import seed_committees
from content.contact_demo import seed_contact
from content.news_demo import seed_news
from content.statistics.demo import seed_statistics
from internships.demo import seed_internships
from jornadas.demo import seed_jornadas
from members.models import User
from mentoring.demo import seed_mentoring
from pncs.demo import seed_pncs
from pncs.models import Sector
from projects.demo import seed_opportunities
from projects.mission_demo import seed_missions
from projects.project_demo import seed_projects
from projects.visit_demo import seed_visits
from redtalentos.management.corpus.people import corpus_skills
from redtalentos.management.demo_accounts import (
    DEMO_IME,
    DEMO_MEMBER,
    DEMO_PASSWORD,
    DEMO_PNCS,
    demo_ime,
    demo_introductions,
    demo_member,
    demo_pncs,
)
from redtalentos.management.demo_bulk import seed_bulk
from redtalentos.management.demo_chapters import seed_chapters
from redtalentos.management.demo_members import missing_numbers, skills_named, synthetic_members
from redtalentos.management.demo_people import SYNTHETIC_EMAIL

# Above this many new people, parallel workers write them with COPY (demo_bulk).
BULK_FROM = 5000


class Command(BaseCommand):
    help = (
        "Adds synthetic demo data: a demo member, PNCS staff and IME admin with a known password, "
        "and a few hundred synthetic members. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--members", type=int, default=300, help="Synthetic members (default 300)."
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed: same seed, same people."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DJANGO_ENV=production (never on a real site).",
        )

    def handle(self, *args, members=300, seed=2026, allow_production=False, **options):
        if settings.IS_PRODUCTION and not allow_production:
            raise CommandError("seed_demo adds accounts with known passwords: not in production.")
        if members < 0:
            raise CommandError("--members cannot be negative.")
        created = 0
        with transaction.atomic():
            created += demo_member()
            created += demo_pncs()
            created += demo_ime()
            missing = missing_numbers(members)
            if len(missing) <= BULK_FROM:
                created += synthetic_members(missing, seed)
            else:
                # Tags first, committed, so that the workers' profiles find them.
                skills = skills_named(corpus_skills())
        if len(missing) > BULK_FROM:
            started = monotonic()
            created += seed_bulk(
                missing,
                seed,
                skills={name: skill.pk for name, skill in skills.items()},
                chapters=dict(Chapter.objects.values_list("slug", "pk")),
                sectors=dict(Sector.objects.values_list("slug", "pk")),
                workers=max(1, min(os.cpu_count() or 1, 4)),
                log=self.stdout.write,
            )
            self.stdout.write(f"  bulk load: {monotonic() - started:.0f} s")
        with transaction.atomic():
            chapter_counts = seed_chapters(random.Random(seed))
            pncs_accounts = seed_pncs(random.Random(seed), password=DEMO_PASSWORD)
            new_certificates = seed_certificates(
                holder=User.objects.get(email=DEMO_MEMBER["email"]),
                revoked_by=User.objects.get(email=DEMO_IME["email"]),
            )
            jornadas_counts = seed_jornadas(
                random.Random(seed), staff=User.objects.get(email=DEMO_IME["email"])
            )
            internships_counts = seed_internships(
                random.Random(seed),
                reviewer=User.objects.get(email=DEMO_PNCS["email"]),
                ime=User.objects.get(email=DEMO_IME["email"]),
            )
            new_introductions = demo_introductions()
            # After the demo member's introductions: their proposals go through that channel.
            mentoring_counts = seed_mentoring(
                random.Random(seed),
                pncs=User.objects.get(email=DEMO_PNCS["email"]),
                ime=User.objects.get(email=DEMO_IME["email"]),
            )
            opportunity_counts = seed_opportunities(ime=User.objects.get(email=DEMO_IME["email"]))
            project_counts = seed_projects(ime=User.objects.get(email=DEMO_IME["email"]))
            mission_counts = seed_missions(ime=User.objects.get(email=DEMO_IME["email"]))
            visit_counts = seed_visits(ime=User.objects.get(email=DEMO_IME["email"]))
            committee_counts = seed_committees(pncs=User.objects.get(email=DEMO_PNCS["email"]))
            news_counts = seed_news(
                ime=User.objects.get(email=DEMO_IME["email"]),
                pncs=User.objects.get(email=DEMO_PNCS["email"]),
            )
            new_contact_messages = seed_contact()
            statistics_counts = seed_statistics(SYNTHETIC_EMAIL.replace("{:04d}", "%"))
        self.stdout.write(f"Demo data: {created} accounts created, {members + 3} in all.")
        self.stdout.write(f"  member: {DEMO_MEMBER['email']} / {DEMO_PASSWORD}")
        self.stdout.write(f"  PNCS staff: {DEMO_PNCS['email']} / {DEMO_PASSWORD}")
        self.stdout.write(f"  IME admin: {DEMO_IME['email']} / {DEMO_PASSWORD}")
        if members:
            self.stdout.write(
                f"  {members} synthetic members ({SYNTHETIC_EMAIL.format(1)} ...) cannot sign in."
            )
        for email, description in pncs_accounts:
            self.stdout.write(f"  {description}: {email} / {DEMO_PASSWORD}")
        chapters_line = ", ".join(f"{kind} {n}" for kind, n in chapter_counts.items())
        self.stdout.write(f"  Chapters: {chapters_line} new.")
        self.stdout.write(f"  Certificates of the demo member: {new_certificates} new.")
        jornadas_line = ", ".join(f"{kind} {n}" for kind, n in jornadas_counts.items())
        self.stdout.write(f"  Jornadas: {jornadas_line} new.")
        internships_line = ", ".join(f"{kind} {n}" for kind, n in internships_counts.items())
        self.stdout.write(f"  Internships: {internships_line} new.")
        self.stdout.write(f"  Introduction requests of the demo member: {new_introductions} new.")
        mentoring_line = ", ".join(f"{kind} {n}" for kind, n in mentoring_counts.items())
        self.stdout.write(f"  Mentoring: {mentoring_line} new.")
        opportunities_line = ", ".join(f"{kind} {n}" for kind, n in opportunity_counts.items())
        self.stdout.write(f"  Opportunities: {opportunities_line} new.")
        projects_line = ", ".join(f"{kind} {n}" for kind, n in project_counts.items())
        self.stdout.write(f"  Binational projects: {projects_line} new.")
        missions_line = ", ".join(f"{kind} {n}" for kind, n in mission_counts.items())
        self.stdout.write(f"  Missions: {missions_line} new.")
        visits_line = ", ".join(f"{kind} {n}" for kind, n in visit_counts.items())
        self.stdout.write(f"  Expert visits: {visits_line} new.")
        committees_line = ", ".join(f"{kind} {n}" for kind, n in committee_counts.items())
        self.stdout.write(f"  Evaluation committees: {committees_line} new.")
        news_line = ", ".join(f"{kind} {n}" for kind, n in news_counts.items())
        self.stdout.write(f"  News: {news_line} new.")
        self.stdout.write(f"  Contact messages: {new_contact_messages} new.")
        statistics_line = ", ".join(f"{kind} {n}" for kind, n in statistics_counts.items())
        self.stdout.write(f"  Statistics: {statistics_line}.")
        self.stdout.write(
            "  Staff accounts set up an authenticator app (MFA) on their first staff page."
        )
