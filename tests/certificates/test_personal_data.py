"""Certificates in the data download and the deletion (/perfil/mis-datos/, /perfil/eliminar/)."""

import json

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from certificates.models import Certificate
from certificates.services import revoke
from tests.certificates.helpers import make_certificate
from tests.conftest import PASSWORD, login


def _download(client):
    response = client.get("/perfil/mis-datos/", {"descargar": "1"})
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))


def test_the_download_lists_my_certificates_and_those_i_revoked(
    client, member, other_member, ime_admin
):
    mine = make_certificate(member.user, kind="ponente", role="Ponente en «Salud digital»")
    revoked = make_certificate(member.user)
    revoke(certificate=revoked, by=ime_admin, reason="Error de registro")
    make_certificate(other_member.user)

    login(client, member.user)
    data = _download(client)

    listed = {entry["public_id"]: entry for entry in data["certificates"]}
    assert set(listed) == {mine.public_id, revoked.public_id}
    assert listed[mine.public_id]["kind"] == {"value": "ponente", "label": "Ponente"}
    assert listed[mine.public_id]["role"] == "Ponente en «Salud digital»"
    assert listed[mine.public_id]["starts_on"] == "2027-03-14"
    assert listed[mine.public_id]["revoked_at"] is None
    assert listed[revoked.public_id]["revocation_reason"] == "Error de registro"
    assert data["certificates_revoked_by_me"] == []

    login(client, ime_admin)
    by_ime = _download(client)
    assert by_ime["certificates"] == []
    assert [entry["public_id"] for entry in by_ime["certificates_revoked_by_me"]] == [
        revoked.public_id
    ]
    assert "Ana Miembro" not in json.dumps(by_ime["certificates_revoked_by_me"])


def test_deleting_my_account_deletes_my_certificates_and_their_traces(
    client, member, other_member, ime_admin
):
    mine = make_certificate(member.user)
    revoked = make_certificate(member.user)
    revoke(certificate=revoked, by=ime_admin, reason="Motivo que nombra a Ana Miembro")
    LogEntry.objects.log_actions(
        user_id=ime_admin.pk, queryset=[revoked], action_flag=CHANGE, change_message="[]"
    )
    theirs = make_certificate(other_member.user)
    login(client, member.user)

    response = client.post("/perfil/eliminar/", {"password": PASSWORD})

    assert response.status_code == 302
    assert list(Certificate.objects.all()) == [theirs]
    assert not Certificate.objects.filter(holder_name__icontains="Ana Miembro").exists()
    assert not Certificate.objects.filter(revocation_reason__icontains="Ana Miembro").exists()
    content_type = ContentType.objects.get_for_model(Certificate)
    reprs = LogEntry.objects.filter(content_type=content_type).values_list("object_repr", flat=True)
    assert all("Ana" not in text for text in reprs)
    # Its public check no longer exists.
    assert client.get(f"/certificados/{mine.public_id}/").status_code == 404


def test_deleting_the_account_of_ime_staff_keeps_their_revocations(client, member, ime_admin, db):
    certificate = make_certificate(member.user)
    revoke(certificate=certificate, by=ime_admin, reason="Duplicado")
    login(client, ime_admin)

    response = client.post("/perfil/eliminar/", {"password": PASSWORD})

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert (certificate.revoked_by_id, certificate.revocation_reason) == (None, "Duplicado")


def test_deleting_only_the_profile_keeps_the_accounts_certificates(member):
    from members.data_rights import delete_profile

    certificate = make_certificate(member.user)

    delete_profile(member=member)

    assert Certificate.objects.get().pk == certificate.pk


def test_the_data_pages_say_what_happens_to_my_certificates(client, member):
    login(client, member.user)

    download_page = client.get("/perfil/mis-datos/").content.decode()
    delete_page = client.get("/perfil/eliminar/").content.decode()

    assert "Tus certificados (de asistencia" in download_page
    assert "sus páginas públicas de verificación dejarán de existir" in delete_page
    assert 'href="/certificados/"' in delete_page
