"""The access rules of chapters.permissions, asked directly: a chapter's leadership and IME lead
it, nobody else does (the pages are tested through the views in test_leaders.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from chapters.models import Chapter, ChapterRole
from chapters.permissions import (
    can_lead,
    get_chapter_for_leader,
    is_chapter_leader,
    member_of,
    require_talent,
)
from members.models import AccountType, User
from redtalentos.lib.roles import MFA_SESSION_ATTR
from tests.conftest import make_chapter_leader, make_member, make_user

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
    request = RequestFactory().post("/")
    request.user = user
    return request


@pytest.fixture
def chapters(db):
    return Chapter.objects.get(slug="houston"), Chapter.objects.get(slug="detroit")


def test_a_leader_leads_their_own_chapter_only(chapters):
    houston, detroit = chapters
    leader = fresh(make_chapter_leader("houston"))
    other_leader = fresh(make_chapter_leader("detroit", member=make_member("Líder Detroit")))
    assert is_chapter_leader(leader, houston)
    assert not is_chapter_leader(leader, detroit)
    assert not is_chapter_leader(other_leader, houston)
    assert can_lead(leader, houston)
    assert not can_lead(other_leader, houston)


def test_visitors_members_and_deactivated_leaders_do_not_lead(chapters):
    houston, _detroit = chapters
    assert not is_chapter_leader(AnonymousUser(), houston)
    assert not is_chapter_leader(fresh(make_member(chapter=houston).user), houston)
    gone = deactivated(make_chapter_leader("houston"))
    assert not is_chapter_leader(gone, houston)
    assert not can_lead(gone, houston)


def test_ime_leads_every_chapter_only_after_mfa_in_this_session(chapters):
    houston, _detroit = chapters
    admin = make_user(is_staff=True)
    assert can_lead(fresh(admin, mfa=True), houston)
    assert can_lead(fresh(admin, mfa=True), houston, roles=[])
    assert not can_lead(fresh(admin), houston)


def test_the_fetched_roles_decide_like_the_database(chapters):
    houston, _detroit = chapters
    leader = make_chapter_leader("houston")
    roles = list(ChapterRole.objects.filter(chapter=houston))
    outsider = fresh(make_member("Persona Ajena").user)
    assert can_lead(fresh(leader), houston, roles=roles)
    assert not can_lead(outsider, houston, roles=roles)
    assert not can_lead(AnonymousUser(), houston, roles=roles)
    gone = deactivated(leader)
    assert not can_lead(gone, houston, roles=roles)


def test_the_leader_tools_answer_404_for_an_unknown_chapter_and_403_for_other_leaders(chapters):
    houston, _detroit = chapters
    leader = fresh(make_chapter_leader("houston"))
    other_leader = fresh(make_chapter_leader("detroit", member=make_member("Líder Detroit")))
    assert get_chapter_for_leader(request_of(leader), "houston") == houston
    with pytest.raises(PermissionDenied):
        get_chapter_for_leader(request_of(other_leader), "houston")
    with pytest.raises(Http404):
        get_chapter_for_leader(request_of(leader), "no-existe")


def test_only_active_talents_with_a_profile_pass_require_talent(chapters):
    member = make_member()
    assert member_of(fresh(member.user)) == member
    assert require_talent(request_of(fresh(member.user))) == member
    assert member_of(AnonymousUser()) is None
    assert member_of(deactivated(member.user)) is None
    with pytest.raises(PermissionDenied):
        require_talent(request_of(fresh(make_user(account_type=AccountType.STUDENT))))
