"""A database outage: every request meanwhile gets the site's short 503 page with Retry-After and
one log line without a traceback, and the portal serves again as soon as the database is back."""

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.utils import translation

from redtalentos import views

pytestmark = pytest.mark.urls("tests.redtalentos.error_urls")

UNAVAILABLE = "Volvemos en un momento"
UNAVAILABLE_EN = "We'll be back in a moment"


def _get_unavailable(client, path):
    client.raise_request_exception = False
    return client.get(path)


def test_database_unavailable_gets_503_with_retry_after_and_the_short_page(client, db):
    response = _get_unavailable(client, "/prueba/sin-base/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert UNAVAILABLE in html
    assert '<html lang="es-MX">' in html
    assert 'class="site-header"' in html
    assert "Connection refused" not in html


def test_database_unavailable_on_an_english_page_gets_the_english_page(client, db):
    response = _get_unavailable(client, "/en/prueba/sin-base/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.RETRY_AFTER_SECONDS)
    assert '<html lang="en">' in response.content.decode()
    assert UNAVAILABLE_EN in response.content.decode()


def test_database_unavailable_is_logged_on_one_line_without_a_traceback(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = _get_unavailable(client, "/prueba/sin-base/")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    assert record.status_code == 503
    assert "/prueba/sin-base/" in record.getMessage()
    assert "Connection refused" in record.getMessage()
    assert "\n" not in record.getMessage()
    assert response.status_code == 503


def test_signed_in_visitor_whose_session_cannot_be_read_gets_503_too(client, member):
    # The first query of a signed-in request is the session, read in a middleware.
    client.force_login(member.user)
    client.raise_request_exception = False
    refused = OperationalError("connection failed: Connection refused")
    with mock.patch.object(SessionStore, "load", side_effect=refused):
        response = client.get("/directorio/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.RETRY_AFTER_SECONDS)
    assert UNAVAILABLE in response.content.decode()


@pytest.mark.parametrize("path", ["/prueba/falla/", "/prueba/consulta-cancelada/"])
def test_other_errors_keep_the_500_page_and_their_traceback(client, db, caplog, path):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = _get_unavailable(client, path)
    assert response.status_code == 500
    assert "Retry-After" not in response
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None


def test_503_page_renders_without_the_database():
    # No `db` fixture: pytest-django fails any query made here. handler500 runs inside the
    # `except` block of Django's handler, where the exception is sys.exc_info().
    request = RequestFactory().get("/directorio/")
    with translation.override("es-mx"):
        try:
            raise OperationalError("the database is down")
        except OperationalError:
            response = views.server_error(request)
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


# The real thing: a throwaway PostgreSQL cluster stopped and started under concurrent requests.

PAGES = ["/", "/directorio/", "/capitulos/houston/", "/en/", "/en/directorio/", "/healthz"]
CLIENT_THREADS = 6


def _bindir():
    """The machine's PostgreSQL server binaries, found as scripts/pg.sh finds them."""
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    candidates += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).parent))
    found = [Path(c) for c in candidates if c and (Path(c) / "initdb").exists()]
    assert found, "PostgreSQL server binaries not found (Debian: apt-get install postgresql)"
    return found[0]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, on a free loopback port. As root the server
    binaries run as the `postgres` user, as in scripts/pg.sh."""

    def __init__(self):
        self.bindir = _bindir()
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="rt-outage-"))
        self.data = self.folder / "data"
        self.as_pg = []
        if os.getuid() == 0:
            shutil.chown(self.folder, "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]

    def run(self, *args):
        subprocess.run([*self.as_pg, *args], check=True, capture_output=True)

    def init(self):
        self.run(
            self.bindir / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self):
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories='' "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self.run(
            self.bindir / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log",
            "-w", "-t", "30", "start", "-o", options,
        )  # fmt: skip

    def stop(self, mode="fast"):
        self.run(self.bindir / "pg_ctl", "-D", self.data, "-w", "-m", mode, "stop")

    def load_copy_of(self, settings_dict, name):
        """A copy of the database described by `settings_dict` (schema and data), as `name`."""
        source = [
            "-h", settings_dict["HOST"] or "127.0.0.1", "-p", str(settings_dict["PORT"] or 5432),
            "-U", settings_dict["USER"] or "postgres",
        ]  # fmt: skip
        target = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        env = {**os.environ, "PGPASSWORD": settings_dict["PASSWORD"] or ""}
        subprocess.run([self.bindir / "createdb", *target, name], check=True, env=env)
        dump = subprocess.Popen(
            [self.bindir / "pg_dump", *source, "--no-owner", "--no-privileges",
             settings_dict["NAME"]],
            stdout=subprocess.PIPE, env=env,
        )  # fmt: skip
        subprocess.run(
            [self.bindir / "psql", *target, "-q", "-v", "ON_ERROR_STOP=1", "-d", name],
            stdin=dump.stdout, check=True, capture_output=True, env=env,
        )  # fmt: skip
        assert dump.wait() == 0

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [*self.as_pg, self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "stop"],
                capture_output=True,
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def _start_portal(database_url, log_path):
    """The portal under gunicorn (threads, as in production) with DEBUG off."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "INFO",
    }
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "redtalentos.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "gthread",
             "--threads", "8", "--graceful-timeout", "5", "--log-level", "warning"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
    for _attempt in range(300):
        try:
            if _get(port, "/healthz")["status"] == 200:
                return server, port
        except OSError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.05)
    _stop_portal(server)
    raise AssertionError(f"the portal did not start:\n{log_path.read_text()}")


def _stop_portal(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _get(port, path):
    started = time.monotonic()
    conn = HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read().decode()
    finally:
        conn.close()
    return {
        "path": path,
        "started": started,
        "ended": time.monotonic(),
        "status": response.status,
        "retry_after": response.getheader("Retry-After"),
        "request_id": response.getheader("X-Request-ID"),
        "body": body,
    }


class Load:
    """Threads asking for the pages in turn until stopped; every answer is kept."""

    def __init__(self, port):
        self.port = port
        self.results = []
        self.errors = []
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.threads = [
            threading.Thread(target=self._run, args=(i,), daemon=True)
            for i in range(CLIENT_THREADS)
        ]

    def _run(self, offset):
        turn = offset
        while not self.stopped.is_set():
            try:
                result = _get(self.port, PAGES[turn % len(PAGES)])
            except (OSError, HTTPException) as error:  # reset, timeout: a failure
                result = {"error": repr(error)}
            with self.lock:
                (self.errors if "error" in result else self.results).append(result)
            turn += 1

    def count_started_after(self, moment):
        with self.lock:
            return sum(r["started"] > moment for r in self.results)

    def wait_for(self, moment, count):
        """Until `count` answers to requests started after `moment` are in (bounded)."""
        for _attempt in range(400):
            if self.count_started_after(moment) >= count:
                return
            time.sleep(0.025)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.fixture
def cluster():
    cluster = ThrowawayCluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def test_outage_under_load_answers_503_then_serves_again_as_soon_as_the_database_is_back(
    db, cluster, tmp_path
):
    """The portal under gunicorn on a copy of the test database in a cluster of its own; six
    clients ask for pages in turn while the cluster is stopped (pg_ctl stop -m fast) and started
    again. "As soon as": every request that starts once pg_ctl start has returned gets a 200."""
    # The test database as migrations left it (reference data: sectors, founding chapters).
    cluster.load_copy_of(connection.settings_dict, "outage")
    log_path = tmp_path / "portal.log"
    server, port = _start_portal(f"postgres://postgres@127.0.0.1:{cluster.port}/outage", log_path)
    try:
        with Load(port) as load:
            load.wait_for(0, 30)
            stopping = time.monotonic()
            cluster.stop()
            stopped = time.monotonic()
            load.wait_for(stopped, 120)
            starting = time.monotonic()
            cluster.start()
            started = time.monotonic()
            load.wait_for(started, 60)
    finally:
        _stop_portal(server)
    log = log_path.read_text()
    results = load.results

    assert load.errors == []
    statuses = Counter(r["status"] for r in results)
    assert set(statuses) <= {200, 503}, statuses

    before = [r for r in results if r["ended"] < stopping]
    during = [r for r in results if r["started"] > stopped and r["ended"] < starting]
    after = [r for r in results if r["started"] > started]
    # Fewer than waited for: requests still running when the phase ended are in no phase.
    assert len(before) >= 30
    assert len(during) >= 60
    assert len(after) >= 30
    assert {r["status"] for r in before} == {200}
    assert {r["status"] for r in after} == {200}
    assert {r["status"] for r in during} == {503}
    for answer in during:
        assert answer["retry_after"] == str(settings.RETRY_AFTER_SECONDS)
        if answer["path"] == "/healthz":
            assert answer["body"] == "database unavailable\n"
        else:
            english = answer["path"].startswith("/en/")
            assert (UNAVAILABLE_EN if english else UNAVAILABLE) in answer["body"]
            language = "en" if english else "es-MX"
            assert f'<html lang="{language}">' in answer["body"]

    # One line per refused request, and not one traceback.
    assert "Traceback" not in log
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    lines_per_request = Counter(line["request_id"] for line in lines)
    refused = [r for r in results if r["status"] == 503]
    assert all(lines_per_request[r["request_id"]] == 1 for r in refused)
    first_back = min(r["ended"] for r in after)
    print(
        f"\n{dict(statuses)}; before {len(before)}, during {len(during)}, after {len(after)}; "
        f"stop took {stopped - stopping:.2f} s, start {started - starting:.2f} s; "
        f"first 200 {first_back - started:.3f} s after the start returned"
    )
