"""The mentoring's figure for the public statistics (redtalentos.lib.statistics): the hours
mentors recorded, by the request's sector, in one aggregate query. The hours are a sum: a sector
is withheld when fewer than five relationships stand behind it."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy

from pncs.models import Sector
from redtalentos.lib import statistics
from redtalentos.lib.statistics import Row

from .models import CheckIn


def hours_by_sector(until):
    rows = (
        CheckIn.objects.filter(month__lt=until.date(), hours__gt=0)
        .values("mentorship__request__sector_id")
        .annotate(hours=Sum("hours"), mentorships=Count("mentorship", distinct=True))
        .order_by()
    )
    return [
        Row(
            str(row["mentorship__request__sector_id"] or ""),
            row["hours"],
            contributors=row["mentorships"],
        )
        for row in rows
    ]


def sector_labels(keys):
    sectors = {str(s.pk): str(s) for s in Sector.objects.filter(pk__in=[k for k in keys if k])}
    return {key: sectors.get(key, key) for key in keys}


def register():
    statistics.register(
        statistics.Figure(
            key="mentoring_hours_by_sector",
            title=gettext_lazy("Horas de mentoría por sector"),
            unit=gettext_lazy("horas"),
            compute=hours_by_sector,
            labels=sector_labels,
            count=False,
            order=130,
        )
    )
