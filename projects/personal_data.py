"""The projects' share of a person's data download and of its deletion (registered in
redtalentos.lib.personal_data by ProjectsConfig.ready).

What a deletion does, and why:
- The opportunities a person published go with their account, with their history and the
  interests others expressed in them (on_delete CASCADE): an opportunity speaks for its author,
  and nobody is left to answer those interests. The introduction requests some of them became
  are the members app's (their messages are blanked there).
- The interests the person expressed go with their account (CASCADE); so does their digest
  subscription (when it last left, whether they unsubscribed).
- What they did as staff stays without who did it (on_delete SET_NULL): the opportunities they
  reviewed and the changes of status they made to others' opportunities.
Opportunities belong to the account, not to the profile: deleting only the profile leaves them.
Nothing is left for erase() to do by hand; it is here so that this reads as a decision.

The download holds the opportunities the person published (with who expressed interest, by
name), the interests they expressed, the reviews they did and the changes they made, and the
state of their digest.
"""

from redtalentos.lib.personal_data import Provider, choice, date, person_name

from .mission_personal_data import COVERS as MISSION_COVERS
from .mission_personal_data import erase_missions, export_missions
from .models import DigestSubscriber, Opportunity, OpportunityChange, OpportunityInterest
from .project_personal_data import COVERS as PROJECT_COVERS
from .project_personal_data import export_projects
from .visit_personal_data import COVERS as VISIT_COVERS
from .visit_personal_data import erase_visits, export_visits


def export(*, user, member):
    # Binational projects: what goes and what stays is in project_personal_data's docstring.
    projects = {
        "binational_projects": export_projects(user=user, member=member),
        "expert_visits": export_visits(user=user, member=member),
        "missions": export_missions(user=user, member=member),
    }
    if user is None:
        return {"opportunities": _empty(), **projects}
    return {
        **projects,
        "opportunities": {
            "published": _published(user),
            "interests_expressed": _interests(user),
            "reviewed": _reviewed(user),
            "changes_made": _changes(user),
            "weekly_digest": _digest(user),
        },
    }


def _empty():
    return {
        "published": [],
        "interests_expressed": [],
        "reviewed": [],
        "changes_made": [],
        "weekly_digest": None,
    }


def _published(user):
    rows = (
        Opportunity.objects.filter(author=user)
        .prefetch_related("sectors", "interests__person")
        .order_by("created_at", "pk")
    )
    return [
        {
            "kind": choice(row.kind, row.get_kind_display()),
            "title": row.title,
            "summary": row.summary,
            "description": row.description,
            "sectors": [sector.name for sector in row.sectors.all()],
            "countries": list(row.countries),
            "organisation": row.organisation or None,
            "deadline": date(row.deadline),
            "status": choice(row.status, row.get_status_display()),
            "review_comment": row.review_comment or None,
            "published_at": date(row.published_at),
            "expires_at": date(row.expires_at),
            "created_at": date(row.created_at),
            "interests_received": [
                {
                    "from": person_name(interest.person),
                    "status": choice(interest.status, interest.get_status_display()),
                    "sent_at": date(interest.created_at),
                }
                for interest in row.interests.all()
            ],
            "url": row.get_absolute_url(),
        }
        for row in rows
    ]


def _interests(user):
    rows = (
        OpportunityInterest.objects.filter(person=user)
        .select_related("opportunity")
        .order_by("created_at", "pk")
    )
    return [
        {
            "opportunity": row.opportunity.title,
            "message": row.message,
            "status": choice(row.status, row.get_status_display()),
            "sent_at": date(row.created_at),
            "answered_at": date(row.answered_at),
            "url": row.opportunity.get_absolute_url(),
        }
        for row in rows
    ]


def _reviewed(user):
    rows = (
        Opportunity.objects.filter(reviewed_by=user)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    return [
        {
            "opportunity": row.title,
            "author": person_name(row.author),
            "status": choice(row.status, row.get_status_display()),
            "review_comment": row.review_comment or None,
        }
        for row in rows
    ]


def _changes(user):
    rows = (
        OpportunityChange.objects.filter(actor=user)
        .select_related("opportunity")
        .order_by("at", "pk")
    )
    return [
        {
            "opportunity": row.opportunity.title,
            "from": choice(row.from_status, row.get_from_status_display()),
            "to": choice(row.to_status, row.get_to_status_display()),
            "note": row.note or None,
            "at": date(row.at),
        }
        for row in rows
    ]


def _digest(user):
    subscriber = DigestSubscriber.objects.filter(user=user).first()
    if subscriber is None:
        return None
    return {
        "last_sent_at": date(subscriber.last_sent_at),
        "unsubscribed_at": date(subscriber.unsubscribed_at),
    }


def erase(*, user, member):
    """Nothing by hand for opportunities: see the module's docstring (CASCADE and SET_NULL do it
    all). The expert visits blank their reports (visit_personal_data)."""
    erase_visits(user=user, member=member)
    # Missions: places cancelled through the capacity engine first (mission_personal_data).
    erase_missions(user=user, member=member)


PROVIDER = Provider(
    app="projects",
    covers=frozenset(
        {
            "projects.Opportunity.author",
            "projects.Opportunity.reviewed_by",
            "projects.OpportunityChange.actor",
            "projects.OpportunityInterest.person",
            "projects.DigestSubscriber.user",
        }
    )
    | PROJECT_COVERS
    | VISIT_COVERS
    | MISSION_COVERS,
    export=export,
    erase=erase,
)
