"""The Jornadas Informativas: editions, their tracks (one per sector, plus plenaries), rooms, the
sessions of the agenda and who speaks at each.

Registration: a person's Registration for an edition and their SessionChoices (the personal
agenda) are seat requests of redtalentos.lib.capacity, with their logs and the edition's
PriorityGroups. A confirmed registration carries a check-in code (jornadas.checkin).
"""

from .agenda import (  # noqa: I001
    EDITION_TRANSITIONS,
    EditionStatus,
    SessionKind,
    EditionQuerySet,
    Edition,
    EditionChange,
    Track,
    Room,
    Session,
)
from .speakers import (
    SpeakerRole,
    SessionSpeaker,
    SpeakerInvitation,
    SessionMaterial,
    MaterialAccess,
)
from .registration import (
    Attendance,
    PriorityRole,
    DEFAULT_PRIORITIES,
    PriorityGroup,
    CHECKIN_CODE_BYTES,
    new_checkin_code,
    RegistrationQuerySet,
    Registration,
    RegistrationLog,
    SessionChoice,
    session_capacity,
    SessionChoiceLog,
)
from .followup import (
    FollowUp,
    SurveyResponse,
    SessionRating,
)

__all__ = [
    "CHECKIN_CODE_BYTES",
    "DEFAULT_PRIORITIES",
    "EDITION_TRANSITIONS",
    "Attendance",
    "Edition",
    "EditionChange",
    "EditionQuerySet",
    "EditionStatus",
    "FollowUp",
    "MaterialAccess",
    "PriorityGroup",
    "PriorityRole",
    "Registration",
    "RegistrationLog",
    "RegistrationQuerySet",
    "Room",
    "Session",
    "SessionChoice",
    "SessionChoiceLog",
    "SessionKind",
    "SessionMaterial",
    "SessionRating",
    "SessionSpeaker",
    "SpeakerInvitation",
    "SpeakerRole",
    "SurveyResponse",
    "Track",
    "new_checkin_code",
    "session_capacity",
]
