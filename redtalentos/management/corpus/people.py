"""The realistic corpus of the directory's benchmark: the people seed_demo's bulk path writes.

Each person keeps the places, sectors, consents and visibility of demo_people.build_person and
gets realistic text instead of its few templates: given names and two surnames drawn with the
frequencies of real Mexican names (data/*.tsv, sources named in each file), so that full names
repeat as in life; a headline saying a profession in the person's gender; an employer, degrees
and skills drawn by rank from long-tailed lists (vocabulary.py); a biography from real word
frequencies (text.py). Person number i always gets the same data for the same seed.
"""

import random
from bisect import bisect
from dataclasses import replace
from functools import cache
from itertools import accumulate
from pathlib import Path

from ..demo_people import ENGLISH_FIRST_NAMES_F, ENGLISH_FIRST_NAMES_M, build_person
from . import vocabulary as v
from .text import biography

DATA = Path(__file__).parent / "data"
# Members born abroad who carry an English given name (with their Mexican surnames).
ENGLISH_GIVEN_SHARE = 0.07
ENGLISH_BIO_SHARE = 0.3
# The skills are drawn from this many, ordered by a fixed shuffle so that the tail mixes kinds.
SKILL_ORDER_SEED = 19


class Weighted:
    """Items drawn with given weights (cumulative, for bisect)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))

    def draw(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def share(self, item):
        index = self.items.index(item)
        previous = self.cumulative[index - 1] if index else 0
        return (self.cumulative[index] - previous) / self.cumulative[-1]


def zipf(items, exponent=1.0):
    """`items` weighted by rank: the first is the most common, the last the rarest."""
    return Weighted(items, [1 / (rank**exponent) for rank in range(1, len(items) + 1)])


def _rows(name):
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@cache
def given_names():
    """{"F": Weighted, "M": Weighted} of given names by their published counts."""
    rows = _rows("given_names_mx.tsv")
    return {
        kind: Weighted(
            [n for k, n, _c in rows if k == kind], [int(c) for k, _n, c in rows if k == kind]
        )
        for kind in ("F", "M")
    }


@cache
def surnames():
    rows = _rows("surnames_mx.tsv")
    return Weighted([name for name, _count in rows], [int(count) for _name, count in rows])


@cache
def skill_pool():
    """Every skill the corpus may give, in the order of their weights (most common first)."""
    phrases = [f"{method} {es}" for method in v.SKILL_METHODS_ES for es, _en in v.SKILL_OBJECTS]
    english = [f"{en.capitalize()} {method}" for method in v.SKILL_METHODS_EN
               for _es, en in v.SKILL_OBJECTS]  # fmt: skip
    tail = phrases + english
    random.Random(SKILL_ORDER_SEED).shuffle(tail)
    names, keys = [], set()
    for name in [*v.SKILL_TOOLS, *tail]:
        name = name[:60]
        if name.casefold() not in keys:
            keys.add(name.casefold())
            names.append(name)
    return names


def corpus_skills():
    """Every skill name a person of the corpus may have, planted profiles included."""
    from .planted import read_judged

    planted = {name for plant in read_judged()["plants"] for name in plant["skills"]}
    return sorted(set(skill_pool()) | planted)


@cache
def _tables():
    organisations = list(v.ORGANISATION_HEADS)
    places, kinds, suffixes = v.ORGANISATION_PARTS
    for index, (place, kind) in enumerate((p, k) for p in places for k in kinds):
        organisations.append(f"{place} {kind}{suffixes[index % len(suffixes)]}")
    return {
        "skills": zipf(skill_pool(), 0.9),
        "professions": zipf(v.PROFESSIONS, 0.8),
        "fields": zipf(v.FIELDS, 0.8),
        "mexican": zipf(v.MEXICAN_INSTITUTIONS, 0.9),
        "foreign": zipf(v.FOREIGN_INSTITUTIONS, 0.7),
        "organisations": zipf(organisations, 1.0),
    }


def full_name(rng, feminine):
    if rng.random() < ENGLISH_GIVEN_SHARE:
        given = rng.choice(ENGLISH_FIRST_NAMES_F if feminine else ENGLISH_FIRST_NAMES_M)
    else:
        given = given_names()["F" if feminine else "M"].draw(rng)
    return f"{given} {surnames().draw(rng)} {surnames().draw(rng)}"


def _education(rng, tables):
    year = rng.randint(1978, 2018)
    study = tables["fields"].draw(rng)
    rows = [("bachelor", study, tables["mexican"].draw(rng), year)]
    if rng.random() < 0.7:
        year += rng.randint(2, 6)
        school = tables["foreign" if rng.random() < 0.6 else "mexican"].draw(rng)
        rows.append(
            ("master", tables["fields"].draw(rng) if rng.random() < 0.3 else study, school, year)
        )
        if rng.random() < 0.5:
            year += rng.randint(3, 6)
            rows.append(("doctorate", rows[-1][1], tables["foreign"].draw(rng), year))
    return [(degree, field, school, min(year, 2025)) for degree, field, school, year in rows]


def realistic_person(seed, number):
    """Person `number` of the realistic corpus for `seed`: the same answer every time."""
    base = build_person(seed, number)
    rng = random.Random(f"corpus:{seed}:{number}")
    tables = _tables()
    feminine = rng.random() < 0.46
    name = full_name(rng, feminine)
    masculine_title, feminine_title, english_title = tables["professions"].draw(rng)
    english = rng.random() < ENGLISH_BIO_SHARE
    title = english_title if english else (feminine_title if feminine else masculine_title)
    organisation = tables["organisations"].draw(rng)
    skills = sorted(
        {tables["skills"].draw(rng) for _ in range(rng.choice((1, 2, 3, 3, 4, 5, 6, 8)))}
    )
    education = _education(rng, tables)
    roll = rng.random()
    if roll < 0.55:
        headline = f"{title} at {organisation}" if english else f"{title} en {organisation}"
    elif roll < 0.85:
        headline = f"{title} · {', '.join(skills[:2])}"
    elif roll < 0.95:
        headline = base.headline
    else:
        headline = ""
    study = education[0][1]
    if rng.random() < 0.5:  # half of the biographies do not start with where one studied
        opening = ""
    elif english:
        opening = (
            f"I studied {study} at {education[0][2]} and work at {organisation} as {title.lower()}."
        )
    else:
        opening = (
            f"Estudié {study} en {education[0][2]}; "
            f"hoy trabajo en {organisation} como {title.lower()}."
        )
    bio = biography(rng, "en" if english else "es", opening, [*skills, study])
    return replace(
        base,
        full_name=name,
        headline=headline[:160],
        bio=bio,
        organisation=organisation[:160],
        position=english_title,
        skills=skills,
        education=education,
        website="",
    )
