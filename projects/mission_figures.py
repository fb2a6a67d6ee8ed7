"""The missions' figures for the PNCS work programme's business line (registered in pncs.figures
by ProjectsConfig.ready): missions and confirmed delegates by sector, for the sectors the viewer
works on (all for IME), in one aggregate query whatever the number of missions. Drafts do not
count; cancelled missions are a column of their own."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pncs.figures import Block, Table
from pncs.models import LineOfWork
from redtalentos.lib.capacity import SeatStatus

from .models import Mission, MissionStatus


def mission_blocks(sector_ids):
    """pncs.figures source: one block, none while the viewer's sectors have no mission."""
    missions = Mission.objects.exclude(status=MissionStatus.DRAFT)
    if sector_ids is not None:
        missions = missions.filter(sector__in=list(sector_ids))
    english = (get_language() or "").startswith("en")
    rows = list(
        missions.values("sector__name", "sector__name_en", "sector__position")
        .annotate(
            held=Count("pk", filter=Q(status=MissionStatus.PUBLISHED), distinct=True),
            cancelled=Count("pk", filter=Q(status=MissionStatus.CANCELLED), distinct=True),
            delegates=Count(
                "delegates",
                filter=Q(status=MissionStatus.PUBLISHED, delegates__status=SeatStatus.CONFIRMED),
            ),
        )
        .order_by("sector__position", "sector__name")
    )
    if not rows:
        return []
    table = [
        [
            row["sector__name_en"] if english and row["sector__name_en"] else row["sector__name"],
            row["held"],
            row["delegates"],
            row["cancelled"],
        ]
        for row in rows
    ]
    return [
        Block(
            line_of_work=LineOfWork.BUSINESS,
            title=_("Misiones"),
            note=_("%(missions)s misiones publicadas con %(delegates)s delegados confirmados.")
            % {
                "missions": sum(row["held"] for row in rows),
                "delegates": sum(row["delegates"] for row in rows),
            },
            tables=[
                Table(
                    _("Por sector"),
                    [_("Sector"), _("Misiones"), _("Delegados confirmados"), _("Canceladas")],
                    table,
                )
            ],
            url=reverse("projects:mission_list"),
        )
    ]
