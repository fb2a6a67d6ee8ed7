"""Demo data for local development: a contact point per sector, its staff account and a few
work-programme activities in each state. Called by the seed_demo command; idempotent."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from chapters.models import Chapter

from .models import ActivityStatus, ContactPoint, LineOfWork, Sector, WorkProgrammeActivity

# Fictional institutions, one per sector slug (the names in the source presentation are not data).
INSTITUTIONS = {
    "cooperacion-internacional": "Agencia de Cooperación para el Desarrollo (demo)",
    "tic": "Centro de Investigación en Tecnologías de la Información (demo)",
    "salud": "Instituto de Investigación en Salud (demo)",
    "alimentos-agricultura-biotecnologia": (
        "Centro de Investigación en Alimentos y Biotecnología (demo)"
    ),
    "nanotecnologia-nuevos-materiales": (
        "Centro de Investigación en Nanociencias y Materiales (demo)"
    ),
    "hidrocarburos-energias-alternativas": "Instituto de Investigación en Energía (demo)",
    "medio-ambiente-cambio-climatico": "Centro de Investigación en Medio Ambiente y Clima (demo)",
    "automotriz": "Centro de Innovación Automotriz (demo)",
    "transporte-aeronautica": "Centro de Investigación en Transporte y Aeronáutica (demo)",
}

TITLES = {
    LineOfWork.INTERNSHIPS: "Convocatoria de pasantías de verano",
    LineOfWork.MENTORING: "Mentoría a una universidad tecnológica",
    LineOfWork.VISITS: "Ciclo de conferencias de miembros en México",
    LineOfWork.EVALUATION: "Comité de evaluación de proyectos de innovación",
    LineOfWork.COOPERATION: "Programa de cooperación técnica con un capítulo",
    LineOfWork.WEBSITE: "Notas del sector para el sitio de la red",
    LineOfWork.EXPERT_DATABASE: "Actualización de la base de expertos del sector",
    LineOfWork.BUSINESS: "Misión comercial y de aprendizaje de negocios",
    LineOfWork.INNOVATION: "Proyecto binacional de innovación",
    LineOfWork.CHAPTERS: "Reunión de trabajo con los capítulos",
    LineOfWork.JORNADAS: "Mesa del sector en las Jornadas Informativas",
}

# (status, days from today to the start, length in days or None for no end date yet)
PLAN = [
    (ActivityStatus.DONE, -240, 60),
    (ActivityStatus.IN_PROGRESS, -45, 120),
    (ActivityStatus.PLANNED, 30, 14),
    (ActivityStatus.CANCELLED, -120, None),
    (ActivityStatus.PLANNED, 90, None),
]


def seed_pncs(rng, *, password):
    """Creates what is missing and returns [(email, description)] of the staff accounts.

    `rng` (random.Random) only varies details of new activities; which rows exist does not
    depend on it, so running twice changes nothing. `password` is set on new accounts only.
    """
    User = get_user_model()
    chapters = list(Chapter.objects.order_by("pk")[:3])
    lines = list(LineOfWork)
    today = timezone.localdate()
    accounts = []
    for sector in Sector.objects.filter(slug__in=INSTITUTIONS).order_by("position"):
        # A sector that already has a contact point (e.g. from other demo data) keeps it.
        contact_point = sector.contact_points.order_by("pk").first()
        if contact_point is None:
            contact_point = ContactPoint.objects.create(
                slug=sector.slug,
                name=INSTITUTIONS[sector.slug],
                public_contact="Oficina de vinculación internacional (demo)",
            )
            contact_point.sectors.add(sector)

        email = f"pncs-{sector.slug}@redtalentos.example"
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": f"Personal PNCS · {sector.name} (demo)"}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        contact_point.staff.add(user)
        accounts.append((email, f"PNCS staff · {sector.name_en}"))

        for index, (status, start, length) in enumerate(PLAN):
            line = lines[(sector.position + index) % len(lines)]
            starts_on = today + timedelta(days=start + rng.randint(0, 10))
            activity, created = WorkProgrammeActivity.objects.get_or_create(
                contact_point=contact_point,
                title=f"{TITLES[line]} ({sector.name})",
                defaults={
                    "line_of_work": line,
                    "status": status,
                    "responsible": user,
                    "starts_on": starts_on,
                    "ends_on": starts_on + timedelta(days=length) if length else None,
                    "description": (
                        "Actividad de demostración del programa de trabajo del PNCS con la red."
                    ),
                    "outcomes": (
                        f"Participaron {rng.randint(3, 25)} miembros de la red."
                        if status == ActivityStatus.DONE
                        else ""
                    ),
                },
            )
            if created and line == LineOfWork.CHAPTERS and chapters:
                activity.chapters.set(chapters)
    return accounts
