"""Search over profiles: accents, word forms, prefixes, typos, audiences, and the text helpers.

The directory engine (members.directory.search_page) is asked directly here; the directory page
itself is tested in test_directory*.py.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from members.directory import Criteria, search_page
from members.directory.words import gender_forms, highlight, terms
from members.models import Consent, Education, Member, Skill, Visibility
from members.permissions import MEMBER, STAFF, VISITOR
from pncs.models import Sector
from tests.conftest import make_member


def found(text, *, audience=VISITOR, staff_sectors=None, **criteria):
    page = search_page(
        Criteria(text=text, **criteria), audience=audience, staff_sectors=staff_sectors
    )
    return [member.full_name for member in page.results]


@pytest.fixture
def people(db):
    make_member("José García López", headline="Ingeniero de software")
    make_member("María Núñez", headline="Médica cirujana en Houston")
    make_member("Carlos González Ruiz", headline="Investigador en energía solar")
    make_member("Ana Pérez", headline="Engineers and software architects")


@pytest.mark.parametrize("text", ["jose garcia", "José García", "JOSE GARCÍA", "garcia"])
def test_names_match_without_accents_or_case(people, text):
    assert found(text) == ["José García López"]


def test_a_name_prefix_finds_the_name(people):
    assert found("gonz") == ["Carlos González Ruiz"]
    for first in ("Dora", "Eva", "Fede", "Gil"):
        make_member(f"{first} Gonzaga")
    page = search_page(Criteria(text="gonz"), audience=VISITOR)
    assert page.total == 5
    assert not page.used_fuzzy  # five text matches: found as a prefix, not as a typo


def test_a_small_typo_in_a_name_still_finds_it(people):
    assert found("carlos gonzales ruiz") == ["Carlos González Ruiz"]
    page = search_page(Criteria(text="gonzales"), audience=VISITOR)
    assert [m.full_name for m in page.results] == ["Carlos González Ruiz"]
    assert page.used_fuzzy
    assert page.total == 1


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ingenieros", "José García López"),
        ("ingeniera", "José García López"),
        ("médico", "María Núñez"),
        ("medica", "María Núñez"),
        ("cirujanas", "María Núñez"),
        ("engineer", "Ana Pérez"),
        ("architect", "Ana Pérez"),
    ],
)
def test_spanish_and_english_word_forms_match(people, text, name):
    assert found(text) == [name]


def test_every_word_must_match(people):
    assert found("ingeniero houston") == []
    assert found("médica houston") == ["María Núñez"]


def test_a_name_ranks_above_a_headline(db):
    make_member("Ana Solar", headline="Pintora")
    make_member("Beto Ríos", headline="Investigador en energía solar")
    assert found("solar") == ["Ana Solar", "Beto Ríos"]


def test_a_change_is_findable_at_once(people):
    member = Member.objects.get(full_name="Ana Pérez")
    assert found("vulcanología") == []
    member.headline = "Vulcanología aplicada"
    member.save()
    assert found("vulcanologia") == ["Ana Pérez"]
    member.skills.add(Skill.objects.create(name="Sismología", key="sismologia"))
    assert found("sismologia") == ["Ana Pérez"]
    Skill.objects.filter(key="sismologia").update(name="Geofísica")
    assert found("geofisica") == ["Ana Pérez"]
    Education.objects.create(
        member=member, degree="doctorate", field="Oceanografía", institution="UNAM"
    )
    assert found("oceanografia") == []  # education is shown to members by default
    assert found("oceanografia", audience=MEMBER) == ["Ana Pérez"]
    Member.objects.filter(pk=member.pk).update(visibility_education=Visibility.PUBLIC)
    assert found("oceanografia") == ["Ana Pérez"]
    member.skills.clear()
    assert found("geofisica") == []


def test_each_audience_matches_only_the_groups_it_may_see(db):
    make_member(
        "Rita Reservada",
        organisation="Laboratorio Secreto",
        bio="Experta en criptografía",
        city="Querétaro",
        visibility_work=Visibility.MEMBERS,
        visibility_about=Visibility.STAFF,
        visibility_location=Visibility.PRIVATE,
        consents=(Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH),
    )
    tic = {Sector.objects.get(slug="tic").pk}
    assert found("laboratorio secreto") == []
    assert found("laboratorio secreto", audience=MEMBER) == ["Rita Reservada"]
    assert found("laboratorio secreto", audience=STAFF, staff_sectors=tic) == ["Rita Reservada"]
    assert found("criptografia") == []
    assert found("criptografia", audience=MEMBER) == []
    assert found("criptografia", audience=STAFF, staff_sectors=tic) == ["Rita Reservada"]
    for audience in (VISITOR, MEMBER, STAFF):
        assert found("queretaro", audience=audience, staff_sectors=tic) == []
        assert found("rita", audience=audience, staff_sectors=tic) == ["Rita Reservada"]


def test_staff_search_covers_only_their_sectors_and_the_consent_to_it(db):
    make_member("Sara Salud", sectors=("salud",), consents=(Consent.Purpose.PNCS_SEARCH,))
    make_member("Tomás Tic", sectors=("tic",), consents=(Consent.Purpose.PNCS_SEARCH,))
    make_member("Pública Sola", sectors=("salud",))
    salud = {Sector.objects.get(slug="salud").pk}
    assert found("", audience=STAFF, staff_sectors=salud) == ["Sara Salud"]
    assert found("", audience=STAFF, staff_sectors=set()) == []
    assert found("") == ["Pública Sola"]


def test_a_deleted_account_disappears_from_search(people):
    Member.objects.get(full_name="María Núñez").user.delete()
    assert found("maria") == []


def test_the_page_counts_and_splits_the_matches(people):
    page = search_page(Criteria(text="software"), audience=VISITOR)
    assert page.total == 2
    assert not page.total_is_estimate
    assert page.next_cursor is None
    tic = str(Sector.objects.get(slug="tic").pk)
    assert page.facets["sector"] == [(tic, 2)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "x" * 10_000,
        "\x00\x01\x02",
        "'&|!():*",
        "a & b | !c",
        "'; DROP TABLE members_member; --",
        "<script>alert(1)</script>",
        "ñ" * 300,
        "🙂 emoji",
        "½ ² ⅷ \u3007",
        "de la y el",  # only stop words
        "jose:* & !garcia",
    ],
)
def test_any_text_is_a_safe_query(people, text):
    for audience in (VISITOR, MEMBER):
        page = search_page(Criteria(text=text), audience=audience)
        assert page.total == len(page.results) <= 4
    assert Member.objects.count() == 4


def test_operators_in_the_text_are_plain_words(people):
    assert found("jose:* & !garcia") == ["José García López"]
    assert found("garcia | nunez") == []


# Text helpers


def test_gender_and_number_forms_of_a_spanish_word():
    assert set(gender_forms("ingeniera")) == {
        "ingeniera",
        "ingeniero",
        "ingenieros",
        "ingenieras",
        "ingeniería",
    }
    assert {"ingeniero", "ingeniera"} < set(gender_forms("ingeniería"))
    assert set(gender_forms("médicos")) == {"médicos", "médico", "médica", "médicas"}
    assert gender_forms("ingeniera")[0] == "ingeniera"
    assert gender_forms("python") == ["python"]
    assert gender_forms("oso") == ["oso"]  # too short to be a gendered ending


def test_terms_keep_letters_and_digits_only():
    assert terms("C++ & 'Python3' : ingeniería!") == ["python3", "ingeniería"]
    assert terms("a_b snake_case") == ["ab", "snakecase"]
    assert terms("x \x00 y") == []
    assert len(terms(" ".join(["palabra"] * 50))) == 8
    assert terms("a" * 100) == ["a" * 40]
    assert terms(None) == []


def test_highlight_marks_the_matching_words_and_escapes_the_rest():
    words = terms("ingenieros garcia")
    assert (
        highlight("<b>Ingeniera</b> & García", words, field="headline")
        == "&lt;b&gt;<mark>Ingeniera</mark>&lt;/b&gt; &amp; <mark>García</mark>"
    )
    assert highlight("Sin coincidencias", words, field="headline") == "Sin coincidencias"
    assert highlight(None, words, field="headline") == ""


def test_highlight_cuts_long_text_around_the_first_match():
    text = "relleno " * 100 + "criptografía cuántica " + "relleno " * 100
    snippet = highlight(text, ["criptografia"], field="bio", limit=120)
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "<mark>criptografía</mark>" in snippet
    assert len(snippet) < 160


def test_highlight_marks_only_words_with_the_query_words_lexemes():
    assert highlight("San José", ["jose"], field="name") == "San <mark>José</mark>"
    assert "<mark>" not in highlight("San José", ["josefina"], field="name")
    assert highlight("", ["jose"], field="name") == ""


def test_highlight_ignores_accents_and_case_on_either_side():
    assert highlight("JOSÉ NÚÑEZ", terms("jose nunez"), field="name") == (
        "<mark>JOSÉ</mark> <mark>NÚÑEZ</mark>"
    )
    assert highlight("Jose Nunez", terms("José Núñez"), field="name") == (
        "<mark>Jose</mark> <mark>Nunez</mark>"
    )
    assert "<mark>" not in highlight("Nuñoz", terms("nunez"), field="name")


def test_highlight_keeps_punctuation_in_place_and_unaccents_as_the_server():
    # PostgreSQL's unaccent rules write ß as ss: `strasse` finds and marks Straße.
    words = terms("ingenieras strasse")
    assert (
        highlight("¿Una «ingeniera»? \u2013 Sí… Straße 5", words, field="headline")
        == "¿Una «<mark>ingeniera</mark>»? \u2013 Sí… <mark>Straße</mark> 5"
    )
    # An accent written as a separate combining mark changes the length without it: the word is
    # still marked and nothing of the text is lost.
    assert (
        highlight("Ingeniera\u0301 civil", words, field="headline")
        == "<mark>Ingeniera</mark>\u0301 civil"
    )


def test_rebuild_command_recomputes_every_vector(people, capsys):
    with connection.cursor() as cursor:
        # Empty the vectors behind the triggers' back, as a bulk load without triggers would.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "UPDATE members_member SET search_vector = NULL, search_members = NULL, "
            "search_staff = NULL"
        )
        cursor.execute("SET LOCAL session_replication_role = origin")
    assert found("ingeniero") == []
    assert found("ingeniero", audience=MEMBER) == []
    call_command("rebuild_search_index", batch=2)
    assert "4 profiles" in capsys.readouterr().out
    assert found("ingeniero") == ["José García López"]
    assert found("ingeniero", audience=MEMBER) == ["José García López"]
    assert not Member.objects.filter(search_vector__isnull=True).exists()
    assert not Member.objects.filter(search_members__isnull=True).exists()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("large language model", "bio"),
        ("large language models", "bio"),
        ("user studies", "bio"),
        ("engineering manager", "position"),
        ("computer science", "education"),
    ],
)
def test_english_words_are_stemmed_in_every_text(db, text, field):
    """Biographies, work and studies are indexed in English as well as in Spanish: the Spanish
    stemmer alone kept `models` and `model` apart."""
    fields = {
        "bio": {"bio": "I train large language models and run user study sessions."},
        "position": {"position": "Engineering managers lead"},
        "education": {},
    }[field]
    member = make_member("Ada Inglesa", **fields)
    if field == "education":
        member.visibility_education = Visibility.PUBLIC
        member.save(update_fields=["visibility_education"])
        Education.objects.create(
            member=member, degree="master", field="Computer sciences", institution="Uni"
        )
    assert found(text) == ["Ada Inglesa"]
