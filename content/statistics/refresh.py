"""Computes every registered figure and stores it, replacing the previous results at once.

Run by `refresh_statistics` (hourly), by IME from the analytics page, and by the demo. Counting
a million profiles by country, state, sector, chapter and month takes a few seconds; the pages
then read a few hundred stored rows in two queries.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone, translation

from redtalentos.lib import statistics

from ..models import FigureCell, FigureTable


@dataclass
class Computed:
    figure: statistics.Figure
    total: Decimal
    total_marking: str
    cells: list  # [(key, label_es, label_en, value, marking)]


def _ordered(figure, rows):
    """Largest first for bars and maps, keys in order for columns; the unknown ("") last."""
    if figure.chart == statistics.COLUMNS:
        return sorted(rows, key=lambda row: (row.key == "", row.key))
    return sorted(rows, key=lambda row: (row.key == "", -row.value, row.key))


def compute(figure, until):
    """`figure` as of `until`, labelled in both languages and marked for publication."""
    rows = _ordered(figure, [row for row in figure.compute(until) if row.value or row.people])
    keys = [row.key for row in rows]
    with translation.override("es"):
        spanish = figure.labels(keys)
    with translation.override("en"):
        english = figure.labels(keys)
    markings, total_marking = statistics.suppress(
        [row.value for row in rows], count=figure.count, people=[row.people for row in rows]
    )
    cells = [
        (row.key, str(spanish[row.key]), str(english[row.key]), Decimal(row.value), marking)
        for row, marking in zip(rows, markings, strict=True)
    ]
    if figure.chart != statistics.COLUMNS:
        # Withheld cells after the shown ones, by name: in the order of their values they would
        # tell which is larger. (Columns keep the order of their keys, which says nothing.)
        cells.sort(key=lambda cell: (cell[0] == "", bool(cell[4]), cell[1] if cell[4] else ""))
    total = sum((Decimal(row.value) for row in rows), Decimal(0))
    return Computed(figure, total, total_marking, cells)


def refresh(now=None):
    """Recomputes every figure; returns how many. Two refreshes never interleave (the table lock
    lets the pages go on reading the previous figures until this one commits)."""
    now = now or timezone.now()
    computed = [compute(figure, now) for figure in statistics.figures()]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {FigureTable._meta.db_table} IN EXCLUSIVE MODE")
        FigureTable.objects.all().delete()
        tables = FigureTable.objects.bulk_create(
            FigureTable(
                key=result.figure.key,
                total=result.total,
                total_marking=result.total_marking,
                computed_at=now,
            )
            for result in computed
        )
        FigureCell.objects.bulk_create(
            FigureCell(
                table=table,
                position=position,
                key=key,
                label=label,
                label_en=label_en,
                value=value,
                marking=marking,
            )
            for table, result in zip(tables, computed, strict=True)
            for position, (key, label, label_en, value, marking) in enumerate(result.cells)
        )
    return len(computed)
