"""Who may see which edition. Every view of the jornadas app asks here.

Published editions are public. A draft is IME's work in progress: IME admins (second factor
passed in this session) preview it; for everyone else it does not exist (404).

Check-in at the door is IME's (second factor passed in this session): PNCS staff and members get
403 on a published edition's check-in page.

Speakers and materials: IME, and the staff of the PNCS of a session's sector (both with the second
factor in this session), invite speakers to it; a session's speakers (and IME) edit its abstract
and upload its materials. Before the edition publishes its materials only they and the PNCS of
the sector fetch them; after that, everyone.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.permissions import member_of, pncs_sector_ids
from redtalentos.lib.capacity import SeatStatus
from redtalentos.lib.roles import is_ime_admin

from .models import Edition, MaterialAccess, Session, SessionMaterial


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


def can_check_in(user):
    """Checking people in at the door, and issuing the edition's certificates: IME."""
    return is_ime_admin(user)


def get_edition_for_checkin(request, slug):
    """The edition at `slug` for IME's check-in page: 404 when the viewer may not see it, 403 for
    anyone else signed in."""
    edition = get_edition_for_viewer(request, slug)
    if not can_check_in(request.user):
        raise PermissionDenied
    return edition


# Speakers and materials


def can_invite_speakers(user, session):
    """IME, or the staff of a PNCS of the session's sector (the plenaries are IME's)."""
    if is_ime_admin(user):
        return True
    sector = session.track.sector_id
    return sector is not None and sector in pncs_sector_ids(user)


def is_speaker_of(user, session):
    member = member_of(user)
    return member is not None and session.speakers.filter(member=member).exists()


def can_manage_session(user, session):
    """Edit the abstract and upload materials: the session's speakers, and IME."""
    return is_ime_admin(user) or is_speaker_of(user, session)


def _session(slug, pk):
    session = (
        Session.objects.select_related("edition", "track__sector", "room")
        .filter(edition__slug=slug, pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def get_session_for_inviter(request, slug, pk):
    """The session, for IME or the PNCS of its sector; 404 when the viewer may not see it, 403 for
    anyone else signed in."""
    session = get_session_for_viewer(request, slug, pk)
    if not can_invite_speakers(request.user, session):
        raise PermissionDenied
    return session


def get_session_for_speaker(request, slug, pk):
    """The session, for its speakers (also in a draft edition) and IME; 404 for a draft to anyone
    else, 403 for anyone else signed in."""
    session = _session(slug, pk)
    if can_manage_session(request.user, session):
        return session
    if not session.edition.is_published:
        raise Http404
    raise PermissionDenied


def material_access(user, material):
    """As what `user` may fetch `material` (a MaterialAccess.Role), or None."""
    session = material.session
    if is_speaker_of(user, session):
        return MaterialAccess.Role.SPEAKER
    if is_ime_admin(user):
        return MaterialAccess.Role.IME
    if session.track.sector_id is not None and session.track.sector_id in pncs_sector_ids(user):
        return MaterialAccess.Role.PNCS
    if session.edition.is_published and session.edition.materials_published:
        return MaterialAccess.Role.PUBLIC
    return None


def get_material(slug, uuid):
    material = (
        SessionMaterial.objects.select_related("session__edition", "session__track")
        .filter(uuid=uuid, session__edition__slug=slug)
        .first()
    )
    if material is None:
        raise Http404
    return material


def can_delete_material(user, material):
    """Its uploader while a speaker of the session, and IME."""
    if is_ime_admin(user):
        return True
    return material.uploaded_by_id == user.pk and is_speaker_of(user, material.session)


def visible_materials(user, session):
    """The session's materials `user` may fetch (all or none: the rule is the session's)."""
    probe = SessionMaterial(session=session)
    if material_access(user, probe) is None:
        return SessionMaterial.objects.none()
    return session.materials.select_related("session__edition")


# After the edition: follow-ups and the feedback survey


def follow_up_sector_ids(user):
    """The sectors whose follow-ups `user` keeps: every sector for IME, their own for PNCS staff
    (both with the second factor in this session), none for anyone else."""
    from pncs.models import Sector

    if is_ime_admin(user):
        return set(Sector.objects.values_list("pk", flat=True))
    return pncs_sector_ids(user)


def get_edition_for_follow_ups(request, slug):
    """The edition and the sector ids the user keeps follow-ups for: 404 when the viewer may not
    see the edition, 403 for anyone signed in who keeps none."""
    edition = get_edition_for_viewer(request, slug)
    sector_ids = follow_up_sector_ids(request.user)
    if not sector_ids:
        raise PermissionDenied
    return edition, sector_ids


def get_follow_up_for_staff(request, slug, pk):
    """The follow-up `pk` of the edition at `slug`, for IME and the PNCS staff of its sector:
    404 when unknown (or the edition is hidden from the viewer), 403 for anyone else signed in."""
    from .models import FollowUp

    edition = get_edition_for_viewer(request, slug)
    follow_up = (
        FollowUp.objects.select_related(
            "edition", "sector", "activity__contact_point", "activity__responsible"
        )
        .filter(edition=edition, pk=pk)
        .first()
    )
    if follow_up is None:
        raise Http404
    sector_ids = follow_up_sector_ids(request.user)
    if follow_up.sector_id not in sector_ids:
        raise PermissionDenied
    return follow_up


def can_read_survey_results(user):
    return is_ime_admin(user)


def get_registration_for_survey(request, slug):
    """The viewer's confirmed registration for the edition at `slug` (the people who may answer
    its survey): 404 when the edition is hidden from the viewer, 403 without one."""
    from .models import Registration

    edition = get_edition_for_viewer(request, slug)
    registration = (
        Registration.objects.select_related("edition")
        .filter(edition=edition, user=request.user, status=SeatStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        raise PermissionDenied
    return registration
