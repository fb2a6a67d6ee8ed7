"""Every change of a binational project goes through here: creating it (its creator, a member,
coordinates it), inviting members to the team through the brokered channel, and moving its
status along PROJECT_TRANSITIONS — the team's moves and the staff's, every other refused with a
message, each kept in the history."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.introductions import IntroductionRefused, request_introduction
from members.models import IntroductionRequest
from redtalentos.lib.workflows import Refused

from .models import (
    Institution,
    Project,
    ProjectStatus,
    TeamInvitation,
    TeamMember,
)
from .models.binational import STAFF_MOVES, TEAM_MOVES

PS = ProjectStatus
MEXICO = "MX"
RESERVED_SLUGS = frozenset({"nuevo", "oportunidades", "misiones", "visitas"})


class ProjectRefused(Refused):
    """A change of a binational project that the rules refuse."""


def _slug(title):
    length = Project._meta.get_field("slug").max_length
    base = slugify(title)[: length - 4].strip("-") or "proyecto"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Project.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base[: length - len(str(number)) - 1]}-{number}"
    return slug


@transaction.atomic
def save_project(*, form, actor, coordinator=None):
    """Saves a project form; a new project gets its slug and, when `coordinator` (the creating
    member) is given, its first coordinator."""
    project = form.save(commit=False)
    if project.pk is None:
        project.slug = _slug(project.title)
        project.created_by = actor
    project.save()
    form.save_m2m()
    if coordinator is not None:
        TeamMember.objects.get_or_create(
            project=project, member=coordinator, defaults={"role": TeamMember.Role.COORDINATOR}
        )
    return project


def partners_missing(project):
    """What the project lacks to leave the proposal: a Mexican institution, a member abroad."""
    missing = []
    if not project.institutions.filter(country=MEXICO).exists():
        missing.append(_("al menos una institución mexicana"))
    if not project.team.exclude(member__country=MEXICO).exists():
        missing.append(_("al menos un miembro de la red en el exterior"))
    return missing


def move_refusal(project, status, *, as_team, as_staff):
    if not project.allows(status):
        return _("El proyecto está «%(status)s»: no puede pasar a «%(to)s».") % {
            "status": project.get_status_display(),
            "to": PS(status).label,
        }
    move = (project.status, status)
    if not ((as_team and move in TEAM_MOVES) or (as_staff and move in STAFF_MOVES)):
        return _("Ese cambio de estado no te corresponde.")
    if move == (PS.PROPOSED, PS.IN_EVALUATION):
        missing = partners_missing(project)
        if missing:
            return _("Para enviarlo a evaluación falta %(missing)s.") % {
                "missing": _(" y ").join(missing)
            }
    return None


@transaction.atomic
def move(*, project, status, actor, as_team, as_staff, note=""):
    project = Project.objects.select_for_update().get(pk=project.pk)
    reason = move_refusal(project, status, as_team=as_team, as_staff=as_staff)
    if reason:
        raise ProjectRefused(reason)
    project.workflow.move(project, status, actor=actor, note=note, update_fields=["updated_at"])
    return project


@transaction.atomic
def add_institution(*, project, name, country, role=""):
    return Institution.objects.create(project=project, name=name, country=country, role=role)


def default_invitation(project, role):
    return _(
        "Te invitamos a sumarte al proyecto binacional «%(title)s» como %(role)s. Si aceptas, "
        "te escribiremos para ponernos de acuerdo."
    ) % {"title": project.title, "role": TeamMember.Role(role).label.lower()}


@transaction.atomic
def invite(*, project, inviter, member, role, message, base_url):
    """Invites `member` to the team through the introductions (their budget and pause count)."""
    if TeamMember.objects.filter(project=project, member=member).exists():
        raise ProjectRefused(_("%(name)s ya está en el equipo.") % {"name": member.full_name})
    pending = TeamInvitation.objects.filter(
        project=project,
        introduction__member=member,
        introduction__status=IntroductionRequest.Status.PENDING,
    )
    if pending.exists():
        raise ProjectRefused(
            _("Ya invitaste a %(name)s; espera su respuesta.") % {"name": member.full_name}
        )
    try:
        introduction = request_introduction(
            requester=inviter,
            member=member,
            purpose=IntroductionRequest.Purpose.PROJECT,
            message=message,
            base_url=base_url,
            may_ask=True,
        )
    except IntroductionRefused as refused:
        raise ProjectRefused(refused.message) from refused
    return TeamInvitation.objects.create(project=project, introduction=introduction, role=role)


def invitation_answered(sender, *, introduction, accepted, **kwargs):
    """members.introductions.introduction_answered: an accepted invitation puts the member on
    the team with the role offered."""
    if not accepted or introduction.member_id is None:
        return
    invitation = TeamInvitation.objects.filter(introduction=introduction).first()
    if invitation is None:
        return
    TeamMember.objects.get_or_create(
        project_id=invitation.project_id,
        member_id=introduction.member_id,
        defaults={"role": invitation.role},
    )


def member_of_team(project, member):
    return member is not None and project.team.filter(member=member).exists()


def is_coordinator(project, member):
    return (
        member is not None
        and project.team.filter(member=member, role=TeamMember.Role.COORDINATOR).exists()
    )
