"""Account signals: signing out ends the account's sessions everywhere."""

import contextlib

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from .models import User


@receiver(user_logged_out, dispatch_uid="members.end_other_sessions_on_logout")
def end_other_sessions_on_logout(sender, request, user, **kwargs):
    # Django's logout sends this for allauth's sign-out and the admin's alike. No user: the
    # session was already anonymous; a deleted account has no sessions left to end.
    if user is None or user.pk is None:
        return
    with contextlib.suppress(User.DoesNotExist):
        user.end_all_sessions()
