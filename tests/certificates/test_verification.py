"""The public check of a certificate: genuine, revoked, or not found; never indexed."""

import pytest

from tests.certificates.helpers import EDITION_TITLE, make_certificate
from tests.conftest import login


def test_anyone_sees_that_a_certificate_is_genuine(client, member):
    certificate = make_certificate(member.user, kind="ponente", role="Ponente en «Datos abiertos»")

    response = client.get(f"/certificados/{certificate.public_id}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Certificado auténtico." in html
    for text in (
        "Ana Miembro Ruiz",
        "Certificado de participación como ponente",
        EDITION_TITLE,
        "Ponente en «Datos abiertos»",
        "14 de",
        "Instituto de los Mexicanos en el Exterior",
        certificate.public_id,
    ):
        assert text in html or text.replace("«", "&laquo;") in html, text
    assert "fue revocado" not in html
    assert "miembro@example.org" not in html


def test_the_check_is_kept_out_of_search_engines(client, member):
    certificate = make_certificate(member.user)

    response = client.get(certificate.get_absolute_url())

    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_revoked_certificate_says_so_with_date_and_reason(client, member, ime_admin):
    from certificates.services import revoke

    certificate = make_certificate(member.user)
    revoke(certificate=certificate, by=ime_admin, reason="La asistencia no se comprobó.")

    response = client.get(certificate.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Este certificado fue revocado." in html
    assert "La asistencia no se comprobó." in html
    assert "Certificado auténtico" not in html
    assert "IME Admin" not in html  # who revoked it is IME's business


def test_a_revoked_certificate_without_reason_shows_no_reason_line(client, member, ime_admin):
    from certificates.services import revoke

    certificate = make_certificate(member.user)
    revoke(certificate=certificate, by=ime_admin)

    html = client.get(certificate.get_absolute_url()).content.decode()

    assert "Este certificado fue revocado." in html
    assert "Motivo:" not in html


@pytest.mark.parametrize(
    "public_id",
    [
        "AAAAAAAAAAAAAAAAAAAAAA",  # well formed, never issued
        "x" * 5000,
        "abc",
        "'; DROP TABLE certificates_certificate; --",
        "%00" * 30,
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "..%2F..%2Fetc%2Fpasswd",
        "%E2%80%AE" * 10,
    ],
)
def test_unknown_or_forged_ids_are_not_found(client, member, public_id):
    make_certificate(member.user)

    assert client.get(f"/certificados/{public_id}/").status_code == 404
    assert client.get(f"/certificados/{public_id}/pdf/").status_code in (302, 404)


def test_a_forged_id_one_letter_off_is_not_found(client, member):
    certificate = make_certificate(member.user)
    last = certificate.public_id[-1]
    forged = certificate.public_id[:-1] + ("A" if last != "A" else "B")

    assert client.get(f"/certificados/{forged}/").status_code == 404


def test_the_check_is_in_english_under_en(client, member):
    certificate = make_certificate(member.user)

    response = client.get(f"/en/certificados/{certificate.public_id}/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Ana Miembro Ruiz" in response.content.decode()


def test_the_holder_finds_the_download_on_the_check_and_a_visitor_does_not(client, member):
    certificate = make_certificate(member.user)
    pdf_link = f'href="{certificate.get_pdf_url()}"'

    assert pdf_link not in client.get(certificate.get_absolute_url()).content.decode()
    login(client, member.user)
    assert pdf_link in client.get(certificate.get_absolute_url()).content.decode()


def test_the_check_only_answers_get_and_head(client, member):
    certificate = make_certificate(member.user)

    assert client.post(certificate.get_absolute_url()).status_code == 405
