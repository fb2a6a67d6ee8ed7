"""Check-in at the door: each confirmed registration has a code (Registration.checkin_code, made
when the seat is confirmed), shown to its person as a QR code of the check-in page's URL with the
code in it. IME staff scan it with a phone (the browser opens the page with the code filled in)
or type the code, and confirm.

What the scanner gives is never trusted: it is cut to a code's alphabet and length before any
query, and whatever does not name a confirmed registration of this edition is refused with the
reason (unknown or forged, another edition, cancelled, not confirmed, already checked in).
Every check-in is kept on the registration (when, by whom); every attempt is logged without the
text that was scanned.
"""

import logging
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from redtalentos.lib import emails
from redtalentos.lib.capacity import SeatStatus

from .models import Registration

logger = logging.getLogger(__name__)

CODE_PARAMETER = "codigo"  # the query parameter of the check-in page's URL in the QR code
# What a scanner may give: a code (22 characters) or a URL with it. Anything longer is not ours.
MAX_INPUT = 2000
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class Outcome:
    CHECKED_IN = "checked_in"
    DUPLICATE = "duplicate"  # checked in already: the first check-in stands
    UNKNOWN = "unknown"  # no registration has this code: mistyped, or forged
    OTHER_EDITION = "other_edition"
    CANCELLED = "cancelled"  # cancelled, or an offer that expired
    NOT_CONFIRMED = "not_confirmed"  # waitlisted, or offered and not accepted


@dataclass
class Result:
    outcome: str
    registration: Registration | None = None

    @property
    def ok(self):
        return self.outcome == Outcome.CHECKED_IN


def checkin_path(registration):
    """The check-in page with the registration's code, as its QR code carries it."""
    path = reverse("jornadas:checkin", kwargs={"slug": registration.edition.slug})
    return f"{path}?{CODE_PARAMETER}={registration.checkin_code}"


def checkin_url(registration):
    return emails.absolute(settings.SITE_URL, checkin_path(registration))


def code_from(text):
    """The check-in code in what a scanner or a person typed: the code itself, or a URL that
    carries it (as `?codigo=` or as its last path segment). None when nothing looks like one."""
    text = (text or "").strip()
    if not text or len(text) > MAX_INPUT:
        return None
    candidate = text
    if "/" in text or "?" in text:
        try:
            parts = urlsplit(text)
        except ValueError:  # e.g. an unbalanced "[" in the host
            return None
        values = parse_qs(parts.query).get(CODE_PARAMETER)
        candidate = values[0].strip() if values else parts.path.rstrip("/").rsplit("/", 1)[-1]
    return candidate if CODE_PATTERN.fullmatch(candidate) else None


def _refusal(registration, edition):
    """Why `registration` cannot be checked in at `edition` now; None when it can."""
    if registration.edition_id != edition.pk:
        return Outcome.OTHER_EDITION
    if registration.status in (SeatStatus.CANCELLED, SeatStatus.EXPIRED):
        return Outcome.CANCELLED
    if registration.status != SeatStatus.CONFIRMED:
        return Outcome.NOT_CONFIRMED
    if registration.checked_in_at is not None:
        return Outcome.DUPLICATE
    return None


def _registration(**lookup):
    return (
        Registration.objects.select_related("user", "edition", "checked_in_by")
        .filter(**lookup)
        .first()
    )


def check_in(*, edition, text, by, now=None):
    """Checks in the registration whose code is in `text`, at `edition`, on behalf of `by` (IME
    staff). Returns a Result; never raises for bad input. Two scans of one code at the same moment
    check it in once: the second is a duplicate."""
    code = code_from(text)
    registration = _registration(checkin_code=code) if code else None
    if registration is None:
        result = Result(Outcome.UNKNOWN)
    elif (refusal := _refusal(registration, edition)) is not None:
        result = Result(refusal, registration)
    else:
        now = now or timezone.now()
        # One conditional UPDATE: no lock to wait for at the door, and never two check-ins.
        done = Registration.objects.filter(
            pk=registration.pk, status=SeatStatus.CONFIRMED, checked_in_at__isnull=True
        ).update(checked_in_at=now, checked_in_by=by)
        if done:
            registration.checked_in_at, registration.checked_in_by = now, by
            result = Result(Outcome.CHECKED_IN, registration)
        else:  # changed since it was read: cancelled, or checked in by another scan
            registration = _registration(pk=registration.pk)
            result = Result(_refusal(registration, edition) or Outcome.DUPLICATE, registration)
    logger.info(
        "check-in edition=%s outcome=%s registration=%s staff=%s",
        edition.slug,
        result.outcome,
        result.registration.pk if result.registration else "-",
        by.pk,
    )
    return result


def counts(edition):
    """(checked in, confirmed) of `edition`'s registrations, in one query."""
    totals = Registration.objects.filter(edition=edition, status=SeatStatus.CONFIRMED).aggregate(
        confirmed=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    return totals["checked_in"], totals["confirmed"]


def recent_checkins(edition, limit=10):
    """The last people checked in at `edition`, the latest first."""
    return list(
        Registration.objects.checked_in()
        .filter(edition=edition)
        .select_related("user")
        .only("pk", "checked_in_at", "attendance", "user__full_name")
        .order_by("-checked_in_at", "-pk")[:limit]
    )
