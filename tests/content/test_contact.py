"""The contact form at /contacto/ (issue 18): stored and emailed to IME, a confirmation to the
sender, rate-limited per client address, protected by a honeypot and a signed timestamp, and
bad input answered with a form error, never a 500."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from content.forms import make_token
from content.models import ContactMessage
from content.personal_data import PROVIDER
from content.throttling import MESSAGES_PER_WINDOW
from redtalentos.lib import personal_data
from tests.conftest import login, make_user

pytestmark = pytest.mark.django_db

URL = "/contacto/"
SENDER = "remitente@example.org"


def form_data(**changes):
    data = {
        "name": "Carmen Remitente",
        "email": SENDER,
        "subject": "membership",
        "message": "Quisiera saber cómo registrar a mi grupo de investigación.",
        "consent": "on",
        "website": "",
        "token": make_token(time.time() - 10),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post(client, **changes):
    return client.post(URL, form_data(**changes))


@pytest.fixture
def ime_staff(db):
    return make_user("equipo.ime@example.org", full_name="Equipo IME", is_staff=True)


def test_visitor_sees_the_form_with_a_hidden_honeypot(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="token"' in html
    assert '<div hidden aria-hidden="true">' in html
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html
    assert client.get("/en/contacto/").status_code == 200


def test_message_is_stored_and_emailed_to_ime_and_confirmed_to_the_sender(
    client, ime_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("content:contact_sent")
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.subject) == (
        "Carmen Remitente",
        SENDER,
        "membership",
    )
    assert message.status == ContactMessage.Status.NEW
    assert len(mail.outbox) == 2
    to_ime, confirmation = mail.outbox
    assert to_ime.to == ["equipo.ime@example.org"]
    assert to_ime.reply_to == [SENDER]
    assert "grupo de investigación" in to_ime.body
    assert confirmation.to == [SENDER]
    assert "Recibimos" in confirmation.subject
    # The confirmation does not carry the text: the form is no relay for others' words.
    assert "grupo de investigación" not in confirmation.body

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Recibimos tu mensaje" in page.content.decode()
    assert SENDER not in page.content.decode()
    assert "equipo.ime@example.org" not in page.content.decode()


def test_settings_contact_email_receives_the_message_instead_of_staff(
    client, ime_staff, settings, django_capture_on_commit_callbacks
):
    settings.CONTACT_EMAIL = "red@ime.example"
    with django_capture_on_commit_callbacks(execute=True):
        post(client)
    assert [m.to for m in mail.outbox] == [["red@ime.example"], [SENDER]]


def test_inactive_and_non_staff_users_receive_nothing(
    client, ime_staff, django_capture_on_commit_callbacks
):
    make_user("exstaff@example.org", is_staff=True, is_active=False)
    make_user("miembro.cualquiera@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        post(client)
    assert mail.outbox[0].to == ["equipo.ime@example.org"]


def test_english_sender_gets_the_confirmation_in_english(
    client, ime_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/contacto/", form_data())
    assert response.status_code == 302
    assert response["Location"] == "/en/contacto/enviado/"
    to_ime, confirmation = mail.outbox
    assert "Nuevo mensaje de contacto" in to_ime.subject  # IME reads Spanish
    assert ContactMessage.objects.get().language == "en"
    assert confirmation.to == [SENDER]


def test_no_address_is_displayed_on_the_form_even_for_a_signed_in_member(client, member):
    client.force_login(member.user)
    assert member.user.email not in client.get(URL).content.decode()
    response = post(client, message="")
    assert response.status_code == 200
    assert SENDER not in response.content.decode().replace(f'value="{SENDER}"', "")


def test_honeypot_filled_is_refused_with_a_message_and_nothing_sent(client, ime_staff):
    response = post(client, website="http://spam.example")
    assert response.status_code == 200
    assert "No pudimos recibir tu mensaje" in response.content.decode()
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


def test_form_sent_too_fast_is_refused_with_a_message(client):
    response = post(client, token=make_token(time.time()))
    assert response.status_code == 200
    assert "demasiado rápido" in response.content.decode()
    assert ContactMessage.objects.count() == 0


def test_form_older_than_a_day_is_refused_with_a_message(client):
    response = post(client, token=make_token(time.time() - 25 * 60 * 60))
    assert response.status_code == 200
    assert "caducó" in response.content.decode()
    assert ContactMessage.objects.count() == 0


@pytest.mark.parametrize("token", [None, "", "garbage", "eyJ0IjoxfQ:1abc:forged", "x" * 10_000])
def test_missing_or_forged_token_is_a_form_error(client, token):
    response = post(client, token=token)
    assert response.status_code == 200
    assert ContactMessage.objects.count() == 0


def test_a_token_signed_for_something_else_is_refused(client):
    from django.core import signing

    response = post(client, token=signing.dumps({"t": time.time() - 10}))
    assert response.status_code == 200
    assert "no es válido" in response.content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"message": "x" * 5_001},
        {"message": ""},
        {"name": "n" * 201},
        {"name": "Nombre\r\nBcc: victima@example.org"},
        {"name": "Nul\x00"},
        {"email": "no-es-correo"},
        {"email": "a@b.c\r\nBcc: x@example.org"},
        {"email": "x" * 300 + "@example.org"},
        {"subject": "'; DROP TABLE content_contactmessage; --"},
        {"consent": None},
        {"website": "w" * 10_000},
        {"message": "\x00\x01\x02"},
    ],
)
def test_bad_input_is_a_form_error_never_a_500(client, changes):
    response = post(client, **changes)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert ContactMessage.objects.count() == 0


def test_injection_strings_in_the_message_are_kept_as_text(
    client, ime_staff, django_capture_on_commit_callbacks
):
    text = "<script>alert(1)</script> ' OR 1=1; --"
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, message=text).status_code == 302
    assert ContactMessage.objects.get().message == text
    assert "<script>" not in mail.outbox[0].alternatives[0][0]


def test_sixth_message_in_an_hour_from_one_address_gets_429(client, ime_staff):
    for _ in range(MESSAGES_PER_WINDOW):
        assert post(client).status_code == 302
    response = post(client)
    assert response.status_code == 429
    assert "Demasiados mensajes" in response.content.decode()
    assert ContactMessage.objects.count() == MESSAGES_PER_WINDOW
    # Another address may still write.
    assert client.post(URL, form_data(), REMOTE_ADDR="203.0.113.9").status_code == 302


def test_refused_forms_do_not_count_towards_the_limit(client):
    for _ in range(MESSAGES_PER_WINDOW + 2):
        assert post(client, website="spam").status_code == 200
    assert post(client).status_code == 302


def test_privacy_notice_names_the_contact_form(client):
    html = client.get(reverse("privacy_notice")).content.decode()
    assert 'id="contacto-formulario"' in html
    assert "dos años" in html


def test_footer_links_to_the_contact_form(client, settings):
    settings.CONTACT_EMAIL = "red@ime.example"
    html = client.get("/").content.decode()
    assert f'href="{reverse("content:contact")}"' in html
    assert "mailto:red@ime.example" not in html


def test_ime_reads_searches_and_answers_messages_in_the_admin(client, ime_admin):
    message = ContactMessage.objects.create(
        name="Carmen Remitente", email=SENDER, subject="general", message="Hola, IME"
    )
    login(client, ime_admin)
    listing = client.get(reverse("admin:content_contactmessage_changelist"), {"q": "Carmen"})
    assert listing.status_code == 200
    assert "Carmen Remitente" in listing.content.decode()
    url = reverse("admin:content_contactmessage_change", args=[message.pk])
    response = client.post(url, {"status": "answered", "message": "cambiado", "name": "Otro"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "answered"
    assert (message.name, message.message) == ("Carmen Remitente", "Hola, IME")
    assert client.get(reverse("admin:content_contactmessage_add")).status_code == 403


def test_messages_are_in_the_data_download_and_erased_with_the_account(db):
    user = make_user("Carmen@Example.org", full_name="Carmen")
    ContactMessage.objects.create(
        name="Carmen", email="carmen@example.org", subject="general", message="Mi pregunta"
    )
    other = ContactMessage.objects.create(
        name="Otra", email="otra@example.org", subject="other", message="Otra pregunta"
    )
    download = personal_data.export(user=user, member=None)["content"]
    assert [m["message"] for m in download["contact_messages"]] == ["Mi pregunta"]
    assert PROVIDER.export(user=None, member=None)["contact_messages"] == []
    personal_data.erase(user=user, member=None)
    assert list(ContactMessage.objects.all()) == [other]
