"""The access rules of members.permissions, redtalentos.lib.roles, members.consents and the named
querysets, asked directly: each rule with the person it lets in and the people it keeps out.

These tests are what the mutation run (scripts/mutation.py) holds the rules against; the pages
that use the rules are tested through the views in test_visibility.py and test_roles_by_url.py.
"""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from chapters.models import Chapter
from members.consents import current_consents, is_granted, set_consent
from members.models import AccountType, Consent, Member, StaffAccess, StaffCapLift, User
from members.permissions import (
    MEMBER,
    OWNER,
    STAFF,
    VISITOR,
    can_request_introduction,
    get_member_for_viewer,
    has_totp,
    is_participant,
    is_pncs_staff,
    is_staff_role,
    may_change_staff_opened,
    member_of,
    pncs_sector_ids,
    require_member,
    staff_view_allowed,
    viewer_level,
    visible_groups,
)
from pncs.models import Sector
from redtalentos.lib.roles import MFA_SESSION_ATTR, is_ime_account, is_ime_admin, passed_mfa
from tests.conftest import give_totp, make_member, make_pncs_staff, make_user

pytestmark = pytest.mark.django_db

CHAPTER = Consent.Purpose.CHAPTER
PNCS = Consent.Purpose.PNCS_SEARCH
PUBLIC = Consent.Purpose.PUBLIC_LISTING


def fresh(user):
    """The account as the next request loads it: none of the answers kept on the object."""
    return User.objects.get(pk=user.pk)


def with_mfa_session(user):
    """`user` as the staff middleware marks it for a session that passed the second factor."""
    user = fresh(user)
    setattr(user, MFA_SESSION_ATTR, True)
    return user


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def deactivated(user):
    user.is_active = False
    user.save()
    return fresh(user)


def ime(**fields):
    return make_user(is_staff=True, full_name="IME", **fields)


# redtalentos.lib.roles: IME rights need the second factor in this session.


def test_an_account_not_marked_by_a_request_has_not_passed_mfa():
    assert passed_mfa(make_user(is_staff=True)) is False


def test_ime_admin_only_from_a_session_that_passed_mfa():
    admin = ime()
    assert is_ime_account(admin)
    assert not is_ime_admin(fresh(admin))
    assert is_ime_admin(with_mfa_session(admin))


def test_inactive_or_anonymous_ime_accounts_have_no_rights():
    assert not is_ime_admin(with_mfa_session(deactivated(ime())))
    assert not is_ime_account(AnonymousUser())
    assert not is_ime_admin(AnonymousUser())
    assert not is_ime_admin(with_mfa_session(make_user()))


# members.permissions: who is staff, who is a member.


def test_pncs_staff_are_the_active_staff_of_a_contact_point():
    assert is_pncs_staff(make_pncs_staff())
    assert not is_pncs_staff(deactivated(make_pncs_staff("baja@example.org")))
    assert not is_pncs_staff(make_member().user)
    assert not is_pncs_staff(AnonymousUser())


def test_staff_roles_are_ime_accounts_and_pncs_staff_with_or_without_mfa():
    assert is_staff_role(fresh(ime()))
    assert is_staff_role(fresh(make_pncs_staff()))
    assert not is_staff_role(make_member().user)


def test_the_answers_kept_on_the_user_cost_one_query_per_request(django_assert_num_queries):
    staff = fresh(make_pncs_staff())
    talent = fresh(make_member().user)
    with django_assert_num_queries(3):
        assert is_pncs_staff(staff) and is_pncs_staff(staff)
        assert has_totp(staff) is False and has_totp(staff) is False
        assert member_of(talent) == member_of(talent) is not None


def test_member_of_is_the_talent_own_profile_only():
    member = make_member()
    assert member_of(fresh(member.user)) == member
    assert member_of(make_user(account_type=AccountType.STUDENT)) is None
    assert member_of(make_user(account_type=AccountType.TALENT)) is None  # no profile yet
    assert member_of(AnonymousUser()) is None


def test_has_totp_is_about_this_account_and_its_authenticator_app():
    with_app = make_user()
    give_totp(with_app)
    with_codes_only = make_user()
    Authenticator.objects.create(
        user=with_codes_only, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )
    assert has_totp(fresh(with_app))
    assert not has_totp(fresh(with_codes_only))


def test_staff_sectors_only_after_mfa_in_this_session():
    staff = make_pncs_staff(sectors=("salud", "tic"))
    ids = set(Sector.objects.filter(slug__in=("salud", "tic")).values_list("pk", flat=True))
    assert pncs_sector_ids(with_mfa_session(staff)) == ids
    assert pncs_sector_ids(fresh(staff)) == set()
    assert pncs_sector_ids(with_mfa_session(make_member().user)) == set()


def test_what_staff_opened_is_changed_by_ime_and_by_the_pncs_staff_member_who_opened_it():
    """An internship cycle or a mentoring cohort, asked by the id of the account that opened it."""
    admin = ime()
    opener = make_pncs_staff("abrio@example.org", name="PNCS que abrió")
    colleague = make_pncs_staff("colega@example.org", sectors=("salud",), name="PNCS Salud")
    talent = make_member().user
    for opened_by in (opener.pk, colleague.pk, None):
        assert may_change_staff_opened(with_mfa_session(admin), opened_by) is True
        assert may_change_staff_opened(fresh(admin), opened_by) is False
    assert may_change_staff_opened(with_mfa_session(opener), opener.pk) is True
    assert may_change_staff_opened(fresh(opener), opener.pk) is False  # password only
    assert may_change_staff_opened(with_mfa_session(colleague), opener.pk) is False
    assert may_change_staff_opened(with_mfa_session(opener), None) is False
    assert may_change_staff_opened(fresh(admin), admin.pk) is False
    # Having opened it is not enough without a staff role: a member, an anonymous visitor.
    assert may_change_staff_opened(with_mfa_session(talent), talent.pk) is False
    assert may_change_staff_opened(AnonymousUser(), None) is False


# members.permissions: how much of a profile a viewer sees.


def test_the_owner_sees_everything_even_unlisted():
    member = make_member(consents=())
    assert viewer_level(fresh(member.user), member) == OWNER


def test_a_listed_profile_is_public_to_visitors_and_members_level_to_members():
    member = make_member(consents=(PUBLIC,))
    assert viewer_level(AnonymousUser(), member) == VISITOR
    assert viewer_level(make_user(account_type=AccountType.STUDENT), member) == VISITOR
    assert viewer_level(fresh(make_member("Otra Persona").user), member) == MEMBER


def test_a_withdrawn_public_listing_hides_the_profile_from_visitors_and_members():
    member = make_member(consents=(PUBLIC,))
    set_consent(user=member.user, purpose=PUBLIC, granted=False)
    member.refresh_from_db()
    assert viewer_level(AnonymousUser(), member) is None
    assert viewer_level(fresh(make_member("Otra Persona").user), member) is None
    with pytest.raises(Http404):
        get_member_for_viewer(request_of(AnonymousUser()), member.slug)


def test_chapter_mates_see_an_unlisted_member_only_with_the_chapter_consent():
    houston = Chapter.objects.get(slug="houston")
    detroit = Chapter.objects.get(slug="detroit")
    member = make_member(consents=(CHAPTER,), chapter=houston)
    mate = make_member("Compa Houston", chapter=houston)
    elsewhere = make_member("Persona Detroit", chapter=detroit)
    assert viewer_level(fresh(mate.user), member) == MEMBER
    assert viewer_level(fresh(elsewhere.user), member) is None
    assert viewer_level(AnonymousUser(), member) is None
    set_consent(user=member.user, purpose=CHAPTER, granted=False)
    member.refresh_from_db()
    assert viewer_level(fresh(mate.user), member) is None


def test_members_without_a_chapter_are_not_chapter_mates():
    member = make_member(consents=(CHAPTER,))
    other = make_member("Sin Capítulo")
    assert viewer_level(fresh(other.user), member) is None


def test_a_listed_member_is_members_level_for_a_member_of_another_chapter():
    member = make_member(consents=(PUBLIC, CHAPTER), chapter=Chapter.objects.get(slug="houston"))
    other = make_member("Persona Detroit", chapter=Chapter.objects.get(slug="detroit"))
    assert viewer_level(fresh(other.user), member) == MEMBER


def test_pncs_staff_see_staff_level_only_of_consenting_members_of_their_sectors():
    member = make_member(sectors=("salud",), consents=(PUBLIC, PNCS))
    unconsenting = make_member("Sin Consentimiento", sectors=("salud",), consents=(PUBLIC,))
    same = make_pncs_staff("salud@example.org", sectors=("salud",), name="PNCS Salud")
    other = make_pncs_staff("auto@example.org", sectors=("automotriz",), name="PNCS Auto")
    assert viewer_level(with_mfa_session(same), member) == STAFF
    assert viewer_level(with_mfa_session(same), unconsenting) == VISITOR
    assert viewer_level(with_mfa_session(other), member) == VISITOR
    assert viewer_level(fresh(same), member) == VISITOR  # without MFA in this session
    salud = set(Sector.objects.filter(slug="salud").values_list("pk", flat=True))
    assert viewer_level(fresh(other), member, staff_sectors=salud) == STAFF


def test_ime_sees_everything_only_after_mfa_in_this_session():
    member = make_member(consents=())
    admin = ime()
    assert viewer_level(with_mfa_session(admin), member) == OWNER
    assert viewer_level(fresh(admin), member) is None


def test_a_deactivated_member_is_hidden_from_all_but_the_owner():
    member = make_member(sectors=("salud",), consents=(PUBLIC, PNCS))
    owner = deactivated(member.user)
    member = Member.objects.select_related("user").get(pk=member.pk)
    staff = make_pncs_staff(sectors=("salud",))
    assert viewer_level(AnonymousUser(), member) is None
    assert viewer_level(with_mfa_session(staff), member) is None
    assert viewer_level(with_mfa_session(ime()), member) is None  # IME has the admin for it
    assert viewer_level(owner, member) == OWNER


def test_a_viewer_sees_the_groups_whose_visibility_their_level_reaches():
    member = make_member(
        visibility_about="members", visibility_work="staff", visibility_links="private"
    )
    shown = visible_groups(member, MEMBER)
    assert "about" in shown
    assert not {"work", "links"} & shown
    assert {"about", "work"} <= visible_groups(member, STAFF)
    assert "links" not in visible_groups(member, STAFF)
    assert "links" in visible_groups(member, OWNER)


def test_the_profile_check_reads_profile_account_and_chapter_in_one_query(
    django_assert_num_queries,
):
    member = make_member(consents=(PUBLIC,), chapter=Chapter.objects.get(slug="houston"))
    with django_assert_num_queries(1):
        found, level = get_member_for_viewer(request_of(AnonymousUser()), member.slug)
        assert (found, level, found.chapter.slug) == (member, VISITOR, "houston")


def test_only_talents_with_a_profile_pass_require_member():
    member = make_member()
    assert require_member(request_of(fresh(member.user))) == member
    with pytest.raises(PermissionDenied):
        require_member(request_of(make_user(account_type=AccountType.STUDENT)))


def test_members_and_pncs_staff_may_ask_for_introductions_and_nobody_else():
    assert can_request_introduction(fresh(make_member().user))
    staff = make_pncs_staff()
    assert can_request_introduction(with_mfa_session(staff))
    assert not can_request_introduction(fresh(staff))  # staff ask as staff, after MFA
    assert not can_request_introduction(make_user(account_type=AccountType.STUDENT))
    assert not can_request_introduction(AnonymousUser())


# members.permissions: the daily cap of profiles opened at staff level.


def view(staff, member, *, kind=StaffAccess.Kind.PROFILE_VIEW, **fields):
    return StaffAccess.objects.create(viewer=staff, member=member, kind=kind, **fields)


@pytest.fixture
def capped(settings):
    settings.PNCS_DAILY_PROFILE_VIEWS = 2
    staff = make_pncs_staff()
    first, second, third = (make_member(f"Perfil {n}") for n in ("Uno", "Dos", "Tres"))
    return staff, first, second, third


def test_the_cap_counts_different_profiles_opened_today(capped):
    staff, first, second, third = capped
    view(staff, first)
    view(staff, first)
    assert staff_view_allowed(staff, third)  # one profile opened, twice
    view(staff, second)
    assert not staff_view_allowed(staff, third)
    assert staff_view_allowed(staff, first)  # opened today already
    assert staff_view_allowed(staff, second)


def test_the_cap_counts_only_this_account_profile_views_of_today(capped):
    staff, first, second, third = capped
    colleague = make_pncs_staff("colega@example.org")
    view(colleague, first)
    view(colleague, second)
    view(staff, first, kind=StaffAccess.Kind.EXPORT)
    view(staff, second, kind=StaffAccess.Kind.SEARCH)
    yesterday = timezone.now() - timedelta(days=1)
    view(staff, first, created_at=yesterday)
    view(staff, second, created_at=yesterday)
    assert staff_view_allowed(staff, third)


def test_ime_lifts_the_cap_for_one_account(capped):
    staff, first, second, third = capped
    view(staff, first)
    view(staff, second)
    StaffCapLift.objects.create(user=make_pncs_staff("otra@example.org"), lifted_by=ime())
    assert not staff_view_allowed(staff, third)
    StaffCapLift.objects.create(user=staff, lifted_by=ime(email="ime2@example.org"))
    assert staff_view_allowed(staff, third)


# members.consents: the decision in force, per person and purpose.


def test_the_latest_decision_of_the_person_for_the_purpose_is_in_force():
    member = make_member(consents=())
    other = make_member("Otra Persona", consents=(PUBLIC, PNCS))
    assert not is_granted(member.user, PUBLIC)
    set_consent(user=member.user, purpose=PNCS, granted=True)
    assert not is_granted(member.user, PUBLIC)  # another purpose
    set_consent(user=member.user, purpose=PUBLIC, granted=True)
    set_consent(user=member.user, purpose=PUBLIC, granted=False)
    assert not is_granted(member.user, PUBLIC)
    assert is_granted(other.user, PUBLIC)


def test_the_decision_in_force_is_the_latest_by_date_then_by_record():
    member = make_member(consents=())
    kept = set_consent(user=member.user, purpose=PUBLIC, granted=True)
    # A withdrawal on paper from last year, recorded today: the grant is newer.
    Consent.objects.create(
        user=member.user,
        purpose=PUBLIC,
        granted=False,
        notice_version="1",
        created_at=kept.created_at - timedelta(days=365),
    )
    assert is_granted(member.user, PUBLIC)
    assert current_consents(member.user)[PUBLIC] == kept
    # Two decisions at the same moment: the one recorded last.
    later = Consent.objects.create(
        user=member.user, purpose=PUBLIC, granted=False, notice_version="1"
    )
    Consent.objects.filter(pk=later.pk).update(created_at=kept.created_at)
    assert not is_granted(member.user, PUBLIC)
    assert current_consents(member.user)[PUBLIC] == later


def test_current_consents_lists_every_purpose_with_its_decision():
    member = make_member(consents=(PUBLIC,))
    set_consent(user=member.user, purpose=PNCS, granted=True)
    set_consent(user=member.user, purpose=PNCS, granted=False)
    make_member("Otra Persona", consents=(CHAPTER,))
    consents = current_consents(member.user)
    assert set(consents) == set(Consent.Purpose.values)
    assert consents[PUBLIC].granted is True
    assert consents[PNCS].granted is False
    assert consents[CHAPTER] is None


def test_a_decision_is_recorded_once_and_mirrored_on_the_profile():
    member = make_member(consents=())
    assert set_consent(user=member.user, purpose=PNCS, granted=True) is not None
    assert set_consent(user=member.user, purpose=PNCS, granted=True) is None
    member.refresh_from_db()
    assert member.findable_by_pncs
    set_consent(user=member.user, purpose=PNCS, granted=False)
    member.refresh_from_db()
    assert not member.findable_by_pncs
    assert Consent.objects.filter(user=member.user, purpose=PNCS).count() == 2


# members.models: the named querysets of who may be found.


def test_the_named_querysets_keep_consenting_active_members():
    listed = make_member("Listada", consents=(PUBLIC,))
    findable = make_member("Localizable", consents=(PNCS,))
    gone = make_member("Dada de Baja", consents=(PUBLIC, PNCS))
    deactivated(gone.user)
    assert list(Member.objects.listed_publicly()) == [listed]
    assert list(Member.objects.findable_by_pncs()) == [findable]


# Participants: people in Mexico, with the participants' home at /perfil/


@pytest.mark.parametrize("account_type", [AccountType.STUDENT, AccountType.INSTITUTION])
def test_students_and_institution_contacts_are_participants(db, account_type):
    assert is_participant(make_user(account_type=account_type)) is True


def test_talent_abroad_and_untyped_accounts_are_not_participants(db):
    assert is_participant(make_member().user) is False
    assert is_participant(make_user()) is False
    assert is_participant(AnonymousUser()) is False


def test_staff_with_a_participant_account_type_are_not_participants(db):
    ime = make_user(account_type=AccountType.INSTITUTION, is_staff=True)
    pncs = make_pncs_staff()
    User.objects.filter(pk=pncs.pk).update(account_type=AccountType.INSTITUTION)
    pncs.refresh_from_db()

    assert is_participant(ime) is False
    assert is_participant(pncs) is False
