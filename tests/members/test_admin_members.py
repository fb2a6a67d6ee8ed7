"""IME in the admin: members (search, filters, verification, CSV export, change history) and the
read-only audit logs."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import FileField, MultiWidget
from django.utils import timezone
from PIL import ExifTags, Image

from chapters.models import Chapter
from members.models import (
    AccountType,
    Consent,
    IntroductionRequest,
    Member,
    MemberChange,
    Skill,
    StaffAccess,
    User,
)
from pncs.models import Sector
from tests.conftest import login, make_member

MEMBERS = "/admin/members/member/"
AUDIT_LISTS = [
    "/admin/members/consent/",
    "/admin/members/introductionrequest/",
    "/admin/members/staffaccess/",
    "/admin/members/memberchange/",
]


@pytest.fixture
def ime(client, ime_admin):
    login(client, ime_admin)
    return client


@pytest.fixture
def members(member, other_member):
    member.organisation = "Laboratorio Nacional Quimera"
    member.country = "US"
    member.chapter = Chapter.objects.get(slug="houston")
    member.save()
    other_member.organisation = "Hospital del Norte"
    other_member.country = "CA"
    other_member.save()
    return member, other_member


def names_listed(response):
    html = response.content.decode()
    return {name for name in ("Ana Miembro Ruiz", "Beto Otro Pérez") if name in html}


def run_action(client, action, members, **extra):
    return client.post(
        MEMBERS,
        {"action": action, "_selected_action": [m.pk for m in members], **extra},
    )


def streamed_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return body, list(csv.reader(io.StringIO(body)))


def change_form_data(response):
    """The POST data of an admin change form as the browser would send it unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(inline.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, FileField):
                continue  # no new file
            if isinstance(field.widget, MultiWidget):
                for index, part in enumerate(field.widget.decompress(value)):
                    if part is not None:
                        data[f"{key}_{index}"] = part
            elif value is True:
                data[key] = "on"
            elif value not in (None, False):
                data[key] = value
    return data


# Who may enter


@pytest.mark.parametrize("path", [MEMBERS, f"{MEMBERS}add/", "/admin/members/skill/", *AUDIT_LISTS])
def test_visitor_is_sent_to_admin_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.parametrize("persona", ["participant", "member"])
def test_signed_in_non_staff_is_sent_to_admin_login(client, request, persona):
    user = request.getfixturevalue(persona)
    login(client, user if isinstance(user, User) else user.user)
    response = client.get(MEMBERS)
    assert response.status_code == 302
    assert "/admin/login/" in response.url


# Pages


def test_member_pages_open(ime, members):
    member = members[0]
    assert ime.get(MEMBERS).status_code == 200
    assert ime.get(f"{MEMBERS}add/").status_code == 200
    assert ime.get(f"{MEMBERS}{member.pk}/change/").status_code == 200
    assert ime.get(f"{MEMBERS}{member.pk}/delete/").status_code == 200


def test_member_list_has_no_email_column_but_has_the_badge_column(ime, members):
    html = ime.get(MEMBERS).content.decode()
    assert "miembro@example.org" not in html
    assert "column-verified_badge" in html


@pytest.mark.parametrize("path", AUDIT_LISTS)
def test_audit_lists_open_and_cannot_add(ime, members, pncs_staff, path):
    member = members[0]
    IntroductionRequest.objects.create(
        requester=pncs_staff, member=member, purpose="mentoring", message="Hola"
    )
    StaffAccess.objects.create(viewer=pncs_staff, member=member, kind="profile_view")
    MemberChange.objects.create(member=member, changed_by=pncs_staff, fields=["headline"])
    response = ime.get(path)
    assert response.status_code == 200
    assert ime.get(f"{path}add/").status_code == 403


def test_audit_records_open_read_only(ime, members, pncs_staff):
    consent = Consent.objects.filter(user=members[0].user).first()
    response = ime.get(f"/admin/members/consent/{consent.pk}/change/")
    assert response.status_code == 200
    assert ime.post(f"/admin/members/consent/{consent.pk}/change/", {}).status_code == 403
    assert (
        ime.post(f"/admin/members/consent/{consent.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Consent.objects.filter(pk=consent.pk).exists()


def test_staff_access_log_has_a_date_hierarchy(ime, members, pncs_staff):
    StaffAccess.objects.create(viewer=pncs_staff, member=members[0], kind="export", rows=3)
    year = timezone.now().year
    response = ime.get("/admin/members/staffaccess/", {"created_at__year": year, "kind": "export"})
    assert response.status_code == 200


# Search


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("miembro@example.org", {"Ana Miembro Ruiz"}),
        ("otro@example", {"Beto Otro Pérez"}),
        ("Quimera", {"Ana Miembro Ruiz"}),
        ("Beto", {"Beto Otro Pérez"}),
        ("nadie-se-llama-asi", set()),
    ],
)
def test_search_by_name_email_or_organisation(ime, members, term, expected):
    response = ime.get(MEMBERS, {"q": term})
    assert response.status_code == 200
    assert names_listed(response) == expected


GARBAGE = [
    "'; DROP TABLE members_member; --" * 50,
    "\x00\x01\x02",
    "%_%\\",
    "ñ" * 5000,
    '<script>alert("x")</script>',
    "🙂" * 100,
]


@pytest.mark.parametrize(
    "path", [MEMBERS, "/admin/members/user/", "/admin/members/skill/", *AUDIT_LISTS]
)
def test_garbage_search_answers_200(ime, members, path):
    for term in GARBAGE:
        response = ime.get(path, {"q": term})
        assert response.status_code == 200, term
        assert "<script>alert" not in response.content.decode()


# Filters


def test_each_filter_answers_200(ime, members):
    sector = Sector.objects.get(slug="tic")
    chapter = Chapter.objects.get(slug="houston")
    for params in [
        {"verificado": "si"},
        {"verificado": "no"},
        {"sectors__id__exact": sector.pk},
        {"chapter__id__exact": chapter.pk},
        {"country": "US"},
        {"listed_publicly__exact": "1"},
        {"findable_by_pncs__exact": "0"},
        {"visible_to_chapter__exact": "1"},
        {"noticias": "si"},
        {"noticias": "no"},
        {"user__account_type__exact": AccountType.TALENT},
        {"verificado": "garbage", "noticias": "'; --"},
        {"country": "ZZZZZ"},
    ]:
        response = ime.get(MEMBERS, params)
        assert response.status_code == 200, params


def test_filters_select_the_right_members(ime, members):
    member, other = members
    Member.objects.filter(pk=member.pk).update(verified_at=timezone.now())
    from members.consents import set_consent

    set_consent(user=other.user, purpose=Consent.Purpose.NEWS, granted=True)
    assert names_listed(ime.get(MEMBERS, {"verificado": "si"})) == {"Ana Miembro Ruiz"}
    assert names_listed(ime.get(MEMBERS, {"verificado": "no"})) == {"Beto Otro Pérez"}
    assert names_listed(ime.get(MEMBERS, {"country": "CA"})) == {"Beto Otro Pérez"}
    chapter = Chapter.objects.get(slug="houston")
    assert names_listed(ime.get(MEMBERS, {"chapter__id__exact": chapter.pk})) == {
        "Ana Miembro Ruiz"
    }
    assert names_listed(ime.get(MEMBERS, {"noticias": "si"})) == {"Beto Otro Pérez"}
    assert names_listed(ime.get(MEMBERS, {"noticias": "no"})) == {"Ana Miembro Ruiz"}


def test_member_list_has_a_fixed_number_of_queries(ime, members, django_assert_max_num_queries):
    for number in range(8):
        extra = make_member(f"Persona Número {number}", sectors=("tic", "salud"))
        extra.skills.add(Skill.objects.get_or_create(key=f"k{number}", name=f"K{number}")[0])
    with django_assert_max_num_queries(20):
        response = ime.get(MEMBERS)
    assert response.status_code == 200


# Verification


def test_verify_action_sets_verified_at_records_the_change_and_shows_the_badge(
    ime, ime_admin, members, client
):
    member, other = members
    response = run_action(ime, "verify_members", [member])
    assert response.status_code == 302
    member.refresh_from_db()
    other.refresh_from_db()
    assert member.is_verified and not other.is_verified
    change = MemberChange.objects.get(member=member)
    assert (change.fields, change.changed_by) == (["verified_at"], ime_admin)

    listing = ime.get(MEMBERS, {"verificado": "si"}).content.decode()
    assert "✔ Verificado" in listing
    profile = client.get(member.get_absolute_url())
    assert profile.status_code == 200
    assert "Perfil verificado por el IME" in profile.content.decode()


def test_verifying_again_keeps_the_first_date(ime, members):
    member = members[0]
    first = timezone.now() - timezone.timedelta(days=30)
    Member.objects.filter(pk=member.pk).update(verified_at=first)
    run_action(ime, "verify_members", [member])
    member.refresh_from_db()
    assert member.verified_at == first
    assert not MemberChange.objects.exists()


def test_unverify_action_removes_the_badge(ime, members, client):
    member = members[0]
    Member.objects.filter(pk=member.pk).update(verified_at=timezone.now())
    run_action(ime, "unverify_members", [member])
    member.refresh_from_db()
    assert member.verified_at is None
    assert MemberChange.objects.get(member=member).fields == ["verified_at"]
    assert (
        "Perfil verificado por el IME" not in client.get(member.get_absolute_url()).content.decode()
    )


# CSV export


def test_csv_export_streams_the_selection_without_email_addresses(ime, ime_admin, members):
    member = members[0]
    Member.objects.filter(pk=member.pk).update(verified_at=timezone.now())
    response = run_action(ime, "export_csv", members)
    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body, rows = streamed_csv(response)
    assert "@" not in body
    header, *data = rows
    assert header[0] == "nombre"
    assert [row[0] for row in data] == ["Ana Miembro Ruiz", "Beto Otro Pérez"]
    ana = data[0]
    assert "Laboratorio Nacional Quimera" in ana
    assert "Houston" in ana
    assert "Tecnologías de la Información y Comunicación" in ana
    assert ana[8] == timezone.localdate().isoformat()  # verified on
    assert data[1][8] == ""
    log = StaffAccess.objects.get(kind="export")
    assert (log.viewer, log.rows, log.member) == (ime_admin, 2, None)


def test_csv_cells_cannot_run_as_formulas(ime, members):
    member = members[0]
    member.organisation = '=HYPERLINK("http://evil.example","x")'
    member.save()
    _body, rows = streamed_csv(run_action(ime, "export_csv", [member]))
    assert rows[1][4].startswith("'=")


def test_csv_export_in_english_has_english_headers(client, ime_admin, members):
    login(client, ime_admin)
    response = client.post(
        "/en" + MEMBERS, {"action": "export_csv", "_selected_action": [members[0].pk]}
    )
    assert response.streaming is True
    _body, rows = streamed_csv(response)
    assert len(rows) == 2


# Change history


def test_saving_the_change_form_records_who_changed_which_fields(ime, ime_admin, members):
    member = members[0]
    page = ime.get(f"{MEMBERS}{member.pk}/change/")
    data = change_form_data(page)
    data["headline"] = "Nuevo titular"
    data["education-TOTAL_FORMS"] = "1"
    data.update(
        {
            "education-0-degree": "master",
            "education-0-field": "Física",
            "education-0-institution": "Universidad de Prueba",
            "education-0-year": "2010",
        }
    )
    response = ime.post(f"{MEMBERS}{member.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.headline == "Nuevo titular"
    assert member.education.count() == 1
    fields = {
        field for change in MemberChange.objects.filter(member=member) for field in change.fields
    }
    assert fields == {"headline", "education"}
    assert set(MemberChange.objects.values_list("changed_by", flat=True)) == {ime_admin.pk}

    history = ime.get(f"{MEMBERS}{member.pk}/change/").content.decode()
    assert "historial de cambios" in history.lower()
    assert "headline" in history


def test_changing_only_the_education_records_it(ime, ime_admin, members):
    member = members[0]
    data = change_form_data(ime.get(f"{MEMBERS}{member.pk}/change/"))
    data["education-TOTAL_FORMS"] = "1"
    data.update(
        {
            "education-0-degree": "doctorate",
            "education-0-field": "Química",
            "education-0-institution": "Universidad de Prueba",
        }
    )
    assert ime.post(f"{MEMBERS}{member.pk}/change/", data).status_code == 302
    assert MemberChange.objects.get(member=member).fields == ["education"]


def test_saving_without_changes_records_nothing(ime, members):
    member = members[0]
    data = change_form_data(ime.get(f"{MEMBERS}{member.pk}/change/"))
    response = ime.post(f"{MEMBERS}{member.pk}/change/", data)
    assert response.status_code == 302
    assert not MemberChange.objects.exists()


def test_consents_cannot_be_edited_in_the_admin(ime, members):
    member = members[0]
    data = change_form_data(ime.get(f"{MEMBERS}{member.pk}/change/"))
    data["findable_by_pncs"] = "on"
    ime.post(f"{MEMBERS}{member.pk}/change/", data)
    member.refresh_from_db()
    assert member.findable_by_pncs is False


def test_skill_list_opens(ime, members):
    members[0].skills.add(Skill.objects.create(name="Python", key="python"))
    response = ime.get("/admin/members/skill/", {"q": "pyth"})
    assert response.status_code == 200
    assert "Python" in response.content.decode()


def test_adding_a_skill_sets_its_key(ime, db):
    response = ime.post("/admin/members/skill/add/", {"name": "Análisis  de Datos"})
    assert response.status_code == 302
    assert Skill.objects.get().key == "analisis de datos"


# Deletion in the admin erases like the owner's own deletion


def test_deleting_an_account_in_the_admin_erases_its_personal_data(ime, members, pncs_staff):
    member = members[0]
    IntroductionRequest.objects.create(
        requester=pncs_staff, member=member, purpose="mentoring", message="Hola Ana Miembro"
    )
    MemberChange.objects.create(member=member, changed_by=pncs_staff, fields=["headline"])
    assert ime.get(f"/admin/members/user/{member.user_id}/delete/").status_code == 200
    response = ime.post(f"/admin/members/user/{member.user_id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.user_id).exists()
    assert IntroductionRequest.objects.get().message == ""
    assert Consent.objects.filter(user__isnull=True).exists()
    assert not LogEntry.objects.filter(object_repr__icontains="Ana").exists()


def test_deleting_a_profile_in_the_admin_keeps_the_account(ime, members, pncs_staff):
    member = members[0]
    IntroductionRequest.objects.create(
        requester=pncs_staff, member=member, purpose="mentoring", message="Hola Ana Miembro"
    )
    response = ime.post(f"{MEMBERS}{member.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    assert User.objects.filter(pk=member.user_id).exists()
    assert IntroductionRequest.objects.get().message == ""


def test_a_photo_cannot_be_uploaded_unprocessed_through_the_admin(ime, members, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = members[0]
    data = change_form_data(ime.get(f"{MEMBERS}{member.pk}/change/"))
    image = Image.new("RGB", (40, 40), (200, 10, 10))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "CamaraEspia"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    data["photo"] = SimpleUploadedFile("casa.jpg", buffer.getvalue(), content_type="image/jpeg")

    response = ime.post(f"{MEMBERS}{member.pk}/change/", data)

    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.photo
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]
