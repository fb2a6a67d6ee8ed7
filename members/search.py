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
