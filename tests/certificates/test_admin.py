"""IME's admin for certificates: revoke in bulk with a reason (logged), download PDFs as a ZIP;
closed to PNCS staff and to IME staff without their second factor."""

import io
import zipfile

from django.contrib.admin.models import CHANGE, LogEntry

from certificates.models import Certificate
from certificates.services import revoke
from tests.certificates.helpers import make_certificate, pdf_text
from tests.conftest import give_totp, login

CHANGELIST = "/admin/certificates/certificate/"


def _action(client, action, certificates, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in certificates], **extra},
    )


def test_ime_revokes_in_bulk_after_giving_a_reason(client, member, other_member, ime_admin):
    first = make_certificate(member.user)
    second = make_certificate(other_member.user)
    untouched = make_certificate(member.user)
    login(client, ime_admin)

    asked = _action(client, "revoke_selected", [first, second])
    assert asked.status_code == 200
    assert "Motivo" in asked.content.decode()
    assert not Certificate.objects.revoked().exists()  # nothing until confirmed

    done = _action(
        client,
        "revoke_selected",
        [first, second],
        confirmar="Sí, revocar",
        reason="Asistencia no comprobada",
    )

    assert done.status_code == 302
    assert set(Certificate.objects.revoked()) == {first, second}
    first.refresh_from_db()
    assert (first.revoked_by, first.revocation_reason) == (ime_admin, "Asistencia no comprobada")
    assert not Certificate.objects.get(pk=untouched.pk).is_revoked
    entries = LogEntry.objects.filter(user=ime_admin, action_flag=CHANGE)
    assert sorted(int(e.object_id) for e in entries) == sorted([first.pk, second.pk])
    assert "Ana Miembro" not in " ".join(e.object_repr for e in entries)
    follow = client.get(CHANGELIST)
    assert "2 certificados revocados." in follow.content.decode()


def test_revoking_an_already_revoked_certificate_keeps_its_reason(client, member, ime_admin):
    certificate = make_certificate(member.user)
    revoke(certificate=certificate, by=ime_admin, reason="Primera")
    login(client, ime_admin)

    _action(client, "revoke_selected", [certificate], confirmar="Sí, revocar", reason="Otra")

    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Primera"
    assert not LogEntry.objects.exists()


def test_a_reason_longer_than_allowed_is_a_form_error(client, member, ime_admin):
    certificate = make_certificate(member.user)
    login(client, ime_admin)

    response = _action(
        client, "revoke_selected", [certificate], confirmar="Sí, revocar", reason="x" * 501
    )

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Certificate.objects.revoked().exists()


def test_ime_downloads_the_selected_valid_pdfs_as_a_zip(client, member, other_member, ime_admin):
    first = make_certificate(member.user)
    second = make_certificate(other_member.user)
    revoked = make_certificate(member.user)
    revoke(certificate=revoked, by=ime_admin)
    login(client, ime_admin)

    response = _action(client, "download_zip", [first, second, revoked])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == sorted(
        f"certificado-{c.public_id}.pdf" for c in (first, second)
    )
    assert "Beto Otro Pérez" in pdf_text(archive.read(f"certificado-{second.public_id}.pdf"))


def test_a_zip_of_only_revoked_certificates_is_refused_with_a_message(client, member, ime_admin):
    certificate = make_certificate(member.user)
    revoke(certificate=certificate, by=ime_admin)
    login(client, ime_admin)

    response = _action(client, "download_zip", [certificate])

    assert response.status_code == 302
    assert "Ninguno de los certificados seleccionados está vigente." in (
        client.get(CHANGELIST).content.decode()
    )


def test_pncs_staff_cannot_revoke_or_download(client, member, pncs_staff):
    certificate = make_certificate(member.user)
    give_totp(pncs_staff)
    login(client, pncs_staff)

    for response in (
        _action(client, "revoke_selected", [certificate], confirmar="Sí", reason="x"),
        _action(client, "download_zip", [certificate]),
        client.get(CHANGELIST),
    ):
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    assert not Certificate.objects.revoked().exists()


def test_ime_without_the_second_factor_this_session_cannot_revoke(client, member, ime_admin):
    certificate = make_certificate(member.user)
    client.force_login(ime_admin)  # password only

    response = _action(
        client, "revoke_selected", [certificate], confirmar="Sí, revocar", reason="x"
    )

    assert response.status_code == 302
    assert not Certificate.objects.revoked().exists()


def test_the_list_searches_and_filters_and_survives_garbage(client, member, ime_admin):
    kept = make_certificate(member.user, title="Jornada de Salud")
    gone = make_certificate(member.user, title="Jornada de Energía")
    revoke(certificate=gone, by=ime_admin)
    login(client, ime_admin)

    by_name = client.get(CHANGELIST, {"q": "Ana Miembro"}).content.decode()
    assert kept.public_id in by_name and gone.public_id in by_name
    by_id = client.get(CHANGELIST, {"q": kept.public_id}).content.decode()
    assert kept.public_id in by_id and gone.public_id not in by_id
    revoked_only = client.get(CHANGELIST, {"revocado": "si"}).content.decode()
    assert gone.public_id in revoked_only and kept.public_id not in revoked_only
    for garbage in ("\x00", "'; DROP TABLE certificates_certificate; --" * 40):
        assert client.get(CHANGELIST, {"q": garbage}).status_code == 200


def test_an_issued_certificate_is_read_only_and_cannot_be_deleted(client, member, ime_admin):
    certificate = make_certificate(member.user)
    login(client, ime_admin)
    change = f"{CHANGELIST}{certificate.pk}/change/"

    assert client.get(change).status_code == 200
    client.post(change, {"title": "Cambiado", "holder_name": "Otra Persona"})
    certificate.refresh_from_db()
    assert certificate.title != "Cambiado"
    assert client.get(f"{CHANGELIST}{certificate.pk}/delete/").status_code == 403


def test_ime_issues_a_certificate_by_hand(client, member, ime_admin):
    login(client, ime_admin)

    response = client.post(
        f"{CHANGELIST}add/",
        {
            "kind": "evaluacion",
            "holder": member.user.pk,
            "holder_name": "Ana Miembro Ruiz",
            "title": "Comité de evaluación de proyectos de innovación 2027",
            "starts_on": "2027-05-02",
            "issued_by_label": "Instituto de los Mexicanos en el Exterior",
        },
    )

    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert (certificate.kind, certificate.holder, certificate.source_key) == (
        "evaluacion",
        member.user,
        "",
    )
