"""Who may do what with a binational project (/proyectos/). Every project view asks here.

- Seeing: once past the proposal (approved, in progress, concluded) a project's page is public;
  its results timeline shows only when the team agreed (results_public). A proposal, one in
  evaluation, not approved or withdrawn is seen by its team, the PNCS staff of one of its sectors
  and IME (staff rights need the second factor passed in this session); for anyone else it does
  not exist (404).
- Editing (the project's texts, institutions, milestones, team invitations, documents): its
  coordinators. Whoever sees the project but does not coordinate it gets 403; the staff of its
  sectors edit nothing, they only move its evaluation.
- Moving its status: projects.binational.move_refusal, the team's moves for its coordinators and
  the staff's for the PNCS of one of its sectors and IME.
- Its documents and history: the team, the staff of its sectors and IME; each fetch of a
  document is logged (DocumentAccess).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.permissions import member_of, pncs_sector_ids
from redtalentos.lib.roles import is_ime_admin

from .binational import move_refusal
from .models import Project, ProjectDocument, ProjectStatus, TeamMember
from .models.binational import PROJECT_TRANSITIONS, STAFF_MOVES, TEAM_MOVES

PS = ProjectStatus
PUBLIC_STATUSES = (PS.APPROVED, PS.IN_PROGRESS, PS.CONCLUDED)
# No change of texts, team or results once the project ended without being carried out.
CLOSED_STATUSES = (PS.NOT_APPROVED, PS.WITHDRAWN)


@dataclass
class Access:
    """What the viewer is to one project."""

    member: object = None  # the viewer's profile, or None
    team_role: str = ""  # their TeamMember.Role on the team, "" when not on it
    is_staff: bool = False  # PNCS of one of its sectors, or IME

    @property
    def on_team(self):
        return bool(self.team_role)

    @property
    def is_coordinator(self):
        return self.team_role == TeamMember.Role.COORDINATOR

    @property
    def sees_private(self):
        """The team's and the staff's view: documents, history, the project before approval."""
        return self.on_team or self.is_staff


def access_to(user, project, *, sector_ids=None, team=None):
    """The viewer's Access to `project`. `sector_ids` (the project's) and `team` (its TeamMember
    rows) may be passed in when the page has read them already."""
    access = Access(member=member_of(user))
    if access.member is not None:
        if team is None:
            role = (
                TeamMember.objects.filter(project=project, member=access.member)
                .values_list("role", flat=True)
                .first()
            )
        else:
            role = next((row.role for row in team if row.member_id == access.member.pk), None)
        access.team_role = role or ""
    if is_ime_admin(user):
        access.is_staff = True
    else:
        staff_sectors = pncs_sector_ids(user)
        if staff_sectors:
            if sector_ids is None:
                sector_ids = set(project.sectors.values_list("pk", flat=True))
            access.is_staff = bool(staff_sectors.intersection(sector_ids))
    return access


def can_see(project, access):
    return project.status in PUBLIC_STATUSES or access.sees_private


def shows_results(project, access):
    """The results timeline: public once the team agreed; always for the team and the staff."""
    return access.sees_private or (project.status in PUBLIC_STATUSES and project.results_public)


def get_project_for_viewer(request, slug, **known):
    """(project, Access) for `slug`; 404 when unknown or not visible to the viewer."""
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        raise Http404
    access = access_to(request.user, project, **known)
    if not can_see(project, access):
        raise Http404
    return project, access


def get_project_for_coordinator(request, slug):
    """(project, Access) for its coordinators: 404 when the viewer may not see it, 403 when they
    see it but do not coordinate it."""
    project, access = get_project_for_viewer(request, slug)
    if not access.is_coordinator:
        raise PermissionDenied
    return project, access


def get_project_for_mover(request, slug):
    """(project, Access) for a status change: its coordinators and the staff of its sectors."""
    project, access = get_project_for_viewer(request, slug)
    if not (access.is_coordinator or access.is_staff):
        raise PermissionDenied
    return project, access


def status_refusal(project, access, status):
    """Why the viewer may not move `project` to `status` now, or None."""
    return move_refusal(project, status, as_team=access.is_coordinator, as_staff=access.is_staff)


def moves_for(project, access):
    """[(status, refusal or None)] for the moves the viewer's role makes from the project's
    status: the buttons of the page, each with the reason it is refused now, if any."""
    moves = []
    for status in sorted(PROJECT_TRANSITIONS.get(project.status, ()), key=list(PS).index):
        move = (project.status, status)
        if (access.is_coordinator and move in TEAM_MOVES) or (
            access.is_staff and move in STAFF_MOVES
        ):
            moves.append((PS(status), status_refusal(project, access, status)))
    return moves


def get_document_for_viewer(request, slug, uuid):
    """(document, project) for the team, the staff of its sectors and IME; 404 for everyone
    else (a document is private even when the project's page is public) and when the document
    is not the project's."""
    project, access = get_project_for_viewer(request, slug)
    if not access.sees_private:
        raise Http404
    document = ProjectDocument.objects.filter(project=project, uuid=uuid).first()
    if document is None:
        raise Http404
    return document, project
