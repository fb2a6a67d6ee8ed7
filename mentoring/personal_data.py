"""The mentoring's share of a person's data download and of its deletion (registered in
redtalentos.lib.personal_data by MentoringConfig.ready).

What a deletion does, and why:
- A mentee's requests go with their account, with their cohort places, mentorships, check-ins
  and histories (on_delete CASCADE). First, what they hold of others is given back through the
  services, as if they had withdrawn: a request in progress is withdrawn (a proposal waiting for
  a mentor's answer frees the mentor's place and its introduction expires; a cohort place passes
  to the next in line), and an active mentorship is cancelled by them (the mentor's place is
  freed and the mentor is told). Nobody writes to the deleted address.
- A mentor's offer goes with their profile (CASCADE), and so do their mentorships. First each
  mentee they held a place for is served again: an active mentorship and a proposal waiting for
  their answer are cancelled (mentoring.services.cancel), the request returns to the queue and
  the mentee is told. Completed relationships keep their certificates (the certificates app's).
- What a person did as staff stays without who did it (on_delete SET_NULL): cohorts opened,
  mentors proposed, changes of status of others' mentorships, changes of cohort places.

The same endings run when IME deletes a request, a mentorship or an offer in the admin, so that
no deletion leaves a mentor's load counting a place nobody holds.

The download holds a member's offer and their mentorships as mentor (with the feedback and hours
they wrote), a participant's requests with their cohort places, mentorships and check-ins (both
sides': the mentor's feedback is about them), the cohorts a person opened and the changes of
status they made.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from redtalentos.lib.personal_data import Provider, choice, date, person_name

from . import services
from .models import (
    HOLDS_A_PLACE,
    CheckIn,
    Cohort,
    CohortPlaceLog,
    MentorOffer,
    Mentorship,
    MentorshipChange,
    MentorshipStatus,
    Request,
)

MS = MentorshipStatus


# Download


def export(*, user, member):
    return {
        "mentoring": {
            "mentor_offer": _offer(member),
            "mentorships_as_mentor": _as_mentor(member),
            "requests": _requests(user),
            "cohorts_created": (
                [cohort.name for cohort in Cohort.objects.filter(created_by=user)] if user else []
            ),
            "mentors_proposed": (
                Mentorship.objects.filter(proposed_by=user).count() if user else 0
            ),
            "mentorship_changes_made": _changes(user),
            "cohort_place_changes_made": (
                CohortPlaceLog.objects.filter(actor=user).count() if user else 0
            ),
        }
    }


def _offer(member):
    if member is None:
        return None
    offer = MentorOffer.objects.filter(member=member).prefetch_related("sectors").first()
    if offer is None:
        return None
    return {
        "capacity": offer.capacity,
        "sectors": [sector.name for sector in offer.sectors.all()],
        "topics": offer.topics,
        "languages": list(offer.languages),
        "time_zone": offer.time_zone,
        "hours_from": offer.hours_from,
        "hours_to": offer.hours_to,
        "formats": list(offer.formats),
        "hours_per_month": offer.hours_per_month,
        "paused": offer.paused,
        "mentorships_in_progress_or_proposed": offer.load,
        "created_at": date(offer.created_at),
        "updated_at": date(offer.updated_at),
    }


def _relationship(mentorship):
    return {
        "status": choice(mentorship.status, mentorship.get_status_display()),
        "proposed_at": date(mentorship.proposed_at),
        "expires_at": date(mentorship.expires_at),
        "started_on": date(mentorship.started_on),
        "ended_on": date(mentorship.ended_on),
        "end_reason": mentorship.end_reason or None,
        "url": mentorship.get_absolute_url(),
    }


def _as_mentor(member):
    if member is None:
        return []
    rows = (
        Mentorship.objects.filter(mentor=member)
        .select_related("request__mentee", "request__sector", "request__cohort")
        .prefetch_related("check_ins")
        .order_by("proposed_at", "pk")
    )
    return [
        {
            "mentee": person_name(row.request.mentee),
            "sector": row.request.sector.name,
            "cohort": row.request.cohort.name if row.request.cohort else None,
            **_relationship(row),
            "check_ins": [
                {
                    "month": date(check_in.month),
                    "feedback": check_in.feedback or None,
                    "hours": str(check_in.hours) if check_in.hours is not None else None,
                    "written_at": date(check_in.feedback_at),
                }
                for check_in in sorted(row.check_ins.all(), key=lambda c: c.month)
                if check_in.feedback_at
            ],
        }
        for row in rows
    ]


def _requests(user):
    if user is None:
        return []
    rows = (
        Request.objects.filter(mentee=user)
        .select_related("sector", "cohort", "place")
        .prefetch_related(
            "history",
            Prefetch(
                "mentorships",
                queryset=Mentorship.objects.select_related("mentor").order_by("proposed_at", "pk"),
            ),
            Prefetch("mentorships__check_ins", queryset=CheckIn.objects.order_by("month")),
        )
        .order_by("created_at", "pk")
    )
    result = []
    for row in rows:
        place = getattr(row, "place", None)  # RelatedObjectDoesNotExist is an AttributeError
        result.append(
            {
                "goal": row.goal,
                "organisation": row.organisation or None,
                "sector": row.sector.name,
                "topics": row.topics,
                "languages": list(row.languages),
                "time_zone": row.time_zone,
                "hours_from": row.hours_from,
                "hours_to": row.hours_to,
                "status": choice(row.status, row.get_status_display()),
                "closing_note": row.closing_note or None,
                "cohort": row.cohort.name if row.cohort else None,
                "cohort_place": (
                    {
                        "status": choice(place.status, place.get_status_display()),
                        "in_line_since": date(place.requested_at),
                        "offer_expires_at": date(place.offer_expires_at),
                    }
                    if place is not None
                    else None
                ),
                "created_at": date(row.created_at),
                "history": [
                    {
                        "from": choice(change.from_status, change.get_from_status_display()),
                        "to": choice(change.to_status, change.get_to_status_display()),
                        "at": date(change.at),
                    }
                    for change in row.history.all()
                ],
                "mentorships": [
                    {
                        "mentor": mentorship.mentor_name,
                        **_relationship(mentorship),
                        "check_ins": [
                            {
                                "month": date(check_in.month),
                                "progress": check_in.progress or None,
                                "progress_written_at": date(check_in.progress_at),
                                "mentor_feedback": check_in.feedback or None,
                                "hours": (
                                    str(check_in.hours) if check_in.hours is not None else None
                                ),
                            }
                            for check_in in mentorship.check_ins.all()
                        ],
                    }
                    for mentorship in row.mentorships.all()
                ],
                "url": row.get_absolute_url(),
            }
        )
    return result


def _changes(user):
    if user is None:
        return []
    rows = (
        MentorshipChange.objects.filter(actor=user)
        .select_related("mentorship__mentor", "mentorship__request__mentee")
        .order_by("at", "pk")
    )
    return [
        {
            "mentor": row.mentorship.mentor_name,
            "mentee": person_name(row.mentorship.request.mentee),
            "from": choice(row.from_status, row.get_from_status_display()),
            "to": choice(row.to_status, row.get_to_status_display()),
            "note": row.note or None,
            "at": date(row.at),
        }
        for row in rows
    ]


# Deletion


def release_as_mentee(requests, *, note):
    """Gives back what `requests` hold before they are deleted, as their mentee would by
    withdrawing: proposals and cohort places are freed, active mentorships are cancelled by the
    mentee (their mentor is told). Changes made meanwhile are skipped, not fatal."""
    for request in requests.filter(status__in=services.IN_PROGRESS).select_related("mentee"):
        try:
            services.withdraw_request(request=request, mentee=request.mentee)
        except services.MentoringRefused:
            continue  # no longer in progress: nothing it holds
    active = Mentorship.objects.filter(request__in=requests, status=MS.ACTIVE)
    for mentorship in active.select_related("request__mentee"):
        try:
            services.cancel(mentorship=mentorship, actor=mentorship.request.mentee, note=note)
        except services.MentoringRefused:
            continue


def release_as_mentor(mentorships, *, actor, note):
    """Ends the live ones of `mentorships` (an active mentorship, a proposal waiting for the
    mentor's answer) before they or their mentor are deleted: each is cancelled, its place
    freed, its request returns to the queue and the mentee is told."""
    live = mentorships.filter(status__in=HOLDS_A_PLACE).order_by("pk")
    for mentorship in live.select_related("mentor", "request"):
        try:
            services.cancel(mentorship=mentorship, actor=actor, note=note)
        except services.MentoringRefused:
            continue  # ended meanwhile


def erase(*, user, member):
    if member is not None:
        note = _("%(name)s dejó la Red de Talentos.") % {"name": member.full_name}
        release_as_mentor(Mentorship.objects.filter(mentor=member), actor=member.user, note=note)
    if user is not None:
        note = _("%(name)s dejó la Red de Talentos.") % {
            "name": user.get_full_name() or _("La persona mentorada")
        }
        release_as_mentee(Request.objects.filter(mentee=user), note=note)


PROVIDER = Provider(
    app="mentoring",
    covers=frozenset(
        {
            "mentoring.MentorOffer.member",
            "mentoring.Cohort.created_by",
            "mentoring.Request.mentee",
            "mentoring.Mentorship.mentor",
            "mentoring.Mentorship.proposed_by",
            "mentoring.MentorshipChange.actor",
            "mentoring.RequestChange.actor",
            "mentoring.CohortPlaceLog.actor",
        }
    ),
    export=export,
    erase=erase,
)
