"""The access rules of mentoring.permissions, asked directly: each rule with the person it lets in
and the people it keeps out (visitor, the mentee, another participant, the mentor, another
member, PNCS staff of the request's sector and of another, IME with and without the second factor
in this session). The pages are tested through the views in test_pages.py and test_cohorts.py;
these tests are what the mutation run (scripts/mutation.py) holds the rules against."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from members.models import User
from mentoring.models import Mentorship, Request
from mentoring.permissions import (
    can_edit_cohort,
    can_pick_mentor,
    get_cohort_for_editor,
    get_mentorship_for_viewer,
    get_request_for_viewer,
    is_mentoring_staff,
    require_mentor,
    require_participant,
    require_staff,
    staff_requests,
    staff_sector_ids,
)
from pncs.models import Sector
from redtalentos.lib.roles import MFA_SESSION_ATTR
from tests.conftest import make_pncs_staff

from .helpers import make_cohort, make_mentee, make_request

pytestmark = pytest.mark.django_db

# The sides as the pages and templates spell them ({% if side == "mentee" %}).
MENTEE, MENTOR, STAFF = "mentee", "mentor", "staff"
NOBODY_ELSE = ("visitor", "other_mentee", "member", "salud", "tic_no_mfa", "ime_no_mfa")


def fresh(user, *, mfa=False):
    """The account as the next request loads it (marked as the staff middleware marks a session
    that passed the second factor when `mfa`)."""
    user = User.objects.get(pk=user.pk)
    setattr(user, MFA_SESSION_ATTR, mfa)
    return user


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def people(db, mentee, mentor, member, ime_admin):
    """Everyone the rules tell apart, as the next request loads them."""
    tic = make_pncs_staff("tic@example.org", sectors=("tic",), name="PNCS TIC")
    salud = make_pncs_staff("salud@example.org", sectors=("salud",), name="PNCS Salud")
    return {
        "visitor": AnonymousUser(),
        "mentee": fresh(mentee),
        "other_mentee": fresh(make_mentee("Otra Mentorada")),
        "mentor": fresh(mentor.user),
        "member": fresh(member.user),
        "tic": fresh(tic, mfa=True),
        "tic_no_mfa": fresh(tic),
        "salud": fresh(salud, mfa=True),
        "ime": fresh(ime_admin, mfa=True),
        "ime_no_mfa": fresh(ime_admin),
    }


def mentorship_of(mentoring_request, mentor):
    return Mentorship.objects.create(
        request=mentoring_request,
        mentor=mentor,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )


def test_mentors_are_members_abroad(people, mentor):
    assert require_mentor(request_of(people["mentor"])) == mentor
    for name in ("visitor", "mentee", "tic", "ime"):
        with pytest.raises(PermissionDenied):
            require_mentor(request_of(people[name]))


def test_only_participants_ask_for_mentoring(people):
    require_participant(request_of(people["mentee"]))
    for name in ("visitor", "mentor", "tic", "ime"):
        with pytest.raises(PermissionDenied):
            require_participant(request_of(people[name]))


def test_mentoring_staff_are_ime_and_pncs_staff_with_the_second_factor(people):
    tic, salud = Sector.objects.get(slug="tic"), Sector.objects.get(slug="salud")
    assert staff_sector_ids(people["ime"]) is None
    assert staff_sector_ids(people["tic"]) == {tic.pk}
    assert staff_sector_ids(people["salud"]) == {salud.pk}
    for name in ("ime", "tic", "salud"):
        assert is_mentoring_staff(people[name]) is True, name
        require_staff(request_of(people[name]))
    for name in ("visitor", "mentee", "mentor", "tic_no_mfa", "ime_no_mfa"):
        assert staff_sector_ids(people[name]) == set(), name
        assert is_mentoring_staff(people[name]) is False, name
        with pytest.raises(PermissionDenied):
            require_staff(request_of(people[name]))


def test_the_staff_s_queue_holds_the_requests_of_their_sectors(people):
    in_tic = make_request(people["mentee"], sector="tic")
    in_salud = make_request(people["other_mentee"], sector="salud")
    assert set(staff_requests(people["ime"])) == {in_tic, in_salud}
    assert list(staff_requests(people["tic"])) == [in_tic]
    assert list(staff_requests(people["salud"])) == [in_salud]
    for name in ("visitor", "mentee", "mentor", "tic_no_mfa", "ime_no_mfa"):
        assert not staff_requests(people[name]).exists(), name


def test_a_request_is_its_mentee_s_and_the_staff_s_of_its_sector(people, mentor):
    asked = make_request(people["mentee"], sector="tic")
    mentorship_of(asked, mentor)  # proposed to the mentor: they see it through the mentorship
    sides = {"mentee": MENTEE, "tic": STAFF, "ime": STAFF}
    for name, side in sides.items():
        assert get_request_for_viewer(request_of(people[name]), asked.uuid) == (asked, side)
    for name in ("mentor", *NOBODY_ELSE):
        with pytest.raises(Http404):
            get_request_for_viewer(request_of(people[name]), asked.uuid)


def test_a_request_helper_finds_the_request_asked_for(people):
    first = make_request(people["mentee"], sector="tic")
    second = make_request(people["mentee"], sector="salud")
    neighbour = make_request(people["other_mentee"], sector="tic")
    mentee = request_of(people["mentee"])
    assert get_request_for_viewer(mentee, first.uuid) == (first, MENTEE)
    assert get_request_for_viewer(mentee, second.uuid) == (second, MENTEE)
    assert get_request_for_viewer(request_of(people["tic"]), neighbour.uuid) == (neighbour, STAFF)
    for name in ("mentee", "tic", "ime"):
        with pytest.raises(Http404):
            get_request_for_viewer(request_of(people[name]), uuid.uuid4())


def test_a_mentorship_is_its_mentor_s_its_mentee_s_and_the_staff_s_of_its_sector(people, mentor):
    mentorship = mentorship_of(make_request(people["mentee"], sector="tic"), mentor)
    sides = {"mentee": MENTEE, "mentor": MENTOR, "tic": STAFF, "ime": STAFF}
    for name, side in sides.items():
        found = get_mentorship_for_viewer(request_of(people[name]), mentorship.uuid)
        assert found == (mentorship, side), name
    for name in NOBODY_ELSE:
        with pytest.raises(Http404):
            get_mentorship_for_viewer(request_of(people[name]), mentorship.uuid)
    for name in ("mentee", "mentor", "ime"):
        with pytest.raises(Http404):
            get_mentorship_for_viewer(request_of(people[name]), uuid.uuid4())


def test_a_mentorship_whose_mentor_deleted_their_account_stays_the_mentee_s_and_staff_s(people):
    mentorship = mentorship_of(make_request(people["mentee"], sector="tic"), None)
    assert get_mentorship_for_viewer(request_of(people["mentee"]), mentorship.uuid) == (
        mentorship,
        MENTEE,
    )
    assert get_mentorship_for_viewer(request_of(people["tic"]), mentorship.uuid) == (
        mentorship,
        STAFF,
    )
    for name in ("mentor", "member", "salud"):
        with pytest.raises(Http404):
            get_mentorship_for_viewer(request_of(people[name]), mentorship.uuid)


def test_a_mentorship_helper_finds_the_mentorship_asked_for(people, mentor, other_member):
    ours = mentorship_of(make_request(people["mentee"], sector="tic"), mentor)
    other_mentor_s = mentorship_of(make_request(people["mentee"], sector="tic"), other_member)
    someone_else_s = mentorship_of(make_request(people["other_mentee"], sector="tic"), mentor)
    mentee, mentor_asks = request_of(people["mentee"]), request_of(people["mentor"])
    assert get_mentorship_for_viewer(mentee, ours.uuid) == (ours, MENTEE)
    assert get_mentorship_for_viewer(mentee, other_mentor_s.uuid) == (other_mentor_s, MENTEE)
    assert get_mentorship_for_viewer(mentor_asks, someone_else_s.uuid) == (someone_else_s, MENTOR)
    with pytest.raises(Http404):
        get_mentorship_for_viewer(mentor_asks, other_mentor_s.uuid)


def test_the_helpers_load_what_the_pages_read(people, mentor, django_assert_num_queries):
    """The request's page reads its mentee, sector and cohort; the mentorship's page its mentor's
    account and its request's mentee, sector and cohort: loaded with the object."""
    cohort = make_cohort(places=2)
    asked = make_request(people["mentee"], sector="tic", cohort=cohort)
    mentorship = mentorship_of(asked, mentor)
    found, _side = get_request_for_viewer(request_of(people["tic"]), asked.uuid)
    shown, _side = get_mentorship_for_viewer(request_of(people["tic"]), mentorship.uuid)
    with django_assert_num_queries(0):
        assert (found.mentee, found.sector.slug, found.cohort) == (people["mentee"], "tic", cohort)
        assert shown.mentor.user == people["mentor"]
        request = shown.request
        assert (request.mentee, request.sector.slug, request.cohort) == (
            people["mentee"],
            "tic",
            cohort,
        )


def test_the_mentee_picks_a_mentor_only_in_a_cohort_that_lets_them_and_while_open(people):
    picking = make_cohort(places=2, mentee_picks=True)
    assigned = make_cohort(places=2, mentee_picks=False)
    in_picking = make_request(people["mentee"], cohort=picking)
    assert in_picking.status == Request.Status.OPEN
    assert can_pick_mentor(people["mentee"], in_picking) is True
    for name in ("other_mentee", "tic", "ime", "visitor"):
        assert can_pick_mentor(people[name], in_picking) is False, name
    for status in (Request.Status.WAITLISTED, Request.Status.PROPOSED, Request.Status.MATCHED):
        in_picking.status = status
        assert can_pick_mentor(people["mentee"], in_picking) is False, status
    in_assigned = make_request(people["mentee"], cohort=assigned)
    assert in_assigned.status == Request.Status.OPEN
    assert can_pick_mentor(people["mentee"], in_assigned) is False
    on_their_own = make_request(people["mentee"])
    assert can_pick_mentor(people["mentee"], on_their_own) is False


def test_a_cohort_is_changed_by_ime_and_the_pncs_staff_member_who_opened_it(people):
    opened = make_cohort(created_by=people["tic"])
    for name in ("ime", "tic"):
        assert can_edit_cohort(people[name], opened) is True, name
        assert get_cohort_for_editor(request_of(people[name]), opened.slug) == opened
    for name in ("visitor", "mentee", "mentor", "salud", "tic_no_mfa", "ime_no_mfa"):
        assert can_edit_cohort(people[name], opened) is False, name
        with pytest.raises(PermissionDenied):
            get_cohort_for_editor(request_of(people[name]), opened.slug)


def test_the_cohort_editor_gets_the_cohort_asked_for_and_404_for_an_unknown_one(people):
    mine = make_cohort(created_by=people["tic"])
    theirs = make_cohort(created_by=people["salud"], sectors=("salud",))
    assert get_cohort_for_editor(request_of(people["tic"]), mine.slug) == mine
    assert get_cohort_for_editor(request_of(people["salud"]), theirs.slug) == theirs
    assert get_cohort_for_editor(request_of(people["ime"]), theirs.slug) == theirs
    with pytest.raises(PermissionDenied):
        get_cohort_for_editor(request_of(people["tic"]), theirs.slug)
    for name in ("ime", "tic", "visitor"):
        with pytest.raises(Http404):
            get_cohort_for_editor(request_of(people[name]), "no-existe")
