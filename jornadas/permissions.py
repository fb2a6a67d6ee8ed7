"""Who may see which edition. Every view of the jornadas app asks here.

Published editions are public. A draft is IME's work in progress: IME admins (second factor
passed in this session) preview it; for everyone else it does not exist (404).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from redtalentos.lib.roles import is_ime_admin

from .models import Edition, Session


def can_preview_drafts(user):
    return is_ime_admin(user)


def visible_editions(user):
    """The editions `user` may open: published ones, and drafts too for IME."""
    if can_preview_drafts(user):
        return Edition.objects.all()
    return Edition.objects.published()


def get_edition_for_viewer(request, slug):
    """The edition at `slug`; 404 when unknown or a draft the viewer may not preview."""
    return get_object_or_404(visible_editions(request.user), slug=slug)


def get_session_for_viewer(request, slug, pk):
    """The session `pk` of the edition at `slug` (404 when either is unknown, the session belongs
    to another edition, or the edition is a draft the viewer may not preview)."""
    session = (
        Session.objects.select_related("edition", "track__sector", "room")
        .filter(edition__in=visible_editions(request.user), edition__slug=slug, pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def get_registration_for_owner(request, slug, uuid):
    """The registration `uuid` of the edition at `slug`, for its owner only: anybody else, IME
    included (IME works in the admin), gets 404."""
    from .models import Registration

    registration = (
        Registration.objects.select_related("edition", "user")
        .filter(
            uuid=uuid,
            user=request.user,
            edition__slug=slug,
            edition__in=visible_editions(request.user),
        )
        .first()
    )
    if registration is None:
        raise Http404
    return registration
