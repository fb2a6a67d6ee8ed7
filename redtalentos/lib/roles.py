"""Role rules shared by every app (each app's permissions module builds on them).

Staff powers need a second factor passed in *this session*, not merely an account that has one:
a session opened with the password alone keeps an account's ordinary rights and nothing more.
The staff middleware (members.middleware) reads the session once per request and marks the user.
"""

MFA_SESSION_ATTR = "_rt_mfa_session"


def passed_mfa(user):
    """Whether the request's session of `user` passed a second factor (False when unknown)."""
    return getattr(user, MFA_SESSION_ATTR, False)


def is_ime_account(user):
    """An IME staff account, whatever the session: one that must use MFA for its staff pages."""
    return user.is_authenticated and user.is_active and user.is_staff


def is_ime_admin(user):
    """IME staff acting as such: everything, through the site and the Django admin."""
    return is_ime_account(user) and passed_mfa(user)
