"""Who may do what with an expert visit (/proyectos/visitas/). Every visit view asks here.

- Requesting: participants (student and institution accounts) and PNCS staff (second factor
  passed in this session).
- Seeing a request: its requester, the staff of its sector (the PNCS of the sector, IME) and the
  expert invited to it or confirmed; for anyone else it does not exist (404).
- Moving its status, suggesting and inviting experts, recording the visit and its activities:
  the staff of its sector; whoever sees the request without being such staff gets 403. The
  requester may only withdraw it (projects.visits.REQUESTER_MOVES).
- The report: only the visit's expert, once the visit ends (projects.visits.report_refusal).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from members.permissions import is_participant, member_of, pncs_sector_ids
from redtalentos.lib.roles import is_ime_admin

from .models import VisitRequest


def staff_sectors(user):
    """The sectors whose requests `user` handles as staff: None for IME (all), else a set
    (empty for everyone but PNCS staff who passed the second factor)."""
    if is_ime_admin(user):
        return None
    return pncs_sector_ids(user)


def can_request(user):
    return is_participant(user) or bool(pncs_sector_ids(user))


def visible_requests(user):
    """The requests `user` sees: their own, their sectors' as staff, those they are invited to."""
    sectors = staff_sectors(user)
    if sectors is None:
        return VisitRequest.objects.all()
    condition = Q(requester=user)
    if sectors:
        condition |= Q(sector__in=sectors)
    member = member_of(user)
    if member is not None:
        condition |= Q(visit__expert=member) | Q(invitations__introduction__member=member)
    return VisitRequest.objects.filter(condition).distinct()


@dataclass
class Access:
    member: object = None
    is_requester: bool = False
    is_staff: bool = False
    is_expert: bool = False  # the confirmed expert
    is_invited: bool = False  # invited to it, whatever the answer

    @property
    def sees(self):
        return self.is_requester or self.is_staff or self.is_expert or self.is_invited


def access_to(user, visit_request, visit=None):
    access = Access(member=member_of(user))
    access.is_requester = user.is_authenticated and visit_request.requester_id == user.pk
    sectors = staff_sectors(user)
    access.is_staff = sectors is None or visit_request.sector_id in sectors
    if access.member is not None:
        access.is_expert = visit is not None and visit.expert_id == access.member.pk
        access.is_invited = (
            access.is_expert
            or visit_request.invitations.filter(introduction__member=access.member).exists()
        )
    return access


def get_request_for_viewer(request, uuid):
    """(visit request, its visit or None, Access); 404 when unknown or not the viewer's."""
    visit_request = (
        VisitRequest.objects.filter(uuid=uuid)
        .select_related("sector", "requester", "visit__expert")
        .first()
    )
    if visit_request is None or not request.user.is_authenticated:
        raise Http404
    visit = getattr(visit_request, "visit", None)
    access = access_to(request.user, visit_request, visit)
    if not access.sees:
        raise Http404
    return visit_request, visit, access


def get_request_for_staff(request, uuid):
    """As get_request_for_viewer, and 403 for whoever sees it without being its sector's staff."""
    visit_request, visit, access = get_request_for_viewer(request, uuid)
    if not access.is_staff:
        raise PermissionDenied
    return visit_request, visit, access
