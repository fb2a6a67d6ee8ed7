"""Internships (pasantías): a cycle with its milestone dates, the places members abroad post at
their organisations, students' ranked applications, the matching runs IME reviews, placements
and their evaluations.

Three state machines (redtalentos.lib.workflows) are written here once, each a table
`from -> allowed destinations`: POSTING_TRANSITIONS (review before publication),
APPLICATION_TRANSITIONS (what a student sees) and PLACEMENT_TRANSITIONS (the internship itself).
The models' `move_to` refuse every other change with a message (TransitionRefused) and keep each
change in their history; the services lock the row first and send the mail after the commit.
"""

from redtalentos.lib.workflows import TransitionRefused  # noqa: I001
from .cycles import (
    CycleStage,
    default_offer_days,
    CycleQuerySet,
    Cycle,
)
from .postings import (
    PostingStatus,
    PS,
    POSTING_TRANSITIONS,
    POSTING_EDITABLE,
    POSTING_WORKFLOW,
    PostingQuerySet,
    Posting,
    PostingStatusChange,
)
from .applications import (
    ApplicationStatus,
    AS,
    APPLICATION_TRANSITIONS,
    HOST_STAGES,
    IN_PLAY,
    MAX_APPLICATIONS_PER_CYCLE,
    APPLICATION_WORKFLOW,
    HostChoice,
    ApplicationQuerySet,
    Application,
    ApplicationStatusChange,
    ApplicationNote,
    CVAccess,
)
from .matching import (
    MatchingStatus,
    MatchingRun,
)
from .placements import (
    PlacementStatus,
    PL,
    PLACEMENT_TRANSITIONS,
    PLACEMENT_WORKFLOW,
    placement_refusal,
    PlacementQuerySet,
    Placement,
    PlacementStatusChange,
    EvaluationAuthor,
    Evaluation,
)

__all__ = [
    "APPLICATION_TRANSITIONS",
    "APPLICATION_WORKFLOW",
    "AS",
    "HOST_STAGES",
    "IN_PLAY",
    "MAX_APPLICATIONS_PER_CYCLE",
    "PL",
    "PLACEMENT_TRANSITIONS",
    "PLACEMENT_WORKFLOW",
    "POSTING_EDITABLE",
    "POSTING_TRANSITIONS",
    "POSTING_WORKFLOW",
    "PS",
    "Application",
    "ApplicationNote",
    "ApplicationQuerySet",
    "ApplicationStatus",
    "ApplicationStatusChange",
    "CVAccess",
    "Cycle",
    "CycleQuerySet",
    "CycleStage",
    "Evaluation",
    "EvaluationAuthor",
    "HostChoice",
    "MatchingRun",
    "MatchingStatus",
    "Placement",
    "PlacementQuerySet",
    "PlacementStatus",
    "PlacementStatusChange",
    "Posting",
    "PostingQuerySet",
    "PostingStatus",
    "PostingStatusChange",
    "TransitionRefused",
    "default_offer_days",
    "placement_refusal",
]
