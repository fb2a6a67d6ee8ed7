"""Where the sign-in leads (issue 20, item 2): staff (IME and PNCS) never enter the members'
onboarding, are not asked for their password again right after signing in, and see no
"Completar registro" in the header; a newcomer still goes through the onboarding; a safe `next`
wins for everyone, also through the onboarding."""

import re
import time

import pytest
from allauth.account import app_settings as allauth_settings
from django.conf import settings
from django.shortcuts import resolve_url

from members.models import AccountType
from tests.conftest import (
    PASSWORD,
    give_totp,
    login,
    make_member,
    make_pncs_staff,
    make_user,
    totp_code,
)

LOGIN = "/cuenta/login/"
MFA_CODE = "/cuenta/2fa/authenticate/"
ONBOARDING = "/perfil/bienvenida/"
ONBOARDING_CONSENTS = "/perfil/bienvenida/privacidad/"
ENROL = "/perfil/verificacion/"
ACTIVATE = "/cuenta/2fa/totp/activate/"
NEW_RECOVERY_CODES = "/cuenta/2fa/recovery-codes/generate/"
PASSWORD_AGAIN = "/cuenta/reauthenticate/"


def after_login():
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def sign_in(client, user, next_url=None):
    """The sign-in page as a person uses it: the password, then the app's code when the account
    has one. Returns the answer that leaves the sign-in."""
    data = {"login": user.email, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    response = client.post(LOGIN, data)
    assert response.status_code == 302, response.context["form"].errors
    if response["Location"].startswith(MFA_CODE):
        response = client.post(response["Location"], {"code": totp_code(user)})
        assert response.status_code == 302
    return response


def make_staff(kind, *, with_app=True):
    if kind == "pncs":
        user = make_pncs_staff("pncs@example.org")
    else:
        user = make_user("ime@example.org", full_name="IME", is_staff=True, is_superuser=True)
    if with_app:
        give_totp(user)
    return user


# Staff are not members: no onboarding.


@pytest.mark.parametrize("kind", ["pncs", "ime"])
@pytest.mark.parametrize("with_app", [True, False])
def test_staff_signing_in_are_not_sent_to_the_onboarding(client, db, kind, with_app):
    staff = make_staff(kind, with_app=with_app)

    response = sign_in(client, staff)

    assert response["Location"] == after_login()
    assert not response["Location"].startswith(ONBOARDING)


@pytest.mark.parametrize("kind", ["pncs", "ime"])
def test_staff_keep_a_safe_next_after_signing_in(client, db, kind):
    staff = make_staff(kind)
    response = sign_in(client, staff, next_url="/pncs/")
    assert response["Location"] == "/pncs/"


@pytest.mark.parametrize("kind", ["pncs", "ime"])
@pytest.mark.parametrize("path", [ONBOARDING, ONBOARDING_CONSENTS])
def test_the_onboarding_pages_send_staff_away(client, db, kind, path):
    staff = make_staff(kind)
    login(client, staff)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == after_login()
    # A staff account is not turned into a talent or a student by posting the form either.
    client.post(ONBOARDING, {"account_type": "talent", "full_name": "X"})
    staff.refresh_from_db()
    assert staff.account_type == ""


@pytest.mark.parametrize("kind", ["pncs", "ime"])
def test_staff_see_no_complete_your_registration_link_but_their_privacy_page(client, db, kind):
    staff = make_staff(kind)
    login(client, staff)

    html = client.get("/").content.decode()

    assert "Completar registro" not in html
    assert f'href="{ONBOARDING}"' not in html
    assert 'href="/perfil/privacidad/"' in html
    page = client.get("/perfil/privacidad/")
    assert page.status_code == 200
    role = "Personal del PNCS" if kind == "pncs" else "Administración del IME"
    assert role in page.content.decode()


# No password again right after signing in.


@pytest.mark.parametrize("kind", ["pncs", "ime"])
def test_staff_setting_up_their_app_right_after_signing_in_are_not_asked_the_password(
    client, db, kind, mailoutbox, django_capture_on_commit_callbacks
):
    staff = make_staff(kind, with_app=False)
    sign_in(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ENROL)
    link = re.search(r"https?://[^/\s]+(/\S*perfil/verificacion/\S+/)", mailoutbox[0].body)[1]
    assert client.get(link)["Location"] == ACTIVATE

    response = client.get(ACTIVATE)

    assert response.status_code == 200, response.get("Location")
    assert response.context["form"].secret


@pytest.mark.parametrize("kind", ["pncs", "ime"])
def test_staff_making_new_recovery_codes_right_after_signing_in_are_not_asked_again(
    client, db, kind
):
    staff = make_staff(kind)
    sign_in(client, staff)

    response = client.get(NEW_RECOVERY_CODES)

    assert response.status_code == 200, response.get("Location")


def test_a_sign_in_long_ago_still_asks_again_before_changing_the_second_factor(client, db):
    staff = make_staff("pncs")
    sign_in(client, staff)
    session = client.session
    long_ago = time.time() - allauth_settings.REAUTHENTICATION_TIMEOUT - 60
    records = session["account_authentication_methods"]
    session["account_authentication_methods"] = [{**r, "at": long_ago} for r in records]
    session.save()

    response = client.get(NEW_RECOVERY_CODES)

    assert response.status_code == 302
    assert response["Location"].startswith(("/cuenta/2fa/reauthenticate/", PASSWORD_AGAIN))


# Everyone else.


def test_a_newcomer_still_goes_to_the_onboarding(client, db):
    newcomer = make_user("recien@example.org")
    assert sign_in(client, newcomer)["Location"] == ONBOARDING


def test_a_member_goes_to_the_page_after_sign_in(client, db):
    member = make_member("Ana Ruiz", email="ana@example.org")
    assert sign_in(client, member.user)["Location"] == after_login()


def test_a_participant_goes_to_the_page_after_sign_in(client, db):
    student = make_user("est@example.org", account_type=AccountType.STUDENT)
    assert sign_in(client, student)["Location"] == after_login()


def test_a_member_keeps_a_safe_next_and_loses_an_unsafe_one(client, db):
    member = make_member("Ana Ruiz", email="ana@example.org")
    assert sign_in(client, member.user, "/directorio/?q=ana")["Location"] == "/directorio/?q=ana"
    client.logout()
    assert sign_in(client, member.user, "https://evil.example/")["Location"] == after_login()


def test_a_newcomer_with_a_next_goes_through_the_onboarding_and_then_there(client, db):
    newcomer = make_user("recien@example.org")

    response = sign_in(client, newcomer, "/directorio/")

    assert response["Location"] == f"{ONBOARDING}?next=%2Fdirectorio%2F"
    page = client.get(response["Location"]).content.decode()
    assert 'name="next" value="/directorio/"' in page
    response = client.post(
        ONBOARDING, {"account_type": "student", "full_name": "Eva", "next": "/directorio/"}
    )
    assert response["Location"] == f"{ONBOARDING_CONSENTS}?next=%2Fdirectorio%2F"
    response = client.post(ONBOARDING_CONSENTS, {"next": "/directorio/"})
    assert response["Location"] == "/directorio/"


@pytest.mark.parametrize(
    "bad_next",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "\x00%zz", "x" * 5000],
)
def test_the_onboarding_ignores_an_unsafe_or_garbage_next(client, db, bad_next):
    newcomer = make_user("recien@example.org")
    login(client, newcomer)
    assert client.get(ONBOARDING, {"next": bad_next}).status_code == 200
    response = client.post(
        ONBOARDING, {"account_type": "student", "full_name": "Eva", "next": bad_next}
    )
    assert response["Location"] == ONBOARDING_CONSENTS
    response = client.post(ONBOARDING_CONSENTS, {"next": bad_next})
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert response["Location"].startswith("/")
