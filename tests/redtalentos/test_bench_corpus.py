"""The benchmark's realistic corpus: names with real frequencies (a few very common, a long tail),
biographies of long-tailed lengths, thousands of skills, the same person for the same seed, and
the committed judged set equal to what its module builds."""

from collections import Counter
from statistics import mean, median

from redtalentos.management.corpus.people import corpus_skills, realistic_person, skill_pool
from redtalentos.management.corpus.planted import (
    build_judged,
    plant_numbers,
    planted_person,
    read_judged,
)
from redtalentos.management.corpus.text import BIO_MAX

PEOPLE = [realistic_person(19, number) for number in range(1, 3001)]


def test_the_same_seed_gives_the_same_person_and_another_seed_another():
    assert realistic_person(19, 42) == PEOPLE[41]
    assert realistic_person(20, 42) != PEOPLE[41]


def test_names_have_two_surnames_with_real_frequencies_and_a_long_tail():
    surnames = Counter(name for p in PEOPLE for name in p.full_name.split()[-2:])
    (top, top_count), *_rest = surnames.most_common()
    assert top == "Hernández"
    rare = [name for name, count in surnames.items() if count <= 2]
    assert top_count > 20 * median(surnames.values()) and len(rare) >= 30
    full_names = Counter(p.full_name for p in PEOPLE)
    assert full_names.most_common(1)[0][1] >= 2  # namesakes, as in life


def test_biographies_have_a_long_tail_of_lengths():
    lengths = [len(p.bio) for p in PEOPLE]
    assert 0 in lengths and max(lengths) <= BIO_MAX
    assert sum(length >= 3000 for length in lengths) >= 10
    assert 200 < median(lengths) < mean(lengths) < 1500


def test_biographies_use_a_real_vocabulary_with_its_frequencies():
    words = Counter(word.lower().strip(".,;") for p in PEOPLE for word in p.bio.split())
    assert len(words) > 10_000
    assert words.most_common(1)[0][0] == "de"  # Spanish bios outnumber English ones
    # Zipf's law: a few words are everywhere, a third of the vocabulary is seen once.
    assert sum(count == 1 for count in words.values()) > len(words) / 3
    with_university = sum("universidad" in p.bio.lower() for p in PEOPLE) / len(PEOPLE)
    assert with_university < 0.5


def test_skills_number_in_the_thousands_with_a_long_tail():
    assert len(skill_pool()) >= 2000 and len(corpus_skills()) >= len(skill_pool())
    given = Counter(skill for p in PEOPLE for skill in p.skills)
    counts = sorted(given.values(), reverse=True)
    assert len(given) >= 1000
    assert counts[0] >= 50 * counts[len(counts) // 2]


def test_the_committed_judged_set_is_what_its_module_builds():
    plants, queries = build_judged()
    committed = read_judged()
    assert committed == {"plants": plants, "queries": queries}
    keys = {plant["key"] for plant in plants}
    assert len(keys) == len(plants) >= 200 and len(queries) >= 100
    assert all(set(query["relevant"]) <= keys for query in queries)


def test_plants_spread_over_the_corpus_and_replace_whom_they_land_on():
    numbers = plant_numbers(100_000, 200)
    assert len(numbers) == 200 and max(numbers) <= 100_000 and min(numbers) < 1000
    assert max(numbers) > 99_000
    assert plant_numbers(150, 200) == {}
    plant = read_judged()["plants"][0]
    person = planted_person(19, 7, plant)
    assert person.full_name == plant["full_name"] and person.website.endswith(".example")
    assert all(person.consents.values()) and set(person.visibility.values()) == {"public"}


def test_no_corpus_profile_shares_what_the_judged_set_asks_for():
    """A profession, field of study or skill that thousands of corpus profiles share has no few
    people who must come first: the judged set asks only for what the corpus does not hold."""
    from redtalentos.management.corpus import planted, vocabulary

    professions = {title.lower() for row in vocabulary.PROFESSIONS for title in row}
    fields = {field.lower() for field in vocabulary.FIELDS}
    skills = {skill.lower() for skill in skill_pool()}
    for masculine, feminine, field, skill, _sector, _english in planted.PROFESSIONS:
        assert masculine.lower() not in professions and feminine.lower() not in professions
        assert field.lower() not in fields and skill.lower() not in skills
    for _headline, skill, _typed in planted.ENGLISH:
        assert skill.lower() not in skills
