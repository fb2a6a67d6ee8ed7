"""Shared fixtures: the personas every view is tested against."""

import pytest
from allauth.account.models import EmailAddress

from members.models import User

PASSWORD = "una-clave-larga-de-prueba-2026"


def make_user(email="persona@example.org", *, verified=True, **fields):
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def participant(db):
    return make_user("participante@example.org", full_name="Luis Participante")


@pytest.fixture
def ime_admin(db):
    return make_user("ime@example.org", full_name="IME Admin", is_staff=True, is_superuser=True)
