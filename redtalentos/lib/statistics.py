"""The network's statistics: what each app counts and how small counts are kept from naming anyone.

Each app registers its figures here in its AppConfig.ready() (members: members by country, state
of origin, sector, chapter and month of registration; the apps above: projects, placements,
mentoring hours, Jornadas attendance), so that the content app, which publishes them, imports
none of them. A figure is a table of categories and values computed by one aggregate query;
`content.statistics` stores the results (refreshed on a schedule, never per page view) and shows
them.

Suppression. A published cell counts fewer than `THRESHOLD` people is shown as "less than 5",
and, since every table shows its total, more cells are withheld when a withheld one could be
worked out by subtracting the others from the total: see `suppress`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

THRESHOLD = 5

# How a cell is shown on the public pages and in the open data.
SHOWN = ""
BELOW = "below"  # fewer than THRESHOLD contributors: "menos de 5"
RESERVED = "reserved"  # withheld so that a BELOW cell cannot be derived from the total

# Charts a figure is drawn as.
BARS = "bars"  # horizontal bars, largest first
COLUMNS = "columns"  # vertical columns in the order of their keys (months, years)
MAP = "map"  # the world map by country, with bars for the table

# Who a figure is for.
PUBLIC = "public"  # /estadisticas/ and /datos/, suppressed
IME = "ime"  # IME's analytics only, never published


@dataclass(frozen=True)
class Row:
    """One category of a figure. `contributors` is how many people (or records of people) the
    value rests on; for a count it is the value itself."""

    key: str
    value: Decimal | int
    contributors: int | None = None

    @property
    def people(self):
        return self.value if self.contributors is None else self.contributors


@dataclass(frozen=True)
class Figure:
    """`compute(until)` returns the Rows as of the moment `until` (an aware datetime); `labels
    (keys)` names them in the active language ({key: label}); both in a fixed number of queries.
    `count` says the values are counts of people (bounded below by 1 when withheld), which lets
    `suppress` reason about what a subtraction reveals; sums (hours) are not."""

    key: str
    title: str
    unit: str
    compute: Callable
    labels: Callable
    chart: str = BARS
    audience: str = PUBLIC
    count: bool = True
    summable: bool = True  # False: the total means nothing (shares, rates) and is not shown
    order: int = 100
    note: str = ""


_figures: dict[str, Figure] = {}


def register(figure):
    """Adds (or, when an app is loaded again, replaces) the figure of that key."""
    _figures[figure.key] = figure


def figures(audience=None):
    """The registered figures in their order, all of them or those for `audience`."""
    chosen = sorted(_figures.values(), key=lambda figure: (figure.order, figure.key))
    return [figure for figure in chosen if audience is None or figure.audience == audience]


def _derivable(hidden, total_hidden, count):
    """Whether some withheld cell's value follows from the sum of the withheld ones.

    `hidden` is [(value, marking)]. For counts, a BELOW cell is known to lie in 1..THRESHOLD-1
    and a RESERVED one in THRESHOLD..∞: a cell is derivable when its bounds, given the sum and the
    others' bounds, leave a single value. For sums (no lower bound but 0, no upper bound) a cell is
    derivable only when it is withheld alone."""
    if not count:
        return len(hidden) == 1
    lows = [1 if marking == BELOW else THRESHOLD for _value, marking in hidden]
    highs = [THRESHOLD - 1 if marking == BELOW else None for _value, marking in hidden]
    low_sum = sum(lows)
    for index, (_value, _marking) in enumerate(hidden):
        others_low = low_sum - lows[index]
        other_highs = highs[:index] + highs[index + 1 :]
        upper = total_hidden - others_low
        if highs[index] is not None:
            upper = min(upper, highs[index])
        lower = lows[index]
        if None not in other_highs:
            lower = max(lower, total_hidden - sum(other_highs))
        if upper - lower < 1:
            return True
    return False


def suppress(values, *, count=True, threshold=THRESHOLD, people=None):
    """(markings, total marking) of `values`, a table whose total is shown: SHOWN, BELOW or
    RESERVED for each cell and for the total.

    Primary: a cell resting on fewer than `threshold` people (`people[i]`, the value itself for
    counts) is BELOW. Secondary: while the withheld cells' sum (the total minus the shown cells)
    would pin one of them to a single value, the smallest shown cell is withheld too (RESERVED).
    If nothing is left to withhold, the total is withheld as well; so is a total resting on fewer
    than `threshold` people. Zero cells are shown: nobody is behind them."""
    people = list(values) if people is None else list(people)
    markings = [BELOW if 0 < people[i] < threshold else SHOWN for i in range(len(values))]
    total = BELOW if 0 < sum(people) < threshold else SHOWN
    while BELOW in markings:
        hidden = [(values[i], markings[i]) for i in range(len(values)) if markings[i] != SHOWN]
        total_hidden = sum(value for value, _marking in hidden)
        if not _derivable(hidden, total_hidden, count):
            break
        candidates = [i for i in range(len(values)) if markings[i] == SHOWN and values[i] > 0]
        if not candidates:
            total = total or RESERVED
            break
        smallest = min(candidates, key=lambda i: (values[i], i))
        markings[smallest] = RESERVED
    return markings, total
