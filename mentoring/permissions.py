"""Who may do what in the mentoring. Every view of the mentoring app asks here.

- Mentors are members abroad (their offer, their mentorships); participants in Mexico (students
  and institution contacts, not staff) ask for mentoring; members and staff get 403 on those pages.
- A request is its mentee's and the staff's of its sector (PNCS of that sector, IME with its second
  factor in this session): for anyone else, a mentor included, it does not exist (404).
- A mentorship is its mentor's, its mentee's and the staff's of its request's sector (404 for the
  rest): a mentor sees only the requests proposed to them, through their mentorships.
- Cohorts are opened by IME and PNCS staff; IME changes any, a PNCS staff member those they opened.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.permissions import (
    is_participant,
    may_change_staff_opened,
    member_of,
    pncs_sector_ids,
)
from redtalentos.lib.roles import is_ime_admin

from .models import Cohort, Mentorship, Request

MENTEE, MENTOR, STAFF = "mentee", "mentor", "staff"


def require_mentor(request):
    """The signed-in member's profile (mentors are members abroad); 403 for other accounts."""
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member


def require_participant(request):
    if not is_participant(request.user):
        raise PermissionDenied


def staff_sector_ids(user):
    """The sectors whose requests `user` works on: None for IME (all), a set for PNCS staff (empty
    for everyone else)."""
    if is_ime_admin(user):
        return None
    return pncs_sector_ids(user)


def is_mentoring_staff(user):
    return is_ime_admin(user) or bool(pncs_sector_ids(user))


def require_staff(request):
    if not is_mentoring_staff(request.user):
        raise PermissionDenied


def staff_requests(user):
    """The requests of the sectors `user` works on (all for IME; none for others)."""
    sectors = staff_sector_ids(user)
    if sectors is None:
        return Request.objects.all()
    return Request.objects.filter(sector_id__in=sectors)


def _is_staff_for(user, sector_id):
    sectors = staff_sector_ids(user)
    return sectors is None or sector_id in sectors


def get_request_for_viewer(request, uuid):
    """(mentoring request, side): the mentee's or the staff's of its sector; 404 for others."""
    found = Request.objects.select_related("mentee", "sector", "cohort").filter(uuid=uuid).first()
    if found is None or not request.user.is_authenticated:
        raise Http404
    if found.mentee_id == request.user.pk:
        return found, MENTEE
    if _is_staff_for(request.user, found.sector_id) and is_mentoring_staff(request.user):
        return found, STAFF
    raise Http404


def get_mentorship_for_viewer(request, uuid):
    """(mentorship, side): its mentor's, its mentee's, the staff's of its sector; 404 for others."""
    mentorship = (
        Mentorship.objects.select_related(
            "mentor__user", "request__mentee", "request__sector", "request__cohort"
        )
        .filter(uuid=uuid)
        .first()
    )
    user = request.user
    if mentorship is None or not user.is_authenticated:
        raise Http404
    if mentorship.request.mentee_id == user.pk:
        return mentorship, MENTEE
    if mentorship.mentor is not None and mentorship.mentor.user_id == user.pk:
        return mentorship, MENTOR
    if is_mentoring_staff(user) and _is_staff_for(user, mentorship.request.sector_id):
        return mentorship, STAFF
    raise Http404


def can_pick_mentor(user, mentoring_request):
    """The mentee picks among the suggestions in a cohort that lets them, once they have a place."""
    cohort = mentoring_request.cohort
    return (
        cohort is not None
        and cohort.mentee_picks
        and mentoring_request.mentee_id == user.pk
        and mentoring_request.status == Request.Status.OPEN
    )


def can_edit_cohort(user, cohort):
    return may_change_staff_opened(user, cohort.created_by_id)


def get_cohort_for_editor(request, slug):
    cohort = Cohort.objects.filter(slug=slug).first()
    if cohort is None:
        raise Http404
    if not can_edit_cohort(request.user, cohort):
        raise PermissionDenied
    return cohort
