"""People of the portal: accounts, member profiles, consents, introductions and audit logs.

One module per part; every name is importable from `members.models`, as before the split (the
first migration refers to `members.models.UserManager`)."""

# The models register in the order they were written in one module before (the app registry
# lists them so): accounts, profiles, consents, introductions, audit.
from .accounts import AccountType, User, UserManager  # noqa: I001
from .choices import Availability, ContributionOffer, Language, MexicanState, Visibility
from .profiles import (
    DIRECTORY_FILTER_COLUMNS,
    FINDABLE,
    LISTED,
    Education,
    Member,
    MemberQuerySet,
    NameWord,
    Skill,
)
from .consents import Consent
from .introductions import IntroductionRequest
from .audit import MemberChange, StaffAccess, StaffCapLift

__all__ = [
    "DIRECTORY_FILTER_COLUMNS",
    "FINDABLE",
    "LISTED",
    "AccountType",
    "Availability",
    "Consent",
    "ContributionOffer",
    "Education",
    "IntroductionRequest",
    "Language",
    "Member",
    "MemberChange",
    "MemberQuerySet",
    "MexicanState",
    "NameWord",
    "Skill",
    "StaffAccess",
    "StaffCapLift",
    "User",
    "UserManager",
    "Visibility",
]
