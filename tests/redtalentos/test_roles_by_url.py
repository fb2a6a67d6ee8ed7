"""Every URL of the site, opened by every role: any answer other than the expected one fails.

The table below is the access contract. A new URL fails `test_every_url_is_in_the_contract` until
it is added here with the answer each role must get.
"""

import uuid

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from chapters.models import Chapter, ChapterNews, ChapterRole, JoinRequest
from members.models import AccountType, Consent, Education, IntroductionRequest
from pncs.models import ContactPoint, WorkProgrammeActivity
from tests.conftest import give_totp, login, make_member, make_pncs_staff, make_user

ROLES = ["visitor", "participant", "member", "leader_other", "pncs_other", "ime_admin"]
LOGIN = "login"  # a redirect to the sign-in page

# url name -> (kwargs from the world, {role: expected status or LOGIN}); GET requests.
# Roles: a visitor; a student in Mexico; a member abroad; the leader of another chapter (Detroit);
# PNCS staff of another sector (automotive, with MFA); an IME admin (with MFA).
_PUBLIC = dict.fromkeys(ROLES, 200)
_SIGNED_IN = {"visitor": LOGIN, **dict.fromkeys(ROLES[1:], 200)}
_POST_ONLY = {"visitor": LOGIN, **dict.fromkeys(ROLES[1:], 405)}
# Checked for the method before the login: a GET is refused as such, even for a visitor.
_POST_ONLY_ANYONE = dict.fromkeys(ROLES, 405)
CONTRACT = {
    "home": ({}, _PUBLIC),
    "privacy_notice": ({}, _PUBLIC),
    "healthz": ({}, _PUBLIC),
    "robots_txt": ({}, _PUBLIC),
    "sitemap": ({}, _PUBLIC),
    "chapters:chapter_list": ({}, _PUBLIC),
    "chapters:chapter_detail": ({"slug": "houston"}, _PUBLIC),
    "chapters:news_list": ({"slug": "houston"}, _PUBLIC),
    "chapters:news_detail": ({"slug": "houston", "news_slug": "noticia"}, _PUBLIC),
    "chapters:proposal_create": (
        {},
        {**_SIGNED_IN, "participant": 403, "pncs_other": 403, "ime_admin": 403},
    ),
    "chapters:chapter_join": ({"slug": "houston"}, _POST_ONLY_ANYONE),
    "chapters:chapter_edit": (
        {"slug": "houston"},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:5], 403), "ime_admin": 200},
    ),
    "chapters:news_create": (
        {"slug": "houston"},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:5], 403), "ime_admin": 200},
    ),
    "chapters:join_request_list": (
        {"slug": "houston"},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:5], 403), "ime_admin": 200},
    ),
    "chapters:join_request_decide": ({"slug": "houston", "pk": "join_request"}, _POST_ONLY_ANYONE),
    "pncs:sector_list": ({}, _PUBLIC),
    "pncs:sector_detail": ({"slug": "salud"}, _PUBLIC),
    "pncs_workspace:home": (
        {},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:4], 403), "pncs_other": 200, "ime_admin": 200},
    ),
    "pncs_workspace:contact_point": (
        {"slug": "pncs-salud"},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:5], 403), "ime_admin": 200},
    ),
    "pncs_workspace:activity_list": (
        {},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:4], 403), "pncs_other": 200, "ime_admin": 200},
    ),
    "pncs_workspace:activity_create": (
        {},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:4], 403), "pncs_other": 200, "ime_admin": 200},
    ),
    "pncs_workspace:activity_export": (
        {},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:4], 403), "pncs_other": 200, "ime_admin": 200},
    ),
    "pncs_workspace:activity_print": (
        {},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:4], 403), "pncs_other": 200, "ime_admin": 200},
    ),
    "pncs_workspace:activity_detail": (
        {"pk": "activity"},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:5], 403), "ime_admin": 200},
    ),
    "pncs_workspace:activity_edit": (
        {"pk": "activity"},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:5], 403), "ime_admin": 200},
    ),
    "members:expert_search": (
        {},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:4], 403), "pncs_other": 200, "ime_admin": 200},
    ),
    "members:expert_export_csv": (
        {},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:4], 403), "pncs_other": 200, "ime_admin": 200},
    ),
    "members:expert_export_xlsx": (
        {},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:4], 403), "pncs_other": 200, "ime_admin": 200},
    ),
    "pncs_workspace:overview": (
        {},
        {"visitor": LOGIN, **dict.fromkeys(ROLES[1:5], 403), "ime_admin": 200},
    ),
    "members:onboarding": (
        {},
        {**_SIGNED_IN, "participant": 302, "member": 302, "leader_other": 302, "pncs_other": 302},
    ),
    "members:onboarding_consents": ({}, {**_SIGNED_IN, "ime_admin": 302}),
    "members:privacy_settings": ({}, {**_SIGNED_IN, "ime_admin": 302}),
    "members:profile_edit": (
        {},
        {**_SIGNED_IN, "participant": 403, "pncs_other": 403, "ime_admin": 302},
    ),
    "members:photo": ({}, _POST_ONLY),
    "members:education_add": ({}, _POST_ONLY),
    "members:education_delete": ({"pk": "education"}, _POST_ONLY),
    "members:skill_suggestions": ({}, _SIGNED_IN),
    "members:introduction_list": ({}, {**_SIGNED_IN, "participant": 403, "ime_admin": 403}),
    "members:introduction_answer": ({"pk": "introduction"}, _POST_ONLY_ANYONE),
    "members:introduction_request": (
        {"slug": "marta"},
        {**_SIGNED_IN, "participant": 403, "ime_admin": 403},
    ),
    "members:data_download": ({}, _SIGNED_IN),
    "members:account_delete": ({}, _SIGNED_IN),
    "members:member_detail": ({"slug": "marta"}, _PUBLIC),
    "members:directory": ({}, _PUBLIC),
}


def url_names():
    """Every named URL of the site outside the admin and allauth (tested on their own)."""
    names = []

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern, inner)
            elif pattern.name and (
                namespace or not pattern.name.startswith(("account_", "mfa_", "socialaccount_"))
            ):
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), None)
    return names


def test_every_url_is_in_the_contract():
    assert set(url_names()) == set(CONTRACT)


@pytest.fixture
def world(db):
    houston = Chapter.objects.get(slug="houston")
    detroit = Chapter.objects.get(slug="detroit")
    marta = make_member(
        "Marta",
        sectors=("salud",),
        chapter=houston,
        consents=(Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH),
    )
    marta.slug = "marta"
    marta.save(update_fields=["slug"])
    leader = make_member("Lalo Líder", chapter=detroit)
    ChapterRole.objects.create(chapter=detroit, user=leader.user, role="president")
    ChapterNews.objects.create(
        chapter=houston, title="Noticia", slug="noticia", body="Texto", author=marta.user
    )
    salud_point = ContactPoint.objects.create(name="PNCS Salud", slug="pncs-salud")
    pncs_other = make_pncs_staff(sectors=("automotriz",), name="PNCS Automotriz")
    pncs_other.account_type = AccountType.INSTITUTION
    pncs_other.save(update_fields=["account_type"])
    give_totp(pncs_other)
    applicant = make_member("Ana Aspirante")
    ids = {
        "join_request": JoinRequest.objects.create(chapter=houston, member=applicant).pk,
        "activity": WorkProgrammeActivity.objects.create(
            contact_point=salud_point,
            title="Pasantías 2027",
            line_of_work=WorkProgrammeActivity.LineOfWork.INTERNSHIPS,
            starts_on="2027-01-10",
        ).pk,
        "education": Education.objects.create(
            member=marta, degree="master", field="Biología", institution="UNAM"
        ).pk,
        "introduction": IntroductionRequest.objects.create(
            requester=applicant.user, member=marta, purpose="mentoring", message="Hola"
        ).pk,
        "marta": "marta",
    }
    ime = make_user(is_staff=True, is_superuser=True)
    give_totp(ime)
    people = {
        "visitor": None,
        "participant": make_user(account_type=AccountType.STUDENT),
        "member": make_member("Mario Miembro").user,
        "leader_other": leader.user,
        "pncs_other": pncs_other,
        "ime_admin": ime,
    }
    return people, ids


def resolve_kwargs(kwargs, ids):
    return {key: ids.get(value, value) for key, value in kwargs.items()}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_expected_answer_everywhere(world, role):
    people, ids = world
    client = Client()
    if people[role] is not None:
        login(client, people[role])
    unexpected = []
    for name, (kwargs, expected_by_role) in CONTRACT.items():
        path = reverse(name, kwargs=resolve_kwargs(kwargs, ids))
        response = client.get(path)
        expected = expected_by_role[role]
        if expected == LOGIN:
            ok = response.status_code == 302 and "/cuenta/login/" in response["Location"]
        else:
            ok = response.status_code == expected
        if not ok:
            where = response.get("Location", "")
            unexpected.append(f"{name} {path}: {response.status_code} {where} != {expected}")
    assert not unexpected, "\n".join(unexpected)


def test_unknown_objects_answer_404_to_everyone_allowed(world):
    people, _ids = world
    client = Client()
    login(client, people["ime_admin"])
    for name, kwargs in [
        ("chapters:chapter_detail", {"slug": "no-existe"}),
        ("pncs:sector_detail", {"slug": "no-existe"}),
        ("members:member_detail", {"slug": "no-existe"}),
        ("pncs_workspace:activity_detail", {"pk": 999999}),
        ("chapters:news_detail", {"slug": "houston", "news_slug": "no-existe"}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    login(client, people["member"])
    path = reverse("members:introduction_answer", kwargs={"pk": uuid.uuid4()})
    assert client.post(path, {"decision": "accept"}).status_code == 404
