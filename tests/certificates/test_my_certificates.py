"""My certificates (/certificados/): the holder's own list, paged, in a fixed number of queries."""

from certificates.services import revoke
from tests.certificates.helpers import make_certificate
from tests.conftest import login

URL = "/certificados/"


def test_my_list_shows_my_certificates_and_not_others(client, member, other_member, ime_admin):
    mine = make_certificate(member.user, title="Jornada de Ana")
    revoked = make_certificate(member.user, title="Jornada revocada")
    revoke(certificate=revoked, by=ime_admin)
    theirs = make_certificate(other_member.user, title="Jornada de Beto")
    login(client, member.user)

    html = client.get(URL).content.decode()

    assert "Jornada de Ana" in html
    assert mine.get_absolute_url() in html
    assert mine.get_pdf_url() in html
    assert "Jornada revocada" in html
    assert revoked.get_pdf_url() not in html
    assert "Revocado" in html
    assert "Jornada de Beto" not in html
    assert theirs.public_id not in html


def test_an_empty_list_says_where_certificates_come_from(client, participant):
    login(client, participant)

    response = client.get(URL)

    assert response.status_code == 200
    assert "Aún no tienes certificados." in response.content.decode()


def test_a_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/cuenta/login/" in response["Location"]


def test_the_list_is_paged_and_survives_bad_page_numbers(client, member):
    for n in range(25):
        make_certificate(member.user, title=f"Actividad número {n:02d}")
    login(client, member.user)

    first = client.get(URL).content.decode()
    second = client.get(URL, {"pagina": "2"}).content.decode()

    assert "Página 1 de 2" in first
    assert first.count("Actividad número") == 20
    assert second.count("Actividad número") == 5
    for page in ("abc", "99999", "-1", "1" * 400, "\x00"):
        assert client.get(URL, {"pagina": page}).status_code == 200


def test_the_list_takes_as_many_queries_for_two_as_for_twenty(
    client, member, django_assert_max_num_queries
):
    login(client, member.user)
    make_certificate(member.user)
    make_certificate(member.user)
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200
    for _ in range(30):
        make_certificate(member.user)
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200


def test_the_list_is_in_english_under_en(client, member):
    make_certificate(member.user)
    login(client, member.user)

    response = client.get("/en/certificados/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_the_account_menu_links_to_my_certificates(client, participant):
    login(client, participant)

    assert f'href="{URL}"' in client.get("/").content.decode()
