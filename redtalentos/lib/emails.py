"""The portal's emails: one function each, rendered from templates/emails/<name>_{subject,body}.*

Callers schedule them with transaction.on_commit and pass `base_url` (scheme and host, e.g.
request.build_absolute_uri("/")) so that links are absolute. They render in the active language.
This module sits below the apps: it reads the objects it is given and imports none of them.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


class Muting:
    """One family's switch for its emails: `with muted():` sends none of them for the changes
    made inside (demo data: nobody to write to); `muted.active` tells the family's senders.
    Each family has its own switch, so muting one leaves the others' emails on. A context
    variable, not a global: other threads and requests keep sending."""

    def __init__(self, name):
        self._active = contextvars.ContextVar(f"{name}_mail_muted", default=False)

    @contextlib.contextmanager
    def __call__(self):
        token = self._active.set(True)
        try:
            yield
        finally:
            self._active.reset(token)

    @property
    def active(self):
        return self._active.get()


def absolute(base_url, path):
    return base_url.rstrip("/") + path


def send(name, *, to, context, reply_to=None):
    """Renders templates/emails/<name>_* with `context` and sends one message to `to`."""
    context = {"site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"emails/{name}_subject.txt", context)
    # A header is one line: names typed by people must not break it.
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    subject = prefix + " ".join(subject.split())
    text = render_to_string(f"emails/{name}_body.txt", context)
    html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(subject, text, to=to, reply_to=reply_to or None)
    message.attach_alternative(html, "text/html")
    message.send()


def send_introduction_requested(introduction, *, sender, base_url):
    """To the member: someone asks for an introduction. Never the requester's address."""
    member = introduction.member
    send(
        "introduction_requested",
        to=[member.user.email],
        context={
            "introduction": introduction,
            "member": member,
            "sender": sender,
            "list_url": absolute(base_url, reverse("members:introduction_list")),
        },
    )


def send_introduction_accepted(introduction, *, sender, base_url):
    """To each side: the introduction is made, with both addresses (the only place they appear).

    Each message replies to the other person, so answering it starts the conversation.
    """
    member = introduction.member
    requester = introduction.requester
    context = {
        "introduction": introduction,
        "member": member,
        "member_email": member.user.email,
        "sender": sender,
        "requester_email": requester.email,
        "list_url": absolute(base_url, reverse("members:introduction_list")),
    }
    send(
        "introduction_accepted_requester",
        to=[requester.email],
        context=context,
        reply_to=[member.user.email],
    )
    send(
        "introduction_accepted_member",
        to=[member.user.email],
        context=context,
        reply_to=[requester.email],
    )


def send_introduction_declined(introduction, *, sender, base_url):
    """To the requester: a polite no, without reasons or addresses."""
    send(
        "introduction_declined",
        to=[introduction.requester.email],
        context={
            "introduction": introduction,
            "member": introduction.member,
            "sender": sender,
            "list_url": absolute(base_url, reverse("members:introduction_list")),
        },
    )


def send_join_request_decided(join_request, *, base_url):
    """To the member: the chapter's leadership approved or declined their request to join."""
    member = join_request.member
    send(
        "join_request_decided",
        to=[member.user.email],
        context={
            "join_request": join_request,
            "member": member,
            "chapter": join_request.chapter,
            "approved": join_request.status == "approved",
            "chapter_url": absolute(base_url, join_request.chapter.get_absolute_url()),
        },
    )


def send_mfa_enrolment_link(*, user, link, minutes):
    """To a staff account: the link that lets it set up an authenticator app."""
    send(
        "mfa_enrolment",
        to=[user.email],
        context={"name": user.get_short_name(), "link": link, "minutes": minutes},
    )


# Seats with a waitlist (redtalentos.lib.capacity): the same four messages for every app. `what`
# names what the seat is for (an edition, a session), `url` is the page where the person sees
# their place (absolute).


def send_seat_confirmed(*, user, what, url, checkin_code=""):
    """To the person: their seat is confirmed; with the code they show at the door, when the
    seat has one (its QR code is on the page at `url`)."""
    context = {**_seat_context(user, what, url), "checkin_code": checkin_code}
    send("seat_confirmed", to=[user.email], context=context)


def send_seat_waitlisted(*, user, what, url, position):
    """To the person: no seat now; they are in line, at `position`."""
    context = {**_seat_context(user, what, url), "position": position}
    send("seat_waitlisted", to=[user.email], context=context)


def send_seat_offered(*, user, what, url, expires_at):
    """To the person: a seat freed up for them, to accept before `expires_at`."""
    context = {**_seat_context(user, what, url), "expires_at": expires_at}
    send("seat_offered", to=[user.email], context=context)


def send_seat_offer_expired(*, user, what, url):
    """To the person: their offer expired and the seat passed to the next in line."""
    send("seat_offer_expired", to=[user.email], context=_seat_context(user, what, url))


def _seat_context(user, what, url):
    return {"name": user.get_short_name() or user.get_full_name(), "what": what, "url": url}


def send_posting_status(posting, *, url, list_url):
    """To the host: their internship posting changed state (sent for review, published, returned
    with the reviewer's comment, closed). In the language the host last wrote it in; Spanish when
    none is stored."""
    member = posting.host
    with translation.override(posting.language or settings.LANGUAGE_CODE):
        send(
            "internship_posting_status",
            to=[member.user.email],
            context={
                "name": member.full_name,
                "posting": posting,
                "status": posting.status,
                "status_label": posting.get_status_display(),
                "comment": posting.review_comment if posting.status == "returned" else "",
                "url": url,
                "list_url": list_url,
            },
        )


def send_application_status(application, base_url):
    """To the student: their internship application changed state (sent, in review, offer, …),
    with what to do next and the link to it. In the language stored on the application (the one
    the student last used on the portal); Spanish when none is."""
    student = application.student
    with translation.override(getattr(application, "language", "") or settings.LANGUAGE_CODE):
        send(
            "internship_application_status",
            to=[student.email],
            context={
                "name": student.get_short_name() or student.get_full_name(),
                "application": application,
                "posting": application.posting,
                "cycle": application.cycle,
                "status": application.status,
                "status_label": application.get_status_display(),
                "url": absolute(base_url, application.get_absolute_url()),
                "list_url": absolute(base_url, reverse("internships:my_applications")),
            },
        )
