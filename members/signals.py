"""Account signals: signing out, and any change of the account's second factor, end its sessions
everywhere (the session that made the change stays open)."""

import contextlib

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
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


@receiver(post_save, sender=Authenticator, dispatch_uid="members.end_sessions_on_mfa_added")
def end_sessions_when_mfa_is_added(sender, instance, created, **kwargs):
    # Saved again at each use (last-used time): only a new authenticator changes the account.
    if created:
        _end_sessions(instance.user_id)


@receiver(post_delete, sender=Authenticator, dispatch_uid="members.end_sessions_on_mfa_removed")
def end_sessions_when_mfa_is_removed(sender, instance, **kwargs):
    _end_sessions(instance.user_id)


def _end_sessions(user_id):
    # Also when the admin removes an app: the account's sessions, wherever they are, end.
    with contextlib.suppress(User.DoesNotExist):
        User.objects.get(pk=user_id).end_all_sessions()


@receiver(mfa_signals.authenticator_added, dispatch_uid="members.keep_session_on_mfa_added")
def keep_the_session_that_added_mfa(sender, request, user, authenticator, **kwargs):
    """The person who just set up an app stays signed in here, and has passed its second factor
    (the activation asked for a valid code)."""
    _keep_session(request, user)
    if authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="members.keep_session_on_mfa_removed")
@receiver(mfa_signals.authenticator_reset, dispatch_uid="members.keep_session_on_mfa_reset")
def keep_the_session_that_changed_mfa(sender, request, user, **kwargs):
    _keep_session(request, user)


def _keep_session(request, user):
    if request is None or not request.user.is_authenticated or request.user.pk != user.pk:
        return
    user.refresh_from_db(fields=["session_generation"])
    update_session_auth_hash(request, user)
