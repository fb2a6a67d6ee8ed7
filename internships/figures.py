"""The figures of the internship cycles: postings published, applications sent and placements
(not cancelled) per cycle, by sector and by country, in two aggregate queries whatever the number
of rows. The PNCS work programme shows them for the viewer's sectors (registered in
pncs.figures); the public statistics should call `cycle_figures(None)` too.

A posting of several sectors counts in each of them; by country it counts once.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from pncs.figures import Block, Table
from pncs.models import LineOfWork

from .models import ApplicationStatus, PlacementStatus, Posting, PostingStatus

COUNTED_POSTINGS = (PostingStatus.APPROVED, PostingStatus.CLOSED)


@dataclass
class CycleFigures:
    name: str
    slug: str
    postings: int = 0
    applications: int = 0
    placements: int = 0
    by_sector: list = field(
        default_factory=list
    )  # (sector name, postings, applications, placements)
    by_country: list = field(
        default_factory=list
    )  # (country name, postings, applications, placements)


def _counts(prefix=""):
    applications = f"{prefix}applications"
    return {
        "postings": Count(f"{prefix}pk" if prefix else "pk", distinct=True),
        "sent": Count(
            applications,
            filter=~Q(**{f"{applications}__status": ApplicationStatus.DRAFT}),
            distinct=True,
        ),
        "placed": Count(
            f"{applications}__placement",
            filter=Q(**{f"{applications}__placement__isnull": False})
            & ~Q(**{f"{applications}__placement__status": PlacementStatus.CANCELLED}),
            distinct=True,
        ),
    }


def cycle_figures(sector_ids=None):
    """[CycleFigures], latest cycle first, for the postings of `sector_ids` (None: all)."""
    english = (get_language() or "").startswith("en")
    postings = Posting.objects.filter(status__in=COUNTED_POSTINGS)
    links = Posting.sectors.through.objects.filter(posting__status__in=COUNTED_POSTINGS)
    if sector_ids is not None:
        sector_ids = list(sector_ids)
        links = links.filter(sector_id__in=sector_ids)
        postings = postings.filter(pk__in=links.values("posting_id"))
    cycle_fields = ("cycle__name", "cycle__name_en", "cycle__slug", "cycle__placement_start")
    by_sector = (
        links.values(
            *(f"posting__{name}" for name in cycle_fields), "sector__name", "sector__name_en"
        )
        .annotate(**_counts("posting__"))
        .order_by("-posting__cycle__placement_start", "posting__cycle__slug", "sector__position")
    )
    by_country = (
        postings.values(*cycle_fields, "country")
        .annotate(**_counts())
        .order_by("-cycle__placement_start", "cycle__slug", "country")
    )
    cycles = {}

    def cycle_of(row, prefix):
        slug = row[f"{prefix}cycle__slug"]
        if slug not in cycles:
            name = row[f"{prefix}cycle__name"]
            if english and row[f"{prefix}cycle__name_en"]:
                name = row[f"{prefix}cycle__name_en"]
            cycles[slug] = CycleFigures(name=name, slug=slug)
        return cycles[slug]

    for row in by_sector:
        name = row["sector__name_en"] if english and row["sector__name_en"] else row["sector__name"]
        cycle_of(row, "posting__").by_sector.append(
            (name, row["postings"], row["sent"], row["placed"])
        )
    for row in by_country:
        figures = cycle_of(row, "")
        if row["country"]:
            place = countries.name(row["country"]) or row["country"]
        else:
            place = _("A distancia")
        figures.by_country.append((place, row["postings"], row["sent"], row["placed"]))
        figures.postings += row["postings"]
        figures.applications += row["sent"]
        figures.placements += row["placed"]
    return list(cycles.values())


def programme_blocks(sector_ids):
    """pncs.figures source: one block per cycle for the work programme's internship line."""
    columns = [_("Plazas publicadas"), _("Postulaciones"), _("Estancias")]
    blocks = []
    for figures in cycle_figures(sector_ids):
        blocks.append(
            Block(
                line_of_work=LineOfWork.INTERNSHIPS,
                title=_("Pasantías, ciclo %(cycle)s") % {"cycle": figures.name},
                note=_(
                    "%(postings)s plazas publicadas, %(applications)s postulaciones enviadas, "
                    "%(placements)s estancias."
                )
                % {
                    "postings": figures.postings,
                    "applications": figures.applications,
                    "placements": figures.placements,
                },
                tables=[
                    Table(_("Por sector"), [_("Sector"), *columns], figures.by_sector),
                    Table(_("Por país"), [_("País"), *columns], figures.by_country),
                ],
            )
        )
    return blocks
