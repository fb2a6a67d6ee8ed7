"""Biographies written from real Spanish and English vocabularies with their real word
frequencies (the wordfreq package), of lengths with a long tail (log-normal): most are a
paragraph, a few fill the 5,000 characters a profile allows, some are empty.

The words follow their frequencies, not grammar: what a search index sees of real text (how often
each lexeme occurs, how long documents are) is what the benchmark needs, not meaning. Each
biography starts with a sentence of the person's own facts and mixes their skills and field of
study into the text, as real biographies do."""

import math
import re
from functools import cache
from itertools import accumulate

BIO_MAX = 5000
# Log-normal lengths: median about 450 characters, one in twenty above 2,300, a few at the cap.
BIO_MEDIAN, BIO_SIGMA = 450, 1.0
EMPTY_BIO_SHARE = 0.06
VOCABULARY_SIZE = 40_000
_WORD = re.compile(r"^[^\W\d_]+$")


@cache
def vocabulary(language):
    """(words, cumulative weights) of the VOCABULARY_SIZE most frequent words of `language`."""
    from wordfreq import get_frequency_dict  # only the corpus needs it (a dev dependency)

    ranked = sorted(get_frequency_dict(language).items(), key=lambda item: -item[1])
    words = [(word, freq) for word, freq in ranked if _WORD.match(word)][:VOCABULARY_SIZE]
    return [word for word, _f in words], list(accumulate(freq for _w, freq in words))


def bio_length(rng):
    if rng.random() < EMPTY_BIO_SHARE:
        return 0
    length = rng.lognormvariate(math.log(BIO_MEDIAN), BIO_SIGMA)
    return min(BIO_MAX, max(40, int(length)))


def _sentence(rng, words, weights, terms):
    chosen = rng.choices(words, cum_weights=weights, k=rng.randint(6, 22))
    if terms and rng.random() < 0.5:
        chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(terms).lower())
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def biography(rng, language, opening, terms):
    """A biography of about `bio_length` characters: `opening`, then text drawn from
    `language`'s word frequencies with the person's `terms` (skills, field) mixed in."""
    length = bio_length(rng)
    if not length:
        return ""
    words, weights = vocabulary(language)
    parts, size = ([opening] if opening else []), len(opening)
    while size < length:
        sentence = _sentence(rng, words, weights, terms)
        parts.append(sentence)
        size += len(sentence) + 1
    text = " ".join(parts)
    if len(text) > BIO_MAX:
        text = text[: text.rfind(" ", 0, BIO_MAX - 1)] + "."
    return text
