"""The projects app's models, one module per feature: opportunities (published offers and
requests, reviewed, expiring, with expressions of interest). Binational projects, missions and
expert visits arrive with their parts of issue 16."""

from .opportunities import (
    DigestSubscriber,
    Opportunity,
    OpportunityChange,
    OpportunityInterest,
    OpportunityKind,
    OpportunityStatus,
)

__all__ = [
    "DigestSubscriber",
    "Opportunity",
    "OpportunityChange",
    "OpportunityInterest",
    "OpportunityKind",
    "OpportunityStatus",
]
