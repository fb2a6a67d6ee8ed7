from unittest import mock

from django.conf import settings
from django.db import OperationalError


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, db):
    with mock.patch("redtalentos.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"ok" not in response.content
    assert response["Retry-After"] == str(settings.RETRY_AFTER_SECONDS)


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405
