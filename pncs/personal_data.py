"""The PNCS' share of a person's data download and of its deletion (registered in
redtalentos.lib.personal_data by PncsConfig.ready).

What a deletion does, and why: a contact point and its work programme belong to the institution,
not to the people in them. The person leaves the contact point's staff and the activities they were
linked to; an activity they were responsible for stays, with no one responsible until the contact
point names someone. Free texts of an activity (description, outcomes, a responsible typed by
name) are the institution's and stay as written. In the status history of activities, the changes
the person made stay without them (who: empty), as the programme's record.
"""

from redtalentos.lib.personal_data import Provider, choice, date

from .models import ActivityStatusChange, ContactPoint, WorkProgrammeActivity


def _activity(activity):
    return {
        "contact_point": activity.contact_point.name,
        "title": activity.title,
        "line_of_work": choice(activity.line_of_work, activity.get_line_of_work_display()),
        "status": choice(activity.status, activity.get_status_display()),
        "starts_on": date(activity.starts_on),
        "ends_on": date(activity.ends_on),
    }


def export(*, user, member):
    activities = WorkProgrammeActivity.objects.select_related("contact_point").order_by(
        "starts_on", "pk"
    )
    return {
        "pncs": {
            "contact_points": list(
                ContactPoint.objects.filter(staff=user)
                .order_by("name")
                .values_list("name", flat=True)
            ),
            "activities_responsible": [
                _activity(activity) for activity in activities.filter(responsible=user)
            ],
            "activities_linked": [
                _activity(activity) for activity in activities.filter(members=member)
            ]
            if member is not None
            else [],
            "activity_status_changes": [
                {
                    "activity": change.activity.title,
                    "from": choice(change.from_status, change.get_from_status_display()),
                    "to": choice(change.to_status, change.get_to_status_display()),
                    "at": change.at.isoformat(),
                }
                for change in (
                    ActivityStatusChange.objects.filter(actor=user)
                    .select_related("activity")
                    .order_by("at", "pk")
                    if user is not None
                    else []
                )
            ],
        }
    }


def erase(*, user, member):
    if member is not None:
        WorkProgrammeActivity.members.through.objects.filter(member=member).delete()
    if user is not None:
        ContactPoint.staff.through.objects.filter(user=user).delete()
        WorkProgrammeActivity.objects.filter(responsible=user).update(responsible=None)
        ActivityStatusChange.objects.filter(actor=user).update(actor=None)


PROVIDER = Provider(
    app="pncs",
    covers=frozenset(
        {
            "pncs.ContactPoint.staff",
            "pncs.WorkProgrammeActivity.responsible",
            "pncs.WorkProgrammeActivity.members",
            "pncs.ActivityStatusChange.actor",
        }
    ),
    export=export,
    erase=erase,
)
