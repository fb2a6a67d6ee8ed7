"""The one visibility rule (members.visibility) and what is derived from it (the field groups
shown to each role on a profile page are tested in test_visibility.py)."""

import pytest
from django.db import connection

from members.models import Member, Visibility
from members.visibility import (
    MEMBER,
    OWNER,
    STAFF,
    VISITOR,
    audience_function_sql,
    sees,
    sql_sees,
    visible_groups,
)
from tests.conftest import make_member

LEVELS = (VISITOR, MEMBER, STAFF, OWNER)


def test_each_choice_opens_its_group_to_its_audience_and_the_narrower_ones():
    assert [level for level in LEVELS if sees(level, Visibility.PUBLIC)] == list(LEVELS)
    assert [level for level in LEVELS if sees(level, Visibility.MEMBERS)] == [MEMBER, STAFF, OWNER]
    assert [level for level in LEVELS if sees(level, Visibility.STAFF)] == [STAFF, OWNER]
    assert [level for level in LEVELS if sees(level, Visibility.PRIVATE)] == [OWNER]
    assert [level for level in LEVELS if sees(level, "garbage")] == [OWNER]


def _function_agrees_with_the_rule(cursor):
    choices = [*Visibility.values, "garbage"]
    cursor.execute(
        "SELECT v, a, rt_audience_sees(v, a) FROM unnest(%s::text[]) v, unnest(%s::int[]) a",
        [choices, list(LEVELS)],
    )
    rows = cursor.fetchall()
    assert len(rows) == len(choices) * len(LEVELS)
    assert all(seen == sees(audience, choice) for choice, audience, seen in rows)


def test_the_search_vectors_sql_function_is_the_modules_rule(db):
    """rt_audience_sees, which builds the search vectors and the directory's filters and facets,
    is created from the module (migration 0017): for every choice and audience it agrees."""
    with connection.cursor() as cursor:
        _function_agrees_with_the_rule(cursor)


def test_the_function_the_module_writes_is_its_rule(db):
    """The SQL the module writes now (what the next migration would create) agrees too."""
    with connection.cursor() as cursor:
        cursor.execute(audience_function_sql())  # in the test's transaction, rolled back after it
        _function_agrees_with_the_rule(cursor)


def test_sql_fragments_name_only_field_groups():
    assert sql_sees("about", MEMBER) == "rt_audience_sees(m.visibility_about, 1)"
    with pytest.raises(ValueError):
        sql_sees("about); DROP TABLE members_member; --", VISITOR)


def test_visible_groups_follow_the_members_choices(db):
    member = make_member(
        "Ana Reglas",
        visibility_about=Visibility.PUBLIC,
        visibility_work=Visibility.MEMBERS,
        visibility_location=Visibility.STAFF,
        visibility_education=Visibility.PRIVATE,
    )
    visitor, network, staff = (visible_groups(member, level) for level in LEVELS[:3])
    assert "about" in visitor and "work" not in visitor
    assert {"about", "work"} <= network and "location" not in network
    assert {"about", "work", "location"} <= staff and "education" not in staff
    assert visible_groups(member, OWNER) == set(Member.FIELD_GROUPS)
