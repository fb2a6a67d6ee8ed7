"""Who may see or do what with member data. Every view of the members app asks here.

Viewer levels and which field groups each sees are members.visibility's rule.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from redtalentos.lib.roles import is_ime_account, is_ime_admin, passed_mfa

from .models import AccountType, Member, StaffAccess
from .staff_limits import lifted_today, start_of_today
from .visibility import MEMBER, OWNER, STAFF, VISITOR, visible_groups

__all__ = ["MEMBER", "OWNER", "STAFF", "VISITOR", "visible_groups"]  # the levels, where views ask


def is_pncs_staff(user):
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_rt_is_pncs_staff"):  # asked several times per request: ask the DB once
        user._rt_is_pncs_staff = user.contact_points.exists()
    return user._rt_is_pncs_staff


def is_staff_role(user):
    """IME and PNCS staff accounts: the roles that must use MFA."""
    return is_ime_account(user) or is_pncs_staff(user)


def member_of(user):
    """The viewer's own profile, or None (visitors, participants)."""
    if not user.is_authenticated or user.account_type != AccountType.TALENT:
        return None
    if not hasattr(user, "_rt_member"):  # asked several times per request: ask the DB once
        user._rt_member = Member.objects.filter(user=user).first()
    return user._rt_member


def has_totp(user):
    """Whether the account has an authenticator app (enrolled); whether this session used it is
    `passed_mfa`."""
    if not hasattr(user, "_rt_has_totp"):  # asked by the middleware and the view: ask the DB once
        user._rt_has_totp = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    return user._rt_has_totp


def pncs_sector_ids(user):
    """The sectors a PNCS staff member works on (empty for everyone else).

    Staff-level access needs MFA passed in this session, on every page and not only under
    /pncs/: otherwise PNCS staff see profiles as anyone else does.
    """
    if not is_pncs_staff(user) or not passed_mfa(user):
        return set()
    return set(user.contact_points.values_list("sectors", flat=True)) - {None}


def may_change_staff_opened(user, opened_by_id):
    """What IME or a PNCS opened (an internship cycle, a mentoring cohort): IME changes any, a
    PNCS staff member the ones they opened (second factor passed in this session, as every staff
    right)."""
    if is_ime_admin(user):
        return True
    opened_it = user.is_authenticated and opened_by_id == user.pk
    return opened_it and bool(pncs_sector_ids(user))


def viewer_level(user, member, *, viewer_member=None, staff_sectors=None):
    """How much of `member`'s profile `user` may see, or None when the profile is hidden to them.

    `viewer_member` and `staff_sectors` may be passed in to save queries on list pages.
    """
    if user.is_authenticated and member.user_id == user.pk:
        return OWNER
    if not member.user.is_active:
        return None
    if is_ime_admin(user):
        # Like PNCS staff, IME sees beyond what members chose only after MFA in this session.
        return OWNER
    level = None
    if member.listed_publicly:
        level = VISITOR
    if viewer_member is None:
        viewer_member = member_of(user)
    chapter_mate = (
        viewer_member is not None
        and member.visible_to_chapter
        and member.chapter_id is not None
        and member.chapter_id == viewer_member.chapter_id
    )
    if viewer_member is not None and (member.listed_publicly or chapter_mate):
        level = MEMBER
    if member.findable_by_pncs:
        if staff_sectors is None:
            staff_sectors = pncs_sector_ids(user)
        if staff_sectors and staff_sectors & {s.pk for s in member.sectors.all()}:
            level = STAFF
    return level


def get_member_for_viewer(request, slug):
    """The profile at `slug` and the viewer's level; 404 when the viewer may not see it."""
    member = get_object_or_404(Member.objects.select_related("user", "chapter"), slug=slug)
    level = viewer_level(request.user, member)
    if level is None:
        raise Http404
    return member, level


PARTICIPANT_TYPES = (AccountType.STUDENT, AccountType.INSTITUTION)


def is_participant(user):
    """A person in Mexico (a student or an institution contact) with the participants' home at
    /perfil/. Staff are left out: their work has its own pages."""
    return (
        user.is_authenticated and user.account_type in PARTICIPANT_TYPES and not is_staff_role(user)
    )


def require_member(request):
    """The signed-in talent's own profile; 403 for other signed-in accounts."""
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member


def can_request_introduction(user):
    """Members and PNCS staff may ask for introductions; visitors and participants may not.
    Staff ask as staff: only after the second factor in this session."""
    return member_of(user) is not None or (is_pncs_staff(user) and passed_mfa(user))


def staff_view_allowed(user, member):
    """Whether PNCS staff may see one more profile at staff level today.

    At most PNCS_DAILY_PROFILE_VIEWS different profiles a day (local time) per account, against
    bulk harvesting; a profile already seen today can be opened again; IME may lift the cap of
    one account for one day (members.staff_limits).
    """
    seen = StaffAccess.objects.filter(
        viewer=user, kind=StaffAccess.Kind.PROFILE_VIEW, created_at__gte=start_of_today()
    ).aggregate(
        profiles=Count("member", distinct=True),
        this_one=Count("pk", filter=Q(member=member)),
    )
    if seen["this_one"] > 0 or seen["profiles"] < settings.PNCS_DAILY_PROFILE_VIEWS:
        return True
    return lifted_today(user)
