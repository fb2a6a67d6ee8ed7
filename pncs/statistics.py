"""The PNCS' figure for IME's analytics (redtalentos.lib.statistics): work-programme activities
by status, in one aggregate query."""

from django.db.models import Count
from django.utils.translation import gettext_lazy

from redtalentos.lib import statistics
from redtalentos.lib.statistics import Row

from .models import ActivityStatus, WorkProgrammeActivity


def activities_by_status(until):
    rows = (
        WorkProgrammeActivity.objects.filter(created_at__lt=until)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [Row(row["status"], row["n"]) for row in rows]


def status_labels(keys):
    return {key: ActivityStatus(key).label for key in keys}


def register():
    statistics.register(
        statistics.Figure(
            key="pncs_activities_by_status",
            title=gettext_lazy("Actividades de los PNCS por estado"),
            unit=gettext_lazy("actividades"),
            compute=activities_by_status,
            labels=status_labels,
            audience=statistics.IME,
            order=230,
        )
    )
