"""Who sees what on a profile page: each field group, visibility and viewer role."""

import pytest
from django.db import transaction
from django.test import Client

from chapters.models import Chapter
from members.models import Consent, Education, Member, Skill, StaffAccess, Visibility
from tests.conftest import (
    give_totp,
    login,
    make_member,
    make_pncs_staff,
    make_user,
    page_generation_per_statement,
)

# Marked as database tests so that they run before the transactional ones, which leave the
# database empty (without the sectors of the data migrations) when they finish.
pytestmark = pytest.mark.django_db

GROUPS = list(Member.FIELD_GROUPS)
VISIBILITIES = list(Visibility)
ROLES = [
    "visitor",
    "participant",
    "member",
    "chapter_mate",
    "pncs_same_sector",
    "pncs_other_sector",
    "ime_admin",
    "owner",
]

# What each role may see of a member who consented to every purpose, by the rules of the issue
# (written out here, not computed by members.permissions, so that the test checks the rules).
VISITOR, MEMBER, STAFF, OWNER = 0, 1, 2, 3
LEVEL_WHEN_LISTED = {
    "visitor": VISITOR,
    "participant": VISITOR,
    "member": MEMBER,
    "chapter_mate": MEMBER,
    "pncs_same_sector": STAFF,
    "pncs_other_sector": VISITOR,
    "ime_admin": OWNER,
    "owner": OWNER,
}
# The same member without the public-listing consent: outsiders get a 404 (None).
LEVEL_WHEN_UNLISTED = {
    **LEVEL_WHEN_LISTED,
    "visitor": None,
    "participant": None,
    "member": None,
    "pncs_other_sector": None,
}
NEEDED = {
    Visibility.PUBLIC: VISITOR,
    Visibility.MEMBERS: MEMBER,
    Visibility.STAFF: STAFF,
    Visibility.PRIVATE: OWNER,
}

# A text that only that group's content puts on the page.
MARKERS = {
    "photo": "marcador-foto",
    "about": "marcador-biografia",
    "location": "marcador-ciudad",
    "work": "marcador-organizacion",
    "expertise": "marcador-habilidad",
    "education": "marcador-institucion",
    "languages": "Náhuatl",
    "links": "marcador-enlace",
    "chapter": "Capítulo marcador",
}


def build_world(*, listed):
    """A member with content in every group, and one account per viewer role."""
    chapter = Chapter.objects.create(
        name="Capítulo marcador", slug="capitulo-marcador", city="Toronto", country="CA"
    )
    consents = [Consent.Purpose.PNCS_SEARCH, Consent.Purpose.CHAPTER]
    if listed:
        consents.append(Consent.Purpose.PUBLIC_LISTING)
    member = make_member(
        "Marta Visible",
        email="marta@example.org",
        sectors=("salud",),
        consents=consents,
        chapter=chapter,
        photo="members/photos/marcador-foto.webp",
        bio="Texto marcador-biografia.",
        city="marcador-ciudad",
        country="CA",
        organisation="marcador-organizacion",
        position="Investigadora",
        languages=["nah"],
        website="https://marcador-enlace.example.org/",
    )
    member.skills.add(Skill.objects.create(name="marcador-habilidad", key="marcador-habilidad"))
    Education.objects.create(
        member=member, degree="doctorate", field="Biología", institution="marcador-institucion"
    )
    mate = make_member("Carla Capítulo", consents=(), chapter=chapter)
    viewers = {
        "visitor": None,
        "participant": make_user(account_type="student"),
        "member": make_member("Otro Miembro", consents=()).user,
        "chapter_mate": mate.user,
        "pncs_same_sector": with_mfa(make_pncs_staff(sectors=("salud",), name="PNCS Salud")),
        "pncs_other_sector": with_mfa(
            make_pncs_staff(sectors=("automotriz",), name="PNCS Automotriz")
        ),
        "ime_admin": with_mfa(make_user(is_staff=True, is_superuser=True)),
        "owner": member.user,
    }
    return member, viewers


def with_mfa(user):
    give_totp(user)
    return user


def page_as(viewer, member):
    # A new client per viewer: signing out would end the viewer's sessions everywhere.
    client = Client()
    if viewer is not None:
        login(client, viewer)
    return client.get(member.get_absolute_url())


def visibilities_in(rotation):
    """Every group gets a visibility; over the four rotations each group gets all four."""
    return {
        group: VISIBILITIES[(index + rotation) % len(VISIBILITIES)]
        for index, group in enumerate(GROUPS)
    }


def rotation_giving(group, visibility):
    return (VISIBILITIES.index(visibility) - GROUPS.index(group)) % len(VISIBILITIES)


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """{(listed, rotation, role): (status, html)}: the profile page as each role sees it.

    Fetched once for the whole matrix (64 requests for 576 cases), in transactions that are
    rolled back at once: no data outlives the fixture.
    """
    seen = {}
    with django_db_blocker.unblock():
        for listed in (True, False):
            with transaction.atomic():
                page_generation_per_statement()
                member, viewers = build_world(listed=listed)
                for rotation in range(len(VISIBILITIES)):
                    Member.objects.filter(pk=member.pk).update(
                        **{f"visibility_{g}": v for g, v in visibilities_in(rotation).items()}
                    )
                    for role in ROLES:
                        response = page_as(viewers[role], member)
                        seen[listed, rotation, role] = (
                            response.status_code,
                            response.content.decode(),
                        )
                transaction.set_rollback(True)
    return seen


@pytest.mark.parametrize("listed", [True, False], ids=["listed", "unlisted"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", VISIBILITIES, ids=[v.value for v in VISIBILITIES])
@pytest.mark.parametrize("group", GROUPS)
def test_a_role_sees_a_group_only_when_its_visibility_allows(
    pages, group, visibility, role, listed
):
    status, html = pages[listed, rotation_giving(group, visibility), role]
    level = (LEVEL_WHEN_LISTED if listed else LEVEL_WHEN_UNLISTED)[role]
    if level is None:
        assert status == 404
        return
    assert status == 200
    assert "Marta Visible" in html
    assert (MARKERS[group] in html) == (level >= NEEDED[visibility])
    assert "marta@example.org" not in html


def test_the_matrix_covers_every_group_with_every_visibility():
    combinations = {
        (group, visibility)
        for rotation in range(len(VISIBILITIES))
        for group, visibility in visibilities_in(rotation).items()
    }
    assert len(combinations) == len(GROUPS) * len(VISIBILITIES)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_gets_the_note_on_who_sees_what(pages, role):
    _status, html = pages[True, 0, role]
    assert ("Quién ve cada parte de tu perfil" in html) == (role == "owner")
    assert ("Editar mi perfil" in html) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_introduction_link_only_for_members_and_pncs_staff_who_are_not_the_owner(pages, role):
    _status, html = pages[True, 0, role]
    expected = role in {"member", "chapter_mate", "pncs_same_sector", "pncs_other_sector"}
    assert ("/presentacion/" in html) == expected
    assert ("Solicitar presentación" in html) == expected


def test_only_staff_level_views_by_pncs_staff_and_ime_are_logged(db):
    member, viewers = build_world(listed=True)
    for role in ROLES:
        page_as(viewers[role], member)
        logged = list(StaffAccess.objects.all())
        if role in {"pncs_same_sector", "ime_admin"}:
            assert [(a.viewer, a.member, a.kind) for a in logged] == [
                (viewers[role], member, StaffAccess.Kind.PROFILE_VIEW)
            ]
            StaffAccess.objects.all().delete()
        else:
            assert logged == [], role


def test_chapter_mates_do_not_see_a_member_without_chapter_consent(client, db):
    chapter = Chapter.objects.get(slug="houston")
    member = make_member("Sin Consentimiento", consents=(), chapter=chapter)
    mate = make_member("Compa Capítulo", consents=(), chapter=chapter)
    assert page_as(mate.user, member).status_code == 404


def test_deactivated_member_is_hidden_from_everyone_but_owner_and_ime(client, db):
    member, viewers = build_world(listed=True)
    member.user.is_active = False
    member.user.save()
    for role in ROLES:
        if role in {"owner", "ime_admin"}:
            continue
        assert page_as(viewers[role], member).status_code == 404, role


def test_unknown_slug_is_404(client, db):
    assert client.get("/miembros/nadie-con-este-nombre/").status_code == 404
    assert client.get("/miembros/" + "a" * 300 + "/").status_code == 404


def test_profile_page_works_in_english(client, db):
    member, _viewers = build_world(listed=True)
    response = client.get("/en" + member.get_absolute_url())
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_pncs_staff_without_mfa_see_a_profile_as_anyone_else(client, db):
    member = make_member(
        "Rosa Experta",
        sectors=("salud",),
        visibility_work=Visibility.STAFF,
        organisation="organizacion-solo-personal",
        consents=(Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH),
    )
    staff = make_pncs_staff(sectors=("salud",), name="PNCS Salud sin MFA")
    login(client, staff)
    html = client.get(member.get_absolute_url()).content.decode()
    assert "organizacion-solo-personal" not in html
    assert not StaffAccess.objects.filter(viewer=staff).exists()
    # An app set up elsewhere gives this password-only session nothing (it ends it).
    give_totp(staff)
    html = client.get(member.get_absolute_url()).content.decode()
    assert "organizacion-solo-personal" not in html
    login(client, staff)  # signed in again, with the code
    html = client.get(member.get_absolute_url()).content.decode()
    assert "organizacion-solo-personal" in html
    assert StaffAccess.objects.filter(viewer=staff, member=member).count() == 1


def test_ime_admin_without_mfa_sees_a_profile_as_anyone_else(client, db):
    listed = make_member(
        "Rosa Listada",
        visibility_work=Visibility.PRIVATE,
        organisation="organizacion-privada",
        consents=(Consent.Purpose.PUBLIC_LISTING,),
    )
    unlisted = make_member("Luis Oculto", consents=())
    admin = make_user(is_staff=True, is_superuser=True)
    login(client, admin)

    html = client.get(listed.get_absolute_url()).content.decode()
    assert "Rosa Listada" in html
    assert "organizacion-privada" not in html
    assert client.get(unlisted.get_absolute_url()).status_code == 404

    give_totp(admin)
    html = client.get(listed.get_absolute_url()).content.decode()
    assert "organizacion-privada" not in html
    login(client, admin)  # signed in again, with the code
    html = client.get(listed.get_absolute_url()).content.decode()
    assert "organizacion-privada" in html
    assert client.get(unlisted.get_absolute_url()).status_code == 200
