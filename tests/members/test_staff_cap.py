"""The daily cap on the profiles PNCS staff may open at staff level (PNCS_DAILY_PROFILE_VIEWS):
different profiles count, re-opening one does not, yesterday's views are forgotten; every
staff-level view is logged, and the member finds it in their data download."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import Consent, StaffAccess, Visibility
from tests.conftest import give_totp, login, make_member, make_pncs_staff

CAP_TITLE = "Límite diario de consultas alcanzado"


@pytest.fixture
def staff(db):
    user = make_pncs_staff("pncs-cap@example.org", sectors=("tic",), name="PNCS TIC")
    give_totp(user)
    return user


@pytest.fixture
def experts(db):
    """Five ICT members who agreed to be found by PNCS staff, each with a staff-level field."""
    return [
        make_member(
            f"Experta Número{number}",
            sectors=("tic",),
            consents=(Consent.Purpose.PNCS_SEARCH,),
            visibility_work=Visibility.STAFF,
            organisation=f"Organización-{number}",
        )
        for number in range(5)
    ]


@pytest.fixture
def capped(settings):
    settings.PNCS_DAILY_PROFILE_VIEWS = 3


def open_profile(client, member):
    return client.get(member.get_absolute_url())


def views(staff):
    return StaffAccess.objects.filter(viewer=staff, kind=StaffAccess.Kind.PROFILE_VIEW)


def test_staff_open_as_many_different_profiles_as_the_cap_and_no_more(
    client, staff, experts, capped
):
    login(client, staff)
    # Opening the same profile twice counts once.
    for member in [experts[0], experts[0], experts[1], experts[2]]:
        response = open_profile(client, member)
        assert response.status_code == 200
        assert member.organisation in response.content.decode()

    response = open_profile(client, experts[3])
    assert response.status_code == 429
    assert response.templates[0].name == "members/staff_cap_reached.html"
    html = response.content.decode()
    assert CAP_TITLE in html
    assert "Hoy ya consultaste 3 perfiles con datos para el personal" in html
    assert "mañana podrás consultar perfiles nuevos" in html
    assert "tampoco puedes exportar resultados" in html
    assert "pide al IME que levante el límite de tu cuenta por hoy" in html
    assert reverse("members:expert_search") in html
    assert experts[3].full_name not in html
    assert experts[3].organisation not in html
    # The refused view is not logged, and asking again changes nothing.
    assert views(staff).count() == 4
    assert open_profile(client, experts[4]).status_code == 429
    assert views(staff).count() == 4

    # The profiles already seen today open again.
    for member in reversed(experts[:3]):
        response = open_profile(client, member)
        assert response.status_code == 200
        assert member.organisation in response.content.decode()


def test_the_cap_counts_per_account(client, staff, experts, capped):
    login(client, staff)
    for member in experts[:3]:
        assert open_profile(client, member).status_code == 200
    assert open_profile(client, experts[3]).status_code == 429

    colleague = make_pncs_staff("pncs-colega@example.org", sectors=("tic",), name="PNCS TIC")
    give_totp(colleague)
    other = Client()
    login(other, colleague)
    assert open_profile(other, experts[3]).status_code == 200


def test_views_of_a_previous_day_do_not_count(client, staff, experts, capped):
    login(client, staff)
    for member in experts[:3]:
        assert open_profile(client, member).status_code == 200
    assert open_profile(client, experts[3]).status_code == 429

    views(staff).update(created_at=timezone.now() - timedelta(days=1))
    for member in experts[3:]:
        assert open_profile(client, member).status_code == 200
    assert open_profile(client, experts[0]).status_code == 200
    # Today: three different profiles again, the cap.
    assert open_profile(client, experts[1]).status_code == 429


def test_views_below_staff_level_are_neither_capped_nor_logged(client, staff, experts, capped):
    listed_elsewhere = make_member(
        "Sergio Salubre",
        sectors=("salud",),
        consents=(Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH),
    )
    login(client, staff)
    for member in experts[:3]:
        assert open_profile(client, member).status_code == 200
    assert open_profile(client, experts[3]).status_code == 429
    # A public profile outside the staff member's sectors is seen as any visitor sees it.
    assert open_profile(client, listed_elsewhere).status_code == 200
    assert not StaffAccess.objects.filter(member=listed_elsewhere).exists()


def test_every_staff_level_view_is_logged_once(client, staff, experts):
    member = experts[0]
    login(client, staff)
    assert open_profile(client, member).status_code == 200
    entry = StaffAccess.objects.get()
    assert entry.viewer == staff
    assert entry.member == member
    assert entry.kind == StaffAccess.Kind.PROFILE_VIEW
    assert entry.rows == 1
    assert "work" in entry.detail["groups"]
    assert open_profile(client, member).status_code == 200
    assert open_profile(client, experts[1]).status_code == 200
    assert list(views(staff).order_by("pk").values_list("member", flat=True)) == [
        member.pk,
        member.pk,
        experts[1].pk,
    ]
    assert StaffAccess.objects.count() == 3


def test_the_members_data_download_lists_the_staff_views_of_their_profile(client, staff, experts):
    member, other = experts[0], experts[1]
    login(client, staff)
    assert open_profile(client, member).status_code == 200
    assert open_profile(client, other).status_code == 200

    mine = Client()
    login(mine, member.user)
    response = mine.get(reverse("members:data_download"), {"descargar": "1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    [seen] = data["staff_views_of_my_profile"]
    assert seen["viewer"] == "Personal PNCS"
    assert seen["institutions"] == ["PNCS TIC"]
    assert seen["kind"]["value"] == StaffAccess.Kind.PROFILE_VIEW
    entry = StaffAccess.objects.get(member=member)
    assert seen["date"] == entry.created_at.isoformat()
    # Who looked, by name and institution: never their email address.
    assert staff.email not in response.content.decode()


def test_ime_admins_profile_views_are_logged_and_capped_too(client, ime_admin, experts, capped):
    login(client, ime_admin)
    for member in experts[:3]:
        assert open_profile(client, member).status_code == 200
    assert views(ime_admin).count() == 3

    response = open_profile(client, experts[3])

    assert response.status_code == 429
    assert CAP_TITLE in response.content.decode()
    assert views(ime_admin).count() == 3
