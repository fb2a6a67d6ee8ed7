"""Demo data for the internships (called by the seed_demo command): the cycle "Verano 2027",
open for applications whenever the demo is seeded (its dates count from that day), with twelve
postings published by demo members across sectors and countries, reviewed by the demo PNCS or
IME, plus the demo member's own postings in each state of the review (published, returned with a
comment, draft, waiting for the demo PNCS). Goes through Posting.move_to, so that each posting
has its history; no email is sent. Besides, last year's cycle "Verano 2026", over: six postings,
students' applications, an approved matching run and placements (four completed by IME with both
sides' evaluations and the certificate of completion, one over and waiting for IME, one
cancelled). Running it twice changes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from members.models import AccountType, Member, User
from members.profiles import skills_for_names
from pncs.models import Sector

from .models import (
    Application,
    ApplicationStatus,
    Cycle,
    Evaluation,
    MatchingRun,
    MatchingStatus,
    Placement,
    PlacementStatus,
    Posting,
    PostingStatus,
)
from .placements import move_placement

DEMO_MEMBER_EMAIL = "demo@redtalentos.example"
DEMO_CYCLE = {"slug": "verano-2027", "name": "Verano 2027", "name_en": "Summer 2027"}
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
DEMO_CYCLE_DESCRIPTION = (
    "Estancias de verano de ocho a doce semanas en empresas y universidades de miembros de la "
    "red. Pueden postularse estudiantes de licenciatura y posgrado inscritos en una institución "
    "mexicana."
)

# (title, organisation, city, country, remote, sectors, languages, skills, weeks, seats,
#  stipend, lodging, visa letter)
POSTINGS = [
    (
        "Visión por computadora para robots de almacén",
        "Robotix Labs",
        "San José",
        "US",
        False,
        ["tic"],
        ["en", "es"],
        "Python, visión por computadora, ROS",
        12,
        2,
        True,
        False,
        True,
    ),
    (
        "Análisis de datos de ensayos clínicos",
        "Houston Methodist Research Institute",
        "Houston",
        "US",
        False,
        ["salud"],
        ["en"],
        "R, estadística, bioética",
        10,
        1,
        True,
        True,
        True,
    ),
    (
        "Sensores de humedad para riego de precisión",
        "Universidad de Wageningen",
        "Wageningen",
        "NL",
        False,
        ["alimentos-agricultura-biotecnologia"],
        ["en"],
        "Electrónica, agronomía",
        12,
        2,
        True,
        True,
        True,
    ),
    (
        "Síntesis de nanopartículas para catálisis",
        "Instituto Max Planck de Coloides",
        "Potsdam",
        "DE",
        False,
        ["nanotecnologia-nuevos-materiales"],
        ["en", "de"],
        "Química, microscopía",
        10,
        1,
        True,
        False,
        True,
    ),
    (
        "Modelos de almacenamiento de hidrógeno",
        "Energy Transition Lab",
        "Calgary",
        "CA",
        False,
        ["hidrocarburos-energias-alternativas"],
        ["en"],
        "Termodinámica, MATLAB",
        8,
        1,
        True,
        False,
        True,
    ),
    (
        "Inventario de emisiones de ciudades medianas",
        "Climate Data Collective",
        "",
        "",
        True,
        ["medio-ambiente-cambio-climatico"],
        ["es", "en"],
        "SIG, Python, inventarios de GEI",
        10,
        3,
        False,
        False,
        False,
    ),
    (
        "Pruebas de baterías para vehículos eléctricos",
        "Detroit Battery Center",
        "Detroit",
        "US",
        False,
        ["automotriz"],
        ["en"],
        "Electroquímica, LabVIEW",
        12,
        2,
        True,
        True,
        True,
    ),
    (
        "Mantenimiento predictivo de turbinas",
        "AeroMontréal Engineering",
        "Montreal",
        "CA",
        False,
        ["transporte-aeronautica"],
        ["fr", "en"],
        "Aprendizaje automático, mecánica",
        12,
        1,
        True,
        False,
        True,
    ),
    (
        "Evaluación de proyectos de cooperación",
        "Agencia de Desarrollo Local",
        "Madrid",
        "ES",
        False,
        ["cooperacion-internacional"],
        ["es"],
        "Evaluación de políticas, Stata",
        8,
        1,
        False,
        True,
        False,
    ),
    (
        "Desarrollo web accesible para salud pública",
        "OpenHealth",
        "",
        "",
        True,
        ["tic", "salud"],
        ["es", "en"],
        "Django, accesibilidad web",
        10,
        2,
        True,
        False,
        False,
    ),
    (
        "Genómica de cultivos resistentes a la sequía",
        "Universidad de California, Davis",
        "Davis",
        "US",
        False,
        ["alimentos-agricultura-biotecnologia"],
        ["en", "es"],
        "Bioinformática, R",
        12,
        1,
        True,
        True,
        True,
    ),
    (
        "Logística ferroviaria con optimización",
        "Rail Systems Institute",
        "Toronto",
        "CA",
        False,
        ["transporte-aeronautica", "tic"],
        ["en"],
        "Investigación de operaciones, Python",
        10,
        1,
        True,
        False,
        True,
    ),
]

OWN_POSTINGS = [
    # (title, status, review comment)
    ("Ciencia de datos para bibliotecas digitales", PostingStatus.APPROVED, ""),
    (
        "Apoyo en laboratorio de materiales",
        PostingStatus.RETURNED,
        "Indica el horario y si el laboratorio pide un seguro médico a la persona pasante.",
    ),
    ("Investigación en interfaces de voz", PostingStatus.DRAFT, ""),
    ("Plataforma de tutorías en línea", PostingStatus.SUBMITTED, ""),
]


def _cycle(today, *, created_by):
    day = datetime.timedelta(days=1)
    cycle, created = Cycle.objects.get_or_create(
        slug=DEMO_CYCLE["slug"],
        defaults={
            "name": DEMO_CYCLE["name"],
            "name_en": DEMO_CYCLE["name_en"],
            "description": DEMO_CYCLE_DESCRIPTION,
            "postings_open": today - 30 * day,
            "applications_open": today - 10 * day,
            "applications_close": today + 40 * day,
            "selection_on": today + 50 * day,
            "offers_until": today + 65 * day,
            "placement_start": today + 90 * day,
            "placement_end": today + 174 * day,
            "created_by": created_by,
        },
    )
    return cycle, created


def _hosts(count):
    """Members abroad who may host, the demo member left out (they get their own postings)."""
    return list(
        Member.objects.filter(user__is_active=True)
        .exclude(user__email=DEMO_MEMBER_EMAIL)
        .select_related("user")
        .order_by("pk")[:count]
    )


def _posting(
    cycle,
    host,
    *,
    slug,
    title,
    organisation,
    sectors,
    skills,
    status,
    reviewer,
    comment="",
    **fields,
):
    posting = Posting.objects.create(
        cycle=cycle,
        host=host,
        title=title,
        slug=slug,
        organisation=organisation,
        description=(
            f"Te integrarás al equipo de {organisation} en un proyecto real de «{title.lower()}», "
            "con una persona mentora de la red que te acompaña cada semana."
        ),
        learning_outcomes=(
            "Métodos y herramientas del área, trabajo en un equipo internacional y la redacción de "
            "un informe final que presentarás al equipo."
        ),
        language="es-mx",
        **fields,
    )
    posting.sectors.set(Sector.objects.filter(slug__in=sectors))
    posting.skills.set(skills_for_names([name.strip() for name in skills.split(",")]))
    if status != PostingStatus.DRAFT:
        posting.move_to(PostingStatus.SUBMITTED, actor=host.user)
        if status in (PostingStatus.APPROVED, PostingStatus.RETURNED):
            posting.move_to(status, actor=reviewer, comment=comment)
    return posting


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
        placement.status_changes.create(
            actor=student, from_status="", to_status=placement.status, created_at=sent
        )
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


@transaction.atomic
def seed_internships(rng, *, reviewer, ime):
    """Adds the demo cycle and its postings; `rng` is a random.Random (seeded by the caller),
    `reviewer` the demo PNCS account, `ime` the demo IME account. Returns what was created."""
    counts = {"cycles": 0, "postings": 0}
    today = timezone.localdate()
    cycle, created = _cycle(
        today, created_by=reviewer
    )  # opened by the demo PNCS, who may change it
    counts["cycles"] += created
    past = seed_past_cycle(rng, reviewer=reviewer, ime=ime)
    counts["cycles"] += past["cycles"]
    counts["placements"] = past["placements"]
    counts["certificates"] = past["certificates"]
    counts["postings"] += past["postings"]
    if cycle.postings.exists():
        return counts
    hosts = _hosts(len(POSTINGS))
    if not hosts:
        return counts
    for number, row in enumerate(POSTINGS):
        (
            title,
            organisation,
            city,
            country,
            remote,
            sectors,
            languages,
            skills,
            weeks,
            seats,
            stipend,
            lodging,
            visa,
        ) = row
        host = hosts[number % len(hosts)]
        _posting(
            cycle,
            host,
            slug=f"demo-{number + 1:02d}",
            title=title,
            organisation=organisation,
            sectors=sectors,
            skills=skills,
            status=PostingStatus.APPROVED,
            # The demo PNCS (TIC) reviews what is theirs; IME the rest.
            reviewer=reviewer if "tic" in sectors else ime,
            city=city,
            country=country,
            remote=remote,
            languages=languages,
            duration_weeks=weeks,
            seats=seats,
            stipend=stipend,
            lodging=lodging,
            visa_letter=visa,
            support_note=rng.choice(["", "Apoyo mensual según el costo de vida de la ciudad."])
            if stipend
            else "",
        )
        counts["postings"] += 1
    demo = Member.objects.filter(user__email=DEMO_MEMBER_EMAIL).first()
    if demo is not None:
        for number, (title, status, comment) in enumerate(OWN_POSTINGS):
            _posting(
                cycle,
                demo,
                slug=f"demo-propia-{number + 1}",
                title=title,
                organisation=demo.organisation or "Universidad de Texas en Austin",
                sectors=["tic"],
                skills="Python, análisis de datos",
                status=status,
                reviewer=reviewer,
                comment=comment,
                city=demo.city or "Austin",
                country=demo.country or "US",
                languages=["es", "en"],
                duration_weeks=10,
                seats=1,
                stipend=True,
            )
            counts["postings"] += 1
    return counts
