"""The whole journey of a newcomer in a real browser: sign up, verify, onboard, build a profile,
and see it as a visitor does."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "una-clave-larga-y-segura-2026"


def test_newcomer_joins_builds_a_profile_and_is_seen_by_visitors(
    browser, page, live_server, mailoutbox
):
    page.goto(f"{live_server.url}/cuenta/signup/")
    page.get_by_label("Correo electrónico").fill("maria.nunez@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/cuenta/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("main").get_by_role("button").click()

    # Verified and signed in: the onboarding asks for the account type, then the consents.
    expect(page).to_have_url(re.compile(r"/perfil/bienvenida/$"))
    page.get_by_label("Talento mexicano en el exterior").check()
    page.get_by_label("Nombre completo").fill("María Núñez")
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_text("Aviso de privacidad simplificado").first).to_be_visible()
    page.get_by_label("Aparecer en el directorio público").check()
    page.get_by_role("button", name="Guardar y continuar").click()

    # The profile editor.
    expect(page).to_have_url(re.compile(r"/perfil/$"))
    page.get_by_label("Titular").fill("Ingeniera de materiales en Houston")
    page.get_by_label("Ciudad de residencia").fill("Houston")
    page.get_by_label("Organización actual").fill("Laboratorio de Polímeros")
    page.get_by_role("checkbox", name="Nanotecnología y Nuevos Materiales").check()
    page.get_by_role("main").locator("form.profile-form button[type=submit]").click()
    expect(page.get_by_role("status")).to_be_visible()

    # A visitor (new browser context, no cookies) sees the public profile.
    visitor = browser.new_context(locale="es-MX").new_page()
    visitor.goto(f"{live_server.url}/miembros/maria-nunez/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("María Núñez")
    expect(visitor.get_by_text("Ingeniera de materiales en Houston")).to_be_visible()
    expect(visitor.get_by_text("Laboratorio de Polímeros")).to_be_visible()
    assert "maria.nunez@example.org" not in visitor.content()
    visitor.context.close()
