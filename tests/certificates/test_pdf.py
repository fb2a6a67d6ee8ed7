"""The certificate's PDF: for its holder and IME only, refused once revoked."""

from certificates.services import revoke
from tests.certificates.helpers import EDITION_TITLE, make_certificate, pdf_text
from tests.conftest import login


def test_the_holder_downloads_a_pdf_with_name_public_id_and_link(client, member):
    certificate = make_certificate(member.user)
    login(client, member.user)

    response = client.get(certificate.get_pdf_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"certificado-{certificate.public_id}.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Ana Miembro Ruiz" in text
    assert certificate.public_id in text
    assert "Certificado de asistencia" in text
    assert "Tecnologías de la Información" in text
    assert "Ciudad de México, del 14 de marzo de 2027 al 15 de marzo de 2027" in text
    assert f"http://testserver/certificados/{certificate.public_id}/" in text


def test_another_member_gets_404_for_someone_elses_pdf(client, member, other_member):
    certificate = make_certificate(member.user)
    login(client, other_member.user)

    assert client.get(certificate.get_pdf_url()).status_code == 404


def test_pncs_staff_and_participants_get_404(client, member, pncs_staff, participant):
    certificate = make_certificate(member.user)
    for person in (pncs_staff, participant):
        login(client, person)
        assert client.get(certificate.get_pdf_url()).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, member):
    certificate = make_certificate(member.user)

    response = client.get(certificate.get_pdf_url())

    assert response.status_code == 302
    assert "/cuenta/login/" in response["Location"]


def test_ime_downloads_any_pdf(client, member, ime_admin):
    certificate = make_certificate(member.user)
    login(client, ime_admin)

    response = client.get(certificate.get_pdf_url())

    assert response.status_code == 200
    assert "Ana Miembro Ruiz" in pdf_text(response.content)


def test_ime_staff_signed_in_without_their_second_factor_get_404(client, member, ime_admin):
    certificate = make_certificate(member.user)
    client.force_login(ime_admin)  # password only: no staff rights in this session

    assert client.get(certificate.get_pdf_url()).status_code == 404


def test_a_revoked_certificate_has_no_pdf_and_says_why(client, member, ime_admin):
    certificate = make_certificate(member.user)
    revoke(certificate=certificate, by=ime_admin, reason="Error de registro")
    login(client, member.user)

    response = client.get(certificate.get_pdf_url(), follow=True)

    assert response.redirect_chain == [(certificate.get_absolute_url(), 302)]
    assert response["Content-Type"].startswith("text/html")
    assert "El IME revocó este certificado: ya no puede descargarse." in (response.content.decode())


def test_the_pdf_is_in_english_under_en_with_the_english_check_link(client, member):
    certificate = make_certificate(member.user)
    login(client, member.user)

    response = client.get(f"/en/certificados/{certificate.public_id}/pdf/")

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert f"http://testserver/en/certificados/{certificate.public_id}/" in text
    assert "March 14, 2027" in text


def test_names_beyond_latin_1_and_long_titles_still_render(client, member):
    member.user.full_name = "Łukasz Dvořák Ørsted Nguyễn Văn An"
    member.user.save(update_fields=["full_name"])
    certificate = make_certificate(member.user, title=EDITION_TITLE * 4, role="Rol " * 60)
    login(client, member.user)

    response = client.get(certificate.get_pdf_url())

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Dvorák Ørsted Nguyen Van An" in text  # ř and ễ lose what Helvetica lacks
    assert certificate.public_id in text


def test_the_pdf_answers_only_get_and_head(client, member):
    certificate = make_certificate(member.user)
    login(client, member.user)

    assert client.post(certificate.get_pdf_url()).status_code == 405
