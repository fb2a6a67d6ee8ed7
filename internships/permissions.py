"""Who may do what in the internships. Every view of the internships app asks here.

Applications: a participant (a student or institution contact in Mexico, not staff) applies and
keeps their applications; members abroad and staff get 403 on those pages. An application is its
student's alone: for anyone else its page does not exist (404). Its CV is fetched by the student,
by the host of the posting once the application is sent (never a draft, never another posting's)
and by IME (second factor passed in this session); every fetch is logged (CVAccess).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from members.permissions import (
    is_participant,
    may_change_staff_opened,
    member_of,
    pncs_sector_ids,
)
from redtalentos.lib.roles import is_ime_admin

from .models import (
    Application,
    ApplicationStatus,
    CVAccess,
    Cycle,
    EvaluationAuthor,
    Placement,
    Posting,
    PostingStatus,
)


def require_participant(request):
    """403 for a signed-in account that is not a participant (the view asks for the sign-in)."""
    if not is_participant(request.user):
        raise PermissionDenied


def get_application_for_student(request, uuid):
    """The application `uuid` of the signed-in student; 404 for anybody else, IME included
    (IME works in the admin)."""
    application = (
        Application.objects.select_related("cycle", "posting")
        .filter(uuid=uuid, student=request.user)
        .first()
    )
    if application is None:
        raise Http404
    return application


def cv_viewer_role(user, application):
    """As what `user` may fetch the application's CV (a CVAccess.Role), or None."""
    if not user.is_authenticated:
        return None
    if application.student_id == user.pk:
        return CVAccess.Role.STUDENT
    if is_ime_admin(user):
        return CVAccess.Role.IME
    member = member_of(user)
    if (
        member is not None
        and application.posting.host_id == member.pk
        and application.status != ApplicationStatus.DRAFT
    ):
        return CVAccess.Role.HOST
    return None


def get_application_for_cv(request, uuid):
    """(application, role) for a CV fetch; 404 for whoever may not fetch it."""
    application = Application.objects.select_related("posting", "student").filter(uuid=uuid).first()
    role = cv_viewer_role(request.user, application) if application is not None else None
    if role is None:
        raise Http404
    return application, role


# Postings
#
# Published and closed postings are public. A draft is its host's alone (and IME's); a posting
# sent for review, returned or approved is also seen by PNCS staff (second factor passed in this
# session) of any sector, and reviewed by the staff of one of its sectors or IME: PNCS staff of
# another sector get 403 on its review page, everybody else 404. Posting a place is for members
# abroad: participants and staff get 403.


def require_host(request):
    """The signed-in member's profile (hosts are members abroad); 403 for other accounts."""
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member


def reviewer_sector_ids(user):
    """The sectors whose postings `user` reviews: all for IME (None), theirs for PNCS staff."""
    if is_ime_admin(user):
        return None
    return pncs_sector_ids(user)


def can_review_postings(user):
    return is_ime_admin(user) or bool(pncs_sector_ids(user))


def visible_postings(user):
    """The postings `user` may open."""
    if is_ime_admin(user):
        return Posting.objects.all()
    condition = Q(status__in=(PostingStatus.APPROVED, PostingStatus.CLOSED))
    member = member_of(user)
    if member is not None:
        condition |= Q(host=member)
    if pncs_sector_ids(user):
        condition |= ~Q(status=PostingStatus.DRAFT)
    return Posting.objects.filter(condition)


def _posting(user, slug):
    posting = visible_postings(user).select_related("cycle", "host__user").filter(slug=slug).first()
    if posting is None:
        raise Http404
    return posting


def get_posting_for_viewer(request, slug):
    """The posting at `slug`; 404 when unknown or not visible to the viewer."""
    return _posting(request.user, slug)


def is_host_of(user, posting):
    member = member_of(user)
    return member is not None and posting.host_id == member.pk


def get_posting_for_host(request, slug):
    """The posting at `slug` for its host: 404 when the viewer may not see it, 403 when they see
    it but do not host it."""
    posting = _posting(request.user, slug)
    if not is_host_of(request.user, posting):
        raise PermissionDenied
    return posting


def can_review(user, posting):
    """IME, or PNCS staff of one of the posting's sectors."""
    if is_ime_admin(user):
        return True
    sectors = pncs_sector_ids(user)
    return bool(sectors) and posting.sectors.filter(pk__in=sectors).exists()


def get_posting_for_reviewer(request, slug):
    """The posting at `slug` for review: 404 when the viewer may not see it, 403 unless they
    review its sectors."""
    posting = _posting(request.user, slug)
    if not can_review(request.user, posting):
        raise PermissionDenied
    return posting


def postings_to_review(user):
    """The postings waiting for `user`'s review (those of their sectors; all for IME)."""
    postings = Posting.objects.awaiting_review()
    sectors = reviewer_sector_ids(user)
    if sectors is None:
        return postings
    return postings.filter(
        pk__in=Posting.sectors.through.objects.filter(sector_id__in=sectors).values("posting_id")
    )


# Selection (internships.selection_views): a host works on the applications to their own
# postings; IME (second factor in this session) on every posting's. For anybody else the
# applications of a posting do not exist (404), even when the posting itself is public.


def selection_postings(user):
    """The postings whose applications `user` works on: all for IME, their own for a host."""
    if is_ime_admin(user):
        return Posting.objects.all()
    member = member_of(user)
    if member is None:
        return Posting.objects.none()
    return Posting.objects.filter(host=member)


def get_posting_for_selection(request, slug):
    """The posting at `slug` for the selection of its candidates: 404 unless the viewer hosts it
    (or is IME)."""
    posting = (
        selection_postings(request.user).select_related("cycle", "host").filter(slug=slug).first()
    )
    if posting is None:
        raise Http404
    return posting


def get_application_for_host(request, slug, uuid):
    """The application `uuid` (sent, never a draft) to the posting at `slug`, for the posting's
    host or IME; 404 for anybody else, and for an application to another posting."""
    posting = get_posting_for_selection(request, slug)
    application = (
        Application.objects.filter(posting=posting)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("cycle", "posting", "student")
        .filter(uuid=uuid)
        .first()
    )
    if application is None:
        raise Http404
    return application


def require_ime(request):
    """403 for a signed-in account that is not IME acting with its second factor."""
    if not is_ime_admin(request.user):
        raise PermissionDenied


# Placements (internships.placement_views): the student's and the host's page; IME reads it too
# (second factor in this session). For anybody else it does not exist (404).


def get_placement_for_viewer(request, uuid):
    """(placement, side): side is an Evaluation.Author for the student or the host, None for
    IME; 404 for anybody else."""
    placement = (
        Placement.objects.select_related(
            "application__posting__host", "application__student", "application__cycle"
        )
        .prefetch_related("evaluations")
        .filter(uuid=uuid)
        .first()
    )
    if placement is None or not request.user.is_authenticated:
        raise Http404
    application = placement.application
    if application.student_id == request.user.pk:
        return placement, EvaluationAuthor.STUDENT
    member = member_of(request.user)
    if member is not None and application.posting.host_id == member.pk:
        return placement, EvaluationAuthor.HOST
    if is_ime_admin(request.user):
        return placement, None
    raise Http404


# Cycles (internships.cycle_views): IME and PNCS staff (second factor in this session) open
# cycles; IME changes any cycle, a PNCS staff member the cycles they opened.


def can_open_cycles(user):
    return is_ime_admin(user) or bool(pncs_sector_ids(user))


def require_cycle_staff(request):
    if not can_open_cycles(request.user):
        raise PermissionDenied


def can_edit_cycle(user, cycle):
    return may_change_staff_opened(user, cycle.created_by_id)


def get_cycle_for_editor(request, slug):
    """The cycle at `slug` for a change: 404 when unknown, 403 unless the viewer may change it."""
    cycle = Cycle.objects.filter(slug=slug).first()
    if cycle is None:
        raise Http404
    if not can_edit_cycle(request.user, cycle):
        raise PermissionDenied
    return cycle
