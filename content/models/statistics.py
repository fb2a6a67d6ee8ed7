"""The network's statistics as published: the latest figures (recomputed by `refresh_statistics`,
never per page view, because counting a million profiles five ways takes seconds and the figures
need not be fresher than an hour) and the quarterly open-data snapshots, which never change once
published (a database trigger refuses every update and deletion, migration 0003)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from redtalentos.lib import statistics


class Marking(models.TextChoices):
    SHOWN = statistics.SHOWN, _("Se muestra")
    BELOW = statistics.BELOW, _("menos de 5")
    RESERVED = statistics.RESERVED, _("reservada")


class FigureTable(models.Model):
    """One registered figure (redtalentos.lib.statistics) as last computed: its total and how the
    public pages show that total."""

    key = models.CharField(_("cifra"), max_length=60, unique=True)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    total_marking = models.CharField(
        _("total publicado"), max_length=8, choices=Marking.choices, blank=True
    )
    computed_at = models.DateTimeField(_("calculada el"))

    class Meta:
        verbose_name = _("cifra publicada")
        verbose_name_plural = _("cifras publicadas")
        ordering = ["key"]

    def __str__(self):
        return self.key


class FigureCell(models.Model):
    table = models.ForeignKey(FigureTable, on_delete=models.CASCADE, related_name="cells")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=120, blank=True)
    label = models.CharField(_("categoría"), max_length=200)
    label_en = models.CharField(_("categoría en inglés"), max_length=200)
    value = models.DecimalField(_("valor"), max_digits=14, decimal_places=2)
    marking = models.CharField(
        _("valor publicado"), max_length=8, choices=Marking.choices, blank=True
    )

    class Meta:
        verbose_name = _("celda")
        verbose_name_plural = _("celdas")
        ordering = ["table", "position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "position"], name="content_cell_position")
        ]

    def __str__(self):
        return f"{self.label}: {self.value}"

    @property
    def name(self):
        return self.label_en if (get_language() or "").startswith("en") else self.label


class DataSnapshotQuerySet(models.QuerySet):
    def described(self):
        """Without the files' text, with their sizes in bytes (`csv_size`, `json_size`): what the
        pages and the DCAT description need, computed by the database."""
        return self.defer("csv", "json").annotate(
            csv_size=models.Func("csv", function="octet_length"),
            json_size=models.Func("json", function="octet_length"),
        )


class DataSnapshot(models.Model):
    """The public figures of one quarter, frozen: the CSV and JSON files exactly as published
    (their SHA-256 in the DCAT description), downloadable for ever."""

    period = models.CharField(_("periodo"), max_length=7, unique=True)  # "2026-T3"
    starts_on = models.DateField(_("inicio del periodo"))
    ends_on = models.DateField(_("fin del periodo"))
    published_at = models.DateTimeField(_("publicada el"))
    csv = models.TextField(editable=False)
    json = models.TextField(editable=False)
    csv_sha256 = models.CharField(max_length=64, editable=False)
    json_sha256 = models.CharField(max_length=64, editable=False)

    objects = DataSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("instantánea de datos abiertos")
        verbose_name_plural = _("instantáneas de datos abiertos")
        ordering = ["-ends_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period__regex=r"^[0-9]{4}-T[1-4]$"),
                name="content_snapshot_period_format",
            )
        ]

    def __str__(self):
        return self.period
