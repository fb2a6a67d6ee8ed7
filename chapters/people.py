"""What chapters pages ask of the members' data: a person's member profile and the members a
chapter's page lists. members registers these functions in its AppConfig.ready(), so that chapters
asks without importing members (DESIGN.md: imports run downhill).

The functions, by name:
- `profile_of(user) -> member | None`: the member profile of a signed-in, active `user`;
- `visible_members(chapter)`: the members of `chapter` who consented to be seen by it, with an
  active account, by name (a queryset: the page paginates it).
"""

_functions = {}


def register(**functions):
    """Adds (or, when members is loaded again, replaces) the functions by name."""
    _functions.update(functions)


def profile_of(user):
    return _functions["profile_of"](user)


def visible_members(chapter):
    return _functions["visible_members"](chapter)
