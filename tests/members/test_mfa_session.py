"""Staff powers need a second factor passed in the session itself, staff accounts enrol their
authenticator app only through an emailed link, and a change of the second factor ends the
account's other sessions (issue 12, item 1)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client, override_settings

from members.models import Consent, Visibility
from tests.conftest import (
    PASSWORD,
    give_totp,
    login,
    make_chapter_leader,
    make_member,
    make_pncs_staff,
    make_user,
    restore_reference_data,
    totp_code,
    totp_code_from_secret,
)

ENROL = "/perfil/verificacion/"
ACTIVATE = "/cuenta/2fa/totp/activate/"
REAUTHENTICATE = "/cuenta/2fa/reauthenticate/"
STAFF_PAGES = ["/pncs/", "/pncs/expertos/", "/pncs/expertos/exportar.csv", "/admin/"]


def sign_in(client, user):
    return client.post("/cuenta/login/", {"login": user.email, "password": PASSWORD})


def make_ime_admin_without_mfa():
    return make_user(full_name="IME sin MFA", is_staff=True, is_superuser=True)


def make_salud_expert():
    return make_member(
        "Rosa Experta",
        sectors=("salud",),
        visibility_work=Visibility.STAFF,
        organisation="organizacion-solo-personal",
        consents=(Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH),
    )


def enrolment_link(mailoutbox):
    assert len(mailoutbox) == 1
    return re.search(r"https?://[^/\s]+(/\S*perfil/verificacion/\S+/)", mailoutbox[0].body)[1]


def set_up_totp(client):
    """The activation pages, as a person goes through them; returns the page after it."""
    first = client.get(ACTIVATE)
    if first.status_code == 302 and first.url.startswith("/cuenta/reauthenticate/"):
        client.post(first.url, {"password": PASSWORD})
    page = client.get(ACTIVATE)
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    return client.post(ACTIVATE, {"code": totp_code_from_secret(secret)}, follow=True)


# The reported bypass: a password-only session and an authenticator set up in another one.


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["pncs", "ime"])
def test_a_session_opened_before_mfa_existed_gets_no_staff_page_after_it_is_set_up(
    kind, mailoutbox
):
    restore_reference_data()
    if kind == "pncs":
        staff = make_pncs_staff("pncs-bypass@example.org", sectors=("salud",), name="PNCS Salud")
        pages = STAFF_PAGES[:3]
    else:
        staff = make_ime_admin_without_mfa()
        pages = STAFF_PAGES
    expert = make_salud_expert()
    first, second = Client(), Client()
    sign_in(first, staff)
    assert first.get("/pncs/").url == ENROL

    sign_in(second, staff)
    second.post(ENROL)
    second.get(enrolment_link(mailoutbox))
    set_up_totp(second)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    for path in pages:
        response = first.get(path, follow=True)
        assert response.redirect_chain, path
        assert response.redirect_chain[-1][0].startswith("/cuenta/login/"), path
    html = first.get(expert.get_absolute_url()).content.decode()
    assert "organizacion-solo-personal" not in html
    # The session that set the app up stays open and has passed its second factor.
    assert second.get(pages[0]).status_code == 200


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_a_password_only_session_of_an_account_with_mfa_is_asked_for_the_code(client, db, path):
    staff = make_pncs_staff(sectors=("salud",), name="PNCS Salud")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    give_totp(staff)
    client.force_login(staff)  # the password alone, as a session opened before the app existed

    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"{REAUTHENTICATE}?next={path.replace('/', '%2F')}"
    page = client.get(response.url)
    assert "Esta sesión empezó sin el código" in page.content.decode()


def test_the_code_typed_in_the_session_opens_the_staff_pages(client, db):
    staff = make_pncs_staff(sectors=("salud",), name="PNCS Salud")
    give_totp(staff)
    client.force_login(staff)
    assert client.get("/pncs/").status_code == 302

    response = client.post(f"{REAUTHENTICATE}?next=/pncs/", {"code": totp_code(staff)})

    assert response.status_code == 302
    assert response.url == "/pncs/"
    assert client.get("/pncs/").status_code == 200


def test_a_password_only_session_sees_profiles_as_anyone_else(client, db):
    expert = make_salud_expert()
    staff = make_pncs_staff(sectors=("salud",), name="PNCS Salud")
    give_totp(staff)
    client.force_login(staff)

    assert (
        "organizacion-solo-personal" not in client.get(expert.get_absolute_url()).content.decode()
    )
    login(client, staff)
    assert "organizacion-solo-personal" in client.get(expert.get_absolute_url()).content.decode()


def test_ime_without_the_code_in_the_session_has_no_ime_rights_on_site_pages(client, db):
    admin = make_ime_admin_without_mfa()
    give_totp(admin)
    client.force_login(admin)

    assert client.get("/capitulos/houston/editar/").status_code == 403
    login(client, admin)
    assert client.get("/capitulos/houston/editar/").status_code == 200


# Enrolment: the password alone does not attach a phone to a staff account.


@pytest.mark.parametrize("make_staff", [make_pncs_staff, make_ime_admin_without_mfa])
def test_staff_without_mfa_cannot_open_the_activation_page_with_the_password_alone(
    client, db, make_staff
):
    staff = make_staff()
    sign_in(client, staff)
    client.post("/cuenta/reauthenticate/", {"password": PASSWORD})

    response = client.get(ACTIVATE)

    assert response.status_code == 302
    assert response.url == ENROL
    refused = client.post(ACTIVATE, {"code": "123456"})
    assert refused.status_code == 302
    assert not Authenticator.objects.filter(user=staff).exists()


def test_the_enrolment_page_explains_and_sends_one_link_to_the_account_address(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    staff = make_pncs_staff()
    login(client, staff)
    page = client.get(ENROL).content.decode()
    assert "Enviarme el enlace de activación" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ENROL, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(ENROL, follow=True)

    assert "Te enviamos el enlace a tu correo" in response.content.decode()
    assert "Ya te enviamos un enlace hace unos minutos" in again.content.decode()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [staff.email]
    assert "/perfil/verificacion/" in mailoutbox[0].body
    assert "/perfil/verificacion/" in mailoutbox[0].alternatives[0][0]


def test_the_emailed_link_opens_the_activation_page_to_that_session(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    staff = make_pncs_staff()
    login(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ENROL)

    response = client.get(enrolment_link(mailoutbox))

    assert response.status_code == 302
    assert response.url == ACTIVATE
    set_up_totp(client)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


@pytest.mark.parametrize(
    "tamper", ["forged", "other_account", "expired", "used"], ids=lambda value: value
)
def test_a_bad_enrolment_link_is_refused_with_a_message(
    client, db, mailoutbox, django_capture_on_commit_callbacks, settings, tamper
):
    staff = make_pncs_staff()
    login(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ENROL)
    link = enrolment_link(mailoutbox)
    if tamper == "forged":
        link = link[:-6] + "AAAAA/"
    elif tamper == "other_account":
        login(client, make_pncs_staff(name="Otro PNCS"))
    elif tamper == "expired":
        settings.STAFF_MFA_ENROL_LINK_SECONDS = -1
    else:
        staff.end_all_sessions()  # what setting up an app does
        login(client, staff)

    response = client.get(link, follow=True)

    assert response.redirect_chain[-1][0] == ENROL
    assert "Este enlace no sirve" in response.content.decode()
    assert client.get(ACTIVATE).url == ENROL


def test_an_enrolment_link_needs_a_signed_in_session(client, db, mailoutbox):
    response = client.get(f"{ENROL}cualquier-cosa/")

    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


@pytest.mark.parametrize("who", ["member", "participant", "ime_with_mfa"])
def test_accounts_that_need_no_link_are_sent_to_their_mfa_page(client, db, who):
    if who == "member":
        user = make_member().user
    elif who == "participant":
        user = make_user(account_type="student")
    else:
        user = make_ime_admin_without_mfa()
        give_totp(user)
    login(client, user)

    assert client.get(ENROL).url == "/cuenta/2fa/"
    assert client.post(ENROL).url == "/cuenta/2fa/"


def test_members_set_up_mfa_without_a_link(client, db):
    member = make_member()
    login(client, member.user)

    set_up_totp(client)

    assert Authenticator.objects.filter(user=member.user, type=Authenticator.Type.TOTP).exists()


# A change of the second factor ends the account's sessions.


def test_removing_the_authenticator_ends_the_account_sessions(client, db):
    staff = make_pncs_staff()
    give_totp(staff)
    login(client, staff)
    assert client.get("/pncs/").status_code == 200

    Authenticator.objects.filter(user=staff).delete()  # e.g. by IME in the admin

    response = client.get("/pncs/")
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_a_chapter_leader_keeps_its_rights_without_mfa(client, db):
    leader = make_chapter_leader("houston")
    client.force_login(leader)

    assert client.get("/capitulos/houston/editar/").status_code == 200


@override_settings(LANGUAGE_CODE="es-mx")
def test_the_enrolment_page_speaks_english_under_en(client, db):
    login(client, make_pncs_staff())

    html = client.get("/en" + ENROL).content.decode()

    assert 'lang="en"' in html
    assert "Enviarme el enlace" not in html
