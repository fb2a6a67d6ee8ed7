"""Builders for the registration tests: an edition open for registration, people registered."""

import datetime

from django.utils import timezone

from jornadas import services
from members.models import AccountType
from tests.conftest import make_user

from .helpers import make_edition


def make_open_edition(*, capacity=None, **fields):
    """A published edition whose registration opened yesterday and closes in 20 days."""
    now = timezone.now()
    return make_edition(
        capacity=capacity,
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(days=20),
        **fields,
    )


def make_participant(name="Paula Participante"):
    return make_user(full_name=name, account_type=AccountType.STUDENT)


def register(edition, user=None, **details):
    user = user or make_participant()
    details.setdefault("attendance", "in_person")
    return services.register(edition=edition, user=user, details=details)
