"""What the mentoring says on a participant's home (redtalentos.lib.home): their active
mentorships and their requests in progress, each with the next step (the month's check-in to
write, a cohort place to take, a mentor to pick or to wait for). One query whatever the person
holds: a request has at most one live mentorship (a proposal or an active one), read with it."""

import datetime

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from redtalentos.lib.capacity import SeatStatus
from redtalentos.lib.home import Waiting

from .models import HOLDS_A_PLACE, CheckIn, CohortPlace, Mentorship, MentorshipStatus, Request
from .permissions import is_mentoring_staff, staff_requests
from .services import IN_PROGRESS, month_of

MS = MentorshipStatus
RS = Request.Status
# The most shown (a mentee has at most three requests in progress); all are on Mis mentorías.
SHOWN = 8


def _progress_written(month):
    return Exists(
        CheckIn.objects.filter(
            mentorship__request=OuterRef("pk"),
            mentorship__status=MS.ACTIVE,
            month=month,
            progress_at__isnull=False,
        )
    )


def home_section(user):
    live = Mentorship.objects.filter(request=OuterRef("pk"), status__in=HOLDS_A_PLACE)
    offered = CohortPlace.objects.filter(request=OuterRef("pk"), status=SeatStatus.OFFERED)
    this_month = month_of(timezone.localdate())
    last_month = month_of(this_month - datetime.timedelta(days=1))
    requests = list(
        Request.objects.filter(mentee=user)
        .select_related("sector", "cohort")
        .annotate(
            live_status=Subquery(live.values("status")[:1]),
            live_uuid=Subquery(live.values("uuid")[:1]),
            live_mentor=Subquery(live.values("mentor__full_name")[:1]),
            live_expires_at=Subquery(live.values("expires_at")[:1]),
            live_started_on=Subquery(live.values("started_on")[:1]),
            place_offered_until=Subquery(offered.values("offer_expires_at")[:1]),
            wrote_this_month=_progress_written(this_month),
            wrote_last_month=_progress_written(last_month),
        )
        .filter(Q(status__in=IN_PROGRESS) | Q(status=RS.MATCHED, live_status=MS.ACTIVE))
        .annotate(
            mentoring_first=Case(
                When(status=RS.MATCHED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("mentoring_first", "-created_at", "-pk")[:SHOWN]
    )
    for request in requests:
        request.mentee_picks = bool(
            request.status == RS.OPEN and request.cohort and request.cohort.mentee_picks
        )
        request.due_month = None
        if request.status == RS.MATCHED:
            # Last month's check-in is due (its reminder went out) if the mentorship ran then.
            started = request.live_started_on or this_month
            if started < this_month and not request.wrote_last_month:
                request.due_month = last_month
            elif not request.wrote_this_month:
                request.due_month = this_month
    return {"requests": requests}


def requests_waiting(user):
    """The requests of `user`'s sectors (all for IME) still looking for a mentor: PNCS staff and
    IME propose one. One query."""
    if not is_mentoring_staff(user):
        return []
    count = staff_requests(user).filter(status=RS.OPEN).count()
    return [
        Waiting(
            _("Solicitudes de mentoría que buscan mentor"),
            count,
            reverse("mentoring:request_queue"),
        )
    ]
