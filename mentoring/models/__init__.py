"""Mentoring: members abroad offer to mentor (MentorOffer), people in Mexico ask for it (Request),
alone or through a cohort that IME or a PNCS opens (Cohort, whose places are the capacity
engine's seats: CohortPlace), staff or the mentee propose a mentor and the mentor answers through
the brokered channel (Mentorship, proposed with an introduction request), and the relationship
keeps monthly check-ins until it is completed or cancelled.

A mentor's load (proposals waiting plus active mentorships) is kept on their offer row, changed
only by mentoring.services under that row's lock, so that no number of simultaneous proposals
and acceptances takes a mentor over the capacity they set.
"""

from .offers import (  # noqa: I001
    MEXICO_ZONE,
    HOURS,
    hours_mask,
    Format,
    MentorOffer,
)
from .requests import (
    CohortQuerySet,
    Cohort,
    RequestStatus,
    REQUEST_TRANSITIONS,
    Request,
    RequestChange,
    CohortPlace,
    CohortPlaceLog,
)
from .mentorships import (
    MentorshipStatus,
    MS,
    MENTORSHIP_TRANSITIONS,
    HOLDS_A_PLACE,
    Mentorship,
    MentorshipChange,
    CheckIn,
)

__all__ = [
    "HOLDS_A_PLACE",
    "HOURS",
    "MENTORSHIP_TRANSITIONS",
    "MEXICO_ZONE",
    "MS",
    "REQUEST_TRANSITIONS",
    "CheckIn",
    "Cohort",
    "CohortPlace",
    "CohortPlaceLog",
    "CohortQuerySet",
    "Format",
    "MentorOffer",
    "Mentorship",
    "MentorshipChange",
    "MentorshipStatus",
    "Request",
    "RequestChange",
    "RequestStatus",
    "hours_mask",
]
