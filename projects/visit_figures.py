"""The expert visits' figures for the PNCS work programme's visits line (registered in
pncs.figures by ProjectsConfig.ready): requests by status and by sector, for the sectors the
viewer works on (all for IME), in two aggregate queries whatever the number of requests."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pncs.figures import Block, Table
from pncs.models import LineOfWork

from .models import VisitRequest, VisitStatus

VS = VisitStatus


def visit_blocks(sector_ids):
    """pncs.figures source: one block, none while the viewer's sectors have no request."""
    requests = VisitRequest.objects.all()
    if sector_ids is not None:
        requests = requests.filter(sector__in=list(sector_ids))
    by_status = {
        row["status"]: row["count"]
        for row in requests.values("status").annotate(count=Count("pk")).order_by()
    }
    if not by_status:
        return []
    counts = {status.value: Count("pk", filter=Q(status=status.value)) for status in VS}
    english = (get_language() or "").startswith("en")
    by_sector = []
    for row in (
        requests.values("sector__name", "sector__name_en")
        .annotate(**counts)
        .order_by("sector__position", "sector__name")
    ):
        name = row["sector__name_en"] if english and row["sector__name_en"] else row["sector__name"]
        by_sector.append([name, *(row[status.value] for status in VS)])
    return [
        Block(
            line_of_work=LineOfWork.VISITS,
            title=_("Visitas de expertos a México"),
            note=_(
                "%(total)s solicitudes, %(confirmed)s visitas confirmadas y %(done)s realizadas."
            )
            % {
                "total": sum(by_status.values()),
                "confirmed": by_status.get(VS.CONFIRMED.value, 0),
                "done": by_status.get(VS.COMPLETED.value, 0),
            },
            tables=[
                Table(
                    _("Por estado"),
                    [_("Estado"), _("Solicitudes")],
                    [
                        [status.label, by_status[status.value]]
                        for status in VS
                        if status.value in by_status
                    ],
                ),
                Table(
                    _("Por sector"),
                    [_("Sector"), *(str(status.label) for status in VS)],
                    by_sector,
                ),
            ],
            url=reverse("projects:visit_list"),
        )
    ]
