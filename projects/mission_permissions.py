"""Who may do what with a mission (/proyectos/misiones/). Every mission view asks here.

- Seeing: a published or cancelled mission is public; a draft is seen by the staff who manage it
  (404 for anyone else).
- Managing (creating, editing, its hosts, answering the hosts' meetings): IME, and the PNCS
  staff of the mission's sector (staff rights need the second factor passed in this session). A
  PNCS creates missions only in its own sectors.
- Registering: any signed-in account (members, participants, staff) while registration is open.
- The delegation (names and organisations) and meetings: the confirmed delegates of the mission,
  and its managers. Each delegate sees and answers only their own meetings.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.permissions import pncs_sector_ids
from redtalentos.lib.capacity import SeatStatus
from redtalentos.lib.roles import is_ime_admin

from .models import Delegate, Mission, MissionStatus


def managed_sector_ids(user):
    """None: every sector (IME); otherwise the set of sectors the user manages missions for."""
    if is_ime_admin(user):
        return None
    return pncs_sector_ids(user)


def can_create(user):
    sectors = managed_sector_ids(user)
    return sectors is None or bool(sectors)


def can_manage(user, mission):
    sectors = managed_sector_ids(user)
    return sectors is None or mission.sector_id in sectors


def get_mission_for_viewer(request, slug):
    mission = Mission.objects.select_related("sector").filter(slug=slug).first()
    if mission is None:
        raise Http404
    if mission.status == MissionStatus.DRAFT and not can_manage(request.user, mission):
        raise Http404
    return mission


def get_mission_for_manager(request, slug):
    """The mission for its managers; 404 for anyone who may not see it, 403 otherwise."""
    mission = get_mission_for_viewer(request, slug)
    if not can_manage(request.user, mission):
        raise PermissionDenied
    return mission


def delegate_of(user, mission):
    """The viewer's Delegate row in `mission` (any status), or None."""
    if not user.is_authenticated:
        return None
    return Delegate.objects.filter(mission=mission, user=user).first()


def sees_delegation(delegate, managing):
    return managing or (delegate is not None and delegate.status == SeatStatus.CONFIRMED)
