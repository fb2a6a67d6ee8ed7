"""Who may do what with a chapter. Every view of the chapters app asks here.

chapters sits below members: the member profile comes from what members registers in
chapters.people, never imported.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from redtalentos.lib.roles import is_ime_admin

from . import people
from .models import Chapter, ChapterRole


def is_chapter_leader(user, chapter):
    """True for a person with a role (any role) in the leadership of `chapter`."""
    if not user.is_authenticated or not user.is_active:
        return False
    return ChapterRole.objects.filter(chapter=chapter, user=user).exists()


def can_lead(user, chapter, *, roles=None):
    """Leaders of `chapter` and IME admins; `roles` (the chapter's roles, already fetched) saves
    a query on pages that list them anyway."""
    if is_ime_admin(user):
        return True
    if roles is not None:
        return user.is_authenticated and user.is_active and any(r.user_id == user.pk for r in roles)
    return is_chapter_leader(user, chapter)


def member_of(user):
    """The signed-in talent's member profile, or None (visitors, participants, staff)."""
    if not user.is_authenticated or not user.is_active:
        return None
    return people.profile_of(user)


def get_chapter_for_leader(request, slug):
    """The chapter at `slug` for its leadership: 404 for an unknown slug, 403 for signed-in people
    who do not lead it. Views use it after login_required (visitors go to the sign-in page)."""
    chapter = get_object_or_404(Chapter, slug=slug)
    if not can_lead(request.user, chapter):
        raise PermissionDenied
    return chapter


def require_talent(request):
    """The signed-in member's own profile; 403 for other signed-in accounts."""
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member
