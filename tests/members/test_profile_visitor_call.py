"""A visitor on a profile is shown the way to reach the person (issue 20, item 3): sign in, or
join, to ask for an introduction, and come back to the same profile afterwards."""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from members.models import AccountType
from tests.conftest import PASSWORD, login, make_member, make_user

LOGIN = "/cuenta/login/"
SIGNUP = "/cuenta/signup/"


@pytest.fixture
def profile(db):
    return make_member("Carla Contacto Díaz", email="carla@example.org")


def links_back(path):
    encoded = quote(path, safe="")
    return f'href="{LOGIN}?next={encoded}"', f'href="{SIGNUP}?next={encoded}"'


# What the visitor sees.


def test_a_visitor_is_shown_how_to_sign_in_or_join_to_ask_for_an_introduction(client, profile):
    path = profile.get_absolute_url()

    html = client.get(path).content.decode()

    login_link, signup_link = links_back(path)
    assert login_link in html
    assert signup_link in html
    assert "presentación" in html
    assert "Solicitar presentación" not in html  # the button is for those who may ask


def test_the_english_profile_leads_back_to_the_english_profile(client, profile):
    path = "/en" + profile.get_absolute_url()
    html = client.get(path).content.decode()
    assert f"?next={quote(path, safe='')}" in html


@pytest.mark.parametrize(
    "closed", [{"intro_paused": True}, {"intro_monthly_limit": 0}], ids=["paused", "no-budget"]
)
def test_no_call_when_the_member_takes_no_introductions(client, db, closed):
    member = make_member("Carla Cerrada", email="cerrada@example.org", **closed)
    html = client.get(member.get_absolute_url()).content.decode()
    assert "?next=" not in html


def test_a_member_still_gets_the_button_and_no_call_to_sign_in(client, profile, member):
    login(client, member.user)
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "Solicitar presentación" in html
    assert "?next=" not in html


def test_a_participant_is_told_what_applies_to_them_instead(client, profile, participant):
    login(client, participant)
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "Solicitar presentación" not in html
    assert "?next=" not in html
    assert "no pide presentaciones" in html
    assert "/mentorias/" in html
    assert 'href="/pasantias/"' in html
    assert 'href="/jornadas/"' in html


def test_someone_who_has_not_finished_signing_up_is_sent_to_finish_and_back(client, profile):
    login(client, make_user("a-medias@example.org"))
    html = client.get(profile.get_absolute_url()).content.decode()
    assert f'href="/perfil/bienvenida/?next={quote(profile.get_absolute_url(), safe="")}"' in html


# Coming back.


def test_signing_in_from_the_call_comes_back_to_the_profile(client, profile, member):
    path = profile.get_absolute_url()
    assert client.get(f"{LOGIN}?next={quote(path)}").status_code == 200

    response = client.post(
        f"{LOGIN}?next={quote(path)}",
        {"login": member.user.email, "password": PASSWORD, "next": path},
    )

    assert response.status_code == 302
    assert response["Location"] == path
    assert "Solicitar presentación" in client.get(path).content.decode()


def test_joining_from_the_call_comes_back_to_the_profile_after_the_onboarding(
    client, profile, mailoutbox
):
    path = profile.get_absolute_url()
    signup_page = client.get(f"{SIGNUP}?next={quote(path)}").content.decode()
    assert f'value="{path}"' in signup_page  # the form carries it

    client.post(
        f"{SIGNUP}?next={quote(path)}",
        {
            "email": "nueva@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": path,
        },
    )
    link = re.search(r"https?://testserver(/cuenta/confirm-email/\S+/)", mailoutbox[-1].body)[1]
    response = client.post(link)
    assert response["Location"] == f"/perfil/bienvenida/?next={quote(path, safe='')}"
    response = client.post(
        response["Location"], {"account_type": AccountType.TALENT, "full_name": "Nueva Persona"}
    )
    response = client.post(response["Location"], {"public_listing": "on"})

    assert response["Location"] == path
    assert "Solicitar presentación" in client.get(path).content.decode()


@pytest.mark.parametrize(
    "bad_next", ["https://evil.example/", "//evil.example/", "https:///evil.example/"]
)
def test_an_unsafe_next_is_ignored(client, member, bad_next):
    response = client.post(
        f"{LOGIN}?next={quote(bad_next)}",
        {"login": member.user.email, "password": PASSWORD, "next": bad_next},
    )
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


@pytest.mark.parametrize(
    "garbage", ["%", "\x00", "/miembros/%ZZ/", "javascript:alert(1)", "/" + "a" * 5000, "[::1"]
)
def test_a_garbage_next_does_not_break_the_sign_in_pages(db, member, garbage):
    client = Client()
    for page in (LOGIN, SIGNUP):
        assert client.get(page, {"next": garbage}).status_code == 200
    response = client.post(
        LOGIN, {"login": member.user.email, "password": PASSWORD, "next": garbage}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert "javascript" not in response["Location"]
