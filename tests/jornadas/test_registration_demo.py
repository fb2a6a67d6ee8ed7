"""Demo data: the demo edition has registrations, confirmed and waitlisted, with their logs, an
offer, and the demo member's agenda; no email is sent; a second run adds nothing."""

from django.core import mail
from django.core.management import call_command

from jornadas.models import Registration, SessionChoice


def test_demo_edition_has_confirmed_and_waitlisted_registrations_once(db, capsys):
    call_command("seed_demo", members=40)
    capsys.readouterr()
    registrations = Registration.objects.filter(edition__slug="2027")
    statuses = set(registrations.values_list("status", flat=True))
    assert {"confirmed", "waitlisted", "offered", "cancelled"} <= statuses
    demo = registrations.get(user__email="demo@redtalentos.example")
    assert demo.status == "confirmed"
    assert SessionChoice.objects.filter(registration=demo, status="confirmed").count() == 3
    assert all(registration.log.exists() for registration in registrations)
    assert not mail.outbox
    count = registrations.count()
    call_command("seed_demo", members=40)
    assert registrations.count() == count
