"""The Django admin is in Spanish, titled for IME, and closed to everyone but staff."""

import pytest

from tests.conftest import login

ADMIN_PAGES = [
    "/admin/",
    "/admin/members/user/",
    "/admin/members/user/add/",
    "/admin/pncs/sector/",
    "/admin/chapters/chapter/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_ime_admin_opens_admin_pages(client, ime_admin, path):
    login(client, ime_admin)
    assert client.get(path).status_code == 200


def test_admin_is_in_spanish_and_titled_for_ime(client, ime_admin):
    login(client, ime_admin)
    html = client.get("/admin/").content.decode()
    assert "Red de Talentos Mexicanos · IME" in html
    assert 'lang="es-mx"' in html or 'lang="es-MX"' in html
    assert "Cerrar sesión" in html


def test_admin_search_finds_a_sector_with_garbage_safe(client, ime_admin):
    login(client, ime_admin)
    response = client.get("/admin/pncs/sector/", {"q": "Salud"})
    assert response.status_code == 200
    assert "Salud" in response.content.decode()
    response = client.get("/admin/pncs/sector/", {"q": "'; DROP TABLE pncs_sector; --" * 50})
    assert response.status_code == 200


def test_admin_adds_an_account_by_email(client, ime_admin):
    login(client, ime_admin)
    response = client.post(
        "/admin/members/user/add/",
        {
            "email": "nueva@example.org",
            "usable_password": "true",
            "password1": "otra-clave-muy-larga-2026",
            "password2": "otra-clave-muy-larga-2026",
        },
    )
    assert response.status_code == 302
    from members.models import User

    assert User.objects.filter(email="nueva@example.org").exists()


def test_signed_in_participant_is_sent_to_admin_login(client, participant):
    login(client, participant)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_visitor_is_sent_to_admin_login(client, db):
    response = client.get("/admin/pncs/sector/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
