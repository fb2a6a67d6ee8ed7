"""What pncs pages show of the members' data: the members of a sector on its public page, a
contact point's recent members and its staff's introductions, the members an activity may link,
and the log of a staff export. members registers these functions in its AppConfig.ready(), so
that pncs shows them without importing members (DESIGN.md: imports run downhill), as figures.py
does for the apps above.

The functions, by name:
- `sector_page(sector) -> dict`: the sector page's context about its members (`members_total`,
  `by_country`, `by_chapter`, `featured`);
- `contact_point_home(sector_ids, staff_ids) -> dict`: the contact point home's `introductions`
  (those its staff requested) and `recent_members` (findable by PNCS, in its sectors);
- `findable_members(contact_point, slugs) -> {slug: member}`: the members at `slugs` who consented
  to be found by `contact_point` (one of its sectors);
- `record_export(viewer, rows, detail)`: logs a staff export of personal data.
"""

_functions = {}


def register(**functions):
    """Adds (or, when members is loaded again, replaces) the functions by name."""
    _functions.update(functions)


def sector_page(sector):
    return _functions["sector_page"](sector)


def contact_point_home(sector_ids, staff_ids):
    return _functions["contact_point_home"](sector_ids, staff_ids)


def findable_members(contact_point, slugs):
    return _functions["findable_members"](contact_point, slugs)


def record_export(viewer, rows, detail):
    _functions["record_export"](viewer, rows, detail)
