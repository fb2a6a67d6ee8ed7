"""Demo internships, last year's cycle "Verano 2026", over: six postings, students' applications,
an approved matching run, placements and both sides' evaluations. Part of internships.demo."""

import datetime

from django.utils import timezone

from members.models import AccountType, User
from redtalentos.lib.workflows import record

from .models import (
    Application,
    ApplicationStatus,
    Cycle,
    Evaluation,
    MatchingRun,
    MatchingStatus,
    Placement,
    PlacementStatus,
    PostingStatus,
)
from .placements import move_placement
from .postings_demo import DEMO_CYCLE_DESCRIPTION, POSTINGS, _hosts, _posting

PAST_CYCLE = {"slug": "verano-2026", "name": "Verano 2026", "name_en": "Summer 2026"}
# (name, placement outcome, student's rating, host's rating, student's comment, host's comment);
# an outcome of None: an application not selected.
PAST_STUDENTS = [
    (
        "Mariana Ruiz Pérez",
        PlacementStatus.COMPLETED,
        5,
        5,
        "Aprendí muchísimo del equipo.",
        "Muy comprometida; la recomendamos.",
    ),
    (
        "Diego Hernández Soto",
        PlacementStatus.COMPLETED,
        4,
        4,
        "Buen proyecto, poco tiempo.",
        "Buen trabajo técnico.",
    ),
    (
        "Fernanda López Díaz",
        PlacementStatus.COMPLETED,
        5,
        4,
        "",
        "Aportó ideas nuevas al laboratorio.",
    ),
    (
        "Jorge Ramírez Vega",
        PlacementStatus.COMPLETED,
        3,
        4,
        "La vivienda fue difícil de encontrar.",
        "",
    ),
    ("Valeria Castillo Mora", PlacementStatus.PLANNED, None, None, "", ""),
    ("Andrés Morales Cruz", PlacementStatus.CANCELLED, None, None, "", ""),
    ("Lucía Flores Ortega", None, None, None, "", ""),
    ("Ricardo Gómez Navarro", None, None, None, "", ""),
]


def _past_cycle(today, *, created_by):
    day = datetime.timedelta(days=1)
    return Cycle.objects.get_or_create(
        slug=PAST_CYCLE["slug"],
        defaults={
            "name": PAST_CYCLE["name"],
            "name_en": PAST_CYCLE["name_en"],
            "description": DEMO_CYCLE_DESCRIPTION,
            "postings_open": today - 330 * day,
            "applications_open": today - 310 * day,
            "applications_close": today - 270 * day,
            "selection_on": today - 260 * day,
            "offers_until": today - 245 * day,
            "placement_start": today - 200 * day,
            "placement_end": today - 116 * day,
            "created_by": created_by,
        },
    )


def _student(number, name):
    user, _created = User.objects.get_or_create(
        email=f"pasante{number}@redtalentos.example",
        defaults={"full_name": name, "account_type": AccountType.STUDENT},
    )
    return user


def seed_past_cycle(rng, *, reviewer, ime):
    """Last year's cycle, over: its postings, applications, matching and placements."""
    counts = {"cycles": 0, "postings": 0, "placements": 0, "certificates": 0}
    today = timezone.localdate()
    cycle, created = _past_cycle(today, created_by=ime)
    counts["cycles"] += created
    if cycle.postings.exists():
        return counts
    hosts = _hosts(6)
    if not hosts:
        return counts
    postings = []
    for number, row in enumerate(POSTINGS[:6]):
        title, organisation, city, country, remote, sectors, languages, skills = row[:8]
        posting = _posting(
            cycle,
            hosts[number % len(hosts)],
            slug=f"demo-2026-{number + 1:02d}",
            title=title,
            organisation=organisation,
            sectors=sectors,
            skills=skills,
            status=PostingStatus.APPROVED,
            reviewer=reviewer if "tic" in sectors else ime,
            city=city,
            country=country,
            remote=remote,
            languages=languages,
            duration_weeks=12,
            seats=1,
        )
        posting.move_to(PostingStatus.CLOSED, actor=posting.host.user)
        postings.append(posting)
        counts["postings"] += 1
    sent = timezone.now() - datetime.timedelta(days=280)
    pairs = []
    inputs = {
        "students": {},
        "seats": {str(posting.pk): posting.seats for posting in postings},
        "host_ranks": {},
        "tiebreak": {},
        "applications": {},
        "unmatched": [],
    }
    for number, (name, outcome, student_rating, host_rating, said, heard) in enumerate(
        PAST_STUDENTS, start=1
    ):
        student = _student(number, name)
        posting = postings[(number - 1) % len(postings)]
        status = ApplicationStatus.ACCEPTED if outcome else ApplicationStatus.NOT_SELECTED
        if outcome == PlacementStatus.CANCELLED:
            status = ApplicationStatus.WITHDRAWN
        application = Application.objects.create(
            cycle=cycle,
            posting=posting,
            student=student,
            rank=None if status == ApplicationStatus.WITHDRAWN else 1,
            status=status,
            motivation="Quiero aplicar lo que estudio en un equipo internacional.",
            university=rng.choice(["UNAM", "IPN", "Tecnológico de Monterrey", "UdeG"]),
            programme=rng.choice(["Ingeniería en Computación", "Biología", "Física"]),
            semester=rng.randint(6, 9),
            languages=["es", "en"],
            submitted_at=sent,
            decided_at=sent,
        )
        key = f"{student.pk}:{posting.pk}"
        inputs["students"][str(student.pk)] = [str(posting.pk)]
        inputs["tiebreak"][str(student.pk)] = [sent.isoformat(), student.pk]
        inputs["applications"][key] = application.pk
        if outcome is None:
            inputs["unmatched"].append(str(student.pk))
            continue
        pairs.append(
            {"student": str(student.pk), "posting": str(posting.pk), "application": application.pk}
        )
        placement = Placement.objects.create(
            application=application,
            starts_on=cycle.placement_start,
            ends_on=cycle.placement_end,
            status=PlacementStatus.CANCELLED
            if outcome == PlacementStatus.CANCELLED
            else PlacementStatus.PLANNED,
        )
        record(placement, "", actor=student, at=sent)
        counts["placements"] += 1
        if outcome != PlacementStatus.COMPLETED:
            continue
        for side, author, rating, comment in [
            (Evaluation.Author.STUDENT, student, student_rating, said),
            (Evaluation.Author.HOST, posting.host.user, host_rating, heard),
        ]:
            Evaluation.objects.create(
                placement=placement, author_role=side, author=author, rating=rating, comment=comment
            )
        move_placement(placement=placement, status=PlacementStatus.COMPLETED, actor=ime)
        counts["certificates"] += 1
    MatchingRun.objects.create(
        cycle=cycle,
        run_by=ime,
        approved_by=ime,
        approved_at=timezone.now() - datetime.timedelta(days=255),
        status=MatchingStatus.APPROVED,
        inputs={key: value for key, value in inputs.items() if key != "unmatched"},
        result={"pairs": pairs, "unmatched": inputs["unmatched"]},
    )
    return counts
