"""The emails of a registration's changes, sent after the transaction commits (never for a change
that is rolled back). Links are absolute from settings.SITE_URL: the scheduler that expires offers
has no request to take the host from."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from redtalentos.lib import emails
from redtalentos.lib.capacity import SeatAction, position

# `with muted():` sends none of these emails (demo data: nobody to write to).
muted = emails.Muting("jornadas")


def _url(path):
    return emails.absolute(settings.SITE_URL, path)


def registration_changed(registration, action):
    if muted.active:
        return
    user, edition = registration.user, registration.edition
    what = edition.display_title
    url = _url(registration.get_absolute_url())
    if action in (SeatAction.CONFIRMED, SeatAction.ACCEPTED, SeatAction.PROMOTED):
        send = partial(
            emails.send_seat_confirmed,
            user=user,
            what=what,
            url=url,
            checkin_code=registration.checkin_code or "",
        )
    elif action == SeatAction.WAITLISTED:

        def send():
            # The place in line when the email leaves, counted after the commit: not while the
            # edition is locked and every other registration waits for it.
            emails.send_seat_waitlisted(
                user=user, what=what, url=url, position=position(registration)
            )

    elif action == SeatAction.OFFERED:
        send = partial(
            emails.send_seat_offered,
            user=user,
            what=what,
            url=url,
            expires_at=registration.offer_expires_at,
        )
    elif action == SeatAction.EXPIRED:
        send = partial(emails.send_seat_offer_expired, user=user, what=what, url=url)
    else:
        return
    transaction.on_commit(send)


def session_choice_changed(choice, action):
    """A session's seat: the page answers a pick at once, so only offers and their expiry (which
    happen while the person is away) are mailed."""
    if muted.active or action not in (SeatAction.OFFERED, SeatAction.EXPIRED):
        return
    registration = choice.registration
    what = gettext("la sesión «%(title)s»") % {"title": choice.session.title}
    url = _url(registration.get_absolute_url())
    if action == SeatAction.OFFERED:
        send = partial(
            emails.send_seat_offered,
            user=registration.user,
            what=what,
            url=url,
            expires_at=choice.offer_expires_at,
        )
    else:
        send = partial(emails.send_seat_offer_expired, user=registration.user, what=what, url=url)
    transaction.on_commit(send)
