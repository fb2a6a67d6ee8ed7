"""The binational projects' figures for the PNCS work programme's innovation line (registered
in pncs.figures by ProjectsConfig.ready): projects by status and by sector, for the sectors the
viewer works on (all for IME), in two aggregate queries whatever the number of projects. A
project of several sectors counts once in the status table and once in each of its sectors."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from pncs.figures import Block, Table
from pncs.models import LineOfWork

from .models import Project, ProjectStatus

PS = ProjectStatus
# The columns of the sector table: the statuses grouped as a work programme reads them.
GROUPS = [
    (gettext_lazy("En preparación"), (PS.PROPOSED, PS.IN_EVALUATION)),
    (gettext_lazy("Aprobados"), (PS.APPROVED,)),
    (gettext_lazy("En curso"), (PS.IN_PROGRESS,)),
    (gettext_lazy("Concluidos"), (PS.CONCLUDED,)),
    (gettext_lazy("No aprobados o retirados"), (PS.NOT_APPROVED, PS.WITHDRAWN)),
]


def programme_blocks(sector_ids):
    """pncs.figures source: one block, none while the viewer's sectors have no project."""
    projects = Project.objects.all()
    if sector_ids is not None:
        projects = projects.filter(sectors__in=list(sector_ids))
    by_status = {
        row["status"]: row["count"]
        for row in projects.values("status").annotate(count=Count("pk", distinct=True))
    }
    if not by_status:
        return []
    through = Project.sectors.through.objects.all()
    if sector_ids is not None:
        through = through.filter(sector_id__in=list(sector_ids))
    counts = {
        f"g{number}": Count("pk", filter=Q(project__status__in=statuses))
        for number, (_label, statuses) in enumerate(GROUPS)
    }
    english = (get_language() or "").startswith("en")
    by_sector = []
    for row in (
        through.values("sector__name", "sector__name_en")
        .annotate(**counts)
        .order_by("sector__position", "sector__name")
    ):
        name = row["sector__name_en"] if english and row["sector__name_en"] else row["sector__name"]
        by_sector.append([name, *(row[f"g{number}"] for number in range(len(GROUPS)))])
    return [
        Block(
            line_of_work=LineOfWork.INNOVATION,
            title=_("Proyectos binacionales"),
            note=_("%(total)s proyectos, %(running)s en curso y %(done)s concluidos.")
            % {
                "total": sum(by_status.values()),
                "running": by_status.get(PS.IN_PROGRESS.value, 0),
                "done": by_status.get(PS.CONCLUDED.value, 0),
            },
            tables=[
                Table(
                    _("Por estado"),
                    [_("Estado"), _("Proyectos")],
                    [
                        [status.label, by_status[status.value]]
                        for status in PS
                        if status.value in by_status
                    ],
                ),
                Table(
                    _("Por sector"),
                    [_("Sector"), *(str(label) for label, _s in GROUPS)],
                    by_sector,
                ),
            ],
            url=reverse("projects:project_list"),
        )
    ]
