"""Error pages live in the site layout; unhandled errors are logged, never shown."""

import json
import logging

import pytest
from django.test import RequestFactory
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
