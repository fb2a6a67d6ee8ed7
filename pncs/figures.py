"""Figures an app above pncs adds to the work programme's page, per line of work (the
internships' cycles: postings, applications and placements by sector and by country). The app
registers a source in its AppConfig.ready(), so that pncs shows them without importing it
(DESIGN.md: imports run downhill), as origins.py does for the activities' origins.

A source is `function(sector_ids) -> [Block, …]`, `sector_ids` being the sectors the viewer works
on (None: all, for IME), in a fixed number of queries whatever the data.
"""

from dataclasses import dataclass, field

_sources = {}


@dataclass
class Table:
    caption: str
    columns: list  # headings; the first column names the row
    rows: list  # lists of cells, as many as columns


@dataclass
class Block:
    line_of_work: str  # a pncs.models.LineOfWork value
    title: str
    tables: list = field(default_factory=list)
    note: str = ""
    url: str = ""


def register(name, source):
    """Adds (or, when an app is loaded again, replaces) the source called `name`."""
    _sources[name] = source


def figures_for(sector_ids):
    """Every registered source's blocks for `sector_ids` (None: all sectors)."""
    blocks = []
    for source in _sources.values():
        blocks.extend(source(sector_ids))
    return blocks
