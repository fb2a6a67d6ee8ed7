"""Receiving a contact message: it is stored, IME is told by email and the sender gets a
confirmation, both after the transaction commits."""

import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from redtalentos.lib import emails

from .models import ContactMessage


def ime_recipients():
    """settings.CONTACT_EMAIL when set (the network's mailbox), else every active staff user."""
    if settings.CONTACT_EMAIL:
        return [settings.CONTACT_EMAIL]
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


@transaction.atomic
def receive_message(*, message, base_url):
    message.save()
    transaction.on_commit(partial(_send, message, base_url))
    return message


def _send(message, base_url):
    admin_url = emails.absolute(
        base_url, reverse("admin:content_contactmessage_change", args=[message.pk])
    )
    recipients = ime_recipients()
    if recipients:
        with translation.override(settings.LANGUAGE_CODE):
            # Reply-To is the sender, so that IME answers from its mail client.
            emails.send(
                "content_contact_received",
                to=recipients,
                context={"contact": message, "admin_url": admin_url},
                reply_to=[message.email],
            )
    # The confirmation says what was received but not the text: the form must not become a way
    # to send anyone words of one's choosing from the network's address.
    with translation.override(message.language):
        emails.send(
            "content_contact_confirmation",
            to=[message.email],
            context={"contact": message},
        )


# The privacy notice's term for contact messages (#contacto-formulario).
KEEP_DAYS = 2 * 365


def purge_old_messages(*, now=None):
    """Deletes the messages received more than KEEP_DAYS ago; returns how many."""
    limit = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    deleted, _by_model = ContactMessage.objects.filter(created_at__lt=limit).delete()
    return deleted
