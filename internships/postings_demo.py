"""Demo internships, the postings: the cycle "Verano 2027", the demo members who host, and the
postings they publish (the demo member's own ones in each state of the review). Part of
internships.demo."""

import datetime

from members.models import Member
from members.profiles import skills_for_names
from pncs.models import Sector

from .models import (
    Cycle,
    Posting,
    PostingStatus,
)

DEMO_MEMBER_EMAIL = "demo@redtalentos.example"
DEMO_CYCLE = {"slug": "verano-2027", "name": "Verano 2027", "name_en": "Summer 2027"}
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
