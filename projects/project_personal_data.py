"""The binational projects' share of a person's data download and of its deletion (joined into
the projects' provider in projects.personal_data).

What a deletion does, and why:
- The person's places on project teams go with their profile (TeamMember.member CASCADE): a team
  lists people who are there. Their invitations to teams are introduction requests, the members
  app's (TeamInvitation goes with its request).
- What they created or did stays with the project, without them (SET_NULL): the projects they
  created (the team carries them on), the changes of status they made (the history keeps the
  step, not the person), their fetches of documents (the log keeps that one happened).
- The documents they uploaded stay with the project, without their name (uploaded_by SET_NULL):
  the file is the project's, written for the team and the evaluators, not the person's own.
Nothing is left to do by hand.

The download holds their roles on teams, the projects they created, the documents they uploaded,
the status changes they made, the documents they fetched, and the team invitations they sent and
received (people by name, never by address).
"""

from redtalentos.lib.personal_data import choice, date, person_name

from .models import (
    DocumentAccess,
    Project,
    ProjectChange,
    ProjectDocument,
    TeamInvitation,
    TeamMember,
)

COVERS = frozenset(
    {
        "projects.Project.created_by",
        "projects.TeamMember.member",
        "projects.ProjectDocument.uploaded_by",
        "projects.ProjectChange.actor",
        "projects.DocumentAccess.viewer",
    }
)


def export_projects(*, user, member):
    return {
        "team_roles": _roles(member),
        "created": _created(user),
        "documents_uploaded": _uploaded(user),
        "changes_made": _changes(user),
        "documents_fetched": _fetched(user),
        "invitations": _invitations(user, member),
    }


def _roles(member):
    if member is None:
        return []
    rows = TeamMember.objects.filter(member=member).select_related("project").order_by("pk")
    return [
        {
            "project": row.project.title,
            "role": choice(row.role, row.get_role_display()),
            "url": row.project.get_absolute_url(),
        }
        for row in rows
    ]


def _created(user):
    if user is None:
        return []
    rows = Project.objects.filter(created_by=user).order_by("created_at", "pk")
    return [
        {
            "title": row.title,
            "status": choice(row.status, row.get_status_display()),
            "created_at": date(row.created_at),
            "url": row.get_absolute_url(),
        }
        for row in rows
    ]


def _uploaded(user):
    if user is None:
        return []
    rows = (
        ProjectDocument.objects.filter(uploaded_by=user)
        .select_related("project")
        .order_by("created_at", "pk")
    )
    return [
        {"project": row.project.title, "title": row.title, "uploaded_at": date(row.created_at)}
        for row in rows
    ]


def _changes(user):
    if user is None:
        return []
    rows = ProjectChange.objects.filter(actor=user).select_related("project").order_by("at", "pk")
    return [
        {
            "project": row.project.title,
            "from": choice(row.from_status, row.get_from_status_display()),
            "to": choice(row.to_status, row.get_to_status_display()),
            "note": row.note or None,
            "at": date(row.at),
        }
        for row in rows
    ]


def _fetched(user):
    if user is None:
        return []
    rows = (
        DocumentAccess.objects.filter(viewer=user)
        .select_related("document__project")
        .order_by("at", "pk")
    )
    return [
        {"project": row.document.project.title, "document": row.document.title, "at": date(row.at)}
        for row in rows
    ]


def _invitations(user, member):
    rows = []
    invitations = TeamInvitation.objects.select_related(
        "project", "introduction__requester", "introduction__member"
    ).order_by("pk")
    if user is not None:
        for row in invitations.filter(introduction__requester=user):
            rows.append(_invitation(row, sent=True))
    if member is not None:
        for row in invitations.filter(introduction__member=member):
            rows.append(_invitation(row, sent=False))
    return rows


def _invitation(row, *, sent):
    introduction = row.introduction
    other = (
        introduction.member.full_name
        if sent and introduction.member
        else person_name(introduction.requester)
    )
    return {
        "direction": "sent" if sent else "received",
        "project": row.project.title,
        "role": choice(row.role, row.get_role_display()),
        "to" if sent else "from": other,
        "status": choice(introduction.status, introduction.get_status_display()),
        "sent_at": date(introduction.created_at),
    }
