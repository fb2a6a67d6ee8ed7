"""The access rules of pncs.permissions, asked directly: staff work on their own contact points,
IME (after MFA in this session) on all of them, nobody else on any (the pages are tested through
the views in test_workspace_access.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from members.models import User
from pncs.models import ContactPoint
from pncs.permissions import (
    can_work_on,
    get_activity_for_staff,
    get_contact_point_for_staff,
    require_workspace,
    staff_contact_points,
)
from redtalentos.lib.roles import MFA_SESSION_ATTR
from tests.conftest import make_member, make_pncs_staff, make_user
from tests.pncs.conftest import make_activity

pytestmark = pytest.mark.django_db


def fresh(user, *, mfa=False):
    """The account as the next request loads it (marked as the staff middleware marks a session
    that passed the second factor when `mfa`)."""
    user = User.objects.get(pk=user.pk)
    setattr(user, MFA_SESSION_ATTR, mfa)
    return user


def deactivated(user):
    User.objects.filter(pk=user.pk).update(is_active=False)
    return fresh(user)


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def two_points(db):
    tic_staff = make_pncs_staff("tic@example.org", sectors=("tic",), name="PNCS TIC")
    salud_staff = make_pncs_staff("salud@example.org", sectors=("salud",), name="PNCS Salud")
    tic = ContactPoint.objects.get(name="PNCS TIC")
    salud = ContactPoint.objects.get(name="PNCS Salud")
    return tic_staff, tic, salud_staff, salud


def test_staff_work_on_their_own_contact_points_only(two_points):
    tic_staff, tic, _salud_staff, salud = two_points
    assert list(staff_contact_points(fresh(tic_staff))) == [tic]
    assert require_workspace(request_of(fresh(tic_staff))) == [tic]
    assert can_work_on(fresh(tic_staff), tic)
    assert not can_work_on(fresh(tic_staff), salud)
    assert get_contact_point_for_staff(request_of(fresh(tic_staff)), tic.slug) == tic
    with pytest.raises(PermissionDenied):
        get_contact_point_for_staff(request_of(fresh(tic_staff)), salud.slug)
    with pytest.raises(Http404):
        get_contact_point_for_staff(request_of(fresh(tic_staff)), "no-existe")


def test_ime_works_on_every_contact_point_only_after_mfa_in_this_session(two_points):
    _tic_staff, tic, _salud_staff, salud = two_points
    admin = make_user(is_staff=True)
    assert set(staff_contact_points(fresh(admin, mfa=True))) == {tic, salud}
    assert can_work_on(fresh(admin, mfa=True), salud)
    assert not can_work_on(fresh(admin), salud)
    assert list(staff_contact_points(fresh(admin))) == []
    with pytest.raises(PermissionDenied):
        require_workspace(request_of(fresh(admin)))


def test_ime_keeps_the_workspace_before_any_contact_point_exists(db):
    admin = make_user(is_staff=True)
    assert require_workspace(request_of(fresh(admin, mfa=True))) == []


def test_members_visitors_and_deactivated_staff_get_no_workspace(two_points):
    tic_staff, tic, _salud_staff, _salud = two_points
    member = fresh(make_member().user)
    gone = deactivated(tic_staff)
    for user in (member, gone, AnonymousUser()):
        assert list(staff_contact_points(user)) == []
        assert not can_work_on(user, tic)
        with pytest.raises(PermissionDenied):
            require_workspace(request_of(user))


def test_an_activity_is_reached_through_its_contact_point_staff(
    two_points, django_assert_num_queries
):
    tic_staff, tic, salud_staff, salud = two_points
    make_activity(tic)
    mine = make_activity(tic, responsible=tic_staff)
    theirs = make_activity(salud)
    staff = fresh(tic_staff)
    with django_assert_num_queries(2):  # the activity with its contact point and responsible
        activity = get_activity_for_staff(request_of(staff), mine.pk)
        assert (activity, activity.contact_point, activity.responsible) == (mine, tic, tic_staff)
    with pytest.raises(PermissionDenied):
        get_activity_for_staff(request_of(staff), theirs.pk)
    with pytest.raises(Http404):
        get_activity_for_staff(request_of(staff), theirs.pk + 1000)
    assert get_activity_for_staff(request_of(fresh(salud_staff)), theirs.pk) == theirs
