"""Relevance (issue 19): every match is ranked, with field weights, and the cards mark exactly the
words that matched, by the lexemes PostgreSQL compared."""

# ruff: noqa: S608 (the SQL is the directory's own and constants; values are parameters)
import random
from collections import defaultdict

import pytest
from django.db import connection

import members.directory.paging
from members.directory import Criteria, search_page
from members.directory.conditions import _rank_tsquery, _tsquery
from members.directory.criteria import decode_cursor
from members.directory.words import lexemes, query_lexemes, terms
from members.models import Member, Visibility
from members.permissions import VISITOR
from tests.conftest import bulk_profiles, make_member

AEROSPACE = "ingenieria aeroespacial"


def _bulk_members(count, *, seed=7):
    """`count` profiles whose biographies repeat the words of AEROSPACE a different number of
    times."""
    rng = random.Random(seed)
    sentence = "Trabajo en ingeniería aeroespacial y en otros temas."
    return bulk_profiles(
        count,
        "Prueba",
        headline="Consultora independiente",
        bio=lambda _index: " ".join([sentence] * rng.randint(1, 40)),
        visibility_about=Visibility.PUBLIC,
    )


def _as_at_scale(at_scale=True):
    """Plan as at a million profiles, where the directory's ranked scan is the RUM index's: a
    table of a few hundred rows is otherwise read whole and sorted by the rank of each row. Not
    at scale, the opposite: no index scan, every match ranked by the row's own rank."""
    with connection.cursor() as cursor:
        for kind in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{kind} = {'off' if at_scale else 'on'}")
        cursor.execute(f"SET LOCAL enable_indexscan = {'on' if at_scale else 'off'}")


def _exact_ranking(words):
    """Every match as (id, distance), ranked by the directory's ranking function without the
    index: what its index order must agree with."""
    query, rank = _tsquery(words), _rank_tsquery(words)
    _as_at_scale(False)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT m.id, (m.search_vector <=> ({rank.sql}))::float8 FROM members_member m
            WHERE m.account_active AND m.listed_publicly AND m.search_vector @@ ({query.sql})
            ORDER BY 2, 1""",
            rank.params + query.params,
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


def _assert_ranked_as(shown, ranking):
    """`shown`, (id, rank) in the order shown, is the start of `ranking` (every match by rank)
    but for the order of ties, which is the index's: the same ranks in the same order, no profile
    twice, and at each rank the profiles of the ranking, all of them but at the last rank shown."""
    assert [rank for _pk, rank in shown] == [rank for _pk, rank in ranking[: len(shown)]]
    assert len({pk for pk, _rank in shown}) == len(shown)
    expected, found = defaultdict(set), defaultdict(set)
    for pk, rank in ranking:
        expected[rank].add(pk)
    for pk, rank in shown:
        found[rank].add(pk)
    for rank, pks in found.items():
        assert pks <= expected[rank]
        if rank != shown[-1][1]:
            assert pks == expected[rank]


def _criteria_of_link(text, token):
    """The criteria of a page's link, as the directory's form reads them."""
    criteria = Criteria(text=text)
    criteria.after, criteria.page_number, criteria.backward = decode_cursor(token, "relevance")
    return criteria


def _walk(client, text, pages=None, **filters):
    """(id, rank) of every result of a search, in the order its pages show them, following the
    cursor of each page's "next" link; each Page appended to `pages` when given."""
    shown, params = [], {"q": text, **filters}
    while True:
        response = client.get("/directorio/", params)
        assert response.status_code == 200
        page = response.context["page"]
        if pages is not None:
            pages.append(page)
        shown += [(member.pk, member.rank) for member in page.results]
        if not page.next_cursor:
            return shown
        params = {"q": text, **filters, "despues": page.next_cursor}


@pytest.mark.django_db(transaction=False)
def test_the_first_page_is_the_first_page_of_an_exact_ranking_of_all_matches():
    """The page holds the best-ranked matches of all of them (those that tie with its last, in
    the index's order)."""
    _bulk_members(700, seed=11)
    for words in (terms(AEROSPACE), terms("aeroespacial"), terms("ingeniero temas")):
        exact = _exact_ranking(words)
        _as_at_scale()
        page = search_page(Criteria(text=" ".join(words)), audience=VISITOR)
        shown = [(member.pk, member.rank) for member in page.results]
        _assert_ranked_as(shown, exact)


@pytest.mark.parametrize("rank_all_up_to", [1000, 5], ids=["all-ranked", "index-order"])
def test_paging_through_hundreds_of_ties_shows_each_profile_once(
    client, db, monkeypatch, rank_all_up_to
):
    """Every biography below says the word once: 300 profiles tie, and the index hands them over
    in an order of its own, not that of their ids. Each page goes on from where the last one
    ended in that order (it used to go on from the last one's id, skipping smaller ones), both
    where a page ranks all the matches and where it reads them in the index's order."""
    monkeypatch.setattr(members.directory.paging, "RANK_ALL_UP_TO", rank_all_up_to)
    bulk_profiles(
        300, "Empate", bio="Estudio la vulcanología de los Andes.", visibility_about="public"
    )
    # Rows written again move to the end of the table, where the index finds them last among
    # equals: the order of the ties in the index is not the order of their ids.
    first = Member.objects.order_by("pk").values_list("pk", flat=True)[:60]
    Member.objects.filter(pk__in=list(first)).update(headline="Geóloga")
    _as_at_scale()
    pages = []
    shown = _walk(client, "vulcanologia", pages)
    assert len(shown) == 300
    _assert_ranked_as(shown, _exact_ranking(terms("vulcanologia")))
    # And back from the last page, through the "previous" links, the same pages (read from the
    # index again: the page cache keeps pages reached forwards only under their own links).
    for later, expected in zip(reversed(pages[2:]), reversed(pages[1:-1]), strict=True):
        back = search_page(
            _criteria_of_link("vulcanologia", later.previous_cursor), audience=VISITOR
        )
        assert [member.pk for member in back.results] == [member.pk for member in expected.results]


def test_a_lexeme_asked_in_several_forms_ranks_as_the_index_orders(client, db):
    """`universidad` is asked as written, in English and in Spanish, two of which give the same
    lexeme. Asked twice, it made the row's rank count a biography's `universidad` twice while the
    index counted it once: the index handed over 230 lecturers first and the page, ranking by the
    row, missed the one profile that the row's rank put above them all."""
    bulk_profiles(
        230,
        "Docente",
        headline="Docente",
        position="University lecturer",
        bio="I teach at the university.",
        visibility_about=Visibility.PUBLIC,
        visibility_work=Visibility.PUBLIC,
    )
    make_member(
        "Olga Ruiz", headline="Docente", bio="Enseño en la universidad.", visibility_about="public"
    )
    exact = _exact_ranking(terms("universidad"))
    assert len(exact) == 231
    _as_at_scale()
    shown = _walk(client, "universidad")
    assert len(shown) == len(exact)
    _assert_ranked_as(shown, exact)


def test_several_words_in_several_forms_page_in_the_order_of_their_rank(client, db):
    """Profiles hold the Spanish and the English lexeme of the same words. Ranked by a query that
    requires every word, RUM ordered them one way in the index and another on the row; the
    pages, which go on from the row's rank, then left some out and repeated none."""
    rng = random.Random(3)
    phrases = [
        "Energía verde.", "Energías renovables.", "Economía verde.", "Techos verdes.",
        "Energía solar en zonas verdes.", "Hidrógeno verde y energía.", "Ciudades verdes.",
        "Green energy.", "Política energética.", "Otros temas.", "La energía del mar.",
    ]  # fmt: skip
    bulk_profiles(
        300,
        "Verde",
        headline=lambda _index: rng.choice(["Energía verde", "Consultora", "Ingeniera en energía"]),
        position=lambda _index: rng.choice(["Analista de energía verde", "Directora", ""]),
        bio=lambda _index: " ".join(rng.choice(phrases) for _ in range(rng.randint(2, 12))),
        visibility_about=Visibility.PUBLIC,
        visibility_work=Visibility.PUBLIC,
    )
    exact = _exact_ranking(terms("energía verde"))
    assert len(exact) > 100
    _as_at_scale()
    shown = _walk(client, "energía verde")
    assert len(shown) == len(exact)
    _assert_ranked_as(shown, exact)


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


def test_paging_on_through_names_found_by_the_prefix_being_typed(client, db):
    """`gonz` matches no word: the 25 names that start with it fill the pages, and the second
    page goes on from a result that is not among the words' matches."""
    people = {make_member(f"Persona {index:02d} González").pk for index in range(25)}
    pages = []
    shown = _walk(client, "gonz", pages)
    assert [len(page.results) for page in pages] == [20, 5]
    assert len(shown) == 25 and {pk for pk, _rank in shown} == people


def _sort_beats_index(filtered, postings):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rt_sort_beats_index(%s, %s)", [filtered, postings])
        return cursor.fetchone()[0]


def test_a_filter_that_passes_few_of_many_matches_sorts_them_and_pages_through_all(
    client, db, monkeypatch
):
    """The RUM index ranks every entry of the words before it hands over the first, filters or
    not: when the filters pass few of many matches, a page sorts those (rt_sort_beats_index, by
    the planner's estimates) and the pages are the same exact ranking."""
    profiles = _bulk_members(400)
    chile = {member.pk for member in profiles[::40]}
    Member.objects.filter(pk__in=chile).update(country="CL", visibility_location="public")
    argentina = [member.pk for member in profiles[1::10]]
    Member.objects.filter(pk__in=argentina).update(country="AR", visibility_location="public")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_member")
    words = "SELECT 1 FROM members_member m WHERE m.search_vector @@ 'aeroespacial'::tsquery"
    assert _sort_beats_index(f"{words} AND m.country = 'CL'", words)
    assert not _sort_beats_index(words, words)
    # A tenth: the estimate may be a third of the truth, where the index's order is cheaper.
    assert not _sort_beats_index(f"{words} AND m.country = 'AR'", words)
    monkeypatch.setattr(members.directory.paging, "RANK_ALL_UP_TO", 5)
    shown = _walk(client, AEROSPACE, pais="CL")
    exact = [(pk, rank) for pk, rank in _exact_ranking(terms(AEROSPACE)) if pk in chile]
    assert len(shown) == 10
    _assert_ranked_as(shown, exact)
