"""IME administration of accounts, member profiles and the audit logs of the members app.

One module per part; importing the package registers them all (in the order they were written in
one module before). Other apps' admins take `SafeSearchMixin` and `ReadOnlyAdmin` from here."""

from .base import MAX_SEARCH_LENGTH, ReadOnlyAdmin, SafeSearchMixin  # noqa: I001
from .accounts import UserAdmin, UserChangeAdminForm, UserCreationAdminForm
from .profiles import MemberAdmin, MemberAdminForm, SkillAdmin
from .audit import (
    ConsentAdmin,
    IntroductionRequestAdmin,
    MemberChangeAdmin,
    StaffAccessAdmin,
    StaffCapLiftAdmin,
)
from .mfa import AuthenticatorAdmin

__all__ = [
    "MAX_SEARCH_LENGTH",
    "AuthenticatorAdmin",
    "ConsentAdmin",
    "IntroductionRequestAdmin",
    "MemberAdmin",
    "MemberAdminForm",
    "MemberChangeAdmin",
    "ReadOnlyAdmin",
    "SafeSearchMixin",
    "SkillAdmin",
    "StaffAccessAdmin",
    "StaffCapLiftAdmin",
    "UserAdmin",
    "UserChangeAdminForm",
    "UserCreationAdminForm",
]
