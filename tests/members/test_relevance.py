"""Relevance (issue 19): every match is ranked, with field weights, and the cards mark exactly the
words that matched, by the lexemes PostgreSQL compared."""

# ruff: noqa: S608 (the SQL is the directory's own and constants; values are parameters)
import random

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from members.directory import PAGE_SIZE, Criteria, search_page
from members.directory.conditions import _tsquery
from members.directory.words import lexemes, query_lexemes, terms
from members.models import Member, Visibility
from members.permissions import VISITOR
from tests.conftest import make_member

AEROSPACE = "ingenieria aeroespacial"


def _bulk_members(count, *, seed=7):
    """`count` listed profiles (no consents rows: the flag the consent sets is set directly) whose
    biographies repeat the words of AEROSPACE a different number of times."""
    rng = random.Random(seed)
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        user_model(email=f"bulk{index}@example.org", full_name=f"Bulk {index}")
        for index in range(count)
    )
    return Member.objects.bulk_create(
        Member(
            user=user,
            full_name=f"Persona {index:04d} Prueba",
            slug=f"persona-{index}",
            headline="Consultora independiente",
            bio=" ".join(
                ["Trabajo en ingeniería aeroespacial y en otros temas."] * rng.randint(1, 40)
            ),
            visibility_about=Visibility.PUBLIC,
            listed_publicly=True,
        )
        for index, user in enumerate(users)
    )


def _exact_ranking(words):
    """Every match as (id, distance), ranked by the directory's ranking function without the
    index: what its index order must agree with."""
    query = _tsquery(words)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(
            f"""SELECT m.id, (m.search_vector <=> ({query.sql}))::float8 FROM members_member m
            WHERE m.account_active AND m.listed_publicly AND m.search_vector @@ ({query.sql})
            ORDER BY 2, 1""",
            query.params + query.params,
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=False)
def test_the_headline_outranks_any_number_of_biographies_beyond_any_window():
    """600 biographies repeat the words; the one profile whose headline says them comes last in
    the table, beyond the 500 matches that used to be the only ones ranked."""
    _bulk_members(600)
    engineer = make_member(
        "Luz Torres Vega",
        headline="Ingeniera aeroespacial",
        bio="Doctora en ingeniería aeroespacial por la Universidad de Stanford.",
        visibility_about=Visibility.PUBLIC,
    )
    page = search_page(Criteria(text=AEROSPACE), audience=VISITOR)
    assert page.total == 601 and not page.total_is_estimate
    assert page.results[0] == engineer


@pytest.mark.django_db(transaction=False)
def test_the_first_page_is_the_first_page_of_an_exact_ranking_of_all_matches():
    """The page holds the best-ranked matches of all of them. Profiles that tie with the page's
    last may be any of those that tie (the index orders by rank alone)."""
    _bulk_members(700, seed=11)
    for words in (terms(AEROSPACE), terms("aeroespacial"), terms("ingeniero temas")):
        page = search_page(Criteria(text=" ".join(words)), audience=VISITOR)
        ranking = _exact_ranking(words)
        distance = dict(ranking)
        exact = ranking[:PAGE_SIZE]
        shown = [(member.pk, member.rank) for member in page.results]
        assert [rank for _pk, rank in shown] == [rank for _pk, rank in exact]
        assert all(distance[pk] == rank for pk, rank in shown)
        last = exact[-1][1]
        assert {pk for pk, rank in shown if rank < last} == {
            pk for pk, rank in exact if rank < last
        }


def test_the_name_outranks_the_headline_which_outranks_the_biography(db):
    in_bio = make_member(
        "Rosa Díaz", bio="Solar " * 50, visibility_about=Visibility.PUBLIC, headline="Química"
    )
    in_headline = make_member("Beto Ríos", headline="Investigador en energía solar")
    in_name = make_member("Ana Solar", headline="Pintora")
    page = search_page(Criteria(text="solar"), audience=VISITOR)
    assert page.results == [in_name, in_headline, in_bio]


# Words of the kinds profiles are written with: accents, ñ, plurals and genders, stop words,
# English words the two stemmers treat apart, digits.
VOCABULARY = """ingeniera ingeniero ingenieras ingenierías ingeniería biólogo bióloga biología
biologías Biología médica médicos cirujano evaluación investigación administración computación
niño niños años pingüino Ñandú Núñez está esta como cómo para por los las del studies study
studying models model large language languages university universities epidemiologist
programming computers engineering engineers managers science sciences data datos python3 covid19
México Monterrey Guadalajara aeroespacial aeroespaciales energía solar renovables the and of
Straße café crème résumé naïve""".split()  # noqa: SIM905


def test_python_lexemes_are_the_servers_lexemes(db):
    """The highlighting compares the lexemes PostgreSQL compared: same stemmers, same stop words,
    same accents (an upgrade of either side that changes a lexeme fails here)."""
    with connection.cursor() as cursor:
        for configuration, code in (("rt_es", "es"), ("rt_en", "en"), ("rt_simple", "simple")):
            cursor.execute(
                f"SELECT w, tsvector_to_array(to_tsvector('{configuration}', w)) "
                "FROM unnest(%s::text[]) w",
                [VOCABULARY],
            )
            server = dict(cursor.fetchall())
            assert {word: lexemes(word, (code,)) for word in VOCABULARY} == {
                word: set(found) for word, found in server.items()
            }


def test_the_query_lexemes_are_the_servers_tsquery(db):
    words = terms("Ingenieros biólogo study models")
    query = _tsquery(words)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT querytree({query.sql})", query.params)
        tree = cursor.fetchone()[0]
    server = {part.strip(" '()!") for part in tree.replace("&", "|").split("|")}
    assert query_lexemes(words) == server - {""}


def _card_html(client, text):
    return client.get("/directorio/", {"q": text}).content.decode()


def test_cards_mark_the_english_forms_that_matched(client, db):
    make_member(
        "Ada Inglesa",
        headline="Researcher",
        bio="I ran user studies of large language models.",
        visibility_about=Visibility.PUBLIC,
    )
    body = _card_html(client, "study large language model")
    assert (
        "<mark>studies</mark> of <mark>large</mark> <mark>language</mark> <mark>models</mark>"
        in (body)
    )


def test_cards_do_not_mark_a_word_that_did_not_match(client, db):
    """`biólogo` and `Biología` have different Spanish stems: the profile is found by its headline
    and the biography's word stays unmarked."""
    make_member(
        "Eva Campos",
        headline="Biólogo marino",
        bio="Estudió Biología en la UNAM.",
        visibility_about=Visibility.PUBLIC,
    )
    body = _card_html(client, "biólogo")
    assert "<mark>Biólogo</mark> marino" in body
    assert "Estudió Biología en la UNAM." in body


def test_a_name_found_by_the_prefix_being_typed_is_marked(client, db):
    make_member("Carlos González Ruiz")
    body = _card_html(client, "gonz")
    assert "Carlos <mark>González</mark> Ruiz" in body
