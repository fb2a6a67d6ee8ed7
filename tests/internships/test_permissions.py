"""The access rules of internships.permissions, asked directly: each rule with the person it lets
in and the people it keeps out (visitor, student, another student, the host, another member,
PNCS staff of the posting's sector and of another, IME with and without the second factor in this
session). The pages are tested through the views in test_applications.py, test_postings.py,
test_selection.py and test_placements.py."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from internships.models import (
    ApplicationStatus,
    CVAccess,
    EvaluationAuthor,
    Placement,
    PostingStatus,
)
from internships.permissions import (
    can_edit_cycle,
    can_open_cycles,
    can_review,
    can_review_postings,
    cv_viewer_role,
    get_application_for_cv,
    get_application_for_host,
    get_application_for_student,
    get_cycle_for_editor,
    get_placement_for_viewer,
    get_posting_for_host,
    get_posting_for_reviewer,
    get_posting_for_selection,
    get_posting_for_viewer,
    is_host_of,
    postings_to_review,
    require_cycle_staff,
    require_host,
    require_ime,
    require_participant,
    reviewer_sector_ids,
    selection_postings,
    visible_postings,
)
from members.models import AccountType, User
from pncs.models import ContactPoint, Sector
from redtalentos.lib.roles import MFA_SESSION_ATTR
from tests.conftest import make_member, make_pncs_staff, make_user
from tests.internships.helpers import make_application, make_cycle, make_posting

pytestmark = pytest.mark.django_db

PS = PostingStatus


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
def host(db):
    return make_member("Hilda Anfitriona", email="anfitriona@example.org")


@pytest.fixture
def people(db, host, member, participant, ime_admin):
    """Everyone the rules tell apart, as the next request loads them."""
    tic = make_pncs_staff("tic@example.org", sectors=("tic",), name="PNCS TIC")
    salud = make_pncs_staff("salud@example.org", sectors=("salud",), name="PNCS Salud")
    other_student = make_user(full_name="Otra Estudiante", account_type=AccountType.STUDENT)
    return {
        "visitor": AnonymousUser(),
        "student": fresh(participant),
        "other_student": fresh(other_student),
        "host": fresh(host.user),
        "member": fresh(member.user),
        "tic": fresh(tic, mfa=True),
        "tic_no_mfa": fresh(tic),
        "salud": fresh(salud, mfa=True),
        "ime": fresh(ime_admin, mfa=True),
        "ime_no_mfa": fresh(ime_admin),
    }


@pytest.fixture
def cycle(db):
    return make_cycle()


def test_only_participants_pass_the_participants_gate(people):
    require_participant(request_of(people["student"]))
    for name in ("host", "tic", "ime"):
        with pytest.raises(PermissionDenied):
            require_participant(request_of(people[name]))


def test_an_application_is_its_student_s_alone(people, cycle, host):
    application = make_application(make_posting(cycle, host), people["student"])
    request = request_of(people["student"])
    assert get_application_for_student(request, application.uuid) == application
    for name in ("other_student", "host", "ime"):
        with pytest.raises(Http404):
            get_application_for_student(request_of(people[name]), application.uuid)


def test_the_cv_is_fetched_by_the_student_the_host_and_ime(people, cycle, host):
    application = make_application(make_posting(cycle, host), people["student"])
    expected = {"student": CVAccess.Role.STUDENT, "host": CVAccess.Role.HOST, "ime": "ime"}
    for name, role in expected.items():
        assert cv_viewer_role(people[name], application) == role
        assert get_application_for_cv(request_of(people[name]), application.uuid) == (
            application,
            role,
        )
    for name in ("visitor", "other_student", "member", "tic", "ime_no_mfa"):
        assert cv_viewer_role(people[name], application) is None
        with pytest.raises(Http404):
            get_application_for_cv(request_of(people[name]), application.uuid)
    with pytest.raises(Http404):
        get_application_for_cv(request_of(people["ime"]), uuid.uuid4())


def test_the_host_does_not_fetch_the_cv_of_a_draft(people, cycle, host):
    draft = make_application(
        make_posting(cycle, host), people["student"], status=ApplicationStatus.DRAFT
    )
    assert cv_viewer_role(people["host"], draft) is None
    assert cv_viewer_role(people["student"], draft) == CVAccess.Role.STUDENT


def test_posting_a_place_is_for_members(people):
    assert require_host(request_of(people["host"])).user == people["host"]
    for name in ("visitor", "student", "tic", "ime"):
        with pytest.raises(PermissionDenied):
            require_host(request_of(people[name]))


def test_who_sees_which_posting(people, cycle, host):
    postings = {
        status: make_posting(cycle, host, status=status)
        for status in (PS.DRAFT, PS.SUBMITTED, PS.RETURNED, PS.APPROVED, PS.CLOSED)
    }
    public = {postings[PS.APPROVED], postings[PS.CLOSED]}
    sent = public | {postings[PS.SUBMITTED], postings[PS.RETURNED]}
    seen = {
        "visitor": public,
        "student": public,
        "member": public,
        "tic_no_mfa": public,
        "ime_no_mfa": public,
        "salud": sent,
        "tic": sent,
        "host": set(postings.values()),
        "ime": set(postings.values()),
    }
    for name, expected in seen.items():
        assert set(visible_postings(people[name])) == expected, name
        for posting in postings.values():
            request = request_of(people[name])
            if posting in expected:
                assert get_posting_for_viewer(request, posting.slug) == posting
            else:
                with pytest.raises(Http404):
                    get_posting_for_viewer(request, posting.slug)


def test_a_posting_s_host_page_is_its_host_s(people, cycle, host, other_member):
    posting = make_posting(cycle, host)
    assert is_host_of(people["host"], posting)
    assert get_posting_for_host(request_of(people["host"]), posting.slug) == posting
    for name in ("visitor", "member", "student", "ime"):
        assert not is_host_of(people[name], posting)
        with pytest.raises(PermissionDenied):
            get_posting_for_host(request_of(people[name]), posting.slug)
    with pytest.raises(Http404):
        get_posting_for_host(request_of(people["host"]), "no-existe")


def test_a_posting_is_reviewed_by_ime_and_the_pncs_of_its_sectors(people, cycle, host):
    posting = make_posting(cycle, host, status=PS.SUBMITTED)
    approved = make_posting(cycle, host, sectors=("salud",))
    tic = Sector.objects.get(slug="tic")
    assert reviewer_sector_ids(people["ime"]) is None
    assert reviewer_sector_ids(people["tic"]) == {tic.pk}
    assert reviewer_sector_ids(people["tic_no_mfa"]) == set()
    assert set(postings_to_review(people["ime"])) >= {posting}
    assert list(postings_to_review(people["tic"])) == [posting]
    assert not postings_to_review(people["salud"]).filter(pk=posting.pk).exists()
    assert not postings_to_review(people["tic"]).filter(pk=approved.pk).exists()
    for name in ("ime", "tic"):
        assert can_review_postings(people[name])
        assert can_review(people[name], posting)
        assert get_posting_for_reviewer(request_of(people[name]), posting.slug) == posting
    assert can_review_postings(people["salud"])
    assert not can_review(people["salud"], posting)
    with pytest.raises(PermissionDenied):
        get_posting_for_reviewer(request_of(people["salud"]), posting.slug)
    for name in ("member", "host", "tic_no_mfa", "ime_no_mfa"):
        assert not can_review_postings(people[name])
        assert not can_review(people[name], posting)
    with pytest.raises(Http404):
        get_posting_for_reviewer(request_of(people["member"]), posting.slug)


def test_a_posting_s_candidates_are_its_host_s_and_ime_s(people, cycle, host, other_member):
    posting = make_posting(cycle, host)
    other = make_posting(cycle, other_member)
    sent = make_application(posting, people["student"])
    draft = make_application(
        posting, people["other_student"], status=ApplicationStatus.DRAFT, rank=1
    )
    elsewhere = make_application(other, people["other_student"], rank=2)
    assert list(selection_postings(people["host"])) == [posting]
    assert set(selection_postings(people["ime"])) == {posting, other}
    for name in ("host", "ime"):
        request = request_of(people[name])
        assert get_posting_for_selection(request, posting.slug) == posting
        assert get_application_for_host(request, posting.slug, sent.uuid) == sent
        for application in (draft, elsewhere):
            with pytest.raises(Http404):
                get_application_for_host(request, posting.slug, application.uuid)
    for name in ("visitor", "student", "member", "tic", "ime_no_mfa"):
        assert not selection_postings(people[name]).exists()
        with pytest.raises(Http404):
            get_posting_for_selection(request_of(people[name]), posting.slug)


def test_ime_pages_need_the_second_factor(people):
    require_ime(request_of(people["ime"]))
    for name in ("ime_no_mfa", "tic", "host"):
        with pytest.raises(PermissionDenied):
            require_ime(request_of(people[name]))


def test_a_placement_is_seen_by_its_student_its_host_and_ime(people, cycle, host):
    application = make_application(
        make_posting(cycle, host), people["student"], status=ApplicationStatus.ACCEPTED
    )
    today = timezone.localdate()
    placement = Placement.objects.create(
        application=application, starts_on=today, ends_on=today + datetime.timedelta(days=30)
    )
    sides = {"student": EvaluationAuthor.STUDENT, "host": EvaluationAuthor.HOST, "ime": None}
    for name, side in sides.items():
        assert get_placement_for_viewer(request_of(people[name]), placement.uuid) == (
            placement,
            side,
        )
    for name in ("visitor", "other_student", "member", "tic", "ime_no_mfa"):
        with pytest.raises(Http404):
            get_placement_for_viewer(request_of(people[name]), placement.uuid)
    with pytest.raises(Http404):
        get_placement_for_viewer(request_of(people["ime"]), uuid.uuid4())


def test_a_member_who_also_staffs_a_pncs_sees_their_drafts_and_the_sent_postings(
    people, cycle, host, other_member
):
    ContactPoint.objects.get(name="PNCS TIC").staff.add(host.user)
    own_draft = make_posting(cycle, host, status=PS.DRAFT)
    sent = make_posting(cycle, other_member, status=PS.SUBMITTED)
    others_draft = make_posting(cycle, other_member, status=PS.DRAFT)
    seen = set(visible_postings(fresh(host.user, mfa=True)))
    assert {own_draft, sent} <= seen
    assert others_draft not in seen


def test_each_helper_finds_the_object_asked_for_and_loads_what_the_page_reads(
    people, cycle, host, django_assert_num_queries
):
    """The pages read the application's cycle, posting and student, the posting's cycle and host:
    each helper loads them with the object, not one query each."""
    posting, second = make_posting(cycle, host), make_posting(cycle, host)
    first_choice = make_application(posting, people["student"])
    second_choice = make_application(second, people["student"], rank=2)
    student, own_host = request_of(people["student"]), request_of(people["host"])
    assert get_application_for_student(student, first_choice.uuid) == first_choice
    own = get_application_for_student(student, second_choice.uuid)
    assert own == second_choice
    for_cv, _role = get_application_for_cv(own_host, second_choice.uuid)
    for_host = get_application_for_host(own_host, second.slug, second_choice.uuid)
    viewed = get_posting_for_viewer(request_of(people["visitor"]), second.slug)
    hosted = get_posting_for_host(own_host, second.slug)
    selected = get_posting_for_selection(own_host, second.slug)
    placement = Placement.objects.create(
        application=second_choice,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    placed, _side = get_placement_for_viewer(own_host, placement.uuid)
    with django_assert_num_queries(0):
        assert (own.cycle, own.posting) == (cycle, second)
        assert (for_cv.posting, for_cv.student) == (second, people["student"])
        assert (for_host.cycle, for_host.posting, for_host.student) == (
            cycle,
            second,
            people["student"],
        )
        for found in (viewed, hosted):
            assert (found.cycle, found.host.user) == (cycle, people["host"])
        assert (selected.cycle, selected.host) == (cycle, host)
        application = placed.application
        assert (application.posting.host, application.student, application.cycle) == (
            host,
            people["student"],
            cycle,
        )


def test_cycles_are_opened_by_ime_and_pncs_staff_with_the_second_factor(people):
    for name in ("ime", "tic", "salud"):
        assert can_open_cycles(people[name]), name
        require_cycle_staff(request_of(people[name]))
    for name in ("visitor", "student", "host", "member", "tic_no_mfa", "ime_no_mfa"):
        assert not can_open_cycles(people[name]), name
        with pytest.raises(PermissionDenied):
            require_cycle_staff(request_of(people[name]))


def test_a_cycle_is_changed_by_ime_and_the_pncs_staff_member_who_opened_it(people):
    opened = make_cycle(created_by=people["tic"])
    for name in ("ime", "tic"):
        assert can_edit_cycle(people[name], opened), name
        assert get_cycle_for_editor(request_of(people[name]), opened.slug) == opened
    for name in ("visitor", "student", "member", "salud", "tic_no_mfa", "ime_no_mfa"):
        assert not can_edit_cycle(people[name], opened), name
        with pytest.raises(PermissionDenied):
            get_cycle_for_editor(request_of(people[name]), opened.slug)


def test_a_cycle_with_nobody_behind_it_is_ime_s_alone(people):
    """A cycle from the data migrations, or whose opener's account is gone: no opener to match."""
    orphan = make_cycle(created_by=None)
    assert can_edit_cycle(people["ime"], orphan)
    for name in ("visitor", "tic", "salud", "member"):
        assert not can_edit_cycle(people[name], orphan), name


def test_a_member_who_opened_a_cycle_without_being_staff_may_not_change_it(people):
    """Only staff open cycles; should a member's account be named the opener, it gives no right."""
    opened = make_cycle(created_by=people["member"])
    assert not can_edit_cycle(people["member"], opened)
    with pytest.raises(PermissionDenied):
        get_cycle_for_editor(request_of(people["member"]), opened.slug)


def test_the_cycle_editor_gets_the_cycle_asked_for_and_404_for_an_unknown_one(people):
    mine = make_cycle(created_by=people["tic"])
    theirs = make_cycle(created_by=people["salud"])
    assert get_cycle_for_editor(request_of(people["tic"]), mine.slug) == mine
    assert get_cycle_for_editor(request_of(people["salud"]), theirs.slug) == theirs
    assert get_cycle_for_editor(request_of(people["ime"]), theirs.slug) == theirs
    with pytest.raises(PermissionDenied):
        get_cycle_for_editor(request_of(people["tic"]), theirs.slug)
    for name in ("ime", "tic", "visitor"):
        with pytest.raises(Http404):
            get_cycle_for_editor(request_of(people[name]), "no-existe")
