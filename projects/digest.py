"""The weekly digest of opportunities (the send_opportunity_digest command): every member with an
active account who holds the news consent and did not unsubscribe receives the opportunities
published in their sectors since their last digest (the last week for a first one); nobody gets
an empty email.

Built for the whole network in one pass with flat memory: the new opportunities are read once
and grouped by sector (a few weeks' worth at most: few), the members are streamed, the messages
leave in batches through one connection, and each batch's members get their last_sent_at in one
statement. A run records the moment it started as everyone's last_sent_at, so that the next run
starts exactly where this one looked; a member who got a digest less than MIN_INTERVAL ago is
left out, so that running the command twice in a week sends nothing twice.

Unsubscribing needs no sign-in: every digest carries a signed link (unsubscribe_url) to a page
with one button (projects.digest_views), and the RFC 8058 headers, so that mail programs offer
their own one-click button, which POSTs to the same address.
"""

import datetime
import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from members.models import Consent, Member
from redtalentos.lib.emails import absolute

from .models import DigestSubscriber, Opportunity

FIRST_WINDOW = datetime.timedelta(days=7)  # what a first digest covers
# Nobody's digest looks back further than this (a member who comes back after months gets the
# last weeks, not a year of the board), and it bounds what a run reads once.
LOOKBACK = datetime.timedelta(days=28)
# Less than a week, so that a weekly run that starts a few minutes early still sends.
MIN_INTERVAL = datetime.timedelta(days=6)
SHOWN = 10  # opportunities listed in one email; the rest are counted, with a link to the board
CACHE_MAX = 2000  # distinct selections and emails kept during a run
BATCH = 500  # messages handed to the connection at once
SALT = "projects.digest.unsubscribe"
# Two runs at the same moment would both find a member not yet written down: the second waits
# for nothing, it leaves (a session-level lock, released at the end of the run).
LOCK_KEY = 16_0001


@dataclass(frozen=True)
class Item:
    """One new opportunity as the email shows it (built once per run, shared by every email)."""

    pk: int
    author_id: int
    published_at: datetime.datetime
    title: str
    summary: str
    kind: str
    deadline: datetime.date | None
    url: str


@dataclass
class Summary:
    sent: int = 0
    members: int = 0  # members considered (consent, sectors, not sent to this week)
    opportunities: int = 0  # new opportunities read
    skipped: bool = False  # another run holds the lock


# The one-click link


def unsubscribe_token(user_id):
    return signing.Signer(salt=SALT).sign(str(user_id))


def user_id_for(token):
    """The account id a token was signed for; None for anything else."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def unsubscribe_url(user_id):
    path = reverse("projects:digest_unsubscribe", kwargs={"token": unsubscribe_token(user_id)})
    return absolute(settings.SITE_URL, path)


def unsubscribe(user_id, *, now=None):
    """The account receives no more digests (the first moment it asked is kept)."""
    now = now or timezone.now()
    subscriber, created = DigestSubscriber.objects.get_or_create(
        user_id=user_id, defaults={"unsubscribed_at": now}
    )
    if not created and subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = now
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber


# What is new


def new_opportunities(now):
    """{sector id: [Item, newest first]} of the opportunities published within LOOKBACK and
    still on the board."""
    rows = (
        Opportunity.objects.published(now)
        .filter(published_at__gt=now - LOOKBACK, published_at__lte=now)
        .only(
            "pk",
            "uuid",
            "author_id",
            "published_at",
            "title",
            "summary",
            "kind",
            "deadline",
            "sector_ids",
        )
        .order_by("-published_at", "-pk")
    )
    by_sector = defaultdict(list)
    count = 0
    for row in rows:
        count += 1
        item = Item(
            pk=row.pk,
            author_id=row.author_id,
            published_at=row.published_at,
            title=row.title,
            summary=row.summary,
            kind=str(row.get_kind_display()),
            deadline=row.deadline,
            url=absolute(settings.SITE_URL, row.get_absolute_url()),
        )
        for sector_id in row.sector_ids:
            by_sector[sector_id].append(item)
    return by_sector, count


def recipients(now, sector_ids):
    """(user id, email, name, sector ids, last sent) of the members the digest is for, streamed:
    active account, news consent in force, not unsubscribed, not sent to in MIN_INTERVAL, and
    in at least one of `sector_ids`."""
    news = (
        Consent.objects.filter(user_id=OuterRef("user_id"), purpose=Consent.Purpose.NEWS)
        .order_by("-created_at", "-id")
        .values("granted")[:1]
    )
    return (
        Member.objects.filter(user__is_active=True, sector_ids__overlap=list(sector_ids))
        .filter(
            Q(user__opportunity_digest__last_sent_at__isnull=True)
            | Q(user__opportunity_digest__last_sent_at__lte=now - MIN_INTERVAL),
            user__opportunity_digest__unsubscribed_at__isnull=True,
        )
        .annotate(news=Subquery(news))
        .filter(news=True)
        .order_by("pk")
        .values_list(
            "user_id",
            "user__email",
            "full_name",
            "sector_ids",
            "user__opportunity_digest__last_sent_at",
        )
    )


class _Selection:
    """The new opportunities of a set of sectors since a moment, computed once per (sectors,
    since): members share both (the sectors they chose, the previous run's moment)."""

    def __init__(self, by_sector):
        self.by_sector = by_sector
        self.cache = {}

    def __call__(self, sector_ids, since):
        key = (tuple(sector_ids), since)
        found = self.cache.get(key)
        if found is None:
            if len(self.cache) >= CACHE_MAX:
                self.cache.clear()
            seen, found = set(), []
            for sector_id in key[0]:
                for item in self.by_sector.get(sector_id, ()):
                    if item.published_at <= since:
                        break  # newest first: the rest are older still
                    if item.pk not in seen:
                        seen.add(item.pk)
                        found.append(item)
            found.sort(key=lambda item: (item.published_at, item.pk), reverse=True)
            self.cache[key] = found
        return found


# Sending


class _Renderer:
    """The three templates rendered once per distinct email (the same opportunities listed, the
    same count, first digest or not) and shared by every member who gets it: only the name and
    the unsubscribe link are the member's own. They are rendered as random marks (one pair per
    run, so no opportunity's text can hold them) and replaced in each copy, the name escaped in
    the HTML part. Rendering every email in full would take most of the run's time."""

    def __init__(self, common):
        self.common = common
        token = secrets.token_hex(8)
        self.name_mark, self.link_mark = f"NAME{token}", f"LINK{token}"
        self.templates = {
            part: get_template(f"emails/opportunity_digest_{part}")
            for part in ("subject.txt", "body.txt", "body.html")
        }
        self.cache = {}

    def __call__(self, items, *, first, name, link):
        shown = items[:SHOWN]
        key = (tuple(item.pk for item in shown), len(items), first)
        rendered = self.cache.get(key)
        if rendered is None:
            if len(self.cache) >= CACHE_MAX:
                self.cache.clear()  # memory stays bounded whatever the members hold
            context = {
                **self.common,
                "name": self.name_mark,
                "unsubscribe_url": self.link_mark,
                "first": first,
                "total": len(items),
                "opportunities": shown,
                "more": len(items) - len(shown),
            }
            rendered = self.cache[key] = [
                self.templates[part].render(context)
                for part in ("subject.txt", "body.txt", "body.html")
            ]
        subject, text, html = rendered
        text = text.replace(self.name_mark, name).replace(self.link_mark, link)
        html = html.replace(self.name_mark, escape(name)).replace(self.link_mark, escape(link))
        return subject, text, html


def _message(subject, text, html, *, email, connection, unsubscribe):
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    message = EmailMultiAlternatives(
        prefix + " ".join(subject.split()),
        text,
        to=[email],
        connection=connection,
        headers={
            # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to this address.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _record(user_ids, now):
    DigestSubscriber.objects.bulk_create(
        [DigestSubscriber(user_id=user_id, last_sent_at=now) for user_id in user_ids],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["last_sent_at"],
    )


def send_digest(*, now=None, connection=None, batch=BATCH, progress=None):
    """Sends this week's digests; returns a Summary. `connection` is an email connection (one
    for the whole run; the settings' backend by default); `progress(summary)` is called after
    each batch."""
    now = now or timezone.now()
    summary = Summary()
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            summary.skipped = True
            return summary
    try:
        with translation.override(settings.LANGUAGE_CODE):
            _send(now, connection, batch, progress, summary)
    finally:
        with db_connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
    return summary


def _send(now, connection, batch, progress, summary):
    by_sector, summary.opportunities = new_opportunities(now)
    if not by_sector:
        return
    authors = {item.author_id for items in by_sector.values() for item in items}
    select = _Selection(by_sector)
    render = _Renderer(
        {
            "site_name": settings.SITE_NAME,
            "board_url": absolute(settings.SITE_URL, reverse("projects:opportunity_list")),
            "privacy_url": absolute(settings.SITE_URL, reverse("members:privacy_settings")),
        }
    )
    connection = connection or get_connection()
    messages, user_ids = [], []

    def flush():
        connection.send_messages(messages)
        with transaction.atomic():
            _record(user_ids, now)
        summary.sent += len(messages)
        messages.clear()
        user_ids.clear()
        if progress:
            progress(summary)

    connection.open()
    try:
        rows = recipients(now, by_sector).iterator(chunk_size=2000)
        for user_id, email, name, sector_ids, last_sent_at in rows:
            summary.members += 1
            since = max(last_sent_at, now - LOOKBACK) if last_sent_at else now - FIRST_WINDOW
            items = select(sector_ids, since)
            if user_id in authors:
                items = [item for item in items if item.author_id != user_id]
            if not items:
                continue
            link = unsubscribe_url(user_id)
            subject, text, html = render(
                items,
                first=last_sent_at is None,
                name=name.split()[0] if name.strip() else "",
                link=link,
            )
            messages.append(
                _message(subject, text, html, email=email, connection=connection, unsubscribe=link)
            )
            user_ids.append(user_id)
            if len(messages) >= batch:
                flush()
        if messages:
            flush()
    finally:
        connection.close()
