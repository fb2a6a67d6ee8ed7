"""Account security: MFA for staff (optional for members), sessions, passwords, rate limits."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from members.models import User
from tests.conftest import (
    PASSWORD,
    give_totp,
    login,
    make_member,
    make_pncs_staff,
    make_user,
    totp_code,
    totp_code_from_secret,
)

NEW_PASSWORD = "otra-clave-larga-para-probar-77"
ACTIVATE = "/cuenta/2fa/totp/activate/"
ENROL = "/perfil/verificacion/"
MFA_MESSAGE = (
    "Para entrar a las páginas del personal necesitas activar la verificación en dos pasos"
)


def signed_in(client):
    """Whether the client's session belongs to a signed-in person, as the next page sees it."""
    return client.get("/").wsgi_request.user.is_authenticated


def session_key(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def make_ime_admin_without_mfa():
    return make_user(full_name="IME sin MFA", is_staff=True, is_superuser=True)


def sign_in(client, user, password=PASSWORD, **extra):
    return client.post("/cuenta/login/", {"login": user.email, "password": password, **extra})


def open_enrolment_link(client, mailoutbox):
    """Asks for the staff enrolment link and opens the one the email carries (the test's
    transactions must commit for it to be sent)."""
    mailoutbox.clear()
    client.post(ENROL)
    assert len(mailoutbox) == 1
    link = re.search(
        r"https?://[^/\s]+(/\S*/perfil/verificacion/\S+/|/perfil/verificacion/\S+/)",
        mailoutbox[0].body,
    ).group(1)
    return client.get(link)


def activate_totp(client):
    """Sets up an authenticator app through the pages, as a person does (password confirmed,
    QR code scanned, code typed). Returns the page shown after activation.

    A sign-in moments ago counts as the password confirmed (members.adapters); otherwise the page
    asks for it first. What the activation does when its transaction commits (keeping this session
    open) runs only in a test whose transactions commit (django_db(transaction=True))."""
    response = client.get(ACTIVATE)
    if response.status_code == 302:
        assert response.url.startswith("/cuenta/reauthenticate/")
        client.post(response.url, {"password": PASSWORD})
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    return client.post(ACTIVATE, {"code": totp_code_from_secret(secret)}, follow=True)


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# Staff pages need MFA


@pytest.mark.parametrize(
    ("path", "activate_url"),
    [
        ("/admin/", ENROL),
        ("/en/admin/", "/en" + ENROL),
        ("/admin/members/user/", ENROL),
        ("/admin/login/", ENROL),
    ],
)
def test_ime_admin_without_mfa_is_sent_to_set_up_an_authenticator_app(
    client, db, path, activate_url
):
    login(client, make_ime_admin_without_mfa())

    response = client.get(path)

    assert response.status_code == 302
    assert response.url == activate_url


def test_the_mfa_redirect_says_why_in_spanish(client, db):
    login(client, make_ime_admin_without_mfa())

    response = client.get("/admin/", follow=True)

    assert response.status_code == 200
    assert MFA_MESSAGE in response.content.decode()


@pytest.mark.parametrize("path", ["/admin/", "/en/admin/", "/admin/members/user/"])
def test_ime_admin_with_mfa_opens_the_admin(client, ime_admin, path):
    login(client, ime_admin)

    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("path", "activate_url"),
    [
        ("/pncs/", ENROL),
        ("/pncs/busqueda/?q=robotica", ENROL),
        ("/en/pncs/", "/en" + ENROL),
    ],
)
def test_pncs_staff_without_mfa_is_sent_to_mfa_before_any_pncs_page(client, db, path, activate_url):
    login(client, make_pncs_staff())

    response = client.get(path)

    # The workspace does not exist yet: the redirect comes before the 404.
    assert response.status_code == 302
    assert response.url == activate_url


def test_pncs_staff_with_mfa_pass_the_check(client, db):
    staff = make_pncs_staff()
    give_totp(staff)
    login(client, staff)

    # Past the check, the URL is resolved: an unknown one is a plain 404.
    assert client.get("/pncs/no-existe/").status_code == 404


@pytest.mark.parametrize("path", ["/", "/cuenta/2fa/", "/cuenta/password/change/"])
def test_staff_without_mfa_still_reach_the_site_and_their_account_pages(client, db, path):
    login(client, make_ime_admin_without_mfa())

    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("path", "make_staff"),
    [
        ("/cuenta/logout/", make_pncs_staff),
        ("/cuenta/logout/", make_ime_admin_without_mfa),
        ("/admin/logout/", make_ime_admin_without_mfa),
    ],
)
def test_staff_without_mfa_can_sign_out(client, db, path, make_staff):
    login(client, make_staff())

    response = client.post(path)

    assert response.status_code in (200, 302)
    assert not response.headers.get("Location", "").endswith((ACTIVATE, ENROL))
    assert not signed_in(client)


@pytest.mark.parametrize("path", ["/pncs/", "/en/pncs/", "/pncs/no-existe/"])
def test_a_member_is_not_asked_for_mfa(client, member, path):
    login(client, member.user)

    assert client.get("/").status_code == 200
    # Not staff: the workspace refuses them (or the URL does not exist), no MFA redirect.
    assert client.get(path).status_code in (403, 404)


def test_a_member_on_the_admin_goes_to_the_admin_login_not_to_mfa(client, member):
    login(client, member.user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.django_db(transaction=True)
def test_staff_set_up_mfa_through_the_emailed_link_and_then_reach_the_admin(client, mailoutbox):
    admin = make_ime_admin_without_mfa()
    sign_in(client, admin)
    assert client.get("/admin/").url == ENROL

    open_enrolment_link(client, mailoutbox)
    page = activate_totp(client)

    assert page.redirect_chain[-1][0] == "/cuenta/2fa/recovery-codes/"
    assert has_totp(admin)
    assert client.get("/admin/").status_code == 200


def test_the_activation_page_shows_the_qr_code_as_a_data_image_allowed_by_the_csp(client, member):
    user = member.user
    login(client, user)
    client.post("/cuenta/reauthenticate/", {"password": PASSWORD})

    response = client.get(ACTIVATE)

    html = response.content.decode()
    img = re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,[^"]+"[^>]*>', html)
    assert img
    assert 'alt="Código QR para tu aplicación de autenticación"' in img.group(0)
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
    # The secret can be copied (read-only, not disabled) and has a label.
    assert re.search(
        r'<input type="text" id="authenticator_secret" value="[A-Z2-7]+" readonly', html
    )
    assert '<label for="authenticator_secret">' in html
    assert html.count("<h1") == 1


def test_a_wrong_code_does_not_activate_mfa(client, member):
    user = member.user
    login(client, user)
    client.post("/cuenta/reauthenticate/", {"password": PASSWORD})
    client.get(ACTIVATE)

    response = client.post(ACTIVATE, {"code": "<script>alert(1)</script>" * 100})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert "<script>alert(1)" not in response.content.decode()
    assert not has_totp(user)


# The admin's own sign-in form would skip the MFA code: allauth's takes its place.


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_admin_login_sends_visitors_to_the_site_sign_in(client, db, prefix):
    response = client.get(f"{prefix}/admin/login/", {"next": "/admin/members/user/"})

    assert response.status_code == 302
    assert response.url == f"{prefix}/cuenta/login/?next={quote('/admin/members/user/', safe='')}"


def test_posting_to_the_admin_login_signs_nobody_in(client, ime_admin):
    response = client.post("/admin/login/", {"username": ime_admin.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")
    assert not signed_in(client)


def test_a_signed_in_member_gets_403_from_the_admin_login(client, member):
    login(client, member.user)

    assert client.get("/admin/login/").status_code == 403


# With MFA set up, signing in asks for the code


def test_staff_with_mfa_sign_in_only_with_a_valid_code_and_land_in_the_admin(client, ime_admin):
    first = client.get("/admin/", follow=True)
    assert first.redirect_chain[-1][0] == "/cuenta/login/?next=%2Fadmin%2F"

    response = sign_in(client, ime_admin, next="/admin/")

    assert response.status_code == 302
    assert response.url == "/cuenta/2fa/authenticate/"
    assert not signed_in(client)
    valid = totp_code(ime_admin)
    wrong = f"{(int(valid) + 1) % 1_000_000:06d}"
    refused = client.post("/cuenta/2fa/authenticate/", {"code": wrong})
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"]
    assert not signed_in(client)
    stage_key = session_key(client)

    done = client.post("/cuenta/2fa/authenticate/", {"code": valid})

    assert done.status_code == 302
    assert done.url == "/admin/"
    assert session_key(client) != stage_key
    assert client.get("/admin/").status_code == 200


def test_the_code_page_offers_recovery_codes_and_a_way_out(client, ime_admin):
    sign_in(client, ime_admin)

    html = client.get("/cuenta/2fa/authenticate/").content.decode()

    assert "códigos de recuperación" in html
    assert re.search(r'<form id="logout-from-stage" method="post" action="/cuenta/logout/">', html)


def test_a_recovery_code_signs_in_once(client, ime_admin):
    login(client, ime_admin)
    client.post("/cuenta/reauthenticate/", {"password": PASSWORD})
    client.post("/cuenta/2fa/recovery-codes/generate/")
    codes = Authenticator.objects.get(user=ime_admin, type=Authenticator.Type.RECOVERY_CODES).wrap()
    code = codes.get_unused_codes()[0]
    client.post("/cuenta/logout/")

    sign_in(client, ime_admin)
    assert client.post("/cuenta/2fa/authenticate/", {"code": code}).status_code == 302
    assert signed_in(client)
    client.post("/cuenta/logout/")
    sign_in(client, ime_admin)
    assert client.post("/cuenta/2fa/authenticate/", {"code": code}).status_code == 200
    assert not signed_in(client)


# Members may turn MFA on


def test_members_find_mfa_from_the_password_page_and_may_turn_it_on(client, member):
    sign_in(client, member.user)
    password_page = client.get("/cuenta/password/change/").content.decode()
    assert 'href="/cuenta/2fa/"' in password_page
    index = client.get("/cuenta/2fa/").content.decode()
    assert f'href="{ACTIVATE}"' in index

    activate_totp(client)
    client.post("/cuenta/logout/")

    response = sign_in(client, member.user)
    assert response.url == "/cuenta/2fa/authenticate/"
    assert not signed_in(client)
    client.post("/cuenta/2fa/authenticate/", {"code": totp_code(member.user)})
    assert signed_in(client)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_mfa_pages_sit_in_the_site_layout_with_one_h1(client, ime_admin, prefix):
    login(client, ime_admin)
    client.post("/cuenta/reauthenticate/", {"password": PASSWORD})

    for path in ["/cuenta/2fa/", "/cuenta/2fa/recovery-codes/generate/"]:
        response = client.get(prefix + path)
        assert response.status_code == 200
        html = response.content.decode()
        assert '<header class="site-header">' in html
        assert html.count("<h1") == 1


# Sessions


def test_the_session_key_changes_at_login(client, member):
    session = client.session
    session["probe"] = True
    session.save()
    before = session_key(client)

    sign_in(client, member.user)

    assert session_key(client) != before
    assert not Session.objects.filter(session_key=before).exists()
    assert signed_in(client)


@pytest.mark.parametrize("persona", ["ime_admin", "pncs_staff"])
def test_staff_sessions_end_after_30_idle_minutes(client, request, persona):
    user = request.getfixturevalue(persona)
    login(client, user)

    client.get("/")

    assert client.session.get_expiry_age() == 30 * 60
    # Saved on each request: the expiry counts from the last one.
    stored = Session.objects.get(session_key=session_key(client))
    left = stored.expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    # Thirty idle minutes later the session is gone.
    Session.objects.filter(pk=stored.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not signed_in(client)


def test_member_sessions_keep_the_default_length(client, member):
    login(client, member.user)

    client.get("/")

    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert "_session_expiry" not in client.session


def test_logout_ends_the_other_sessions_of_the_account(client, member):
    other_device = Client()
    login(client, member.user)
    login(other_device, member.user)
    assert signed_in(other_device)

    client.post("/cuenta/logout/")

    assert not signed_in(client)
    assert not signed_in(other_device)


def test_admin_logout_ends_the_other_sessions_too(client, ime_admin):
    other_device = Client()
    login(client, ime_admin)
    login(other_device, ime_admin)

    client.post("/admin/logout/")

    assert not signed_in(other_device)


def test_logout_does_not_touch_other_accounts(client, member, other_member):
    other_person = Client()
    login(client, member.user)
    login(other_person, other_member.user)

    client.post("/cuenta/logout/")

    assert signed_in(other_person)


def test_logging_out_a_deleted_account_does_not_fail(db):
    user = make_user()
    User.objects.filter(pk=user.pk).delete()

    user_logged_out.send(sender=User, request=None, user=user)


def test_password_change_keeps_this_session_and_ends_the_others(client, member):
    other_device = Client()
    sign_in(client, member.user)
    sign_in(other_device, member.user)

    response = client.post(
        "/cuenta/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    member.user.refresh_from_db()
    assert member.user.check_password(NEW_PASSWORD)
    assert signed_in(client)
    assert not signed_in(other_device)


# Passwords: at least 12 characters, common ones refused, at sign-up and at password change

WEAK_PASSWORDS = [
    pytest.param("k7#pLq9!zW2", "password_too_short", id="11-characters"),
    pytest.param("password1234", "password_too_common", id="common"),
    pytest.param("123456789012", "password_entirely_numeric", id="numeric"),
]


@pytest.mark.parametrize(("password", "code"), WEAK_PASSWORDS)
def test_sign_up_refuses_a_weak_password(client, db, mailoutbox, password, code):
    response = client.post(
        "/cuenta/signup/",
        {"email": "debil@example.org", "password1": password, "password2": password},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["password1"]
    assert code in [error.code for error in errors]
    assert not User.objects.filter(email="debil@example.org").exists()
    assert mailoutbox == []


@pytest.mark.parametrize(("password", "code"), WEAK_PASSWORDS)
def test_password_change_refuses_a_weak_password(client, member, password, code):
    login(client, member.user)

    response = client.post(
        "/cuenta/password/change/",
        {"oldpassword": PASSWORD, "password1": password, "password2": password},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["password1"]
    assert code in [error.code for error in errors]
    member.user.refresh_from_db()
    assert member.user.check_password(PASSWORD)


def test_password_change_accepts_twelve_uncommon_characters(client, member):
    login(client, member.user)

    response = client.post(
        "/cuenta/password/change/",
        {"oldpassword": PASSWORD, "password1": "k7#pLq9!zW2x", "password2": "k7#pLq9!zW2x"},
    )

    assert response.status_code == 302
    member.user.refresh_from_db()
    assert member.user.check_password("k7#pLq9!zW2x")


# Rate limits


def test_repeated_failed_logins_for_one_email_are_rate_limited_with_a_message(client, member):
    for _attempt in range(5):
        response = sign_in(client, member.user, password="no-es-la-clave-correcta")
        assert response.status_code == 200
        codes = [e.code for e in response.context["form"].non_field_errors().as_data()]
        assert "too_many_login_attempts" not in codes

    response = sign_in(client, member.user, password="no-es-la-clave-correcta")

    assert response.status_code == 429
    errors = response.context["form"].non_field_errors().as_data()
    assert [e.code for e in errors] == ["too_many_login_attempts"]
    assert errors[0].messages[0] in response.content.decode()
    # From this address even the right password waits now (another address still gets in:
    # test_login_throttle.py); other accounts are not affected.
    assert sign_in(client, member.user).status_code == 429
    assert not signed_in(client)
    someone_else = make_member("Carla Otra Díaz")
    assert sign_in(client, someone_else.user).status_code == 302


def test_staff_sessions_are_renewed_at_most_once_a_minute(client, pncs_staff, monkeypatch):
    from members import middleware

    login(client, pncs_staff)
    clock = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client.get("/")
    stored = Session.objects.get(session_key=session_key(client)).expire_date

    clock[0] += 30
    Session.objects.filter(session_key=session_key(client)).update(expire_date=stored)
    client.get("/")
    assert Session.objects.get(session_key=session_key(client)).expire_date == stored

    clock[0] += 31
    client.get("/")
    assert Session.objects.get(session_key=session_key(client)).expire_date > stored
