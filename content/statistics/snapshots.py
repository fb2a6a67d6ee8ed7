"""Quarterly open-data snapshots: the public figures as of a quarter's last day, withheld cells
and all, written once as CSV and JSON and never again (content.DataSnapshot), and their DCAT
description in JSON-LD for catalogues such as datos.gob.mx.

The files are built from the figures' computations with `until` at the end of the quarter, so a
snapshot published late still describes its quarter; they are kept byte for byte, with their
SHA-256, so that a change of code never changes what was published.
"""

import csv
import hashlib
import io
import json
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redtalentos.lib import statistics

from ..models import DataSnapshot
from .refresh import compute

LICENCE_URL = "https://www.datos.gob.mx/libreusomx"
PUBLISHER = "Instituto de los Mexicanos en el Exterior (IME)"
NOTES = {statistics.SHOWN: "", statistics.BELOW: "menos_de_5", statistics.RESERVED: "reservada"}
CSV_COLUMNS = ["cifra", "categoria", "nombre_es", "nombre_en", "valor", "nota"]


class SnapshotRefused(Exception):
    """The quarter is not over yet, or its snapshot was already published."""


def quarter(day):
    """(period, first day, last day) of the quarter holding `day`."""
    index = (day.month - 1) // 3
    starts = date(day.year, 3 * index + 1, 1)
    following = date(day.year + (index == 3), (3 * index + 3) % 12 + 1, 1)
    return f"{day.year}-T{index + 1}", starts, following - timedelta(days=1)


def previous_quarter(today=None):
    today = today or timezone.localdate()
    _period, starts, _ends = quarter(today)
    return quarter(starts - timedelta(days=1))


def parse_period(period):
    """(period, first day, last day) of "2026-T3"; ValueError for anything else."""
    year, _sep, number = period.partition("-T")
    if not (year.isdigit() and len(year) == 4 and number in {"1", "2", "3", "4"}):
        raise ValueError(period)
    return quarter(date(int(year), 3 * int(number) - 2, 1))


def _end_of(day):
    """The first moment after `day` in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _document(period, starts, ends, published_at):
    """The snapshot's contents: every public figure as of the end of the quarter."""
    figures = []
    for figure in statistics.figures(statistics.PUBLIC):
        result = compute(figure, _end_of(ends))
        with translation.override("es"):
            title_es, unit_es = str(figure.title), str(figure.unit)
        with translation.override("en"):
            title_en, unit_en = str(figure.title), str(figure.unit)
        withheld = result.total_marking or not figure.summable
        figures.append(
            {
                "cifra": figure.key,
                "titulo_es": title_es,
                "titulo_en": title_en,
                "unidad_es": unit_es,
                "unidad_en": unit_en,
                "total": None if withheld else _number(result.total),
                "nota_total": NOTES[result.total_marking],
                "filas": [
                    {
                        "categoria": key,
                        "nombre_es": label,
                        "nombre_en": label_en,
                        "valor": None if marking else _number(value),
                        "nota": NOTES[marking],
                    }
                    for key, label, label_en, value, marking in result.cells
                ],
            }
        )
    return {
        "periodo": period,
        "inicio": starts.isoformat(),
        "fin": ends.isoformat(),
        "publicado": published_at.isoformat(timespec="seconds"),
        "editor": PUBLISHER,
        "licencia": LICENCE_URL,
        "umbral": statistics.THRESHOLD,
        "cifras": figures,
    }


def _number(value):
    return int(value) if value == value.to_integral_value() else float(value)


def _csv(document):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for figure in document["cifras"]:
        for row in figure["filas"]:
            writer.writerow(
                [
                    figure["cifra"],
                    row["categoria"],
                    row["nombre_es"],
                    row["nombre_en"],
                    "" if row["valor"] is None else row["valor"],
                    row["nota"],
                ]
            )
        total = figure["total"]
        writer.writerow(
            [figure["cifra"], "total", "Total", "Total", "" if total is None else total,
             figure["nota_total"]]
        )  # fmt: skip
    return out.getvalue()


def publish(period=None, *, now=None):
    """Publishes the snapshot of `period` ("2026-T3"; by default the quarter that last ended).
    Refuses a quarter not yet over and one already published."""
    now = now or timezone.now()
    if period is None:
        period, starts, ends = previous_quarter(timezone.localdate(now))
    else:
        period, starts, ends = parse_period(period)
    if ends >= timezone.localdate(now):
        raise SnapshotRefused(_("El trimestre %(period)s aún no termina.") % {"period": period})
    if DataSnapshot.objects.filter(period=period).exists():
        raise SnapshotRefused(_("El trimestre %(period)s ya está publicado.") % {"period": period})
    document = _document(period, starts, ends, now)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    table = _csv(document)
    try:
        with transaction.atomic():
            return DataSnapshot.objects.create(
                period=period,
                starts_on=starts,
                ends_on=ends,
                published_at=now,
                csv=table,
                json=text,
                csv_sha256=hashlib.sha256(table.encode()).hexdigest(),
                json_sha256=hashlib.sha256(text.encode()).hexdigest(),
            )
    except IntegrityError:  # published by someone else meanwhile
        raise SnapshotRefused(
            _("El trimestre %(period)s ya está publicado.") % {"period": period}
        ) from None


# DCAT (W3C Data Catalog Vocabulary) in JSON-LD.
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _both(spanish, english):
    return [{"@language": "es", "@value": spanish}, {"@language": "en", "@value": english}]


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _distribution(snapshot, kind, media_type, size, digest):
    with translation.override("es"):
        url = reverse("content:snapshot_file", args=[snapshot.period, kind])
    return {
        "@type": "dcat:Distribution",
        "dct:format": kind.upper(),
        "dcat:mediaType": media_type,
        "dcat:downloadURL": {"@id": _absolute(url)},
        "dcat:byteSize": {"@type": "xsd:nonNegativeInteger", "@value": size},
        "dct:license": {"@id": LICENCE_URL},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
            "spdx:checksumValue": digest,
        },
    }


def dataset(snapshot):
    """The DCAT dataset of one snapshot (read with DataSnapshot.objects.described())."""
    with translation.override("es"):
        page = reverse("content:snapshot_detail", args=[snapshot.period])
    return {
        "@type": "dcat:Dataset",
        "@id": _absolute(page),
        "dct:identifier": f"redtalentos-estadisticas-{snapshot.period}",
        "dct:title": _both(
            f"Estadísticas de la Red de Talentos Mexicanos, {snapshot.period}",
            f"Red de Talentos Mexicanos statistics, {snapshot.period}",
        ),
        "dct:description": _both(
            "Miembros de la red por país de residencia, estado de origen, sector, capítulo y "
            "mes de registro, y las cifras de proyectos, estancias, mentorías y Jornadas, al "
            "cierre del trimestre. Las celdas con menos de 5 personas, y las que permitirían "
            "deducirlas del total, no se publican.",
            "Members of the network by country of residence, Mexican state of origin, sector, "
            "chapter and month of registration, and the figures of projects, placements, "
            "mentoring and the Jornadas, at the end of the quarter. Cells of fewer than 5 "
            "people, and those from which such a cell could be derived, are withheld.",
        ),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": PUBLISHER},
        "dct:issued": {
            "@type": "xsd:dateTime",
            "@value": snapshot.published_at.isoformat(timespec="seconds"),
        },
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@type": "xsd:date", "@value": snapshot.starts_on.isoformat()},
            "dcat:endDate": {"@type": "xsd:date", "@value": snapshot.ends_on.isoformat()},
        },
        "dct:accrualPeriodicity": {"@id": "http://purl.org/cld/freq/quarterly"},
        "dct:license": {"@id": LICENCE_URL},
        "dct:language": ["es", "en"],
        "dcat:keyword": ["diáspora", "talento", "México", "estadísticas", "diaspora"],
        "dcat:landingPage": {"@id": _absolute(page)},
        "dcat:distribution": [
            _distribution(snapshot, "csv", "text/csv", snapshot.csv_size, snapshot.csv_sha256),
            _distribution(
                snapshot, "json", "application/json", snapshot.json_size, snapshot.json_sha256
            ),
        ],
    }


def catalog(snapshots):
    """The DCAT catalogue of every snapshot published, newest first."""
    with translation.override("es"):
        page = reverse("content:open_data")
    return {
        "@context": CONTEXT,
        "@type": "dcat:Catalog",
        "@id": _absolute(page),
        "dct:title": _both(
            "Datos abiertos de la Red de Talentos Mexicanos", "Red de Talentos Mexicanos open data"
        ),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": PUBLISHER},
        "dct:license": {"@id": LICENCE_URL},
        "dcat:dataset": [dataset(snapshot) for snapshot in snapshots],
    }


def as_json_ld(document):
    """`document` as JSON safe inside a <script> element (no "<" can close it)."""
    return json.dumps(document, ensure_ascii=False, indent=1).replace("<", "\\u003c")
