"""The benchmark's query set: searches of eight kinds drawn from the corpus in the database with a
fixed seed, so that the same corpus always gives the same queries. Each kind is a way people
search a directory: a full name that only one profile has, a surname, a name with a typo, the
start of a name being typed, words nobody wrote, a skill few have, a common word, and a few
words with a sector and a country."""

import random
import re

from django.db import connection

from members.directory import Criteria, search_page
from members.directory.words import terms
from members.permissions import VISITOR

KINDS = (
    "unique full name",
    "surname",
    "name typo",
    "name prefix",
    "zero-hit",
    "rare skill (≤ 10)",
    "common word",
    "multiword + filters",
)
PER_KIND = 25
RARE_SKILL_MAX = 10
# Words of this rank in wordfreq's lists: common in text, yet not stopwords.
COMMON_RANKS = (150, 1500)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"[^\W\d_]{4,}")
# Short function words a multiword query would not be made of.
_STOP = {"para", "with", "como", "from", "that", "this", "sobre", "entre", "desde", "hacia"}


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _listed_ids():
    return [
        row[0]
        for row in _rows(
            "SELECT id FROM members_member WHERE listed_publicly AND account_active ORDER BY id"
        )
    ]


def _profiles(ids):
    rows = _rows(
        "SELECT id, full_name, headline || ' ' || organisation, country, sector_ids, "
        "visibility_location, visibility_expertise FROM members_member WHERE id = ANY(%s) "
        "ORDER BY id",
        [list(ids)],
    )
    return {row[0]: row for row in rows}


def typo(word, rng):
    """`word` with one letter replaced inside it (not the first: people get that right)."""
    if len(word) < 4:
        return word + rng.choice(_LETTERS)
    index = rng.randrange(1, len(word) - 1)
    letter = rng.choice([c for c in _LETTERS if c != word[index].lower()])
    return word[:index] + letter + word[index + 1 :]


def _unique_names(rng, ids, count):
    picked = []
    for member_id in rng.sample(ids, min(len(ids), count * 6)):
        name = _profiles([member_id])[member_id][1]
        # By the sort name (through its index): unique even without accents and capitals.
        same = _rows(
            "SELECT count(*) FROM members_member WHERE sort_name = "
            "left(rt_unaccent(lower(%s)), 150) AND listed_publicly AND account_active",
            [name],
        )[0][0]
        if same == 1:
            picked.append(name)
        if len(picked) == count:
            break
    return picked


def _rare_skills(rng, count):
    names = [
        row[0]
        for row in _rows(
            "SELECT s.name FROM members_skill s "
            "JOIN members_member_skills ms ON ms.skill_id = s.id "
            "JOIN members_member m ON m.id = ms.member_id AND m.listed_publicly "
            "AND m.account_active GROUP BY s.id, s.name HAVING count(*) <= %s ORDER BY s.id",
            [RARE_SKILL_MAX],
        )
    ]
    return rng.sample(names, min(count, len(names)))


def _common_words(rng, count):
    from redtalentos.management.corpus.text import vocabulary

    low, high = COMMON_RANKS
    words = []
    for language in ("es", "en"):
        ranked = vocabulary(language)[0][low:high]
        # Only words the directory searches for (it drops its stopwords).
        words += [word for word in ranked if len(word) >= 5 and terms(word) == [word]]
    return rng.sample(sorted(set(words)), count)


def _zero_hits(rng, count):
    """Made-up words of letters that no language here uses together, which the directory finds
    nowhere (not even as a name with a typo)."""
    words = []
    while len(words) < count:
        word = "".join(rng.choice("qxzjkvw") + rng.choice("aeiou") for _ in range(4))
        if not search_page(Criteria(text=word), audience=VISITOR).total:
            words.append(word)
    return words


def build_query_set(seed=19, per_kind=PER_KIND):
    """[{kind, q, sector?, country?}], per_kind of each kind, the same for the same corpus."""
    rng = random.Random(f"queries:{seed}")
    ids = _listed_ids()
    if not ids:
        return []
    sample = _profiles(rng.sample(ids, min(len(ids), per_kind * 10)))
    people = list(sample.values())
    queries = [{"kind": KINDS[0], "q": name} for name in _unique_names(rng, ids, per_kind)]
    for _id, name, *_rest in people[:per_kind]:
        queries.append({"kind": "surname", "q": name.split()[-2]})
    for _id, name, *_rest in people[per_kind : 2 * per_kind]:
        given, surname = name.split()[0], name.split()[-2]
        queries.append({"kind": "name typo", "q": f"{given} {typo(surname, rng)}"})
    for _id, name, *_rest in people[2 * per_kind : 3 * per_kind]:
        surname = name.split()[-2]
        prefix = surname[: rng.randint(3, min(5, len(surname)))]
        text = prefix if rng.random() < 0.5 else f"{name.split()[0]} {prefix}"
        queries.append({"kind": "name prefix", "q": text})
    queries += [{"kind": "zero-hit", "q": word} for word in _zero_hits(rng, per_kind)]
    queries += [{"kind": KINDS[5], "q": skill} for skill in _rare_skills(rng, per_kind)]
    queries += [{"kind": "common word", "q": word} for word in _common_words(rng, per_kind)]
    multi = 0
    for _id, _name, text, country, sectors, location, expertise in people[3 * per_kind :]:
        # Two words of the headline or the organisation, as someone who knows of the person.
        words = sorted({w for w in _WORD.findall(text) if terms(w) == [w.lower()]})
        if len(words) < 2 or not sectors or multi == per_kind:
            continue
        multi += 1
        query = {"kind": "multiword + filters", "q": " ".join(rng.sample(words, 2))}
        # Filters the profile itself passes, as someone looking for it would set them.
        if expertise == "public":
            query["sector"] = sorted(sectors)[0]
        if location == "public":
            query["country"] = country
        queries.append(query)
    return queries
