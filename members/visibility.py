"""Who sees which group of a profile's fields: the one rule.

A member chooses, for each field group, the narrowest audience that may see it (Visibility); a
viewer sees the group when their level reaches that audience. The profile page and the directory's
cards (visible_groups), the exports (sees), the directory's filters and facets (sql_sees) and the
search vectors, whose SQL function rt_audience_sees is created by audience_function_sql
(migration 0017_visibility_rule), all follow it.
"""

from .models import Member, Visibility

# Viewer levels, from the widest audience to the narrowest: visitors, members of the network,
# PNCS and IME staff, the member themselves.
VISITOR, MEMBER, STAFF, OWNER = 0, 1, 2, 3

# The level a choice opens a group to; anything unknown is kept to its owner.
OPENS_TO = {
    Visibility.PUBLIC: VISITOR,
    Visibility.MEMBERS: MEMBER,
    Visibility.STAFF: STAFF,
    Visibility.PRIVATE: OWNER,
}


def sees(level, visibility):
    """Whether a viewer at `level` sees a group whose visibility is `visibility`."""
    return level >= OPENS_TO.get(visibility, OWNER)


def visible_groups(member, level):
    """The field groups of `member` that a viewer at `level` may see."""
    return {group for group in Member.FIELD_GROUPS if sees(level, member.visibility_of(group))}


def sql_sees(group, audience):
    """SQL: whether `audience` sees the group `group` of the profile `m`."""
    if group not in Member.FIELD_GROUPS:
        raise ValueError(f"not a field group: {group}")
    return f"rt_audience_sees(m.visibility_{group}, {int(audience)})"


def audience_function_sql():
    """SQL that creates rt_audience_sees, the rule as the search vectors' trigger asks it."""
    levels = " ".join(f"WHEN '{choice.value}' THEN {level}" for choice, level in OPENS_TO.items())
    return f"""
CREATE OR REPLACE FUNCTION rt_audience_sees(visibility text, audience integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE visibility {levels} ELSE {OWNER} END <= audience $$;
"""
