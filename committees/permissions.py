"""Who does what with calls, proposals and reviews.

- Calls: IME opens and changes any; PNCS staff open calls and change those they opened
  (members.permissions.may_change_staff_opened); the staff of a call are IME and the PNCS staff
  of one of its sectors (second factor passed in this session, as every staff right).
- Proposals: participants (institutions, students) and members abroad submit; the applicant
  sees theirs; the call's staff see every proposal; a reviewer sees only the proposals assigned
  to them and never one they are in conflict with (not waived), and in a blind phase not the
  applicant's name or institution.
- Reviews: a reviewer sees other reviews of a proposal only when the active phase allows it and
  after submitting their own; staff see all of them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.permissions import (
    is_participant,
    may_change_staff_opened,
    member_of,
    pncs_sector_ids,
)
from redtalentos.lib.roles import is_ime_admin

from .models import Assignment, Call, CallStatus, Conflict, Proposal, Reviewer, ReviewPhase

CS = CallStatus


def can_open_calls(user):
    return is_ime_admin(user) or bool(pncs_sector_ids(user))


def call_sector_ids(call):
    if not hasattr(call, "_rt_sector_ids"):
        call._rt_sector_ids = set(call.sectors.values_list("pk", flat=True))
    return call._rt_sector_ids


def is_call_staff(user, call):
    """IME, or PNCS staff of one of the call's sectors."""
    if is_ime_admin(user):
        return True
    sectors = pncs_sector_ids(user)
    return bool(sectors and sectors & call_sector_ids(call))


def can_change_call(user, call):
    return may_change_staff_opened(user, call.opened_by_id)


def visible_calls(user):
    """Published and decided calls for everyone; drafts and cancelled ones for staff."""
    if is_ime_admin(user):
        return Call.objects.all()
    public = Q(status__in=(CS.PUBLISHED, CS.DECIDED))
    sectors = pncs_sector_ids(user)
    if sectors:
        # A subquery, not a join: no duplicate rows, so no DISTINCT (which `|` cannot combine).
        theirs = Call.sectors.through.objects.filter(sector_id__in=sectors).values("call_id")
        return Call.objects.filter(public | Q(pk__in=theirs))
    return Call.objects.filter(public)


def get_call(request, slug):
    call = get_object_or_404(Call, slug=slug)
    if call.status in (CS.PUBLISHED, CS.DECIDED) or is_call_staff(request.user, call):
        return call
    raise Http404("No call.")


def require_call_staff(request, call):
    if not is_call_staff(request.user, call):
        raise PermissionDenied


def require_call_change(request, call):
    if not can_change_call(request.user, call):
        raise PermissionDenied


def may_submit(user):
    """Participants in Mexico and members abroad; never staff acting as such."""
    return user.is_authenticated and (is_participant(user) or member_of(user) is not None)


def reviewer_in(user, call):
    """The user's seat on the call's committee (accepted), or None."""
    member = member_of(user)
    if member is None:
        return None
    return Reviewer.objects.filter(
        call=call, member=member, status=Reviewer.Status.ACCEPTED
    ).first()


def in_conflict(reviewer, proposal):
    return Conflict.objects.filter(
        reviewer=reviewer, proposal=proposal, waived_at__isnull=True
    ).exists()


def reviewer_assignment(user, proposal):
    """The reviewer's assignment of `proposal` if they may see it (assigned, no conflict)."""
    reviewer = reviewer_in(user, proposal.call)
    if reviewer is None or in_conflict(reviewer, proposal):
        return None
    return (
        Assignment.objects.filter(reviewer=reviewer, proposal=proposal)
        .select_related("reviewer__member")
        .first()
    )


def proposal_access(user, proposal):
    """("applicant" | "staff" | "reviewer", assignment or None), or None: may not see it."""
    if user.is_authenticated and proposal.applicant_id == user.pk:
        return "applicant", None
    if is_call_staff(user, proposal.call):
        return "staff", None
    assignment = reviewer_assignment(user, proposal)
    if assignment is not None:
        return "reviewer", assignment
    return None


def get_proposal(request, uuid):
    """The proposal with the viewer's access; 404 for anyone who may not see it (a reviewer in
    conflict included: the proposal does not exist for them)."""
    proposal = get_object_or_404(Proposal.objects.select_related("call", "applicant"), uuid=uuid)
    access = proposal_access(request.user, proposal)
    if access is None:
        raise Http404("No proposal.")
    return proposal, access


def active_phase(call):
    return ReviewPhase.objects.filter(call=call, is_active=True).first()


def names_hidden(access, phase):
    """Whether the viewer reads the proposal without the applicant's name and institution."""
    kind, _assignment = access
    return kind == "reviewer" and (phase is None or phase.hide_names)


def sees_other_reviews(access, phase, own_review):
    kind, _assignment = access
    if kind == "staff":
        return True
    if kind != "reviewer" or phase is None:
        return False
    submitted = own_review is not None and own_review.submitted_at is not None
    return phase.other_reviews == ReviewPhase.OtherReviews.AFTER_OWN and submitted
