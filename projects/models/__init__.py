"""The projects app's models, one module per feature: opportunities (published offers and
requests, reviewed, expiring, with expressions of interest) and binational projects (team,
institutions, results timeline, documents). Missions and expert visits arrive with their parts of
issue 16."""

from .binational import (
    PROJECT_TRANSITIONS,
    DocumentAccess,
    Institution,
    Milestone,
    Project,
    ProjectChange,
    ProjectDocument,
    ProjectStatus,
    TeamInvitation,
    TeamMember,
)
from .opportunities import (
    DigestSubscriber,
    Opportunity,
    OpportunityChange,
    OpportunityInterest,
    OpportunityKind,
    OpportunityStatus,
)

__all__ = [
    "PROJECT_TRANSITIONS",
    "DigestSubscriber",
    "DocumentAccess",
    "Institution",
    "Milestone",
    "Opportunity",
    "OpportunityChange",
    "OpportunityInterest",
    "OpportunityKind",
    "OpportunityStatus",
    "Project",
    "ProjectChange",
    "ProjectDocument",
    "ProjectStatus",
    "TeamInvitation",
    "TeamMember",
]
