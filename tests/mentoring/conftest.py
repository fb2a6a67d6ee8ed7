"""The people most mentoring tests need: a PNCS of TIC that proposes, a mentor with an offer of
two places, a mentee; and `commit`, which runs a service or a client request with the emails it
leaves for after the commit. A test module may define its own of the same name."""

import pytest

from tests.conftest import make_member, make_pncs_staff

from .helpers import make_mentee, make_offer


@pytest.fixture
def staff(db):
    return make_pncs_staff("pncs-mentorias@example.org")


@pytest.fixture
def mentor(db):
    return make_member("Mario Mentor Soto", email="mentor@example.org")


@pytest.fixture
def offer(mentor):
    return make_offer(mentor, capacity=2, topics="exportación de software")


@pytest.fixture
def mentee(db):
    return make_mentee("Luisa Mentorada Paz", email="mentee@example.org")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call
