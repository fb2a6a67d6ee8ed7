"""Data rights (ARCO): downloading my data and deleting my account, checked in the database."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client

from chapters.models import Chapter
from members.data_rights import delete_account, export_user_data
from members.models import (
    Consent,
    Education,
    IntroductionRequest,
    Member,
    MemberChange,
    StaffAccess,
    User,
)
from members.profiles import skills_for_names
from tests.conftest import PASSWORD, login, make_member

DOWNLOAD = "/perfil/mis-datos/"
DELETE = "/perfil/eliminar/"
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def download(client):
    response = client.get(DOWNLOAD, {"descargar": "1"})
    assert response.status_code == 200
    return response, json.loads(response.content.decode("utf-8"))


def signed_in(client):
    return client.get("/").wsgi_request.user.is_authenticated


def columns_containing(texts):
    """(table, column, text) for every text-like column of the members tables, the email
    addresses and the admin's log that still holds one of `texts`."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() "
            "AND (table_name LIKE %s OR table_name IN (%s, %s)) "
            "AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')",
            ["members\\_%", "account_emailaddress", "django_admin_log"],
        )
        columns = cursor.fetchall()
        assert len(columns) > 20  # the scan really looks at the tables
        quote = connection.ops.quote_name
        for table, column in columns:
            for text in texts:
                cursor.execute(
                    # Names come from the catalogue and are quoted.
                    f"SELECT count(*) FROM {quote(table)} WHERE {quote(column)}::text ILIKE %s",  # noqa: S608
                    [f"%{text}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column, text))
    return found


@pytest.fixture
def rich_member(member, other_member, pncs_staff, ime_admin, settings, tmp_path):
    """`member` with everything the portal can hold about a person, and traces in others' data."""
    settings.MEDIA_ROOT = tmp_path
    member.headline = "Titular único Quimera-77"
    member.bio = "Biografía única Quimera-77: robots de almacén."
    member.organisation = "Organización Quimera-77"
    member.city = "San José, California"
    member.country = "US"
    member.chapter = Chapter.objects.get(slug="silicon-valley")
    member.languages = ["es", "en"]
    member.contribution_offers = ["projects", "company_mentoring"]
    member.photo.name = default_storage.save("members/photos/ana.webp", ContentFile(b"big"))
    member.photo_small.name = default_storage.save(
        "members/photos/ana-small.webp", ContentFile(b"small")
    )
    member.save()
    member.skills.set(skills_for_names(["Robótica Quimera-77", "Python"]))
    other_member.skills.set(skills_for_names(["Python"]))
    Education.objects.create(
        member=member, degree="master", field="Robótica", institution="Pacific U", year=2012
    )
    IntroductionRequest.objects.create(
        requester=member.user,
        member=other_member,
        purpose="mentoring",
        message="Hola Beto, soy Ana Miembro Ruiz: ¿hablamos?",
    )
    IntroductionRequest.objects.create(
        requester=pncs_staff,
        member=member,
        purpose="evaluation",
        message="Mensaje para Ana Miembro Ruiz del PNCS",
        status="accepted",
    )
    IntroductionRequest.objects.create(
        requester=other_member.user, member=member, purpose="project", message="Hola Ana"
    )
    StaffAccess.objects.create(
        viewer=pncs_staff, member=member, kind="profile_view", detail={"slug": member.slug}
    )
    StaffAccess.objects.create(
        viewer=pncs_staff, kind="export", rows=2, detail={"names": ["Ana Miembro Ruiz", "Beto"]}
    )
    MemberChange.objects.create(member=member, changed_by=ime_admin, fields=["verified_at"])
    LogEntry.objects.create(
        user=ime_admin,
        content_type=ContentType.objects.get_for_model(Member),
        object_id=str(member.pk),
        object_repr="Ana Miembro Ruiz",
        action_flag=CHANGE,
        change_message="Ana Miembro Ruiz",
    )
    member.refresh_from_db()
    return member


# Who may open the pages


@pytest.mark.parametrize("path", [DOWNLOAD, f"{DOWNLOAD}?descargar=1", DELETE])
def test_visitor_is_sent_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_visitor_cannot_delete_anything_by_posting(client, member):
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")
    assert User.objects.filter(pk=member.user_id).exists()


# Access: downloading my data


def test_download_page_explains_the_file_and_links_to_it(client, member):
    login(client, member.user)
    response = client.get(DOWNLOAD)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "?descargar=1" in html
    assert "Tu historial de consentimientos" in html


def test_download_page_is_in_english_under_en(client, member):
    login(client, member.user)
    response = client.get("/en" + DOWNLOAD)
    assert response.status_code == 200


def test_download_is_a_pretty_utf8_json_attachment(client, rich_member):
    login(client, rich_member.user)
    response, _data = download(client)
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="mis-datos-red-talentos.json"'
    body = response.content.decode("utf-8")
    assert "\n  " in body  # indented
    assert "Biografía única" in body  # accents as they are, not \u escapes
    assert "no-store" in response["Cache-Control"]


def test_download_holds_account_profile_consents_requests_and_staff_views(client, rich_member):
    login(client, rich_member.user)
    _response, data = download(client)

    assert data["account"]["email"] == "miembro@example.org"
    assert data["account"]["account_type"]["value"] == "talent"
    assert data["account"]["date_joined"]

    profile = data["profile"]
    assert profile["full_name"] == "Ana Miembro Ruiz"
    assert profile["bio"] == "Biografía única Quimera-77: robots de almacén."
    assert profile["chapter"] == "Silicon Valley"
    assert profile["sectors"] == ["Tecnologías de la Información y Comunicación"]
    assert sorted(profile["skills"]) == ["Python", "Robótica Quimera-77"]
    assert profile["education"][0]["institution"] == "Pacific U"
    assert [language["value"] for language in profile["languages"]] == ["es", "en"]
    assert set(profile["visibility"]) == set(Member.FIELD_GROUPS)
    assert profile["consents_in_force"]["listed_publicly"] is True

    assert [(c["purpose"]["value"], c["granted"]) for c in data["consents"]] == [
        ("public_listing", True)
    ]
    assert data["consents"][0]["notice_version"] == settings.PRIVACY_NOTICE_VERSION

    sent = data["introductions_sent"]
    assert [(r["to"], r["purpose"]["value"]) for r in sent] == [("Beto Otro Pérez", "mentoring")]
    received = {r["purpose"]["value"]: r for r in data["introductions_received"]}
    assert received["evaluation"]["from"] == "Personal PNCS"
    assert received["evaluation"]["from_institutions"] == ["PNCS de prueba"]
    assert received["evaluation"]["status"]["value"] == "accepted"
    assert received["project"]["from"] == "Beto Otro Pérez"

    views = data["staff_views_of_my_profile"]
    assert [(v["viewer"], v["institutions"], v["kind"]["value"]) for v in views] == [
        ("Personal PNCS", ["PNCS de prueba"], "profile_view")
    ]
    assert data["profile_changes"][0]["by"] == "IME Admin"


def test_download_holds_no_other_persons_email(client, rich_member):
    login(client, rich_member.user)
    response, _data = download(client)
    assert set(EMAIL_PATTERN.findall(response.content.decode())) == {"miembro@example.org"}


def test_download_holds_nothing_of_another_member(client, member, other_member):
    other_member.bio = "Secreto de Beto"
    other_member.save()
    login(client, member.user)
    response, _data = download(client)
    assert "Secreto de Beto" not in response.content.decode()


def test_participant_downloads_the_account_part_without_a_profile(client, participant):
    login(client, participant)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    _response, data = download(client)
    assert data["account"]["email"] == "participante@example.org"
    assert data["profile"] is None
    assert data["introductions_received"] == []


def test_export_is_json_serialisable_for_every_persona(member, participant, pncs_staff, ime_admin):
    for user in (member.user, participant, pncs_staff, ime_admin):
        json.dumps(export_user_data(user))


def test_download_page_refuses_post(client, member):
    login(client, member.user)
    assert client.post(DOWNLOAD).status_code == 405


# Cancellation: deleting my account


def test_delete_page_explains_and_asks_for_the_password(client, member):
    login(client, member.user)
    response = client.get(DELETE)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'type="password"' in html
    assert 'autocomplete="current-password"' in html
    assert "Qué se conserva sin datos personales" in html


@pytest.mark.parametrize(
    "password",
    ["no-es-la-clave", "", " " + PASSWORD, "x" * 100_000, "\x00' OR 1=1 --", PASSWORD.upper()],
)
def test_wrong_or_garbage_password_deletes_nothing(client, rich_member, password):
    login(client, rich_member.user)
    response = client.post(DELETE, {"password": password})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert Member.objects.filter(pk=rich_member.pk).exists()
    assert User.objects.filter(pk=rich_member.user_id).exists()
    assert IntroductionRequest.objects.exclude(message="").count() == 3
    assert default_storage.exists(rich_member.photo.name)
    assert signed_in(client)


def test_empty_post_is_a_form_error(client, member):
    login(client, member.user)
    response = client.post(DELETE, {})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()


def test_guessing_the_password_is_cut_short(client, member):
    login(client, member.user)
    statuses = [client.post(DELETE, {"password": f"intento-{n}"}).status_code for n in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    # Even the right password waits: nothing is deleted while the limit holds.
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 429
    assert "Has intentado demasiadas veces" in response.content.decode()
    assert User.objects.filter(pk=member.user_id).exists()


def test_deletion_leaves_no_personal_data_behind(
    client, rich_member, django_capture_on_commit_callbacks
):
    user, slug = rich_member.user, rich_member.slug
    photos = [rich_member.photo.name, rich_member.photo_small.name]
    traces = ["miembro@example.org", "Ana Miembro", "Quimera-77", slug]
    assert {text for _table, _column, text in columns_containing(traces)} == set(traces)
    login(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Member.objects.filter(pk=rich_member.pk).exists()
    assert not EmailAddress.objects.filter(email__iexact="miembro@example.org").exists()
    assert not Education.objects.filter(member_id=rich_member.pk).exists()
    assert not MemberChange.objects.filter(member_id=rich_member.pk).exists()
    for name in photos:
        assert not default_storage.exists(name)
    # Nothing that names the person is left in any text column.
    assert columns_containing(traces) == []


def test_deletion_keeps_anonymised_records(client, rich_member, other_member, pncs_staff):
    user = rich_member.user
    consents_before = Consent.objects.filter(user=user).count()
    login(client, user)
    client.post(DELETE, {"password": PASSWORD})

    anonymous_consents = Consent.objects.filter(user__isnull=True)
    assert anonymous_consents.count() == consents_before
    assert anonymous_consents.get().purpose == "public_listing"

    sent = IntroductionRequest.objects.get(purpose="mentoring")
    assert (sent.requester_id, sent.member_id, sent.message) == (None, other_member.pk, "")
    accepted = IntroductionRequest.objects.get(purpose="evaluation")
    assert (accepted.requester_id, accepted.member_id) == (pncs_staff.pk, None)
    assert (accepted.status, accepted.message) == ("accepted", "")

    view = StaffAccess.objects.get(kind="profile_view")
    assert (view.viewer_id, view.member_id, view.rows, view.detail) == (pncs_staff.pk, None, 1, {})
    export = StaffAccess.objects.get(kind="export")
    assert (export.rows, export.detail) == (2, {})

    assert LogEntry.objects.get().object_repr.startswith("#")


def test_deletion_signs_out_shows_a_message_and_the_account_cannot_sign_in(client, rich_member):
    slug = rich_member.slug
    login(client, rich_member.user)
    response = client.post(DELETE, {"password": PASSWORD}, follow=True)
    assert "Eliminamos tu cuenta y tus datos personales" in response.content.decode()
    assert not signed_in(client)
    assert client.get(f"/miembros/{slug}/").status_code == 404
    assert client.get(DOWNLOAD).status_code == 302
    client.post("/cuenta/login/", {"login": "miembro@example.org", "password": PASSWORD})
    assert not signed_in(client)


def test_deletion_ends_the_accounts_other_sessions(client, member):
    other_device = Client()
    login(other_device, member.user)
    login(client, member.user)
    client.post(DELETE, {"password": PASSWORD})
    assert not signed_in(other_device)


def test_deleted_member_leaves_every_listing_at_once(client, member, other_member):
    login(client, member.user)
    client.post(DELETE, {"password": PASSWORD})
    assert list(Member.objects.listed_publicly()) == [other_member]
    assert list(Member.objects.findable_by_pncs()) == []


def test_deletion_leaves_other_members_and_shared_skills_alone(client, rich_member, other_member):
    login(client, rich_member.user)
    client.post(DELETE, {"password": PASSWORD})
    other_member.refresh_from_db()
    assert [skill.name for skill in other_member.skills.all()] == ["Python"]
    assert User.objects.filter(pk=other_member.user_id).exists()
    assert Consent.objects.filter(user=other_member.user).exists()


def test_participant_deletes_their_account(client, participant):
    login(client, participant)
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="participante@example.org").exists()
    assert columns_containing(["participante@example.org", "Luis Participante"]) == []


def test_delete_account_service_works_for_staff_accounts(pncs_staff, member):
    StaffAccess.objects.create(viewer=pncs_staff, member=member, kind="profile_view")
    delete_account(user=pncs_staff)
    assert StaffAccess.objects.get().viewer_id is None
    assert Member.objects.filter(pk=member.pk).exists()


def test_second_member_with_the_same_name_is_not_blanked(client, member):
    namesake = make_member("Ana Miembro Ruiz", email="tocaya@example.org")
    namesake.bio = "Soy otra persona"
    namesake.save()
    login(client, member.user)
    client.post(DELETE, {"password": PASSWORD})
    namesake.refresh_from_db()
    assert namesake.bio == "Soy otra persona"
