"""What the statistics' templates draw: each stored figure with its cells ready for a table and
an SVG chart (bar lengths, column heights, map colour levels), withheld cells marked. The SVG
itself is written in the templates (content/statistics/_*.html); here are only numbers."""

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django_countries import countries

from redtalentos.lib import statistics

BAR_ROWS = 15  # bars drawn; the table lists every row
# The charts' geometry, in the SVG's own units (templates content/statistics/_bars.html and
# _columns.html): a bar row holds its name above the bar; columns stand on a 190-unit plot.
BAR_ROW_HEIGHT, BAR_LENGTH = 36, 300
COLUMNS_WIDTH, COLUMNS_PLOT, COLUMN_TICKS = 600, 190, 8
MAP_LEVELS = 5
MAP_FILE = Path(__file__).resolve().parent.parent / "data" / "world_map.json"


@dataclass
class Cell:
    key: str
    name: str
    value: Decimal
    marking: str  # statistics.SHOWN, BELOW or RESERVED, as this page shows it
    public: str = ""  # how the public pages show it (IME's page says so)
    share: float = 0.0  # of the largest shown value, 0..1

    @property
    def withheld(self):
        return bool(self.marking)


@dataclass
class Shown:
    figure: statistics.Figure
    total: Decimal
    total_marking: str
    cells: list
    computed_at: object
    bars: list = field(default_factory=list)
    bars_height: int = 0
    columns: list = field(default_factory=list)
    world: dict | None = None

    @property
    def key(self):
        return self.figure.key


def shown(figure, table, *, suppressed):
    """The figure `figure` from its stored `table` (cells prefetched). `suppressed`: as the
    public sees it; IME sees every value, with the public marking kept to say what is withheld."""
    cells = [
        Cell(cell.key, cell.name, cell.value, cell.marking if suppressed else "", cell.marking)
        for cell in table.cells.all()
    ]
    largest = max((cell.value for cell in cells if not cell.withheld), default=0)
    for cell in cells:
        cell.share = float(cell.value / largest) if largest and not cell.withheld else 0.0
    result = Shown(
        figure=figure,
        total=table.total,
        total_marking=table.total_marking if suppressed else "",
        cells=cells,
        computed_at=table.computed_at,
    )
    if figure.chart == statistics.COLUMNS:
        result.columns = columns(cells)
    else:
        # Stored order: shown cells largest first, then the withheld ones by name.
        result.bars = bars(cells[:BAR_ROWS])
        result.bars_height = len(result.bars) * BAR_ROW_HEIGHT
    if figure.chart == statistics.MAP:
        result.world = world(cells)
    return result


def bars(cells):
    """Each bar's row offset and length."""
    drawn = []
    for index, cell in enumerate(cells):
        length = max(round(cell.share * BAR_LENGTH, 1), 1) if cell.value else 0
        drawn.append(
            {
                "cell": cell,
                "y": index * BAR_ROW_HEIGHT,
                "length": length,
                "value_x": length + 6,
            }
        )
    return drawn


def columns(cells):
    """Each column's place and height, and which ones carry a tick label (at most eight)."""
    if not cells:
        return []
    step = COLUMNS_WIDTH / len(cells)
    every = math.ceil(len(cells) / COLUMN_TICKS)
    drawn = []
    for index, cell in enumerate(cells):
        height = round(cell.share * COLUMNS_PLOT, 1)
        drawn.append(
            {
                "cell": cell,
                "x": round(index * step + step * 0.1, 1),
                "middle": round(index * step + step / 2, 1),
                "width": round(step * 0.8, 1),
                "y": round(10 + COLUMNS_PLOT - height, 1),
                "height": height,
                "tick": cell.key.lstrip("0") if index % every == 0 else "",
            }
        )
    return drawn


@cache
def _outlines():
    """The country outlines shipped with the portal (content/data/world_map.json, built by
    scripts/build_world_map.py from Natural Earth's public-domain data)."""
    return json.loads(MAP_FILE.read_text())


def _level(value, largest):
    """1..MAP_LEVELS on a logarithmic scale: a network of a few large countries and a long tail."""
    if largest <= 1:
        return MAP_LEVELS
    return max(1, math.ceil(MAP_LEVELS * math.log(float(value)) / math.log(float(largest))))


def world(cells):
    """The map's countries with their colour level (0: no member; "w": withheld) and a legend."""
    outlines = _outlines()
    by_code = {cell.key: cell for cell in cells if cell.key}
    largest = max((cell.value for cell in by_code.values() if not cell.withheld), default=0)
    shapes = []
    for code, path in outlines["countries"].items():
        cell = by_code.get(code)
        if cell is None:
            shapes.append({"d": path, "level": 0, "cell": None, "name": countries.name(code)})
        else:
            level = "w" if cell.withheld else _level(cell.value, largest)
            shapes.append({"d": path, "level": level, "cell": cell, "name": cell.name})
    legend = []
    for level in range(1, MAP_LEVELS + 1):
        if largest <= 1:
            low = high = int(largest)
        else:
            low = 1 if level == 1 else math.floor(float(largest) ** ((level - 1) / MAP_LEVELS)) + 1
            high = math.floor(float(largest) ** (level / MAP_LEVELS))
        if low <= high and largest:
            legend.append({"level": level, "low": low, "high": high})
    return {
        "width": outlines["width"],
        "height": outlines["height"],
        "shapes": shapes,
        "legend": legend,
        "missing": [cell for code, cell in by_code.items() if code not in outlines["countries"]],
    }
