"""The figures of the mentoring for the PNCS work programme's mentoring line (registered in
pncs.figures): relationships active and completed, and the hours mentors recorded in the
check-ins, by the request's sector and by the mentor's country, in two aggregate queries
whatever the number of rows. The public statistics should call `mentoring_figures(None)` too.

Hours count in every relationship that was under way, also one cancelled later: they were
given. Proposals never started hold no check-ins and count nowhere.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from pncs.figures import Block, Table
from pncs.models import LineOfWork

from .models import Mentorship, MentorshipStatus

MS = MentorshipStatus
UNDER_WAY_ONCE = (MS.ACTIVE, MS.COMPLETED, MS.CANCELLED)


@dataclass
class MentoringFigures:
    active: int = 0
    completed: int = 0
    hours: Decimal = Decimal(0)
    by_sector: list = field(default_factory=list)  # (sector name, active, completed, hours)
    by_country: list = field(default_factory=list)  # (country name, active, completed, hours)


def _hours(value):
    """3.5 → "3.5", 4.0 → "4"."""
    value = (value or Decimal(0)).normalize()
    return f"{value:f}"


def _counts():
    return {
        "active": Count("pk", filter=Q(status=MS.ACTIVE), distinct=True),
        "completed": Count("pk", filter=Q(status=MS.COMPLETED), distinct=True),
        "hours": Sum("check_ins__hours"),
    }


def mentoring_figures(sector_ids=None):
    """MentoringFigures for the requests of `sector_ids` (None: all sectors)."""
    english = (get_language() or "").startswith("en")
    mentorships = Mentorship.objects.filter(status__in=UNDER_WAY_ONCE, started_on__isnull=False)
    if sector_ids is not None:
        mentorships = mentorships.filter(request__sector_id__in=list(sector_ids))
    by_sector = (
        mentorships.values("request__sector__name", "request__sector__name_en")
        .annotate(**_counts())
        .order_by("request__sector__position", "request__sector__name")
    )
    by_country = (
        mentorships.values("mentor__country").annotate(**_counts()).order_by("mentor__country")
    )
    figures = MentoringFigures()
    for row in by_sector:
        if not (row["active"] or row["completed"] or row["hours"]):
            continue
        name = row["request__sector__name"]
        if english and row["request__sector__name_en"]:
            name = row["request__sector__name_en"]
        figures.by_sector.append((name, row["active"], row["completed"], _hours(row["hours"])))
        figures.active += row["active"]
        figures.completed += row["completed"]
        figures.hours += row["hours"] or 0
    for row in by_country:
        if not (row["active"] or row["completed"] or row["hours"]):
            continue
        code = row["mentor__country"]
        place = (countries.name(code) or code) if code else _("Sin país indicado")
        figures.by_country.append((place, row["active"], row["completed"], _hours(row["hours"])))
    figures.by_country.sort(key=lambda row: str(row[0]))
    return figures


def programme_blocks(sector_ids):
    """pncs.figures source: one block for the work programme's mentoring line, none while no
    relationship of the viewer's sectors has started."""
    figures = mentoring_figures(sector_ids)
    if not (figures.by_sector or figures.by_country):
        return []
    columns = [_("Activas"), _("Concluidas"), _("Horas registradas")]
    return [
        Block(
            line_of_work=LineOfWork.MENTORING,
            title=_("Mentorías"),
            note=_(
                "Mentorías activas: %(active)s · concluidas: %(completed)s · horas registradas "
                "en los seguimientos: %(hours)s."
            )
            % {
                "active": figures.active,
                "completed": figures.completed,
                "hours": _hours(figures.hours),
            },
            tables=[
                Table(_("Por sector"), [_("Sector"), *columns], figures.by_sector),
                Table(_("Por país del mentor(a)"), [_("País"), *columns], figures.by_country),
            ],
        )
    ]
