"""Session materials: checked PDFs that speakers upload, stored privately, fetched only by the
session's speakers, IME and the sector's PNCS until the edition publishes them, every fetch
logged, files gone with their rows."""

import errno
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from jornadas.models import MaterialAccess, SessionMaterial
from members.models import Consent
from redtalentos.lib.documents import PrivateStorage
from tests.conftest import PASSWORD, give_totp, login, make_member, make_pncs_staff
from tests.full_disk import FullDiskStorage

from .helpers import add_speaker, make_edition, make_session, make_track

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"


def stored(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def pdf_bytes(pages=2):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=letter)
    for number in range(1, pages + 1):
        sheet.drawString(72, 720, f"Vacunas: lámina {number}")
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def javascript_pdf():
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_open_action(JavaScript("app.alert('hola');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def signin(client, user):
    """Signs in again after a sign-out, which ends the account's sessions (a new generation)."""
    user.refresh_from_db(fields=["session_generation"])
    login(client, user)


def upload(data, name="laminas.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def materials_url(session):
    return f"/jornadas/{session.edition.slug}/sesiones/{session.pk}/materiales/"


def download_url(material):
    return f"/jornadas/{material.session.edition.slug}/materiales/{material.uuid}/"


def delete_url(material):
    return download_url(material) + "eliminar/"


@pytest.fixture
def session(db):
    edition = make_edition(title="Jornada de Salud")
    return make_session(edition, make_track(edition, "salud"), title="Vacunas en México")


@pytest.fixture
def rosa(session):
    rosa = make_member(
        "Rosa Ponente",
        sectors=("salud",),
        consents=(Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH),
    )
    add_speaker(session, rosa)
    return rosa


@pytest.fixture
def pncs_salud(db):
    user = make_pncs_staff("salud@example.org", sectors=("salud",), name="PNCS Salud")
    give_totp(user)
    return user


@pytest.fixture
def pncs_tic(db):
    user = make_pncs_staff("tic@example.org", sectors=("tic",), name="PNCS TIC")
    give_totp(user)
    return user


def add(client, session, data, title="Láminas de la charla"):
    return client.post(materials_url(session), {"title": title, "file": upload(data)})


@pytest.fixture
def material(client, session, rosa):
    login(client, rosa.user)
    assert add(client, session, pdf_bytes()).status_code == 302
    client.logout()
    return SessionMaterial.objects.get()


# Uploading


def test_a_speaker_uploads_a_pdf_stored_privately(client, session, rosa, private_root):
    signin(client, rosa.user)
    assert client.get(materials_url(session)).status_code == 200

    data = pdf_bytes(pages=3)
    response = add(client, session, data)

    assert response.status_code == 302
    material = SessionMaterial.objects.get()
    assert material.session == session
    assert material.uploaded_by == rosa.user
    assert material.title == "Láminas de la charla"
    assert material.pages == 3
    assert not material.is_public
    (path,) = stored(private_root)
    assert path == private_root / material.file.name
    assert path.read_bytes() == data
    assert "laminas" not in path.name
    page = client.get(materials_url(session)).content.decode()
    assert "Láminas de la charla" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body>no soy un PDF</body></html>", "El archivo no es un PDF."),
        (javascript_pdf(), "El PDF contiene JavaScript"),
        (pdf_bytes() + b"%" + b"0" * (20 * MB), "el máximo es de 20 MB"),
    ],
    ids=["not-a-pdf", "javascript", "over-20-mb"],
)
def test_a_bad_file_is_refused_with_its_reason(client, session, rosa, private_root, data, message):
    signin(client, rosa.user)
    response = add(client, session, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionMaterial.objects.exists()
    assert stored(private_root) == []


def test_a_missing_title_or_file_is_a_form_error(client, session, rosa):
    signin(client, rosa.user)
    response = client.post(materials_url(session), {"title": ""})
    assert response.status_code == 200
    assert not SessionMaterial.objects.exists()


class FullPrivateStorage(FullDiskStorage, PrivateStorage):
    pass


def test_a_full_disk_is_a_form_error_and_leaves_nothing(
    client, session, rosa, private_root, monkeypatch
):
    field = SessionMaterial._meta.get_field("file")
    monkeypatch.setattr(
        field, "storage", FullPrivateStorage(bytes_that_fit=500, error=errno.ENOSPC)
    )
    signin(client, rosa.user)
    response = add(client, session, pdf_bytes())
    assert response.status_code == 503
    assert "el servidor no tiene espacio" in response.content.decode()
    assert not SessionMaterial.objects.exists()
    assert stored(private_root) == []


def test_others_cannot_upload(client, session, member, participant, pncs_tic, private_root):
    for user in (member.user, participant, pncs_tic):
        signin(client, user)
        assert client.get(materials_url(session)).status_code == 403
        assert add(client, session, pdf_bytes()).status_code == 403
    client.logout()
    assert "/cuenta/login/" in add(client, session, pdf_bytes()).url
    assert not SessionMaterial.objects.exists()
    assert stored(private_root) == []


# Fetching


def fetch(client, user, material):
    client.logout()
    if user is not None:
        signin(client, user)
    return client.get(download_url(material))


def test_before_publication_only_speakers_ime_and_the_sectors_pncs_fetch(
    client, private_root, material, rosa, ime_admin, pncs_salud, pncs_tic, member, participant
):
    for user in (rosa.user, ime_admin, pncs_salud):
        response = fetch(client, user, material)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Security-Policy"] == "sandbox"
        assert (
            b"".join(response.streaming_content) == (private_root / material.file.name).read_bytes()
        )
    for user in (pncs_tic, member.user, participant):
        assert fetch(client, user, material).status_code == 403
    response = fetch(client, None, material)
    assert response.status_code == 302
    assert "/cuenta/login/" in response.url


def test_after_publication_everyone_fetches_and_the_edition_lists_them(
    client, material, member, participant, pncs_tic
):
    edition = material.session.edition
    edition.materials_published = True
    edition.save()
    for user in (None, member.user, participant, pncs_tic):
        assert fetch(client, user, material).status_code == 200
    client.logout()
    html = client.get(edition.get_absolute_url()).content.decode()
    assert 'id="materiales"' in html
    assert download_url(material) in html
    assert MaterialAccess.objects.filter(role="public").count() == 4


def test_the_edition_page_lists_no_materials_before_publication(client, material):
    html = client.get(material.session.edition.get_absolute_url()).content.decode()
    assert download_url(material) not in html


def test_materials_of_a_draft_edition_are_404_to_outsiders(client, material, rosa, member):
    edition = material.session.edition
    edition.status = edition.Status.DRAFT
    edition.materials_published = True
    edition.save()
    assert fetch(client, None, material).status_code == 404
    assert fetch(client, member.user, material).status_code == 404
    assert fetch(client, rosa.user, material).status_code == 200


def test_every_fetch_is_logged_with_who_and_as_what(client, material, rosa, ime_admin, pncs_salud):
    fetch(client, rosa.user, material)
    fetch(client, ime_admin, material)
    fetch(client, pncs_salud, material)
    fetch(client, None, material)  # refused: not logged
    rows = list(MaterialAccess.objects.order_by("pk").values_list("viewer", "role"))
    assert rows == [(rosa.user.pk, "speaker"), (ime_admin.pk, "ime"), (pncs_salud.pk, "pncs")]


def test_an_unknown_material_is_404(client, rosa, session):
    signin(client, rosa.user)
    url = f"/jornadas/{session.edition.slug}/materiales/00000000-0000-0000-0000-000000000000/"
    assert client.get(url).status_code == 404
    assert client.get(f"/jornadas/{session.edition.slug}/materiales/no-uuid/").status_code == 404


def test_a_material_under_another_editions_slug_is_404(client, material, rosa):
    other = make_edition()
    signin(client, rosa.user)
    assert client.get(f"/jornadas/{other.slug}/materiales/{material.uuid}/").status_code == 404


# Deleting


def test_a_speaker_deletes_their_material_and_its_file(
    client, material, rosa, private_root, django_capture_on_commit_callbacks
):
    assert len(stored(private_root)) == 1
    signin(client, rosa.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(material))
    assert response.status_code == 302
    assert not SessionMaterial.objects.exists()
    assert stored(private_root) == []


def test_others_cannot_delete_a_material(
    client, material, session, member, pncs_salud, private_root, django_capture_on_commit_callbacks
):
    cospeaker = make_member("Otra Ponente")
    add_speaker(session, cospeaker, order=1)
    with django_capture_on_commit_callbacks(execute=True):
        for user in (cospeaker.user, member.user, pncs_salud):
            signin(client, user)
            assert client.post(delete_url(material)).status_code == 403
        client.logout()
        assert "/cuenta/login/" in client.post(delete_url(material)).url
    assert client.get(delete_url(material)).status_code == 405
    assert SessionMaterial.objects.count() == 1
    assert len(stored(private_root)) == 1


def test_deleting_a_session_takes_its_files(
    material, private_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        material.session.delete()
    assert stored(private_root) == []


# Lists with several rows


def test_the_materials_page_has_a_fixed_number_of_queries(
    client, session, rosa, django_assert_max_num_queries
):
    signin(client, rosa.user)
    for number in range(6):
        add(client, session, pdf_bytes(pages=1), title=f"Material {number}")
    with django_assert_max_num_queries(14):
        response = client.get(materials_url(session))
    assert response.content.decode().count("/eliminar/") == 6


def test_the_edition_page_lists_many_materials_in_few_queries(
    client, session, rosa, django_assert_max_num_queries
):
    other = make_session(session.edition, session.track, hour=12, title="Otra sesión")
    add_speaker(other, rosa)
    signin(client, rosa.user)
    for target in (session, other):
        for number in range(4):
            add(client, target, pdf_bytes(pages=1), title=f"{target.title} {number}")
    edition = session.edition
    edition.materials_published = True
    edition.save()
    client.logout()
    with django_assert_max_num_queries(12):
        html = client.get(edition.get_absolute_url()).content.decode()
    assert html.count("/materiales/") == 8


# Personal data


def test_the_download_holds_invitations_and_materials(
    client, material, rosa, ime_admin, django_capture_on_commit_callbacks
):
    from jornadas.models import SpeakerInvitation
    from members.models import IntroductionRequest

    other = make_session(material.session.edition, material.session.track, hour=15, title="Otra")
    introduction = IntroductionRequest.objects.create(
        requester=ime_admin, member=rosa, purpose="event", message="Ven a hablar"
    )
    SpeakerInvitation.objects.create(introduction=introduction, session=other)
    fetch(client, rosa.user, material)

    response = client.get("/perfil/mis-datos/", {"descargar": "1"})
    data = json.loads(response.content.decode())["jornadas"]
    (received,) = data["speaker_invitations_received"]
    assert received["session"] == "Otra"
    assert received["requester"] == "IME Admin"
    assert received["status"]["value"] == "pending"
    (uploaded,) = data["materials_uploaded"]
    assert uploaded["title"] == "Láminas de la charla"
    assert uploaded["session"] == "Vacunas en México"
    assert [row["as"]["value"] for row in data["materials_fetched"]] == ["speaker"]
    assert "@" not in json.dumps(data)

    signin(client, ime_admin)
    data = json.loads(client.get("/perfil/mis-datos/", {"descargar": "1"}).content.decode())
    (sent,) = data["jornadas"]["speaker_invitations_sent"]
    assert sent["member"] == "Rosa Ponente"


def test_deleting_the_account_deletes_the_materials_and_files(
    client, material, rosa, ime_admin, private_root, django_capture_on_commit_callbacks
):
    fetch(client, ime_admin, material)
    other = SessionMaterial.objects.create(
        session=material.session, uploaded_by=ime_admin, title="Programa", file="x/y.pdf"
    )
    signin(client, rosa.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/perfil/eliminar/", {"password": PASSWORD})
    assert response.status_code == 302
    assert list(SessionMaterial.objects.all()) == [other]
    assert stored(private_root) == []
    assert not MaterialAccess.objects.exists()  # the fetches of a deleted material go with it


def test_a_deleted_viewer_leaves_the_fetch_without_a_name(client, material, member):
    edition = material.session.edition
    edition.materials_published = True
    edition.save()
    fetch(client, member.user, material)
    signin(client, member.user)
    client.post("/perfil/eliminar/", {"password": PASSWORD})
    access = MaterialAccess.objects.get()
    assert access.viewer is None
    assert access.role == "public"


# Admin


def test_ime_lists_materials_by_edition_and_downloads_through_the_checked_view(
    client, material, ime_admin
):
    signin(client, ime_admin)
    response = client.get(
        "/admin/jornadas/sessionmaterial/",
        {"session__edition__id__exact": material.session.edition_id},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Láminas de la charla" in html
    assert download_url(material) in html
    assert client.get(download_url(material)).status_code == 200
    assert MaterialAccess.objects.get().role == "ime"


def test_the_materials_page_answers_in_english(client, session, rosa):
    signin(client, rosa.user)
    response = client.get("/en" + materials_url(session))
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
