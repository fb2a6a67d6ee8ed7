"""Personas of the PNCS workspace: staff of two contact points (with MFA set up) and activities."""

import itertools
from datetime import date

import pytest

from pncs.models import ContactPoint, WorkProgrammeActivity
from tests.conftest import give_totp, make_pncs_staff

_counter = itertools.count(1)


def make_activity(contact_point, **fields):
    fields.setdefault("title", f"Actividad {next(_counter)}")
    fields.setdefault("line_of_work", WorkProgrammeActivity.LineOfWork.INTERNSHIPS)
    fields.setdefault("starts_on", date(2026, 3, 1))
    return WorkProgrammeActivity.objects.create(contact_point=contact_point, **fields)


def make_staff(email, *, sectors, name):
    user = make_pncs_staff(email, sectors=sectors, name=name)
    give_totp(user)
    return user


@pytest.fixture
def tic_staff(db):
    """Staff of the ICT contact point, with an authenticator app."""
    return make_staff("pncs-tic@example.org", sectors=("tic",), name="PNCS TIC")


@pytest.fixture
def salud_staff(db):
    """Staff of the health contact point: an outsider to the ICT one."""
    return make_staff("pncs-salud@example.org", sectors=("salud",), name="PNCS Salud")


@pytest.fixture
def tic(tic_staff):
    return ContactPoint.objects.get(slug="pncs-tic")


@pytest.fixture
def salud(salud_staff):
    return ContactPoint.objects.get(slug="pncs-salud")
