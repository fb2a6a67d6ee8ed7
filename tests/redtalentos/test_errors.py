"""Error pages live in the site layout; unhandled errors are logged, never shown."""

import json
import logging

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from redtalentos.lib.logging import JsonFormatter, RequestIdFilter
from tests.conftest import login

pytestmark = pytest.mark.urls("tests.redtalentos.error_urls")


def test_missing_page_gets_404_in_the_layout(client, db):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Página no encontrada" in html
    assert 'class="site-header"' in html


def test_missing_english_page_gets_english_404(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert 'lang="en"' in response.content.decode()


def test_forbidden_gets_403_in_the_layout(client, db):
    response = client.get("/prueba/prohibido/")
    assert response.status_code == 403
    assert "Acceso no permitido" in response.content.decode()


def test_unhandled_error_gets_500_page_and_one_log_line_with_request_id(client, db, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/prueba/falla/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Algo salió mal" in html
    assert "boom for the test" not in html
    assert "Traceback" not in html
    request_id = response["X-Request-ID"]
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "the error was not logged"
    line = JsonFormatter().format(records[-1])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == request_id
    assert entry["level"] == "ERROR"
    assert "boom for the test" in entry["exception"]


def test_500_page_renders_without_the_database():
    # No `db` fixture: pytest-django fails any query made here.
    with translation.override("es-mx"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Algo salió mal" in response.content.decode()


def test_request_id_from_the_proxy_is_kept_when_sane(client, db):
    response = client.get("/", HTTP_X_REQUEST_ID="proxy-id-1234")
    assert response["X-Request-ID"] == "proxy-id-1234"
    response = client.get("/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert response["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(response["X-Request-ID"]) == 32


def test_4xx_log_lines_carry_the_request_id_too(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-existe/")
    record = next(r for r in caplog.records if "Not Found" in r.getMessage())
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] == response["X-Request-ID"]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/pncs/workprogrammeactivity/?status=%00",
        "/admin/members/staffaccess/?created_at__year=99999999999",
    ],
)
def test_garbage_in_the_url_gets_400_not_500(client, ime_admin, path):
    login(client, ime_admin)
    response = client.get(path)
    assert response.status_code == 400
    assert "Solicitud no válida" in response.content.decode()


def _console_handler():
    """The handler that writes the site's log lines (settings.LOGGING)."""
    return next(
        h for h in logging.getLogger("django").handlers if isinstance(h.formatter, JsonFormatter)
    )


@pytest.mark.parametrize(
    ("path", "status", "logger"),
    [
        ("/prueba/prohibido/", 403, "django.request"),
        ("/prueba/invalida/", 400, "django.request"),
        ("/prueba/sospechosa/", 400, "django.security.SuspiciousFileOperation"),
        ("/no-existe/", 404, "django.request"),
    ],
)
def test_refused_request_is_logged_on_one_line_without_a_traceback(
    client, db, caplog, path, status, logger
):
    with caplog.at_level(logging.WARNING):
        response = client.get(path)
    assert response.status_code == status
    records = [r for r in caplog.records if r.name == logger]
    assert len(records) == 1
    handler = _console_handler()
    handler.filter(records[0])
    line = handler.format(records[0])
    assert "Traceback" not in line
    assert "exception" not in json.loads(line)
    assert json.loads(line)["status"] == status


def test_forbidden_log_record_carries_no_traceback_but_says_why(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/prueba/prohibido/")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    assert record.levelno == logging.WARNING
    assert "/prueba/prohibido/" in record.getMessage()
    assert "not yours, for the test" in record.getMessage()


def test_unhandled_error_keeps_its_traceback_in_the_log(client, db, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        client.get("/prueba/falla/")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [
        ("/cuenta/login/", "es-MX", "No pudimos enviar el formulario"),
        ("/en/cuenta/login/", "en", 'lang="en"'),
    ],
)
def test_csrf_failure_page_is_in_the_site_layout_and_the_page_language(db, path, language, text):
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"login": "alguien@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert 'class="site-header"' in html
    assert text in html
    assert "CSRF verification failed" not in html
    assert "Forbidden" not in html
