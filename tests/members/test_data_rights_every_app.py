"""Data rights across apps: the download and the deletion reach what chapters and the PNCS hold."""

import json
import re
from datetime import date

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from chapters.models import Chapter, ChapterNews, ChapterProposal, ChapterRole, JoinRequest
from members.models import Member, MemberChange, StaffCapLift, User
from pncs.models import ContactPoint, WorkProgrammeActivity
from tests.conftest import PASSWORD, give_totp, login, make_chapter_leader

DOWNLOAD = "/perfil/mis-datos/"
DELETE = "/perfil/eliminar/"
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Written only into Ana's own texts: after the deletion no column of any table may hold it.
MARK = "Quimera-88"


def download(client):
    response = client.get(DOWNLOAD, {"descargar": "1"})
    assert response.status_code == 200
    return response, json.loads(response.content.decode("utf-8"))


def tables_containing(text):
    """(table, column) of every text-like column of the project's and allauth's tables, and the
    admin's log, that still holds `text`."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() "
            "AND (table_name ~ %s OR table_name = %s) "
            "AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')",
            [
                r"^(members|chapters|pncs|account|mfa|jornadas|internships|projects)_",
                "django_admin_log",
            ],
        )
        quote = connection.ops.quote_name
        for table, column in cursor.fetchall():
            cursor.execute(
                # Names come from the catalogue and are quoted.
                f"SELECT count(*) FROM {quote(table)} WHERE {quote(column)}::text ILIKE %s",  # noqa: S608
                [f"%{text}%"],
            )
            if cursor.fetchone()[0]:
                found.append((table, column))
    return found


@pytest.fixture
def ana(member, other_member, ime_admin):
    """`member` (Ana) holding data in every app: staff flags, PNCS, chapter leadership, requests,
    news and proposals, and traces in other people's records."""
    user = member.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    give_totp(user)
    group = Group.objects.create(name="Editores Quimera")
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="view_chapternews"))

    detroit, houston = Chapter.objects.get(slug="detroit"), Chapter.objects.get(slug="houston")
    ChapterRole.objects.create(chapter=detroit, user=user, role=ChapterRole.Role.COORDINATOR)
    houston_leader = make_chapter_leader("houston")
    JoinRequest.objects.create(
        chapter=houston,
        member=member,
        message=f"Quiero unirme a Houston ({MARK})",
        status=JoinRequest.Status.DECLINED,
        decided_at=timezone.now(),
        decided_by=houston_leader,
    )
    JoinRequest.objects.create(
        chapter=detroit,
        member=other_member,
        message="Hola, soy Beto",
        status=JoinRequest.Status.APPROVED,
        decided_at=timezone.now(),
        decided_by=user,
    )
    ChapterNews.objects.create(
        chapter=detroit, title="Taller de robótica", slug="taller", body="Texto.", author=user
    )
    ChapterProposal.objects.create(
        proposer=member,
        city="Quito",
        country="EC",
        founding_members=f"Carla y Daniel ({MARK})",
        purpose=f"Propósito pendiente {MARK}",
    )
    ChapterProposal.objects.create(
        proposer=member,
        city="Lima",
        country="PE",
        founding_members=f"Ana y Eva ({MARK})",
        purpose=f"Propósito revisado {MARK}",
        status=ChapterProposal.Status.REJECTED,
        reviewed_by=ime_admin,
        reviewed_at=timezone.now(),
    )
    ChapterProposal.objects.create(
        proposer=other_member,
        city="Bogotá",
        country="CO",
        founding_members="Beto y Fer",
        purpose="Propósito de Beto",
        status=ChapterProposal.Status.REJECTED,
        reviewed_by=user,
        reviewed_at=timezone.now(),
    )

    contact_point = ContactPoint.objects.create(name="PNCS Quimera", slug="pncs-quimera")
    contact_point.staff.add(user)
    other_point = ContactPoint.objects.create(name="PNCS Vecino", slug="pncs-vecino")
    WorkProgrammeActivity.objects.create(
        contact_point=contact_point,
        title="Pasantías de verano",
        line_of_work=WorkProgrammeActivity.LineOfWork.INTERNSHIPS,
        starts_on=date(2026, 3, 1),
        responsible=user,
    )
    linked = WorkProgrammeActivity.objects.create(
        contact_point=other_point,
        title="Comité de evaluación",
        line_of_work=WorkProgrammeActivity.LineOfWork.EVALUATION,
        starts_on=date(2026, 4, 1),
    )
    linked.members.add(member)

    StaffCapLift.objects.create(user=user, lifted_by=ime_admin, reason=f"Comité de Ana ({MARK})")
    StaffCapLift.objects.create(user=ime_admin, lifted_by=user, reason="Revisión anual")
    MemberChange.objects.create(member=other_member, changed_by=user, fields=["headline"])
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Chapter),
        object_id=str(detroit.pk),
        object_repr="Detroit",
        action_flag=CHANGE,
        change_message="[]",
    )
    member.bio = f"Biografía {MARK}"
    member.save()
    # Setting up the authenticator app ended the account's sessions (a new generation).
    user.refresh_from_db()
    return member


def test_download_holds_what_every_app_keeps_about_me(client, ana):
    login(client, ana.user)
    response, data = download(client)

    staff = data["account"]["staff"]
    assert (staff["is_staff"], staff["is_superuser"]) == (True, False)
    assert staff["groups"] == ["Editores Quimera"]
    assert staff["permissions"] == ["chapters.view_chapternews"]
    assert [(a["action"]["value"], a["record_type"]) for a in data["my_admin_actions"]] == [
        ("change", "capítulo")
    ]
    assert "Detroit" not in json.dumps(data["my_admin_actions"])  # the record's description
    [lift] = data["daily_limits_lifted"]
    assert (lift["reason"], lift["lifted_by"]) == (f"Comité de Ana ({MARK})", "IME Admin")
    [lifted] = data["daily_limits_lifted_by_me"]
    assert (lifted["account"], lifted["reason"]) == ("IME Admin", "Revisión anual")
    changes_made = data["profile_changes_made"]
    assert [(c["member"], c["fields"]) for c in changes_made] == [("Beto Otro Pérez", ["headline"])]

    chapters = data["chapters"]
    assert [(r["chapter"], r["role"]["value"]) for r in chapters["roles"]] == [
        ("Detroit", "coordinator")
    ]
    [request] = chapters["join_requests"]
    assert request["chapter"] == "Houston"
    assert request["message"] == f"Quiero unirme a Houston ({MARK})"
    assert request["status"]["value"] == "declined"
    assert request["decided_by"] == "Lidia Líder Campos"
    [decided] = chapters["join_requests_decided"]
    assert (decided["chapter"], decided["member"]) == ("Detroit", "Beto Otro Pérez")
    assert [news["title"] for news in chapters["news_written"]] == ["Taller de robótica"]
    proposals = {proposal["city"]: proposal for proposal in chapters["proposals"]}
    assert set(proposals) == {"Quito", "Lima"}
    assert proposals["Lima"]["purpose"] == f"Propósito revisado {MARK}"
    assert proposals["Lima"]["founding_members"] == f"Ana y Eva ({MARK})"
    assert proposals["Lima"]["reviewed_by"] == "IME Admin"
    [reviewed] = chapters["proposals_reviewed"]
    assert (reviewed["city"], reviewed["proposer"]) == ("Bogotá", "Beto Otro Pérez")

    pncs = data["pncs"]
    assert pncs["contact_points"] == ["PNCS Quimera"]
    assert [a["title"] for a in pncs["activities_responsible"]] == ["Pasantías de verano"]
    assert [(a["title"], a["contact_point"]) for a in pncs["activities_linked"]] == [
        ("Comité de evaluación", "PNCS Vecino")
    ]

    # Other people appear by name only.
    assert set(EMAIL_PATTERN.findall(response.content.decode())) == {"miembro@example.org"}


def test_download_of_a_person_without_data_elsewhere_has_empty_sections(client, participant):
    client.force_login(participant)
    _response, data = download(client)
    assert data["account"]["staff"] == {
        "is_staff": False,
        "is_superuser": False,
        "groups": [],
        "permissions": [],
    }
    assert all(value == [] for value in data["chapters"].values())
    assert all(value == [] for value in data["pncs"].values())


def test_deleting_the_account_erases_what_every_app_keeps(client, ana, other_member, ime_admin):
    user = ana.user
    assert tables_containing(MARK)  # the scan sees the marked texts
    login(client, user)

    response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert tables_containing(MARK) == []
    assert tables_containing("miembro@example.org") == []
    assert tables_containing("Ana Miembro") == []
    # Roles and join requests were the person's own: gone.
    assert not ChapterRole.objects.filter(chapter__slug="detroit").exists()
    assert list(JoinRequest.objects.values_list("member__full_name", flat=True)) == [
        "Beto Otro Pérez"
    ]
    # What belongs to a chapter or a contact point stays, without the person.
    assert ChapterNews.objects.get(slug="taller").author_id is None
    decided = JoinRequest.objects.get()
    assert (decided.status, decided.decided_by_id) == ("approved", None)
    # A reviewed proposal is IME's record of a decision: kept without who sent it or what it said;
    # a pending one was only the person's wish.
    lima = ChapterProposal.objects.get(city="Lima")
    assert (lima.proposer_id, lima.purpose, lima.founding_members) == (None, "", "")
    assert (lima.status, lima.reviewed_by_id) == ("rejected", ime_admin.pk)
    assert not ChapterProposal.objects.filter(city="Quito").exists()
    assert ChapterProposal.objects.get(city="Bogotá").reviewed_by_id is None
    # A lift of the daily limits is a staff log: kept, without the account or its reason.
    lift = StaffCapLift.objects.get(lifted_by=ime_admin)
    assert (lift.user_id, lift.reason) == (None, "")
    assert StaffCapLift.objects.get(user=ime_admin).lifted_by_id is None
    assert not ContactPoint.objects.get(slug="pncs-quimera").staff.exists()
    assert WorkProgrammeActivity.objects.get(title="Pasantías de verano").responsible_id is None
    assert not WorkProgrammeActivity.objects.get(title="Comité de evaluación").members.exists()
    assert Member.objects.filter(pk=other_member.pk).exists()


def test_admin_deleting_a_profile_erases_its_chapter_and_pncs_traces(ana):
    from members.data_rights import delete_profile

    delete_profile(member=ana)

    assert tables_containing(f"Propósito pendiente {MARK}") == []
    assert tables_containing(f"Quiero unirme a Houston ({MARK})") == []
    assert not WorkProgrammeActivity.objects.get(title="Comité de evaluación").members.exists()
    # The account stays, and so does what hangs from the account rather than the profile.
    assert ChapterRole.objects.filter(user=ana.user).exists()
    assert ContactPoint.objects.get(slug="pncs-quimera").staff.filter(pk=ana.user_id).exists()


def test_second_member_keeps_their_own_chapter_data(client, ana, other_member):
    login(client, ana.user)
    client.post(DELETE, {"password": PASSWORD})
    proposal = ChapterProposal.objects.get(city="Bogotá")
    assert (proposal.proposer_id, proposal.purpose) == (other_member.pk, "Propósito de Beto")
    assert JoinRequest.objects.get().message == "Hola, soy Beto"


def test_pages_say_what_the_other_apps_hold_and_what_deletion_does_with_it(client, member):
    client.force_login(member.user)
    download_page = client.get(DOWNLOAD).content.decode()
    assert "tus solicitudes para unirte (con tu mensaje)" in download_page
    assert "los PNCS a los que perteneces" in download_page
    delete_page = client.get(DELETE).content.decode()
    assert "Tus cargos en capítulos" in delete_page
    assert "Tus propuestas de capítulo ya revisadas" in delete_page
