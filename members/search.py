"""Full-text search over profiles: accent- and case-insensitive, Spanish and English word forms,
name prefixes (`gonz`) and small typos in names (trigrams).

The vector itself is kept by database triggers (migration 0003_search); this module turns what a
person typed into a safe query and ranks the matches.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, F, FloatField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
# A prefix shorter than this would match too many names to be useful (or fast).
MIN_PREFIX = 3
# Typo tolerance applies to the name only, for queries of a reasonable length.
MAX_FUZZY_QUERY = 80

_WORD = re.compile(r"\w+")


def terms(text):
    """The words of a query: letters and digits only (operators, quotes and SQL are dropped)."""
    text = unicodedata.normalize("NFC", str(text or "").replace("\x00", " "))
    words = [w.replace("_", "") for w in _WORD.findall(text[:1000])]
    return [w[:MAX_TERM_LENGTH].lower() for w in words if len(w) >= 2][:MAX_TERMS]


def gender_forms(word):
    """Spanish masculine, feminine and plural forms of a word (`ingeniero` -> `ingeniera`...).

    The Spanish stemmer gives `ingenier` for `ingeniero` but `ingen` for `ingeniera`: searching
    every form makes each find the others.
    """
    for ending in ("os", "as", "o", "a"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            base = word[: -len(ending)]
            return [word] + [base + e for e in ("o", "a", "os", "as") if base + e != word]
    return [word]


def _term_query(word):
    query = SearchQuery(word, config="rt_en", search_type="plain")
    for form in gender_forms(word):
        query |= SearchQuery(form, config="rt_es", search_type="plain")
    if len(word) >= MIN_PREFIX and word.isalnum():
        # Safe as a raw tsquery: only letters and digits reach it.
        query |= SearchQuery(f"{word}:*", config="rt_simple", search_type="raw")
    return query


def search(queryset, text):
    """Profiles of `queryset` matching `text`, best first (annotated with `rank`)."""
    words = terms(text)
    if not words:
        return queryset.none()
    query = _term_query(words[0])
    for word in words[1:]:
        query &= _term_query(word)
    phrase = " ".join(words)
    matches = Q(search_vector=query)
    name_similarity = RawSQL(
        "similarity(rt_unaccent(lower(members_member.full_name)), rt_unaccent(%s))",
        (phrase,),
        output_field=FloatField(),
    )
    if len(phrase) <= MAX_FUZZY_QUERY:
        # `%` uses the trigram index on the unaccented name (migration 0003_search).
        typo = RawSQL(
            "rt_unaccent(lower(members_member.full_name)) %% rt_unaccent(%s)",
            (phrase,),
            output_field=BooleanField(),
        )
        matches |= Q(typo)
    return (
        queryset.filter(matches)
        .annotate(rank=SearchRank(F("search_vector"), query) + name_similarity)
        .order_by("-rank", "pk")
    )


_TOKEN = re.compile(r"\w+")
_ENDINGS = ("os", "as", "es", "o", "a", "s")


def _bare(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _stems(words):
    """Prefixes that the words of a query match in a text: `ingenieros` marks `Ingeniera`."""
    stems = set()
    for word in words:
        bare = _bare(word)
        for ending in _ENDINGS:
            if bare.endswith(ending) and len(bare) - len(ending) >= 4:
                bare = bare[: -len(ending)]
                break
        stems.add(bare)
    return stems


def _hit(token, stems):
    bare = _bare(token)
    return any(bare.startswith(stem) if len(stem) >= 3 else bare == stem for stem in stems)


def highlight(text, words, *, limit=None):
    """`text` escaped for HTML, with the words that match the query in <mark>; cut to about
    `limit` characters around the first match when given."""
    text = str(text or "")
    stems = _stems(words)
    spans = [match.span() for match in _TOKEN.finditer(text) if _hit(match.group(), stems)]
    prefix = suffix = ""
    if limit and len(text) > limit:
        start = max(0, spans[0][0] - limit // 3) if spans else 0
        end = start + limit
        prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
        text = text[start:end]
        spans = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(escape(text[position:start]))
        pieces.append(format_html("<mark>{}</mark>", text[start:end]))
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe(prefix + "".join(str(piece) for piece in pieces) + suffix)  # noqa: S308


def matches(text, words):
    """Whether a query word matches a word of `text` (to choose which snippet to show)."""
    stems = _stems(words)
    return any(_hit(token, stems) for token in _TOKEN.findall(str(text or "")))
