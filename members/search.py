"""The words of a search as the directory uses them (members.directory builds the SQL): what a
person typed turned into safe words, their Spanish forms, and the highlighting of matches.
"""

import functools
import re
import unicodedata
from html import escape

from django.utils.safestring import mark_safe

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
# A prefix shorter than this would match too many names to be useful (or fast).
MIN_PREFIX = 3
# Typo tolerance applies to the name only, for queries of a reasonable length.
MAX_FUZZY_QUERY = 80

_WORD = re.compile(r"\w+")


# Words too common to search for ("ciencia de datos" searches "ciencia datos"): the English
# configuration keeps Spanish ones, and a required `de` matched nearly every profile slowly.
STOPWORDS = frozenset(
    [
        "a",
        "al",
        "ante",
        "con",
        "contra",
        "de",
        "del",
        "desde",
        "e",
        "el",
        "en",
        "entre",
        "era",
        "es",
        "esta",
        "este",
        "hacia",
        "la",
        "las",
        "lo",
        "los",
        "mas",
        "mi",
        "muy",
        "ni",
        "no",
        "o",
        "os",
        "para",
        "pero",
        "por",
        "que",
        "se",
        "sin",
        "sobre",
        "su",
        "sus",
        "te",
        "tu",
        "un",
        "una",
        "uno",
        "unos",
        "unas",
        "y",
        "ya",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    ]
)


def terms(text):
    """The words of a query: letters and digits only (operators, quotes and SQL are dropped),
    without the most common Spanish and English words."""
    text = unicodedata.normalize("NFC", str(text or "").replace("\x00", " "))
    words = [w.replace("_", "").lower() for w in _WORD.findall(text[:1000])]
    return [w[:MAX_TERM_LENGTH] for w in words if len(w) >= 2 and w not in STOPWORDS][:MAX_TERMS]


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


_TOKEN = re.compile(r"\w+")
_ENDINGS = ("os", "as", "es", "o", "a", "s")


def _strip_accents(text):
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Latin letters with accents -> their base letter, for str.translate: the result cards call
# _bare on every line they show, and a character at a time through NFD cost a millisecond a page.
_BASE_LETTERS = {
    code: base
    for code in range(0xC0, 0x250)
    if len(base := _strip_accents(chr(code))) == 1 and base != chr(code)
}


# What a text may keep after _BASE_LETTERS and still be bare: ASCII, the Latin-1 signs (¿ ¡ · « »)
# and general punctuation (dashes, curly quotes, the ellipsis), none of which has an accent to lose.
_BARE = re.compile(r"[\x00-\x7f\xa0-\xbf\u2000-\u206f]*")


def _bare(text):
    """`text` without accents, lower-case; usually as long as `text` (NFD keeps one base letter
    per letter)."""
    # Most lines are ASCII letters with accents: NFD and dropping what is not ASCII is ten times
    # faster than the translation below, and as long as `text` only when nothing else was dropped.
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")
    if len(ascii_text) == len(text):
        return ascii_text.lower()
    latin = text.translate(_BASE_LETTERS)
    if _BARE.fullmatch(latin):
        return latin.lower()
    return _strip_accents(text).lower()


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


@functools.lru_cache(maxsize=256)
def _pattern(words):
    """A regex over accent-free lower-case text for the words that match the query: a stem of 3+
    letters as a word start, a shorter word as a whole word."""
    alternatives = [
        re.escape(stem) + (r"\w*" if len(stem) >= 3 else r"\b")
        for stem in sorted(_stems(words), key=len, reverse=True)
        if stem
    ]
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")")


def _spans(text, words):
    """(start, end) of each matching word of `text`."""
    pattern = _pattern(tuple(words))
    if pattern is None or not text:
        return []
    bare = _bare(text)
    if len(bare) != len(text):
        # Rare scripts whose accent-free form has another length: match word by word.
        return [
            match.span() for match in _TOKEN.finditer(text) if pattern.match(_bare(match.group()))
        ]
    return [match.span() for match in pattern.finditer(bare)]


def highlight(text, words, *, limit=None):
    """`text` escaped for HTML, with the words that match the query in <mark>; cut to about
    `limit` characters around the first match when given."""
    text = str(text or "")
    spans = _spans(text, words)
    prefix = suffix = ""
    if limit and len(text) > limit:
        start = max(0, spans[0][0] - limit // 3) if spans else 0
        end = start + limit
        prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
        text = text[start:end]
        spans = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    # The standard library's escape: Django's wraps the same call in lazy-string handling, which
    # cost more than the escaping on a page of cards.
    pieces, position = [prefix], 0
    for start, end in spans:
        pieces += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    pieces += [escape(text[position:]), suffix]
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text escaped)
