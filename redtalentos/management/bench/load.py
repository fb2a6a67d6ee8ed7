"""Under load: the pages served by gunicorn on loopback to concurrent clients, in requests per
second, with /robots.txt as the floor. Visitors' page cache is on, as in production; the profile,
the directory and the repeated search are then served from it, and a second search row asks a
different question each time, so that none of it comes from the cache."""

import asyncio
import itertools
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import CommandError
from django.urls import reverse

from redtalentos.management.demo_people import FIRST_NAMES_F, FIRST_NAMES_M, SURNAMES

from .report import LOAD_FLOOR_SHARE


def measure_load(people, options, stdout):
    """Requests per second of each page (the median of its rounds) and its share of the floor."""
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
            "search_distinct": distinct_searches(),
        }
        asyncio.run(_wait_ready(port))
        # The pages take turns, round after round, and each reports its median round: this
        # machine's speed drifts from one minute to the next (the floor between 1,800 and
        # 2,700 req/s), and a page measured once, minutes away from the floor, drifted with it.
        first = {
            name: path if isinstance(path, str) else next(distinct_searches())
            for name, path in pages.items()
        }
        rounds = {name: [] for name in pages}
        errors = dict.fromkeys(pages, 0)
        seconds, clients = options["load_seconds"], options["clients"]
        for turn in range(max(1, options["load_rounds"])):
            for name, path in pages.items():
                asyncio.run(_hammer(port, path, 2, clients))  # warm the workers
                done, failed = asyncio.run(_hammer(port, path, seconds, clients))
                rate = done / seconds
                rounds[name].append(rate)
                errors[name] += failed
                stdout.write(f"load {name}, round {turn + 1}: {rate:.0f} req/s ({failed} errors)")
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


async def _wait_ready(port):
    for _attempt in range(100):
        try:
            status, _body = await _get(port, "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.2)
    raise CommandError("gunicorn did not start (see bench-gunicorn.log)")


async def _get(port, path):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


def distinct_searches():
    """Name searches that are all different (first name and surname from the seed's lists, in
    a fixed shuffled order, then with a country), so that no answer comes from the cache."""
    first = FIRST_NAMES_F + FIRST_NAMES_M
    names = [f"{given} {surname}" for given in first for surname in SURNAMES]
    random.Random(7).shuffle(names)
    directory = reverse("members:directory")
    for country in ("", "US", "CA", "ES", "DE"):
        for name in names:
            yield f"{directory}?{urlencode({'q': name, 'pais': country})}"


async def _hammer(port, path, seconds, clients):
    deadline = time.perf_counter() + seconds
    done = errors = 0
    paths = itertools.repeat(path) if isinstance(path, str) else path

    async def client():
        nonlocal done, errors
        while time.perf_counter() < deadline:
            try:
                status, _body = await _get(port, next(paths))
            except OSError:
                status = 0
            if status == 200:
                done += 1
            else:
                errors += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return done, errors
