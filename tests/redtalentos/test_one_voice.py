"""One voice: the site speaks to its reader as "tú", and so do the account pages and emails that
come from allauth (whose Spanish says "usted"), with Spanish spelling in dates and country names."""

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail

from chapters.models import Chapter, ChapterNews
from tests.conftest import PASSWORD, login, make_user

# Words and phrases that only the "usted" form produces (or a wrong "tú" form, "vete a").
USTED_FORMS = [
    r"\busted(es)?\b",
    r"\bsu(s)? (cuenta|contraseña|correo|dirección|direcci[oó]n|códigos?|aplicación|dispositivo"
    r"|navegador|bandeja|carpeta|usuario|datos)\b",
    r"¿ya tiene\b",
    r"\bpor favor,? inicie\b",
    r"\binicie sesión\b",
    r"\bregístrese\b",
    r"\bverifique\b",
    r"\bingrese\b",
    r"\bintroduzca\b",
    r"\bintrodúzcalo\b",
    r"\bescriba\b",
    r"\butilice\b",
    r"\bhaga clic\b",
    r"\bconfirme\b",
    r"\bcompruebe\b",
    r"\bpóngase\b",
    r"\bcontáctenos\b",
    r"\bescanee\b",
    r"\bvuelva a\b",
    r"\bsolicite\b",
    r"\bemita\b",
    r"\b(ha|has)? ?olvidó\b",
    r"\bha olvidado\b",
    r"\bdesea\b",
    r"¿está seguro",
    r"\ble (hemos|enviaremos|pedimos|permitirá)\b",
    r"\bha (iniciado|cerrado) sesión\b",
    r"\bha confirmado\b",
    r"\bya ha iniciado\b",
    r"\bno puede (eliminar|añadir|activar)\b",
    r"\bdebe escribir\b",
    r"\bdebería\b",
    r"\bestá (recibiendo|a punto)\b",
    r"\bsi (ha sido|tiene|no ha|no reconoce|no recibe|aún no ha)\b",
    r"\bpuede (guardar|ignorar|registrarse)\b",
    r"\binténtelo\b",
    r"\bvete a\b",
]
USTED = re.compile("|".join(f"(?:{form})" for form in USTED_FORMS), re.IGNORECASE)
MONTHS = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre"]
MONTHS += ["Octubre", "Noviembre", "Diciembre"]
CAPITALISED_MONTH = re.compile(r"\bde ({})\b".format("|".join(MONTHS)))


def text_of(html):
    """What a reader sees (and a screen reader hears) of a page: its text and attribute texts."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    attributes = re.findall(r'(?:aria-label|title|placeholder|alt|value)="([^"]*)"', html)
    return unescape(" ".join([re.sub(r"<[^>]+>", " ", html), *attributes]))


def usted_forms(text):
    return sorted({match.group(0) for match in USTED.finditer(text)})


def page_text(client, path, **kwargs):
    response = client.get(path, follow=True, **kwargs)
    assert response.status_code == 200, path
    return text_of(response.content.decode())


# Pages


SIGNED_OUT_PAGES = [
    "/cuenta/login/",
    "/cuenta/signup/",
    "/cuenta/password/reset/",
    "/cuenta/password/reset/done/",
    "/cuenta/password/reset/key/1-no-es-una-clave/",
    "/cuenta/password/reset/key/done/",
    "/cuenta/confirm-email/",
    "/cuenta/confirm-email/no-es-una-clave/",
    "/cuenta/inactive/",
]
MEMBER_PAGES = [
    "/cuenta/email/",
    "/cuenta/password/change/",
    "/cuenta/logout/",
    "/cuenta/reauthenticate/",
    "/cuenta/2fa/",
    "/cuenta/2fa/totp/activate/",
]
STAFF_PAGES = [
    "/cuenta/2fa/",
    "/cuenta/2fa/totp/deactivate/",
    "/cuenta/2fa/recovery-codes/",
    "/cuenta/2fa/recovery-codes/generate/",
    "/cuenta/2fa/reauthenticate/",
    "/cuenta/email/",
]


@pytest.mark.parametrize("path", SIGNED_OUT_PAGES)
def test_signed_out_account_pages_say_tu(client, db, path):
    assert usted_forms(page_text(client, path)) == []


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_account_pages_say_tu(client, member, path):
    login(client, member.user)
    assert usted_forms(page_text(client, path)) == []


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_security_pages_say_tu(client, ime_admin, path):
    RecoveryCodes.activate(ime_admin)
    # A new authenticator ends the account's sessions (members.signals): the account as it is now.
    ime_admin.refresh_from_db(fields=["session_generation"])
    login(client, ime_admin)
    assert usted_forms(page_text(client, path)) == []


def test_the_second_step_of_a_staff_sign_in_says_tu(client, ime_admin):
    response = client.post(
        "/cuenta/login/", {"login": ime_admin.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/cuenta/2fa/authenticate/"
    assert usted_forms(text_of(response.content.decode())) == []


def test_sign_in_and_sign_out_messages_say_tu(client, participant):
    signed_in = client.post(
        "/cuenta/login/", {"login": participant.email, "password": PASSWORD}, follow=True
    )
    signed_out = client.post("/cuenta/logout/", follow=True)
    assert usted_forms(text_of(signed_in.content.decode())) == []
    assert usted_forms(text_of(signed_out.content.decode())) == []


def test_refused_sign_in_and_sign_up_say_tu(client, participant, mailoutbox):
    wrong = client.post("/cuenta/login/", {"login": participant.email, "password": "no-es-esta"})
    bad_email = client.post(
        "/cuenta/signup/", {"email": "no-es-un-correo", "password1": "1", "password2": "1"}
    )
    mismatch = client.post(
        "/cuenta/signup/",
        {"email": "otra@example.org", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert usted_forms(text_of(wrong.content.decode())) == []
    assert usted_forms(text_of(mismatch.content.decode())) == []
    assert usted_forms(text_of(bad_email.content.decode())) == []


def test_authenticator_app_set_up_says_tu(client, member):
    login(client, member.user)
    response = client.post("/cuenta/2fa/totp/activate/", {"code": "000000"})
    assert usted_forms(text_of(response.content.decode())) == []


# Emails


def email_texts(messages):
    texts = []
    for message in messages:
        texts.append(message.subject)
        texts.append(message.body)
        texts.extend(text_of(body) for body, kind in getattr(message, "alternatives", []))
    return texts


def test_sign_up_confirmation_email_says_tu(client, db, mailoutbox):
    client.post(
        "/cuenta/signup/",
        {"email": "nueva@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert len(mailoutbox) == 1
    assert [usted_forms(text) for text in email_texts(mailoutbox)] == [[]] * len(
        email_texts(mailoutbox)
    )
    assert "ve a" in mailoutbox[0].body or "Para confirmar" not in mailoutbox[0].body


def test_account_already_exists_email_says_tu(client, participant, mailoutbox):
    client.post(
        "/cuenta/signup/",
        {"email": participant.email, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert len(mailoutbox) == 1
    assert all(usted_forms(text) == [] for text in email_texts(mailoutbox)), email_texts(mailoutbox)


@pytest.mark.parametrize("email", ["participante@example.org", "nadie@example.org"])
def test_password_reset_emails_say_tu(client, participant, mailoutbox, email):
    client.post("/cuenta/password/reset/", {"email": email})
    assert len(mailoutbox) == 1
    assert all(usted_forms(text) == [] for text in email_texts(mailoutbox)), email_texts(mailoutbox)


def test_the_page_a_reset_link_opens_says_tu(client, participant, mailoutbox):
    client.post("/cuenta/password/reset/", {"email": participant.email})
    link = re.search(r"https?://[^/\s]+(/cuenta/password/reset/key/\S+)", mailoutbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    refused = client.post(
        form_page.redirect_chain[-1][0], {"password1": PASSWORD, "password2": "otra-distinta-2026"}
    )
    assert "password1" in form_page.context["form"].fields
    assert usted_forms(text_of(form_page.content.decode())) == []
    assert usted_forms(text_of(refused.content.decode())) == []


def test_added_address_confirmation_email_says_tu(client, member, mailoutbox):
    login(client, member.user)
    client.post("/cuenta/email/", {"action_add": "", "email": "segunda@example.org"})
    assert len(mailoutbox) == 1
    assert all(usted_forms(text) == [] for text in email_texts(mailoutbox)), email_texts(mailoutbox)


def test_resent_confirmation_email_to_an_unconfirmed_account_says_tu(client, db, mailoutbox):
    user = make_user("sinconfirmar@example.org", verified=False)
    client.post("/cuenta/login/", {"login": user.email, "password": PASSWORD}, follow=True)
    assert len(mailoutbox) == 1
    assert all(usted_forms(text) == [] for text in email_texts(mailoutbox)), email_texts(mailoutbox)
    mail.outbox.clear()


# Spelling


def test_dates_name_their_month_in_lowercase(client, db):
    chapter = Chapter.objects.get(slug="houston")
    ChapterNews.objects.create(
        chapter=chapter,
        title="Reunión de junio",
        slug="reunion-de-junio",
        body="Texto.",
        published_at=datetime(2026, 6, 2, 12, tzinfo=ZoneInfo("America/Mexico_City")),
    )
    text = page_text(client, "/capitulos/houston/")
    assert "2 de junio de 2026" in text
    assert CAPITALISED_MONTH.findall(text) == []


def test_country_names_are_spelled_right(client, db):
    text = page_text(client, "/directorio/")
    assert "Trinidad y Tobago" in text
    assert "yTobago" not in text


def test_the_chapter_list_invites_members_to_propose_a_chapter_in_good_spelling(client, db):
    text = page_text(client, "/capitulos/")
    assert "proponlo" in text
    assert "propónlo" not in text


def test_a_usted_form_in_a_page_is_caught():
    # The checks above would pass on anything if the patterns matched nothing.
    assert len(usted_forms("¿Ya tiene una cuenta? Por favor inicie sesión.")) == 2
    assert usted_forms("Para confirmar que esto es correcto, vete a https://x") == ["vete a"]
    assert usted_forms("¿Ya tienes una cuenta? Inicia sesión. Ve a tu perfil.") == []
    assert CAPITALISED_MONTH.findall("2 de Junio de 2026") == ["Junio"]
