"""What a directory search asks for and what it gets back: the criteria, already validated; a
page of results with its counts and facets; and the cursors that link one page to the next.

Cursors are opaque to users and validated strictly: anything else means "first page".
"""

import base64
import binascii
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from .words import terms

PAGE_SIZE = 20
SORTS = ("relevance", "recent", "name")
# The dates a "most recent" cursor may carry.
MIN_YEAR, MAX_YEAR = 1900, 2200

# The tiers of relevance: the words' matches, then names starting with the word being typed, then
# names with small typos (the last two are searched only when the words found few).
WORDS, PREFIX, TYPO = 0, 1, 2


@dataclass
class Criteria:
    """What a viewer asked for, already validated (see members.directory.form)."""

    text: str = ""
    sector: int | None = None
    chapter: int | None = None
    country: str = ""
    city: str = ""
    offer: str = ""
    skill: str = ""  # a skill key (members.profiles.skill_key)
    language: str = ""
    availability: str = ""
    verified: bool = False
    sort: str = ""
    after: tuple | None = None  # keyset cursor from the previous page
    backward: bool = False  # the page ends before `after` (a "previous" link)
    page_number: int | None = 1  # None: a cursor from before pages were numbered

    @property
    def words(self):
        return terms(self.text)

    @property
    def effective_sort(self):
        if self.sort in SORTS and (self.sort != "relevance" or self.words):
            return self.sort
        return "relevance" if self.words else "name"

    def as_log(self):
        """The query and filters as recorded in the staff access log."""
        shown = {
            key: value
            for key, value in self.__dict__.items()
            if value not in ("", None, False) and key not in ("after", "backward", "page_number")
        }
        return shown


@dataclass
class Page:
    results: list
    next_cursor: str | None
    total: int
    total_is_estimate: bool
    facets: dict = field(default_factory=dict)  # name -> [(key, count)], biggest first
    used_fuzzy: bool = False
    # The word being typed when some names were found by it (members.directory.words.highlight
    # marks it).
    name_prefix: str = ""
    number: int | None = 1  # None when unknown (an old cursor)
    has_previous: bool = False
    # The cursor of the previous page; None when that is the first page (no cursor) or none.
    previous_cursor: str | None = None

    @property
    def first_position(self):
        """The position of the first result among all results (1 on the first page)."""
        return (self.number - 1) * PAGE_SIZE + 1 if self.number and self.results else None

    @property
    def last_position(self):
        first = self.first_position
        return first + len(self.results) - 1 if first else None


# A cursor names a result and the page that starts after it, or, with BACKWARD, the page that
# ends before it; and that page's number (2 and up; cursors made before pages were numbered have
# none). The last page a cursor may name: far beyond any search, a bound on a number in a link.
BACKWARD = "antes"
MAX_PAGE_NUMBER = 10**6


class Cursor(NamedTuple):
    keyset: tuple
    page_number: int | None
    backward: bool


def encode_cursor(sort, key, pk, page_number=None, *, backward=False):
    payload = [sort, key, pk]
    if page_number is not None or backward:
        payload.append(page_number)
    if backward:
        payload.append(BACKWARD)
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token, sort):
    """The Cursor of `token` when it is a well-formed cursor for `sort`, else None."""
    if not token or len(token) > 600:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        kind, key, pk, *rest = json.loads(raw.decode())
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if len(rest) > 2 or (len(rest) == 2 and rest[1] != BACKWARD):
        return None
    page_number = rest[0] if rest else None
    if page_number is not None and (
        not isinstance(page_number, int)
        or isinstance(page_number, bool)
        or not 2 <= page_number <= MAX_PAGE_NUMBER
    ):
        return None
    keyset = _decode_keyset(sort, kind, key, pk)
    return None if keyset is None else Cursor(keyset, page_number, len(rest) == 2)


def _decode_keyset(sort, kind, key, pk):
    if kind != sort or not isinstance(pk, int) or isinstance(pk, bool):
        return None
    if not 0 < pk < 2**63:
        return None
    if sort == "relevance":
        if not isinstance(key, list) or len(key) != 3:
            return None
        tier, rank, seq = key
        if type(tier) is not int or tier not in (WORDS, PREFIX, TYPO):
            return None
        if type(seq) is not int or not 0 <= seq < 2**63:
            return None
        if isinstance(rank, bool) or not isinstance(rank, int | float):
            return None
        try:
            rank = float(rank)
        except OverflowError:
            return None
        return ((tier, rank, seq), pk) if math.isfinite(rank) else None
    if sort == "recent":
        try:
            moment = datetime.fromisoformat(key) if isinstance(key, str) else None
            # In UTC: PostgreSQL refuses some offsets Python accepts (+23:59).
            moment = moment.astimezone(UTC) if moment and moment.tzinfo else None
        except (ValueError, OverflowError):
            return None
        if moment is None or not MIN_YEAR <= moment.year <= MAX_YEAR:
            return None
        return (moment, pk)
    if isinstance(key, str) and "\x00" not in key and len(key) <= 150 and _is_utf8(key):
        return (key, pk)
    return None


def _is_utf8(text):
    """False for strings PostgreSQL cannot receive, such as lone surrogates ("\\ud800" in JSON)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True
