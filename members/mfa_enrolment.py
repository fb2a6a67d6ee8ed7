"""Enrolment of an authenticator app for staff accounts, through a link sent to their address.

Knowing a staff password must not be enough to attach one's own phone to the account: the link
proves access to the mailbox as well. It is signed, names the account and its session generation
(so it stops working once the account's sessions end, e.g. when an app is added), and expires
after settings.STAFF_MFA_ENROL_LINK_SECONDS. Opening it in a session of the same account grants
that session, for a few minutes, the activation page (members.middleware).
"""

import time

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from redtalentos.lib import emails

SALT = "members.mfa-enrolment"
GRANT_KEY = "_rt_mfa_enrol_grant"
GRANT_SECONDS = 15 * 60


class InvalidLink(Exception):
    """The link is forged, expired, for another account, or already used."""


def make_token(user):
    return signing.dumps({"u": user.pk, "g": user.session_generation}, salt=SALT)


def check_token(token, user):
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.STAFF_MFA_ENROL_LINK_SECONDS)
    except signing.SignatureExpired as error:
        raise InvalidLink("expired") from error
    except signing.BadSignature as error:
        raise InvalidLink("forged") from error
    if data.get("u") != user.pk or data.get("g") != user.session_generation:
        raise InvalidLink("other account or used")


def grant(request):
    request.session[GRANT_KEY] = {"user": request.user.pk, "until": time.time() + GRANT_SECONDS}


def enrolment_granted(request):
    data = request.session.get(GRANT_KEY)
    return (
        isinstance(data, dict)
        and data.get("user") == request.user.pk
        and data.get("until", 0) > time.time()
    )


def send_enrolment_link(*, user, base_url):
    """Emails `user` the link, once the current transaction commits."""
    link = emails.absolute(base_url, reverse("members:mfa_enrol_link", args=[make_token(user)]))
    minutes = settings.STAFF_MFA_ENROL_LINK_SECONDS // 60
    transaction.on_commit(
        lambda: emails.send_mfa_enrolment_link(user=user, link=link, minutes=minutes)
    )
