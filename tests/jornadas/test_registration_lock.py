"""Every registration of an edition waits for its row lock, so the statements run while it is
held set the rate of registrations: only the ones that must see the seats as they are now (the
person's own row, the count, the two inserts), no second lock, no savepoint; the waitlisted email
counts its place in line after the commit."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jornadas.models import Registration

from .registration_helpers import make_open_edition, make_participant, register

pytestmark = pytest.mark.django_db


def statements_under_the_lock(queries):
    """The statements after the edition's row is locked, until the registration's transaction
    ends (the tests run inside a transaction: it ends with the release of its savepoint)."""
    sql = [query["sql"] for query in queries.captured_queries]
    locked = next(
        index
        for index, text in enumerate(sql)
        if text.startswith('SELECT "jornadas_edition"') and "FOR UPDATE" in text
    )
    end = next(index for index in range(locked, len(sql)) if sql[index].startswith("RELEASE"))
    return sql[locked + 1 : end]


@pytest.mark.parametrize("seats", [2, 1], ids=["confirmed", "waitlisted"])
def test_the_edition_is_locked_for_four_statements(seats, django_capture_on_commit_callbacks):
    edition = make_open_edition(capacity=seats)
    register(edition)
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        registration = register(edition, make_participant("Segunda Persona"))

    held = statements_under_the_lock(queries)
    assert len(held) == 4, held
    assert "FOR UPDATE" in held[0] and '"jornadas_registration"' in held[0]
    assert held[1].startswith("SELECT COUNT")
    assert held[2].startswith('INSERT INTO "jornadas_registration"')
    assert held[3].startswith('INSERT INTO "jornadas_registrationlog"')
    expected = Registration.Status.CONFIRMED if seats == 2 else Registration.Status.WAITLISTED
    assert registration.status == expected


def test_the_waitlisted_email_gives_the_place_in_line(django_capture_on_commit_callbacks):
    edition = make_open_edition(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Primera", "Segunda", "Tercera"):
            register(edition, make_participant(f"{name} Persona"))
    waitlisted = [message for message in mail.outbox if "lista de espera" in message.body]
    assert len(waitlisted) == 2
    assert "en el lugar 1." in waitlisted[0].body
    assert "en el lugar 2." in waitlisted[1].body
