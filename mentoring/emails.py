"""The mentoring's emails, sent after the transaction commits, in the language of the moment the
change was made (the scheduler's commands: Spanish). Links are absolute from settings.SITE_URL.
Addresses are never in them: the brokered channel's acceptance email shares them."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from redtalentos.lib import emails
from redtalentos.lib.capacity import SeatAction, position

# `with muted():` sends none of these emails (demo data: nobody to write to).
muted = emails.Muting("mentoring")


def _url(path):
    return emails.absolute(settings.SITE_URL, path)


def _later(name, *, to, context):
    if muted.active or not to:
        return
    language = translation.get_language() or settings.LANGUAGE_CODE

    def callback():
        with translation.override(language):
            emails.send(name, to=[to], context={**context})

    transaction.on_commit(callback)


def _person(user):
    return user.get_short_name() or user.get_full_name()


def request_news(request, *, event, mentor_name="", note=""):
    """To the mentee: what happened to their request. `event`: proposed, accepted, declined,
    expired, closed, cancelled, completed."""
    _later(
        "mentoring_request_news",
        to=request.mentee.email,
        context={
            "name": _person(request.mentee),
            "event": event,
            "mentor_name": mentor_name,
            "note": note,
            "goal": request.goal,
            "url": _url(request.get_absolute_url()),
        },
    )


def mentor_news(mentorship, *, event, note=""):
    """To the mentor: the relationship was cancelled or completed by the other side or staff."""
    user = mentorship.mentor.user
    _later(
        "mentoring_mentor_news",
        to=user.email,
        context={
            "name": mentorship.mentor.full_name,
            "event": event,
            "note": note,
            "url": _url(mentorship.get_absolute_url()),
        },
    )


def check_in_reminder(mentorship, *, user, side, month):
    _later(
        "mentoring_check_in_reminder",
        to=user.email,
        context={
            "name": _person(user),
            "side": side,
            "month": month,
            "url": _url(reverse("mentoring:check_in", kwargs={"uuid": mentorship.uuid})),
        },
    )


def place_changed(place, action):
    """The cohort's place of a request (capacity engine): the four seat messages."""
    if muted.active:
        return
    request = place.request
    user, what = request.mentee, place.cohort.display_name
    url = _url(request.get_absolute_url())
    language = translation.get_language() or settings.LANGUAGE_CODE
    if action in (SeatAction.CONFIRMED, SeatAction.ACCEPTED, SeatAction.PROMOTED):

        def send():
            emails.send_seat_confirmed(user=user, what=what, url=url)

    elif action == SeatAction.WAITLISTED:

        def send():
            emails.send_seat_waitlisted(user=user, what=what, url=url, position=position(place))

    elif action == SeatAction.OFFERED:
        expires_at = place.offer_expires_at

        def send():
            emails.send_seat_offered(user=user, what=what, url=url, expires_at=expires_at)

    elif action == SeatAction.EXPIRED:

        def send():
            emails.send_seat_offer_expired(user=user, what=what, url=url)

    else:
        return

    def callback():
        with translation.override(language):
            send()

    transaction.on_commit(callback)
