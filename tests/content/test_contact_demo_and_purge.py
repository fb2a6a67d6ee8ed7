"""The contact form's demo messages (seed_demo) and the two-year purge the privacy notice
promises (purge_contact_messages)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from content.contact_demo import MESSAGES, seed_contact
from content.models import ContactMessage, SiteText, SiteTextKey

pytestmark = pytest.mark.django_db


def test_demo_adds_the_contact_messages_and_site_texts_once_without_email(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_contact() == len(MESSAGES)
        assert seed_contact() == 0
    assert mail.outbox == []
    assert ContactMessage.objects.count() == len(MESSAGES)
    assert set(ContactMessage.objects.values_list("status", flat=True)) == {"new", "answered"}
    assert all(m.email.endswith("@redtalentos.example") for m in ContactMessage.objects.all())
    assert SiteText.objects.count() == len(SiteTextKey.values)


def _message(days_ago):
    message = ContactMessage.objects.create(
        name=f"Hace {days_ago} días", email="x@example.org", subject="general", message="Hola"
    )
    ContactMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return message


def test_purge_deletes_messages_older_than_two_years_only(capsys):
    old = _message(2 * 365 + 1)
    recent = _message(2 * 365 - 1)
    call_command("purge_contact_messages")
    assert "1 older than two years deleted" in capsys.readouterr().out
    assert list(ContactMessage.objects.all()) == [recent]
    assert not ContactMessage.objects.filter(pk=old.pk).exists()
    call_command("purge_contact_messages")
    assert "0 older than two years deleted" in capsys.readouterr().out
