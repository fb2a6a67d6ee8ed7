"""Follow-up actions of an edition, per sector: each is an activity of the work programme of a PNCS
of that sector (line of work Jornadas), so that it shows in that programme (/pncs/programa/) with
its filters, CSV export and printed report. Its status moves along the programme's table
(pncs.models.ACTIVITY_TRANSITIONS) and every change is kept in the programme's history
(pncs.services); jornadas only links the activity back to the edition and the sector.
"""

from django.db import transaction
from django.utils import timezone

from pncs import services as programme
from pncs.models import ContactPoint, LineOfWork, WorkProgrammeActivity
from redtalentos.lib.roles import is_ime_admin
from redtalentos.lib.workflows import record

from .models import FollowUp


def contact_point_choices(user, sector_ids):
    """[(contact point, sector)] a follow-up may go to: the contact points of each sector the user
    keeps, limited to those the user works on unless they are IME. Ordered by sector."""
    contact_points = ContactPoint.objects.filter(sectors__in=sector_ids).prefetch_related("sectors")
    if not is_ime_admin(user):
        contact_points = contact_points.filter(staff=user)
    pairs = {
        (contact_point, sector)
        for contact_point in contact_points.distinct()
        for sector in contact_point.sectors.all()
        if sector.pk in sector_ids
    }
    return sorted(pairs, key=lambda pair: (pair[1].position, pair[1].name, pair[0].name))


def follow_ups_for(edition, sector_ids):
    """The edition's follow-ups of these sectors, grouped: [(sector, [follow-ups])] in the
    sectors' order (one query)."""
    rows = FollowUp.objects.filter(edition=edition, sector__in=sector_ids).select_related(
        "sector", "activity__contact_point", "activity__responsible"
    )
    groups = {}
    for row in rows:
        row.edition = edition  # for its address, without a join
        groups.setdefault(row.sector, []).append(row)
    return list(groups.items())


def history_of(follow_up):
    return follow_up.activity.history.select_related("actor")


def follow_up_origins(activity_ids):
    """pncs.origins source: the edition and sector an activity follows up (one query)."""
    rows = FollowUp.objects.filter(activity__in=activity_ids).select_related("edition", "sector")
    return {
        row.activity_id: (f"{row.edition.display_title} · {row.sector}", row.get_absolute_url())
        for row in rows
    }


@transaction.atomic
def add_follow_up(*, edition, contact_point, sector, actor, details):
    """Creates the activity in the contact point's programme (planned, starting today, due on
    `details["due_on"]`) and links it to the edition; the creation opens its history."""
    activity = WorkProgrammeActivity.objects.create(
        contact_point=contact_point,
        line_of_work=LineOfWork.JORNADAS,
        status=WorkProgrammeActivity.Status.PLANNED,
        title=details["title"],
        description=details.get("description", ""),
        responsible=details.get("responsible"),
        responsible_name=details.get("responsible_name", ""),
        starts_on=timezone.localdate(),
        ends_on=details["due_on"],
    )
    record(activity, "", actor=actor)
    return FollowUp.objects.create(
        edition=edition, sector=sector, activity=activity, created_by=actor
    )


def update_follow_up(*, follow_up, details):
    activity = follow_up.activity
    activity.title = details["title"]
    activity.description = details.get("description", "")
    activity.responsible = details.get("responsible")
    activity.responsible_name = details.get("responsible_name", "")
    activity.ends_on = details["due_on"]
    activity.outcomes = details.get("outcomes", "")
    activity.save(
        update_fields=[
            "title",
            "description",
            "responsible",
            "responsible_name",
            "ends_on",
            "outcomes",
            "updated_at",
        ]
    )
    return follow_up


def change_follow_up_status(*, follow_up, status, actor):
    """Raises TransitionRefused (redtalentos.lib.workflows) with the table's message when the
    change is refused."""
    programme.change_status(activity=follow_up.activity, status=status, actor=actor)
