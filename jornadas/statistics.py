"""The Jornadas' figure for the public statistics (redtalentos.lib.statistics): the people who
attended each edition (registrations checked in), in one aggregate query."""

from django.db.models import Count
from django.utils.translation import get_language, gettext_lazy

from redtalentos.lib import statistics
from redtalentos.lib.statistics import Row

from .models import Edition, Registration


def attendance_by_edition(until):
    rows = (
        Registration.objects.filter(checked_in_at__isnull=False, checked_in_at__lt=until)
        .values("edition__number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [Row(f"{row['edition__number']:03d}", row["n"]) for row in rows]


def edition_labels(keys):
    english = (get_language() or "").startswith("en")
    editions = Edition.objects.filter(number__in=[int(key) for key in keys])
    titles = {
        f"{e.number:03d}": (e.title_en if english and e.title_en else e.title) for e in editions
    }
    return {key: titles.get(key, key) for key in keys}


def register():
    statistics.register(
        statistics.Figure(
            key="jornadas_attendance",
            title=gettext_lazy("Asistencia a las Jornadas Informativas"),
            unit=gettext_lazy("asistentes"),
            compute=attendance_by_edition,
            labels=edition_labels,
            chart=statistics.COLUMNS,
            order=140,
        )
    )
