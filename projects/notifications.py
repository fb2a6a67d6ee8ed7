"""The projects' emails, sent after the transaction commits in the language of the moment the
change was made (Spanish for the scheduler's commands). Links are absolute from settings.SITE_URL.
An address appears only in the email that answers an accepted interest."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from redtalentos.lib import emails

# `with muted():` sends none of these emails (demo data: nobody to write to).
muted = emails.Muting("projects")


def _url(path):
    return emails.absolute(settings.SITE_URL, path)


def _later(name, *, to, context, reply_to=None):
    if muted.active or not to:
        return
    language = translation.get_language() or settings.LANGUAGE_CODE

    def callback():
        with translation.override(language):
            emails.send(name, to=[to], context=context, reply_to=reply_to)

    transaction.on_commit(callback)


def _name(user):
    return user.get_short_name() or user.get_full_name()


def opportunity_status(opportunity):
    """To the author: sent for review, published (until when), returned (the comment), expired."""
    author = opportunity.author
    _later(
        "opportunity_status",
        to=author.email,
        context={
            "name": _name(author),
            "opportunity": opportunity,
            "status": opportunity.status,
            "status_label": opportunity.get_status_display(),
            "comment": opportunity.review_comment,
            "url": _url(opportunity.get_absolute_url()),
            "list_url": _url(reverse("projects:my_opportunities")),
        },
    )


def opportunity_expiring(opportunity):
    author = opportunity.author
    _later(
        "opportunity_expiring",
        to=author.email,
        context={
            "name": _name(author),
            "opportunity": opportunity,
            "url": _url(opportunity.get_absolute_url()),
        },
    )


def interest_received(interest):
    """To a staff author: someone is interested (their name and message, never their address)."""
    opportunity = interest.opportunity
    _later(
        "opportunity_interest_received",
        to=opportunity.author.email,
        context={
            "name": _name(opportunity.author),
            "opportunity": opportunity,
            "person": interest.person.get_full_name(),
            "message": interest.message,
            "url": _url(opportunity.get_absolute_url()),
        },
    )


def interest_answered(interest, *, author):
    """Accepted: each side gets the other's address and may reply directly. Declined: the
    interested person is told politely."""
    opportunity, person = interest.opportunity, interest.person
    context = {"opportunity": opportunity, "url": _url(opportunity.get_absolute_url())}
    if interest.status == interest.Status.ACCEPTED:
        _later(
            "opportunity_interest_accepted",
            to=person.email,
            context={
                **context,
                "name": _name(person),
                "other": author.get_full_name(),
                "other_email": author.email,
            },
            reply_to=[author.email],
        )
        _later(
            "opportunity_interest_accepted",
            to=author.email,
            context={
                **context,
                "name": _name(author),
                "other": person.get_full_name(),
                "other_email": person.email,
            },
            reply_to=[person.email],
        )
    else:
        _later(
            "opportunity_interest_declined",
            to=person.email,
            context={**context, "name": _name(person)},
        )
