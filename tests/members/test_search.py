"""Search over profiles: accents, word forms, prefixes, typos, and the index kept true at once."""

import pytest
from django.core.management import call_command
from django.db import connection

from members.models import Education, Member, Skill, Visibility
from members.search import gender_forms, search, terms
from tests.conftest import make_member


def found(text, queryset=None):
    return [m.full_name for m in search(queryset or Member.objects.all(), text)]


@pytest.fixture
def people(db):
    make_member("José García López", headline="Ingeniero de software")
    make_member("María Núñez", headline="Médica cirujana en Houston")
    make_member("Carlos González Ruiz", headline="Investigador en energía solar")
    make_member("Ana Pérez", headline="Engineers and software architects")


@pytest.mark.parametrize("text", ["jose garcia", "José García", "JOSE GARCÍA", "garcia"])
def test_names_match_without_accents_or_case(people, text):
    assert found(text)[0] == "José García López"


def test_a_name_prefix_finds_the_name(people):
    assert found("gonz") == ["Carlos González Ruiz"]


def test_a_small_typo_in_a_name_still_finds_it(people):
    assert "Carlos González Ruiz" in found("carlos gonzales ruiz")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ingenieros", "José García López"),
        ("ingeniera", "José García López"),
        ("médico", "María Núñez"),
        ("medica", "María Núñez"),
        ("engineer", "Ana Pérez"),
    ],
)
def test_spanish_and_english_word_forms_match(people, text, name):
    assert name in found(text)


def test_every_word_must_match(people):
    assert found("ingeniero houston") == []
    assert found("médica houston") == ["María Núñez"]


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
    Member.objects.filter(pk=member.pk).update(visibility_education=Visibility.PUBLIC)
    assert found("oceanografia") == ["Ana Pérez"]
    member.skills.clear()
    assert found("geofisica") == []


def test_hidden_fields_are_never_matched(db):
    make_member(
        "Rita Reservada",
        organisation="Laboratorio Secreto",
        bio="Experta en criptografía",
        visibility_work=Visibility.MEMBERS,
        visibility_about=Visibility.PRIVATE,
    )
    assert found("laboratorio secreto") == []
    assert found("criptografia") == []
    assert found("rita") == ["Rita Reservada"]


def test_a_deleted_account_disappears_from_search(people):
    Member.objects.get(full_name="María Núñez").user.delete()
    assert found("maria") == []


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
    ],
)
def test_any_text_is_a_safe_query(people, text):
    list(search(Member.objects.all(), text))


def test_gender_and_number_forms_of_a_spanish_word():
    assert set(gender_forms("ingeniera")) == {"ingeniera", "ingeniero", "ingenieros", "ingenieras"}
    assert gender_forms("python") == ["python"]


def test_terms_keep_letters_and_digits_only():
    assert terms("C++ & 'Python3' : ingeniería!") == ["python3", "ingeniería"]
    assert len(terms(" ".join(["palabra"] * 50))) == 8


def test_rebuild_command_recomputes_every_vector(people, capsys):
    with connection.cursor() as cursor:
        # Empty the vectors behind the triggers' back, as a bulk load without triggers would.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE members_member SET search_vector = NULL")
        cursor.execute("SET LOCAL session_replication_role = origin")
    assert found("ingeniero") == []
    call_command("rebuild_search_index", batch=2)
    assert "4 profiles" in capsys.readouterr().out
    assert found("ingeniero")[0] == "José García López"
    assert not Member.objects.filter(search_vector__isnull=True).exists()
