"""Role rules shared by every app (each app's permissions module builds on them)."""


def is_ime_admin(user):
    """IME staff: everything, through the site and the Django admin."""
    return user.is_authenticated and user.is_active and user.is_staff
