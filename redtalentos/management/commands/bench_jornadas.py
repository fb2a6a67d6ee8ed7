"""bench_jornadas: an edition with 5,000 registrations and 200 sessions; the p95 of its page and of
a personal agenda through the whole Django stack (test client, warm), and registrations per second
posted by 16 concurrent clients to gunicorn on loopback, with nothing oversold and no errors
(issue 13: p95 ≤ 50 ms, ≥ 100 registrations per second).

Runs on any database, the development one too: every account it creates ends with DOMAIN and
every edition's slug starts with SLUG; they are deleted at the end, and leftovers of an
interrupted run at the start.
"""

import asyncio
import concurrent.futures
import datetime
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jornadas.models import Edition, Registration, Room, Session, SessionChoice, Track
from members.models import AccountType, User
from redtalentos.lib.capacity import SeatStatus

P95_TARGET_MS = 50
RATE_TARGET = 100
DOMAIN = "bench-jornadas.invalid"
SLUG = "bench-jornadas-"
FIRST_NUMBER = 9100  # editions' numbers are unique: far above any real one


def _run_async(coroutine):
    """asyncio.run in a thread of its own: the calling thread may already run an event loop
    (a browser test earlier in the same pytest process leaves Playwright's)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def p95(times):
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = (
        "Mide las Jornadas: una edición con 5,000 registros y 200 sesiones (p95 de su página y de "
        "una agenda personal) y registros por segundo con 16 clientes contra gunicorn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--registrations", type=int, default=5000)
        parser.add_argument("--sessions", type=int, default=200)
        parser.add_argument("--requests", type=int, default=100, help="Timed requests per page.")
        parser.add_argument("--clients", type=int, default=16)
        parser.add_argument(
            "--load-registrations", type=int, default=2000, help="Registrations posted under load."
        )
        parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: auto).")

    def handle(self, *args, **options):
        self._session_keys = []
        self._clean()
        try:
            edition, agenda_owner = self._build(options["registrations"], options["sessions"])
            pages = self._pages(edition, agenda_owner, options["requests"])
            load = self._load(options)
            self._print(pages, load, options)  # before the clean-up: figures even if it fails
        finally:
            self._clean()

    # Data

    def _users(self, count, prefix):
        unusable = make_password(None)  # these accounts never sign in with a password
        return User.objects.bulk_create(
            User(
                email=f"{prefix}{number}@{DOMAIN}",
                full_name=f"Persona {prefix} {number}",
                account_type=AccountType.STUDENT,
                password=unusable,
            )
            for number in range(count)
        )

    def _build(self, registrations, sessions):
        now = timezone.now()
        starts = timezone.localdate() + datetime.timedelta(days=60)
        edition = Edition.objects.create(
            number=FIRST_NUMBER,
            slug=f"{SLUG}pagina",
            title="Jornada de medición",
            year=starts.year,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=1),
            city="Ciudad de México",
            venue="Sede de medición",
            status=Edition.Status.PUBLISHED,
            registration_opens_at=now - datetime.timedelta(days=1),
            registration_closes_at=now + datetime.timedelta(days=30),
            capacity=max(1, registrations * 4 // 5),
        )
        tracks = [
            Track.objects.create(edition=edition, name=f"Eje {number}", order=number)
            for number in range(10)
        ]
        rooms = [
            Room.objects.create(edition=edition, name=f"Sala {number}", capacity=100)
            for number in range(10)
        ]
        session_rows = []
        for number in range(sessions):
            day, slot = divmod(number // len(tracks), 10)
            start = timezone.make_aware(
                datetime.datetime.combine(
                    starts + datetime.timedelta(days=day % 2), datetime.time(8 + slot)
                )
            )
            session_rows.append(
                Session(
                    edition=edition,
                    track=tracks[number % len(tracks)],
                    room=rooms[number % len(rooms)],
                    kind="talk",
                    title=f"Sesión de medición {number}",
                    abstract="Resumen de la sesión con **Markdown**.",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(minutes=50),
                )
            )
        for session in session_rows:
            session.render_abstract()  # what save() does; bulk_create does not call it
        session_rows = Session.objects.bulk_create(session_rows)
        users = self._users(registrations, "pagina")
        confirmed = edition.capacity
        rows = Registration.objects.bulk_create(
            Registration(
                edition=edition,
                user=user,
                status=SeatStatus.CONFIRMED if index < confirmed else SeatStatus.WAITLISTED,
                role="participant",
                priority=3,
                requested_at=now + datetime.timedelta(milliseconds=index),
                decided_at=now,
            )
            for index, user in enumerate(users)
        )
        choices = []
        for index, registration in enumerate(rows[:confirmed]):
            for step in range(5):
                session = session_rows[(index * 7 + step * 41) % len(session_rows)]
                choices.append(
                    SessionChoice(
                        registration=registration,
                        session=session,
                        status=SeatStatus.CONFIRMED,
                        priority=3,
                        requested_at=now,
                    )
                )
        SessionChoice.objects.bulk_create(choices, batch_size=5000, ignore_conflicts=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE jornadas_registration, jornadas_sessionchoice")
        self.stdout.write(
            f"built: {len(rows)} registrations, {len(session_rows)} sessions, "
            f"{len(choices)} session choices"
        )
        return edition, rows[0]

    def _clean(self):
        editions = Edition.objects.filter(slug__startswith=SLUG)
        SessionChoice.objects.filter(session__edition__in=editions).delete()
        Registration.objects.filter(edition__in=editions).delete()
        Session.objects.filter(edition__in=editions).delete()  # tracks protect their sessions
        editions.delete()
        users = User.objects.filter(email__endswith=f"@{DOMAIN}")
        DjangoSession.objects.filter(
            session_key__in=[key for key in self._session_keys if key]
        ).delete()
        users.delete()

    # Pages, through the whole stack

    def _time(self, client, path, count):
        for _warm in range(5):
            response = client.get(path)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
        times = []
        for _request in range(count):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        return {"median_ms": statistics.median(times), "p95_ms": p95(times)}

    def _pages(self, edition, owner, count):
        visitor = Client()
        signed_in = Client()
        signed_in.force_login(owner.user)
        self._session_keys.append(signed_in.session.session_key)
        agenda = reverse(
            "jornadas:personal_agenda", kwargs={"slug": edition.slug, "uuid": owner.uuid}
        )
        return {
            "edition page (visitor)": self._time(visitor, edition.get_absolute_url(), count),
            "edition page (registered)": self._time(signed_in, edition.get_absolute_url(), count),
            "personal agenda": self._time(signed_in, agenda, count),
        }

    # Registrations under load: gunicorn on loopback

    def _sessions_for(self, users):
        """A signed-in session cookie for each account, written straight to the session table."""
        rows, keys = [], []
        expires = timezone.now() + datetime.timedelta(hours=1)
        store = SessionStore()
        backend = settings.AUTHENTICATION_BACKENDS[0]
        for user in users:
            key = secrets.token_hex(16)
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: backend,
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            rows.append(
                DjangoSession(session_key=key, session_data=store.encode(data), expire_date=expires)
            )
            keys.append(key)
        DjangoSession.objects.bulk_create(rows, batch_size=2000)
        self._session_keys.extend(keys)
        return keys

    def _database_url(self):
        params = connection.settings_dict
        auth = quote(params["USER"] or "")
        if params.get("PASSWORD"):
            auth += ":" + quote(params["PASSWORD"])
        host = params.get("HOST") or "127.0.0.1"
        port = params.get("PORT") or "5432"
        return f"postgres://{auth}@{host}:{port}/{params['NAME']}"

    def _load(self, options):
        total = max(options["clients"], options["load_registrations"])
        now = timezone.now()
        starts = timezone.localdate() + datetime.timedelta(days=60)
        edition = Edition.objects.create(
            number=FIRST_NUMBER + 1,
            slug=f"{SLUG}carga",
            title="Jornada de carga",
            year=starts.year,
            starts_on=starts,
            ends_on=starts,
            city="Ciudad de México",
            status=Edition.Status.PUBLISHED,
            registration_opens_at=now - datetime.timedelta(days=1),
            registration_closes_at=now + datetime.timedelta(days=30),
            capacity=max(1, total // 2),
        )
        users = self._users(total, "carga")
        keys = self._sessions_for(users)
        port = 8900 + secrets.randbelow(90)
        env = {
            **os.environ,
            "DJANGO_ENV": "development",
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_URL": "dummymail://",
            "DATABASE_URL": self._database_url(),
            "PAGE_CACHE_SECONDS": "0",
        }
        env.pop("HTTPS", None)
        workers = options["workers"] or max(2, (os.cpu_count() or 1) * 2)
        log_path = Path(tempfile.gettempdir()) / "bench-jornadas-gunicorn.log"
        with open(log_path, "w") as log:
            server = subprocess.Popen(  # noqa: S603 (the virtualenv's gunicorn)
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "redtalentos.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--log-level",
                    "warning",
                ],
                env=env,
                stdout=log,
                stderr=log,
            )
            try:
                _run_async(self._wait_ready(port))
                # The floor: what this machine, these clients and gunicorn serve of the smallest
                # page under the same load, so that the rate below can be read against it.
                started = time.perf_counter()
                floor_done, _floor_errors = _run_async(
                    self._hammer(port, reverse("robots_txt"), [None] * total, options["clients"])
                )
                floor_rate = floor_done / (time.perf_counter() - started)
                path = reverse("jornadas:register", kwargs={"slug": edition.slug})
                started = time.perf_counter()
                done, errors = _run_async(self._hammer(port, path, keys, options["clients"]))
                seconds = time.perf_counter() - started
            finally:
                server.terminate()
                server.wait(timeout=30)
        rows = Registration.objects.filter(edition=edition)
        confirmed = rows.filter(status=SeatStatus.CONFIRMED).count()
        return {
            "registrations": done,
            "stored": rows.count(),
            "errors": errors,
            "seconds": seconds,
            "rate": done / seconds if seconds else 0,
            "capacity": edition.capacity,
            "confirmed": confirmed,
            "oversold": max(0, confirmed - edition.capacity),
            "clients": options["clients"],
            "workers": workers,
            "floor_rate": floor_rate,
        }

    async def _wait_ready(self, port):
        for _attempt in range(150):
            try:
                status, _location = await self._request(port, "GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            await asyncio.sleep(0.2)
        raise CommandError(
            f"gunicorn did not start (see {tempfile.gettempdir()}/bench-jornadas-gunicorn.log)"
        )

    async def _request(self, port, method, path, *, session=None, body=""):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        headers = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
        if session:
            token = secrets.token_hex(16)  # a 32-character CSRF secret, as cookie and field
            headers.append(f"Cookie: {settings.SESSION_COOKIE_NAME}={session}; csrftoken={token}")
            body = f"{body}&csrfmiddlewaretoken={token}"
            headers += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body.encode())}",
            ]
        writer.write(("\r\n".join(headers) + "\r\n\r\n" + body).encode())
        await writer.drain()
        data = await reader.read()
        writer.close()
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        status = int(head.split(" ", 2)[1]) if head.startswith("HTTP/") else 0
        location = next(
            (line.split(":", 1)[1].strip() for line in head.split("\r\n")[1:]
             if line.lower().startswith("location:")),
            "",
        )  # fmt: skip
        return status, location

    async def _hammer(self, port, path, keys, clients):
        """POSTs a registration for each session key; a key None GETs `path` as a visitor."""
        queue = list(keys)
        done = errors = 0
        body = urlencode({"attendance": "in_person"})

        async def client():
            nonlocal done, errors
            while queue:
                key = queue.pop()
                try:
                    if key is None:
                        status, location = await self._request(port, "GET", path)
                    else:
                        status, location = await self._request(
                            port, "POST", path, session=key, body=body
                        )
                except OSError:
                    status, location = 0, ""
                # Registered: sent on to the registration's own page.
                if (key is None and status == 200) or (status == 302 and "/registro/" in location):
                    done += 1
                else:
                    errors += 1

        await asyncio.gather(*(client() for _ in range(clients)))
        return done, errors

    # Report

    def _print(self, pages, load, options):
        def verdict(met):
            return "met" if met else "MISS"

        self.stdout.write("")
        for name, figures in pages.items():
            met = figures["p95_ms"] <= P95_TARGET_MS
            self.stdout.write(
                f"{name}: median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms "
                f"(target ≤ {P95_TARGET_MS} ms) {verdict(met)}"
            )
        met = load["rate"] >= RATE_TARGET and load["errors"] == 0 and load["oversold"] == 0
        self.stdout.write(
            f"registrations under load: {load['registrations']} in {load['seconds']:.1f} s = "
            f"{load['rate']:.0f}/s with {load['clients']} clients, gunicorn {load['workers']} "
            f"workers (target ≥ {RATE_TARGET}/s) {verdict(load['rate'] >= RATE_TARGET)}"
        )
        self.stdout.write(
            f"floor under the same load: /robots.txt {load['floor_rate']:.0f}/s "
            f"(registrations at {load['rate'] / (load['floor_rate'] or 1):.0%} of it)"
        )
        self.stdout.write(
            f"stored {load['stored']}, confirmed {load['confirmed']} of {load['capacity']} seats, "
            f"oversold {load['oversold']}, errors {load['errors']} {verdict(met)}"
        )
