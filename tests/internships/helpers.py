"""Small builders of cycles, postings and applications for the internships tests."""

import datetime
import itertools

from django.utils import timezone

from internships.models import Application, Cycle, Posting, PostingStatus
from pncs.models import Sector

_numbers = itertools.count(1)


def make_cycle(*, applications_open_in_days=-5, **fields):
    """A cycle whose applications opened `applications_open_in_days` from today (negative: ago)
    and close 30 days later; postings opened 20 days before, placements start after the offers."""
    number = next(_numbers)
    opens = timezone.localdate() + datetime.timedelta(days=applications_open_in_days)
    day = datetime.timedelta(days=1)
    defaults = {
        "name": f"Ciclo de prueba {number}",
        "slug": f"ciclo-{number}",
        "postings_open": opens - 20 * day,
        "applications_open": opens,
        "applications_close": opens + 30 * day,
        "selection_on": opens + 40 * day,
        "offers_until": opens + 55 * day,
        "placement_start": opens + 70 * day,
        "placement_end": opens + 140 * day,
    }
    defaults.update(fields)
    return Cycle.objects.create(**defaults)


def make_posting(
    cycle, host, *, sectors=("tic",), status=PostingStatus.APPROVED, skills=(), **fields
):
    number = next(_numbers)
    defaults = {
        "title": f"Pasantía de prueba {number}",
        "slug": f"pasantia-{number}",
        "organisation": "Universidad de Prueba",
        "city": "Houston",
        "country": "US",
        "duration_weeks": 10,
        "seats": 1,
        "description": "Trabajo en el laboratorio.",
        "learning_outcomes": "Métodos de análisis de datos.",
        "status": status,
    }
    if status == PostingStatus.APPROVED:
        defaults["published_at"] = timezone.now() - datetime.timedelta(minutes=number)
    defaults.update(fields)
    posting = Posting.objects.create(cycle=cycle, host=host, **defaults)
    posting.sectors.set(Sector.objects.filter(slug__in=sectors))
    if skills:
        posting.skills.set(skills)
    return posting


def make_application(posting, student, *, rank=1, status=Application.Status.SUBMITTED, **fields):
    defaults = {
        "motivation": "Quiero aprender.",
        "university": "UNAM",
        "programme": "Ingeniería",
        "semester": 7,
        "languages": ["es", "en"],
        "status": status,
    }
    if status != Application.Status.DRAFT:
        defaults["submitted_at"] = timezone.now()
    defaults.update(fields)
    return Application.objects.create(
        cycle=posting.cycle, posting=posting, student=student, rank=rank, **defaults
    )
