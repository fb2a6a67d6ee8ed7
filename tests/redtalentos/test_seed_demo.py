import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from members.models import User


def test_seed_demo_is_idempotent_and_prints_the_logins(db, capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), EmailAddress.objects.count())
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert (User.objects.count(), EmailAddress.objects.count()) == counts
    assert counts[0] >= 2
    assert "2 accounts created" in first
    assert "0 accounts created" in second
    assert "demo@redtalentos.example" in second


def test_demo_login_works_because_the_address_is_verified(client, db):
    call_command("seed_demo")
    response = client.post(
        "/cuenta/login/",
        {"login": "demo@redtalentos.example", "password": "demo-red-talentos-2026"},
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated


def test_seed_demo_refuses_production(db, settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.filter(email="demo@redtalentos.example").exists()
