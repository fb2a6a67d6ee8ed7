"""The missions' share of a person's data download and of its deletion (joined into the projects'
provider in projects.personal_data).

What a deletion does, and why:
- The person's places in delegations are cancelled first through the capacity engine
  (projects.missions.cancel_registration), so that a place they held is offered to the next in
  line and their open meetings are cancelled (the other side is told); then their Delegate rows
  go, with their meetings and the history of their place (CASCADE).
- What they did as staff stays without them (SET_NULL): the missions they created and whose
  status they changed, the changes they made to others' places in line.

The download holds their places in delegations (organisation, role, interests, status and its
history) and their meetings (with whom, by name, when, status and note); as staff, the missions
they created and, per mission, the changes of status they made.
"""

from redtalentos.lib.personal_data import choice, date, person_name

from .models import Delegate, DelegateLog, Meeting, Mission, MissionChange

COVERS = frozenset(
    {
        "projects.Mission.created_by",
        "projects.Delegate.user",
        "projects.DelegateLog.actor",
        "projects.MissionChange.actor",
    }
)


def export_missions(*, user, member):
    if user is None:
        return {"delegations": [], "meetings": [], "created": [], "status_changes": []}
    return {
        "delegations": _delegations(user),
        "meetings": _meetings(user),
        "created": [
            {"title": row.title, "url": row.get_absolute_url()}
            for row in Mission.objects.filter(created_by=user).order_by("pk")
        ],
        "status_changes": [
            {
                "mission": row.mission.title,
                "from": row.from_status or None,
                "to": choice(row.to_status, row.get_to_status_display()),
                "at": date(row.at),
            }
            for row in MissionChange.objects.filter(actor=user).select_related("mission")
        ],
    }


def _delegations(user):
    rows = (
        Delegate.objects.filter(user=user)
        .select_related("mission")
        .prefetch_related("log")
        .order_by("pk")
    )
    return [
        {
            "mission": row.mission.title,
            "organisation": row.organisation,
            "role": row.role or None,
            "interests": row.interests or None,
            "status": choice(row.status, row.get_status_display()),
            "requested_at": date(row.requested_at),
            "history": [
                {
                    "action": choice(entry.action, entry.get_action_display()),
                    "at": date(entry.created_at),
                    "note": entry.note or None,
                }
                for entry in row.log.all()
            ],
            "url": row.mission.get_absolute_url(),
        }
        for row in rows
    ]


def _meetings(user):
    from django.db.models import Q

    rows = (
        Meeting.objects.filter(Q(requester__user=user) | Q(with_delegate__user=user))
        .select_related("mission", "requester__user", "with_delegate__user", "with_host")
        .order_by("starts_at", "pk")
    )
    result = []
    for row in rows:
        mine = row.requester.user_id == user.pk
        if mine:
            other = row.with_host.name if row.with_host_id else person_name(row.with_delegate.user)
        else:
            other = person_name(row.requester.user)
        result.append(
            {
                "mission": row.mission.title,
                "requested_by_me": mine,
                "with": other,
                "starts_at": date(row.starts_at),
                "ends_at": date(row.ends_at),
                "status": choice(row.status, row.get_status_display()),
                "note": row.note or None,
            }
        )
    return result


def erase_missions(*, user, member):
    if user is None:
        return
    from .missions import cancel_registration

    for delegate in Delegate.objects.active().filter(user=user).order_by("pk"):
        cancel_registration(delegate=delegate, actor=None, note="cuenta eliminada")
    DelegateLog.objects.filter(actor=user).update(actor=None)
    Delegate.objects.filter(user=user).delete()
