"""The projects' figure for the public statistics (redtalentos.lib.statistics): binational
projects past the proposal, by status, in one aggregate query."""

from django.db.models import Count
from django.utils.translation import gettext_lazy

from redtalentos.lib import statistics
from redtalentos.lib.statistics import Row

from .models import Project, ProjectStatus

# A proposal is a draft and a withdrawn or refused one never started: the figure counts what the
# network evaluated and carried out.
COUNTED = (
    ProjectStatus.IN_EVALUATION,
    ProjectStatus.APPROVED,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.CONCLUDED,
)


def projects_by_status(until):
    rows = (
        Project.objects.filter(status__in=COUNTED, created_at__lt=until)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [Row(row["status"], row["n"]) for row in rows]


def status_labels(keys):
    return {key: ProjectStatus(key).label for key in keys}


def register():
    statistics.register(
        statistics.Figure(
            key="projects_by_status",
            title=gettext_lazy("Proyectos binacionales por estado"),
            unit=gettext_lazy("proyectos"),
            compute=projects_by_status,
            labels=status_labels,
            order=110,
        )
    )
