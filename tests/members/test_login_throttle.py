"""Wrong passwords are throttled per address and per account-and-address; an account that is
being guessed at slows down for everyone, and is never locked against its owner."""

import pytest
from django.test import Client, override_settings

from members import throttling
from tests.conftest import PASSWORD, make_user
from tests.redtalentos.test_settings import PRODUCTION_ENV, load_settings

WRONG = "no-es-la-clave-correcta"
TOO_MANY = "too_many_login_attempts"


@pytest.fixture
def sleeps(monkeypatch):
    """The pauses the sign-in takes, recorded instead of waited."""
    pauses = []
    monkeypatch.setattr(throttling, "sleep", pauses.append)
    return pauses


def from_address(address):
    return Client(REMOTE_ADDR=address)


def through_the_proxy(address):
    """A browser at `address` behind the reverse proxy, which connects from 127.0.0.1."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def sign_in(client, email, password=PASSWORD):
    return client.post("/cuenta/login/", {"login": email, "password": password})


def error_codes(response):
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


def signed_in(client):
    return client.get("/").wsgi_request.user.is_authenticated


def test_wrong_passwords_from_one_address_close_the_account_to_that_address_only(member, sleeps):
    attacker = from_address("10.0.0.1")
    for _attempt in range(5):
        response = sign_in(attacker, member.user.email, WRONG)
        assert response.status_code == 200
        assert TOO_MANY not in error_codes(response)

    refused = sign_in(attacker, member.user.email, WRONG)
    right_but_refused = sign_in(attacker, member.user.email)

    for response in (refused, right_but_refused):
        assert response.status_code == 429
        assert error_codes(response) == [TOO_MANY]
        assert "Demasiados intentos fallidos" in response.content.decode()
    assert not signed_in(attacker)

    owner = from_address("10.0.0.2")
    response = sign_in(owner, member.user.email)

    assert response.status_code == 302
    assert response.url == "/inicio/"
    assert signed_in(owner)


def test_wrong_passwords_on_many_accounts_from_one_address_get_429(db, sleeps):
    people = [make_user() for _ in range(11)]
    sprayer = from_address("10.0.0.9")
    for person in people[:10]:
        assert sign_in(sprayer, person.email, WRONG).status_code == 200

    response = sign_in(sprayer, people[10].email, WRONG)

    assert response.status_code == 429
    assert error_codes(response) == [TOO_MANY]
    # Another address is not held back by it.
    assert sign_in(from_address("10.0.0.10"), people[10].email).status_code == 302


def test_an_account_guessed_at_from_many_addresses_slows_down_but_lets_its_owner_in(member, sleeps):
    # One wrong password from each of eight addresses: no address reaches its own limit.
    for n in range(1, 9):
        response = sign_in(from_address(f"10.0.1.{n}"), member.user.email, WRONG)
        assert response.status_code == 200
        assert TOO_MANY not in error_codes(response)
    # The first failures cost nothing (typos); then each attempt waits twice as long.
    assert sleeps == [0.25, 0.5, 1.0]

    owner = from_address("10.0.0.2")
    response = sign_in(owner, member.user.email)

    assert response.status_code == 302
    assert signed_in(owner)
    # The wait grows up to two seconds and no further.
    sign_in(from_address("10.0.1.9"), member.user.email, WRONG)
    sign_in(from_address("10.0.1.10"), member.user.email, WRONG)
    assert sleeps == [0.25, 0.5, 1.0, 2.0, 2.0, 2.0]


def test_an_unknown_address_is_slowed_down_like_a_registered_one(member, sleeps):
    for n in range(1, 9):
        sign_in(from_address(f"10.0.2.{n}"), "nadie@example.org", WRONG)
    unknown = list(sleeps)
    sleeps.clear()
    for n in range(1, 9):
        sign_in(from_address(f"10.0.3.{n}"), member.user.email, WRONG)

    assert sleeps == unknown == [0.25, 0.5, 1.0]


def test_other_accounts_are_not_slowed_down_by_one_under_attack(member, other_member, sleeps):
    for n in range(1, 9):
        sign_in(from_address(f"10.0.1.{n}"), member.user.email, WRONG)
    sleeps.clear()

    response = sign_in(from_address("10.0.0.3"), other_member.user.email)

    assert response.status_code == 302
    assert sleeps == []


def test_behind_the_proxy_addresses_are_told_apart_by_what_the_proxy_forwards(member, sleeps):
    code, output = load_settings(
        {**PRODUCTION_ENV, "BEHIND_PROXY": "1"}, expr="settings.ALLAUTH_TRUSTED_PROXY_COUNT"
    )
    assert (code, output.strip()) == (0, "1")

    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        attacker = through_the_proxy("203.0.113.7")
        for _attempt in range(5):
            sign_in(attacker, member.user.email, WRONG)
        assert sign_in(attacker, member.user.email).status_code == 429

        owner = through_the_proxy("198.51.100.20")
        assert sign_in(owner, member.user.email).status_code == 302
