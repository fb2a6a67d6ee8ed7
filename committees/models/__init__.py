"""Evaluation committees (/convocatorias/): IME or a PNCS opens a call with weighted criteria,
required documents and review rules; participants and members submit proposals until the
deadline; experts who consented to the PNCS search form the committee (invited through the
brokered channel); conflicts of interest are declared (once in the profile, and per proposal) and
detected from what the portal holds; proposals are assigned automatically and adjusted by hand;
reviews follow the call's phases; staff decide with a rationale and reviewers get a certificate.

The allowed status changes of calls and proposals are tables in `calls` and `proposals`
(redtalentos.lib.workflows; committees.services refuses the rest with a message); every change
of either is kept in its history."""

from .calls import (  # noqa: I001
    LANGUAGES,
    CallStatus,
    CS,
    CALL_TRANSITIONS,
    CALL_WORKFLOW,
    Call,
    CallChange,
    Criterion,
    RequiredDocument,
    ReviewPhase,
)
from .proposals import (
    ProposalStatus,
    PS,
    PROPOSAL_TRANSITIONS,
    PROPOSAL_WORKFLOW,
    DECIDED,
    Proposal,
    ProposalDocument,
    ProposalChange,
)
from .reviews import (
    Reviewer,
    Declaration,
    ConflictSource,
    Conflict,
    Assignment,
    Review,
    Score,
    ReviewExport,
    DocumentAccess,
)

__all__ = [
    "CALL_TRANSITIONS",
    "CALL_WORKFLOW",
    "CS",
    "DECIDED",
    "LANGUAGES",
    "PROPOSAL_TRANSITIONS",
    "PROPOSAL_WORKFLOW",
    "PS",
    "Assignment",
    "Call",
    "CallChange",
    "CallStatus",
    "Conflict",
    "ConflictSource",
    "Criterion",
    "Declaration",
    "DocumentAccess",
    "Proposal",
    "ProposalChange",
    "ProposalDocument",
    "ProposalStatus",
    "RequiredDocument",
    "Review",
    "ReviewExport",
    "ReviewPhase",
    "Reviewer",
    "Score",
]
