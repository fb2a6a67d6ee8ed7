"""The words of a search as the directory uses them (members.directory.query builds the SQL): what a
person typed turned into safe words, their Spanish forms, their lexemes, and the highlighting of
the words that matched.
"""

import re
import threading
import unicodedata
from html import escape
from pathlib import Path

import Stemmer
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
    """Spanish masculine, feminine and plural forms of a word (`ingeniero` -> `ingeniera`...), and
    a field with the people who practise it (`ingeniería` <-> `ingeniero`, `ingeniera`).

    The Spanish stemmer gives `ingenier` for `ingeniero`, `ingen` for `ingeniera` and `ingenieri`
    for `ingeniería`: searching every form makes each find the others, so that "ingeniería
    aeroespacial" finds the person whose headline says "Ingeniera aeroespacial".
    """
    forms = [word]
    for ending in ("os", "as", "o", "a"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            base = word[: -len(ending)]
            forms += [base + e for e in ("o", "a", "os", "as") if base + e != word]
            break
    for field in ("erías", "erias", "ería", "eria"):
        if word.endswith(field) and len(word) > len(field) + 2:
            base = word[: -len(field)]
            return [*forms, base + "ero", base + "era"]
    for person in ("eros", "eras", "ero", "era"):
        if word.endswith(person) and len(word) > len(person) + 2:
            return [*forms, word[: -len(person)] + "ería"]
    return forms


# The text search configurations of migration 0003 (`unaccent`, then a Snowball stemmer with its
# stop words, or `simple`) by which each field of a profile is indexed (migration 0016): a word of
# a field is marked where one of its lexemes in those configurations is one of the query's, which
# is how PostgreSQL matched it. The stemmer is Snowball 2.2, as in PostgreSQL 15, and the stop words
# and accents are PostgreSQL's files (members/directory/data/); tests compare both with the server.
FIELD_CONFIGURATIONS = {
    "name": ("simple",),
    "headline": ("es", "en"),
    "skills": ("es", "en"),
    "work": ("es", "en"),
    "city": ("simple",),
    "bio": ("es", "en"),
}
_STEMMERS = {"es": "spanish", "en": "english"}
_DATA = Path(__file__).resolve().parent / "data"
# The stop words each stemming configuration drops from what it indexes (PostgreSQL's files), not
# those a query leaves out (STOPWORDS).
STEMMER_STOP_WORDS = {
    code: frozenset((_DATA / f"{name}.stop").read_text(encoding="utf-8").split())
    for code, name in _STEMMERS.items()
}
# Stemmer objects are not thread-safe: one per thread.
_local = threading.local()
# What PostgreSQL's parser reads as a word: letters and digits (`_` separates, as punctuation).
_TOKEN = re.compile(r"[^\W_]+")


def _stemmer(code):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {c: Stemmer.Stemmer(n) for c, n in _STEMMERS.items()}
    return stemmers[code]


def _rules():
    """PostgreSQL's unaccent rules (members/directory/data/unaccent.rules) as a translation table:
    each line a character and what replaces it, nothing for the combining accents."""
    table = {}
    for line in (_DATA / "unaccent.rules").read_text(encoding="utf-8").splitlines():
        source, _tab, target = line.partition("\t")
        table[ord(source)] = target
    return table


_UNACCENT = _rules()


def unaccent(text):
    """`text` with PostgreSQL's unaccent rules applied (case kept, as the server does)."""
    return text.translate(_UNACCENT)


def lexemes(word, configurations):
    """The lexemes of one word in the given configurations ("es", "en", "simple")."""
    if any(c.isdigit() for c in word):
        return {word.lower()}  # a word with digits goes to the `simple` dictionary, as written
    bare = unaccent(word).lower()
    found = set()
    for code in configurations:
        if code == "simple":
            found.add(bare)
        elif bare not in STEMMER_STOP_WORDS[code]:
            found.add(_stemmer(code).stemWord(bare))
    return found


def query_lexemes(words):
    """The lexemes a query asks for (members.directory.conditions._tsquery): each word as written,
    in English, and in its Spanish gender and number forms."""
    found = set()
    for word in words:
        for token in _TOKEN.findall(word):
            found |= lexemes(token, ("simple", "en"))
            for form in gender_forms(token):
                found |= lexemes(form, ("es",))
    return found


def _spans(text, words, field, prefix):
    """(start, end) of each word of `text` that matched: one of its lexemes in the field's
    configurations is the query's, or, for a name searched by the prefix being typed, it starts
    with that prefix."""
    asked = query_lexemes(words)
    if not asked or not text:
        return []
    configurations = FIELD_CONFIGURATIONS[field]
    # A stem keeps its word's first two letters: most words need no stemming to be ruled out.
    starts = {lexeme[:2] for lexeme in asked}
    prefix = unaccent(prefix).lower() if prefix and field == "name" else ""
    spans = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        bare = unaccent(token).lower()
        if (prefix and bare.startswith(prefix)) or (
            bare[:2] in starts and lexemes(token, configurations) & asked
        ):
            spans.append(match.span())
    return spans


def highlight(text, words, *, field, limit=None, prefix=""):
    """`text` escaped for HTML, with the words that matched the query in <mark>; cut to about
    `limit` characters around the first match when given. `field` names the profile's field
    (FIELD_CONFIGURATIONS); `prefix`, the word being typed when names were searched by it."""
    text = str(text or "")
    spans = _spans(text, words, field, prefix)
    prefix_mark = suffix = ""
    if limit and len(text) > limit:
        start = max(0, spans[0][0] - limit // 3) if spans else 0
        end = start + limit
        prefix_mark, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
        text = text[start:end]
        spans = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    pieces, position = [prefix_mark], 0
    for start, end in spans:
        pieces += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    pieces += [escape(text[position:]), suffix]
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text escaped)
