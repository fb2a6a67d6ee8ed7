"""A new chapter's first position on the map: the approximate centre of its country.

The portal calls no geocoder (no third-party services), so the guess comes from a table it ships,
data/country_centres.csv (its source is named in the file). IME corrects it to the city's position
in the approval form before the chapter exists.
"""

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path

CENTRES_FILE = Path(__file__).resolve().parent / "data" / "country_centres.csv"


@cache
def _centres():
    with CENTRES_FILE.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(line for line in file if not line.startswith("#"))
        return {row["code"]: (Decimal(row["latitude"]), Decimal(row["longitude"])) for row in rows}


def country_centre(code):
    """(latitude, longitude) of the country's approximate centre, or None when the table has no
    row for it."""
    return _centres().get(str(code or "").upper())
