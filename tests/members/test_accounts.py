"""The account flow (django-allauth at /cuenta/) as a person meets it, in Spanish and in English."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import User
from tests.conftest import PASSWORD, login, make_user

NEW_PASSWORD = "otra-clave-larga-para-probar-77"


def signed_in(client):
    """Whether the client's session belongs to a signed-in person, as the next page sees it."""
    return client.get("/").wsgi_request.user.is_authenticated


def link_in(message, path_prefix):
    """The path of the first link in an email body that starts with path_prefix."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S+)", message.body)
    assert match, f"no {path_prefix} link in:\n{message.body}"
    return urlsplit(match.group(1)).path


def h1_text(response):
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    assert match, "the page has no h1"
    return " ".join(match.group(1).split())


def sign_up(client, email, password=NEW_PASSWORD, password2=None):
    data = {"email": email, "password1": password, "password2": password2 or password}
    return client.post("/cuenta/signup/", data)


# Sign-up and email confirmation


def test_sign_up_mails_a_link_that_confirms_the_address_and_signs_in(client, db, mailoutbox):
    response = sign_up(client, "nueva@example.org")

    assert response.status_code == 302
    assert response.url == "/cuenta/confirm-email/"
    assert not signed_in(client)
    assert not EmailAddress.objects.get(email="nueva@example.org").verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nueva@example.org"]

    confirm_path = link_in(mailoutbox[0], "/cuenta/confirm-email/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "nueva@example.org" in page.content.decode()
    assert not EmailAddress.objects.get(email="nueva@example.org").verified

    confirmed = client.post(confirm_path)

    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="nueva@example.org").verified
    assert signed_in(client)


def test_a_confirmed_person_signs_in_with_email_and_password(client, db, mailoutbox):
    sign_up(client, "nueva@example.org")
    client.post(link_in(mailoutbox[0], "/cuenta/confirm-email/"))
    client.post("/cuenta/logout/")
    assert not signed_in(client)

    response = client.post(
        "/cuenta/login/", {"login": "nueva@example.org", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    # A new account has not chosen its type yet: the onboarding comes first.
    assert response.url == "/perfil/bienvenida/"
    assert signed_in(client)


def test_an_unconfirmed_person_cannot_sign_in_and_is_sent_a_new_link(client, db, mailoutbox):
    make_user("sin-confirmar@example.org", verified=False)

    response = client.post(
        "/cuenta/login/", {"login": "sin-confirmar@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == "/cuenta/confirm-email/"
    assert not signed_in(client)
    assert [m.to for m in mailoutbox] == [["sin-confirmar@example.org"]]
    page = client.get(response.url)
    assert "account/verification_sent.html" in [t.name for t in page.templates]


def test_a_confirmed_participant_signs_in(client, participant):
    response = client.post("/cuenta/login/", {"login": participant.email, "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in(client)


def test_wrong_password_is_refused_with_a_message(client, participant):
    response = client.post(
        "/cuenta/login/", {"login": participant.email, "password": "no-es-la-clave-correcta"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'class="errorlist nonfield"' in response.content.decode()
    assert not signed_in(client)


@pytest.mark.parametrize(
    ("password", "code"),
    [("corta-123", "password_too_short"), ("password1234", "password_too_common")],
)
def test_sign_up_refuses_a_weak_password_with_a_message(client, db, mailoutbox, password, code):
    response = sign_up(client, "debil@example.org", password)

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["password1"]
    assert code in [error.code for error in errors]
    html = response.content.decode()
    message = next(m for e in errors if e.code == code for m in e.messages)
    assert message in html
    # The message is tied to the field for screen readers.
    assert re.search(
        r'<input type="password" name="password1"[^>]*aria-invalid="true"'
        r'[^>]*aria-describedby="[^"]*id_password1_error',
        html,
    )
    assert '<ul class="errorlist" id="id_password1_error">' in html
    assert not User.objects.filter(email="debil@example.org").exists()
    assert mailoutbox == []


def test_sign_up_with_an_existing_email_reveals_nothing_and_creates_no_account(
    client, participant, mailoutbox
):
    response = sign_up(client, participant.email)

    # Same answer as a new address (no enumeration); the owner is told by mail instead.
    assert response.status_code == 302
    assert response.url == "/cuenta/confirm-email/"
    assert User.objects.filter(email=participant.email).count() == 1
    assert [m.to for m in mailoutbox] == [[participant.email]]
    assert "/cuenta/confirm-email/" not in mailoutbox[0].body


# Password reset


def test_password_reset_answers_the_same_whether_or_not_the_email_is_registered(
    client, participant, mailoutbox
):
    known = client.post("/cuenta/password/reset/", {"email": participant.email}, follow=True)
    unknown = client.post("/cuenta/password/reset/", {"email": "nadie@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [("/cuenta/password/reset/done/", 302)]
    assert known.content == unknown.content
    # Only the registered address gets a reset link. (allauth may also tell an unknown address
    # that it has no account: ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS, on by default; that mail has no link.)
    reset_links = [m for m in mailoutbox if "/cuenta/password/reset/key/" in m.body]
    assert [m.to for m in reset_links] == [[participant.email]]


def test_the_password_reset_link_sets_a_new_password(client, participant, mailoutbox):
    client.post("/cuenta/password/reset/", {"email": participant.email})
    reset_path = link_in(mailoutbox[0], "/cuenta/password/reset/key/")

    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    assert "password1" in form_page.context["form"].fields
    set_password_path = form_page.redirect_chain[-1][0]
    done = client.post(set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done.url == "/cuenta/password/reset/key/done/"
    participant.refresh_from_db()
    assert participant.check_password(NEW_PASSWORD)
    assert not participant.check_password(PASSWORD)
    client.post("/cuenta/login/", {"login": participant.email, "password": NEW_PASSWORD})
    assert signed_in(client)


def test_a_used_or_forged_reset_link_is_refused(client, participant):
    path = f"/cuenta/password/reset/key/{participant.pk}-no-es-una-clave/"
    response = client.get(path, follow=True)
    posted = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == posted.status_code == 200
    assert response.context["token_fail"]
    assert 'name="password1"' not in response.content.decode()
    participant.refresh_from_db()
    assert participant.check_password(PASSWORD)


# Sign-out


def test_logout_by_get_only_asks_and_keeps_the_session(client, participant):
    login(client, participant)

    response = client.get("/cuenta/logout/")

    assert response.status_code == 200
    assert re.search(r'<form method="post"\s+action="/cuenta/logout/"', response.content.decode())
    assert signed_in(client)


def test_logout_by_post_signs_out(client, participant):
    login(client, participant)

    response = client.post("/cuenta/logout/")

    assert response.status_code == 302
    assert not signed_in(client)


# Languages and layout


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/cuenta/login/", 'lang="es-MX"', "Iniciar sesión"),
        ("/en/cuenta/login/", 'lang="en"', "Sign In"),
        ("/cuenta/signup/", 'lang="es-MX"', "Registrarse"),
        ("/en/cuenta/signup/", 'lang="en"', "Sign Up"),
    ],
)
def test_login_and_sign_up_pages_speak_the_language_of_their_url(client, db, path, lang, heading):
    response = client.get(path)

    assert response.status_code == 200
    assert f"<html {lang}>" in response.content.decode()
    assert h1_text(response) == heading


SIGNED_OUT_PAGES = [
    "/cuenta/login/",
    "/cuenta/signup/",
    "/cuenta/password/reset/",
    "/cuenta/password/reset/done/",
    "/cuenta/password/reset/key/done/",
    "/cuenta/confirm-email/",
]
SIGNED_IN_PAGES = ["/cuenta/logout/", "/cuenta/email/", "/cuenta/password/change/"]


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", SIGNED_OUT_PAGES + SIGNED_IN_PAGES)
def test_account_pages_sit_in_the_site_layout_with_one_h1(client, participant, prefix, path):
    if path in SIGNED_IN_PAGES:
        login(client, participant)

    response = client.get(prefix + path)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<header class="site-header">' in html
    assert html.count("<h1") == 1
    assert h1_text(response)
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    site_name = "Mexican Talent Network" if prefix else "Red de Talentos Mexicanos"
    assert re.fullmatch(rf"\S[^\n]* · {site_name}", title), title
    # allauth's own menu stays out: the site header has the account links.
    assert "Menu:" not in html and "Menú:" not in html
    # Every visible input has a label.
    for input_id in re.findall(r'<input(?![^>]*type="hidden")[^>]*\sid="([^"]+)"', html):
        assert f'<label for="{input_id}">' in html, input_id


def test_form_fields_use_the_site_markup(client, db):
    html = client.get("/cuenta/login/").content.decode()

    assert '<form method="post" action="/cuenta/login/" class="form">' in html
    assert '<div class="field">' in html
    assert '<div class="field field-check">' in html
    assert '<span class="help" id="id_password_helptext">' in html
    assert 'aria-describedby="id_password_helptext"' in html
    assert re.search(r'<button type="submit" class="button">\s*Iniciar sesión\s*</button>', html)


# Garbage input: always a form error, never a server error.

LONG = "a" * 50_000
SCRIPT = "<script>alert('xss')</script>"
SQL = "' OR '1'='1'; DROP TABLE members_user; --"
# Factories, so that each test gets its own (unread) file.
GARBAGE = [
    pytest.param(lambda: {"login": LONG + "@example.org", "password": LONG}, id="very-long"),
    pytest.param(lambda: {"login": SCRIPT, "password": SCRIPT}, id="script"),
    pytest.param(lambda: {"login": SQL, "password": SQL}, id="sql"),
    pytest.param(lambda: {"login": "x\x00@example.org", "password": "\x00"}, id="null-bytes"),
    pytest.param(lambda: {"login": ["a@example.org", SCRIPT], "password": 123}, id="list-and-int"),
    pytest.param(lambda: {"login": SimpleUploadedFile("a.txt", b"\xff\xfe\x00")}, id="file"),
    pytest.param(lambda: {}, id="empty"),
]


def as_signup(data):
    password = data.get("password", "")
    return {"email": data.get("login", ""), "password1": password, "password2": password}


@pytest.mark.parametrize("data", GARBAGE)
def test_garbage_in_the_login_form_gets_a_form_error(client, participant, data):
    response = client.post("/cuenta/login/", data())

    assert response.status_code == 200
    assert response.context["form"].errors
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert SCRIPT not in html
    assert not signed_in(client)


@pytest.mark.parametrize("data", GARBAGE)
def test_garbage_in_the_sign_up_form_gets_a_form_error(client, db, mailoutbox, data):
    users_before = User.objects.count()

    response = client.post("/cuenta/signup/", as_signup(data()))

    assert response.status_code == 200
    assert response.context["form"].errors
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert SCRIPT not in html
    assert User.objects.count() == users_before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("path", "field"), [("/cuenta/login/", "login"), ("/cuenta/signup/", "email")]
)
def test_a_json_body_gets_the_form_errors_as_json(client, db, path, field):
    # allauth answers JSON requests with its form as JSON (a 400 listing the errors).
    response = client.post(path, '{"login": 5, "email": []}', content_type="application/json")

    assert response.status_code == 400
    errors = response.json()["form"]["fields"][field]["errors"]
    assert errors
