"""What the mentoring page tests share: the people (staff signed in with their second factor),
and the ways a person meets a page (messages shown after a redirect, links on a list, the emails
a change leaves). The offers, requests and cohorts themselves come from tests.mentoring.helpers."""

import re

from django.urls import reverse

from pncs.models import Sector
from tests.conftest import give_totp, login, make_member, make_pncs_staff

BASE_URL = "http://testserver/"
REQUEST_LINK = re.compile(r'href="/mentorias/solicitudes/[0-9a-f-]{36}/"')


def signed_in_staff(client, email="pncs-paginas@example.org", *, sectors=("tic",), name=None):
    """A PNCS staff member of `sectors`, signed in on `client` with their second factor."""
    user = make_pncs_staff(email, sectors=sectors, name=name or f"PNCS {email}")
    give_totp(user)
    login(client, user)
    return user


def make_mentor(full_name="Mario Mentor Soto", *, email=None, **fields):
    # A big introductions budget: a mentor's proposals arrive as introduction requests.
    fields.setdefault("intro_monthly_limit", 30)
    return make_member(full_name, email=email, **fields)


def messages_of(response):
    """The messages the page shows (a POST followed to the page it redirects to)."""
    return [str(message) for message in response.context["messages"]]


def readable(message):
    """What a person reads in an email, headers included."""
    return "\n".join(
        [
            message.subject,
            message.body,
            *(content for content, _mime in message.alternatives),
            *message.to,
            *message.cc,
            *message.reply_to,
            str(message.extra_headers),
        ]
    )


def mail_to(mailoutbox, address):
    return [message for message in mailoutbox if address in message.to]


def sector_pk(slug="tic"):
    return str(Sector.objects.get(slug=slug).pk)


def request_data(**changes):
    data = {
        "goal": "Quiero exportar el software de mi empresa a Texas.",
        "organisation": "Software del Bajío",
        "sector": sector_pk("tic"),
        "topics": "exportación de software",
        "languages": ["es"],
        "time_zone": "America/Mexico_City",
        "hours_from": "9",
        "hours_to": "17",
    }
    data.update(changes)
    return data


def offer_data(**changes):
    data = {
        "capacity": "2",
        "sectors": [sector_pk("tic")],
        "topics": "exportación de software, ciberseguridad",
        "languages": ["es", "en"],
        "time_zone": "America/Chicago",
        "hours_from": "9",
        "hours_to": "17",
        "formats": ["video"],
        "hours_per_month": "4",
    }
    data.update(changes)
    return data


def url(name, obj=None, **kwargs):
    if obj is not None:
        kwargs["uuid"] = obj.uuid
    return reverse(f"mentoring:{name}", kwargs=kwargs or None)
