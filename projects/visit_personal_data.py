"""The expert visits' share of a person's data download and of its deletion (joined into the
projects' provider in projects.personal_data).

What a deletion does, and why:
- The visit requests a person made stay, without them (requester SET_NULL): a request is the
  host institution's, and its staff carry it on.
- The visits they made as experts stay in the programme's record without them (expert SET_NULL),
  and their report, which is their own words, is blanked by erase().
- The status changes they made stay in the history without who made them (actor SET_NULL).
- Their invitations to visits are introduction requests, the members app's (VisitInvitation
  goes with its request).

The download holds the requests they made, the visits they made as experts (with their report),
and the status changes they made.
"""

from redtalentos.lib.personal_data import choice, date

from .models import Visit, VisitChange, VisitRequest

COVERS = frozenset(
    {
        "projects.VisitRequest.requester",
        "projects.VisitChange.actor",
        "projects.Visit.expert",
    }
)


def export_visits(*, user, member):
    return {
        "requested": _requested(user),
        "as_expert": _as_expert(member),
        "changes_made": _changes(user),
    }


def _requested(user):
    if user is None:
        return []
    rows = VisitRequest.objects.filter(requester=user).select_related("sector")
    return [
        {
            "institution": row.institution,
            "city": row.city,
            "sector": row.sector.name,
            "objectives": row.objectives,
            "expertise": row.expertise,
            "window": [date(row.window_start), date(row.window_end)],
            "host_covers": row.covers(),
            "status": choice(row.status, row.get_status_display()),
            "created_at": date(row.created_at),
            "url": row.get_absolute_url(),
        }
        for row in rows.order_by("created_at", "pk")
    ]


def _as_expert(member):
    if member is None:
        return []
    rows = Visit.objects.filter(expert=member).select_related("request").order_by("pk")
    return [
        {
            "institution": row.request.institution,
            "city": row.request.city,
            "arrives_on": date(row.arrives_on),
            "leaves_on": date(row.leaves_on),
            "report": row.report or None,
            "report_at": date(row.report_at),
            "url": row.get_absolute_url(),
        }
        for row in rows
    ]


def _changes(user):
    if user is None:
        return []
    rows = VisitChange.objects.filter(actor=user).select_related("request").order_by("at", "pk")
    return [
        {
            "request": str(row.request),
            "from": choice(row.from_status, row.get_from_status_display()),
            "to": choice(row.to_status, row.get_to_status_display()),
            "note": row.note or None,
            "at": date(row.at),
        }
        for row in rows
    ]


def erase_visits(*, user, member):
    """The expert's reports are their own words: blanked before the profile goes."""
    if member is not None:
        Visit.objects.filter(expert=member).update(report="", report_at=None)
