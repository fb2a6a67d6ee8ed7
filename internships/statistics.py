"""The internships' figures for the public statistics (redtalentos.lib.statistics): the
internships offered (postings published) and the placements (the cancelled left out), by cycle,
one aggregate query each."""

from django.db.models import Count
from django.utils.translation import gettext_lazy

from redtalentos.lib import statistics
from redtalentos.lib.statistics import Row

from .models import Cycle, Placement, Posting


def placements_by_cycle(until):
    rows = (
        Placement.objects.counted()
        .filter(created_at__lt=until)
        .values("application__cycle_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [Row(str(row["application__cycle_id"]), row["n"]) for row in rows]


def postings_by_cycle(until):
    rows = (
        Posting.objects.published()
        .filter(published_at__lt=until)
        .values("cycle_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [Row(str(row["cycle_id"]), row["n"]) for row in rows]


def cycle_labels(keys):
    names = dict(Cycle.objects.filter(pk__in=keys).values_list("pk", "name"))
    return {key: names.get(int(key), key) for key in keys}


def register():
    statistics.register(
        statistics.Figure(
            key="postings_by_cycle",
            title=gettext_lazy("Pasantías ofrecidas por ciclo"),
            unit=gettext_lazy("pasantías"),
            compute=postings_by_cycle,
            labels=cycle_labels,
            order=115,
        )
    )
    statistics.register(
        statistics.Figure(
            key="placements_by_cycle",
            title=gettext_lazy("Estancias y pasantías por ciclo"),
            unit=gettext_lazy("estancias"),
            compute=placements_by_cycle,
            labels=cycle_labels,
            order=120,
        )
    )
