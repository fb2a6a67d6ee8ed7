"""bench_mentoring: mentor suggestions (mentoring.matching.suggestions) for requests among the
profiles of the database, with 50,000 of its members offering mentoring: median and p95 of one
call, warm, over a few hundred calls on 200 requests of varied sectors, topics, languages and
hours; then the staff's page of a request (which shows them) through the whole Django stack.
Issue 15: suggestions p95 ≤ 100 ms among 1,000,000 profiles.

Meant for the million-profile database of `make bench-directory` (`make bench-mentoring` uses
it); runs on any database, the development one too (`--mentors 300`). Every account it creates
ends with DOMAIN (their requests and proposals go with them) and every offer it creates ends its
topics with MARKER; they are deleted at the end, and leftovers of an interrupted run at the start.
"""

import random
import statistics
import time
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import AccountType, Member, User
from mentoring import timezones
from mentoring.matching import suggestions
from mentoring.models import Format, MentorOffer, Mentorship, Request, hours_mask
from mentoring.offers_demo import ANY_SECTOR, TOPICS
from pncs.models import Sector
from redtalentos.management.demo_people import SECTOR_WEIGHTS

P95_TARGET_MS = 100
DOMAIN = "bench-mentoring.invalid"
MARKER = " · bench-mentoring"
MEXICAN_ZONES = {
    "America/Mexico_City": 70,
    "America/Monterrey": 12,
    "America/Tijuana": 6,
    "America/Hermosillo": 4,
    "America/Mazatlan": 4,
    "America/Cancun": 4,
}
# How people in Mexico also write their topics: English, other spellings, no accents.
OTHER_WORDINGS = [
    "software development", "data science", "exportacion", "inocuidad de alimentos",
    "food safety", "solar energy", "machine learning", "certificaciones", "cadena de frio",
    "supply chain", "becas de posgrado", "patentes",
]  # fmt: skip


def p95(times):
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = (
        "Mide las sugerencias de mentores: 50,000 mentores entre los perfiles de la base y 200 "
        "solicitudes; mediana y p95 de una llamada (meta: p95 ≤ 100 ms) y de la página de la "
        "solicitud para el personal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mentors", type=int, default=50000, help="Offers to create.")
        parser.add_argument("--requests", type=int, default=200, help="Requests to create.")
        parser.add_argument("--calls", type=int, default=400, help="Timed suggestion calls.")
        parser.add_argument("--pages", type=int, default=100, help="Timed staff page views.")
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument(
            "--explain", action="store_true", help="EXPLAIN ANALYZE the slowest call's query."
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Leave the offers and requests to study them (the next run deletes them).",
        )

    def handle(self, *args, **options):
        self._clean()
        try:
            rng = random.Random(options["seed"])  # noqa: S311 - reproducible data, no secret
            started = time.perf_counter()
            offers = self._offers(rng, options["mentors"])
            requests = self._requests(rng, options["requests"], offers)
            # As a table in steady use is: vacuumed (the last run's rows gone) and analysed.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE mentoring_mentoroffer, mentoring_request")
            self.stdout.write(f"built in {time.perf_counter() - started:.0f} s")
            figures = self._suggestions(requests, options["calls"])
            page = self._page(requests, options["pages"])
            self._print(figures, page)  # before the clean-up
            if options["explain"] or figures["p95_ms"] > P95_TARGET_MS:
                self._explain(figures["slowest"])
        finally:
            if not options["keep"]:
                self._clean()

    # Data

    def _offers(self, rng, count):
        """`count` offers on members drawn at random among those without one, from their
        profiles: their sectors, the topics of those sectors in Spanish, their languages, the
        zone of their city; varied hours, capacity and load (some full, some paused)."""
        free = list(Member.objects.filter(mentor_offer=None).values_list("pk", flat=True))
        if len(free) < count:
            raise CommandError(f"Only {len(free)} members without an offer; --mentors {count}.")
        chosen = sorted(rng.sample(free, count))
        slugs = dict(Sector.objects.values_list("pk", "slug"))
        zones, masks = {}, {}
        offers, links = [], []
        for start in range(0, count, 5000):
            chunk = chosen[start : start + 5000]
            sectors = defaultdict(list)
            through = Member.sectors.through.objects.filter(member_id__in=chunk)
            for member_id, sector_id in through.values_list("member_id", "sector_id"):
                sectors[member_id].append(sector_id)
            rows = Member.objects.filter(pk__in=chunk).values_list(
                "pk", "city", "country", "languages"
            )
            for member_id, city, country, languages in rows:
                own = sorted(sectors[member_id]) or [rng.choice(list(slugs))]
                pool = [topic for pk in own for topic in TOPICS[slugs[pk]]]
                topics = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
                if rng.random() < 0.4:
                    topics.append(rng.choice(ANY_SECTOR))
                zone = zones.get((city, country))
                if zone is None:
                    zone = zones[city, country] = timezones.guess(city, country) or "UTC"
                hours_from = rng.choice([7, 8, 8, 9, 9, 10, 12, 14, 17, 18])
                hours_to = min(hours_from + rng.choice([2, 3, 4, 8]), 23)
                key = (zone, hours_from, hours_to)
                if key not in masks:
                    masks[key] = hours_mask(zone, hours_from, hours_to)
                capacity = rng.choices([1, 2, 3, 4, 5], weights=[15, 40, 25, 15, 5])[0]
                full = rng.random() < 0.15
                offers.append(
                    MentorOffer(
                        member_id=member_id,
                        capacity=capacity,
                        topics=", ".join(topics) + MARKER,
                        languages=languages or ["es"],
                        time_zone=zone,
                        hours_from=hours_from,
                        hours_to=hours_to,
                        utc_hours=masks[key],
                        formats=rng.sample(Format.values, rng.randint(1, 2)),
                        hours_per_month=rng.choice([2, 2, 3, 4, 6]),
                        paused=rng.random() < 0.08,
                        load=capacity if full else rng.randint(0, capacity - 1),
                        sector_ids=own,
                    )
                )
                links.extend((member_id, sector_id) for sector_id in own)
        with transaction.atomic():
            created = MentorOffer.objects.bulk_create(offers, batch_size=2000)
            by_member = {offer.member_id: offer.pk for offer in created}
            MentorOffer.sectors.through.objects.bulk_create(
                [
                    MentorOffer.sectors.through(mentoroffer_id=by_member[member], sector_id=sector)
                    for member, sector in links
                ],
                batch_size=5000,
            )
        return created

    def _requests(self, rng, count, offers):
        """`count` open requests of people in Mexico: a sector weighted as the network's, one to
        four topics (mostly of that sector, some in other words), Spanish and often English,
        their zone and hours; a fifth of them already declined by one mentor."""
        unusable = make_password(None)
        mentees = User.objects.bulk_create(
            [
                User(
                    email=f"persona{number}@{DOMAIN}",
                    full_name=f"Persona Mentorada {number}",
                    account_type=rng.choice([AccountType.STUDENT, AccountType.INSTITUTION]),
                    password=unusable,
                )
                for number in range(count)
            ]
        )
        sectors = dict(Sector.objects.values_list("slug", "pk"))
        slugs = [slug for slug in SECTOR_WEIGHTS if slug in sectors]
        weights = [SECTOR_WEIGHTS[slug] for slug in slugs]
        rows = []
        for mentee in mentees:
            slug = rng.choices(slugs, weights)[0]
            topics = rng.sample(TOPICS[slug], rng.randint(1, min(3, len(TOPICS[slug]))))
            if rng.random() < 0.3:
                topics.append(rng.choice(OTHER_WORDINGS + ANY_SECTOR))
            languages = rng.choices([["es"], ["es", "en"], ["en"]], weights=[55, 40, 5])[0]
            zone = rng.choices(list(MEXICAN_ZONES), list(MEXICAN_ZONES.values()))[0]
            hours_from = rng.choice([7, 8, 9, 9, 10, 16, 17, 18])
            hours_to = min(hours_from + rng.choice([3, 4, 8]), 23)
            rows.append(
                Request(
                    mentee=mentee,
                    goal=f"Quiero avanzar en {topics[0]} con alguien que ya lo haya hecho.",
                    sector_id=sectors[slug],
                    topics=", ".join(topics),
                    languages=languages,
                    time_zone=zone,
                    hours_from=hours_from,
                    hours_to=hours_to,
                    utc_hours=hours_mask(zone, hours_from, hours_to),
                    status=Request.Status.OPEN,
                )
            )
        requests = Request.objects.bulk_create(rows)
        now = timezone.now()
        Mentorship.objects.bulk_create(
            Mentorship(
                request=request,
                mentor_id=rng.choice(offers).member_id,
                status="declined",
                proposed_at=now,
                expires_at=now,
                ended_on=now.date(),
            )
            for request in requests
            if rng.random() < 0.2
        )
        return requests

    def _clean(self):
        with transaction.atomic():
            # Their requests and mentorships go with the accounts.
            User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
            MentorOffer.objects.filter(topics__endswith=MARKER).delete()

    # Figures

    def _suggestions(self, requests, calls):
        for request in requests:  # warm: every request once
            suggestions(request)
        times, found = [], []
        slowest = (0, None)
        for number in range(calls):
            request = requests[number % len(requests)]
            started = time.perf_counter()
            result = suggestions(request)
            elapsed = (time.perf_counter() - started) * 1000
            times.append(elapsed)
            found.append(len(result))
            if elapsed > slowest[0]:
                slowest = (elapsed, request)
        return {
            "median_ms": statistics.median(times),
            "p95_ms": p95(times),
            "max_ms": max(times),
            "calls": calls,
            "requests": len(requests),
            "found": statistics.mean(found),
            "empty": sum(1 for count in found if count == 0),
            "slowest": slowest[1],
        }

    def _page(self, requests, count):
        """The staff's page of a request (it shows the suggestions), for an IME account of the
        run with its second factor typed, through the test client."""
        if not count:
            return None
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import (
            TOTP,
            format_hotp_value,
            generate_totp_secret,
            hotp_value,
        )
        from allauth.mfa.utils import decrypt

        staff = User.objects.create_user(
            email=f"ime@{DOMAIN}", password=None, full_name="IME (bench)", is_staff=True
        )
        TOTP.activate(staff, generate_totp_secret())
        staff.refresh_from_db()
        client = Client()
        client.force_login(staff)
        authenticator = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
        secret = decrypt(authenticator.data["secret"])
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        response = client.post(reverse("mfa_reauthenticate"), {"code": code})
        if response.status_code != 302 or "/login/" in response["Location"]:
            raise CommandError("The bench staff's authenticator code was refused.")
        paths = [request.get_absolute_url() for request in requests[:20]]
        for path in paths:  # warm
            response = client.get(path)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
        times = []
        for number in range(count):
            started = time.perf_counter()
            client.get(paths[number % len(paths)])
            times.append((time.perf_counter() - started) * 1000)
        return {"median_ms": statistics.median(times), "p95_ms": p95(times), "views": count}

    def _print(self, figures, page):
        profiles = Member.objects.count()
        mentors = MentorOffer.objects.count()
        met = figures["p95_ms"] <= P95_TARGET_MS
        self.stdout.write(
            f"{profiles:,} profiles, {mentors:,} mentor offers, {figures['requests']} requests"
            + ("" if profiles >= 1_000_000 else " (not the million-profile database)")
        )
        rows = [
            ("suggestions()", figures["median_ms"], figures["p95_ms"], figures["calls"]),
        ]
        if page:
            rows.append(("request page (staff)", page["median_ms"], page["p95_ms"], page["views"]))
        self.stdout.write(f"{'':24}{'median ms':>11}{'p95 ms':>9}{'calls':>7}")
        for name, median, p95_ms, calls in rows:
            self.stdout.write(f"{name:24}{median:>11.1f}{p95_ms:>9.1f}{calls:>7}")
        self.stdout.write(
            f"suggestions: p95 {figures['p95_ms']:.1f} ms (target ≤ {P95_TARGET_MS} ms) "
            f"{'met' if met else 'MISS'}; slowest {figures['max_ms']:.1f} ms; "
            f"{figures['found']:.1f} mentors suggested on average, {figures['empty']} calls "
            "with none"
        )

    def _explain(self, request):
        """The plan of the slowest request's query, as PostgreSQL ran it."""
        with CaptureQueriesContext(connection) as captured:
            suggestions(request)
        sql = captured.captured_queries[-1]["sql"]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.stdout.write(f"slowest request: sector {request.sector_id}, «{request.topics}»")
        self.stdout.write(plan)
