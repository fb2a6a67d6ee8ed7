"""Demo Jornadas, last year's edition, over: its attendees checked in, their survey answers and
their certificates. Part of jornadas.demo."""

import datetime

from redtalentos.lib import capacity

from . import certifying, services, survey
from .agenda_demo import PLENARY, _at, _people
from .models import (
    Edition,
    Registration,
    SessionKind,
)
from .notifications import muted

# Last year's edition: over, so its survey and certificates have content.
PAST_EDITION = {
    "number": 19,
    "slug": "2026",
    "year": 2026,
    "title": "Jornada Informativa Red de Talentos 2026",
    "title_en": "Talent Network Information Meeting 2026",
    "starts_on": datetime.date(2026, 3, 11),
    "ends_on": datetime.date(2026, 3, 12),
    "city": "Ciudad de México",
    "venue": "Auditorio de la Cancillería",
    "description": (
        "La jornada de 2026 reunió a talentos mexicanos en el exterior, a los Puntos Nacionales de "
        "Contacto Sectorial y a instituciones mexicanas para revisar el programa de trabajo de las "
        "tecnologías de la información, la salud y el sector automotriz."
    ),
    "description_en": (
        "The 2026 meeting brought together Mexican talent abroad, the sector contact points (PNCS) "
        "and Mexican institutions to review the work programme of information technology, health "
        "and the automotive sector."
    ),
    "status": Edition.Status.PUBLISHED,
    "capacity": 150,
    "registration_opens_at": datetime.datetime(2026, 1, 12, 9, 0),
    "registration_closes_at": datetime.datetime(2026, 3, 9, 18, 0),
}
PAST_SECTORS = ["tic", "salud", "automotriz"]
IME_GUEST = ("Dirección del IME (demo)", "Instituto de los Mexicanos en el Exterior", "speaker")
PAST_AGENDA = [
    (1, "09:00", 60, PLENARY, 0, SessionKind.PLENARY, "Inauguración: un año de trabajo con la red",
     "Lo que los sectores lograron desde la jornada anterior.", [IME_GUEST], 0),
    (1, "10:30", 90, "tic", 1, SessionKind.PANEL, "Inteligencia artificial en el sector público",
     "Usos responsables del aprendizaje automático en trámites y servicios.", [], 3),
    (1, "10:30", 90, "salud", 2, SessionKind.PANEL, "Telemedicina en comunidades rurales",
     "Experiencias de atención a distancia y lo que necesitan las clínicas para empezar.", [], 2),
    (1, "13:00", 60, "automotriz", 1, SessionKind.TALK, "Proveedores mexicanos de la "
     "electromovilidad", "Dónde están las oportunidades para las empresas del país.", [], 1),
    (2, "09:00", 120, "tic", 1, SessionKind.SECTOR_MEETING, "Reunión sectorial 2026: "
     "Tecnologías de la información", "Acuerdos de seguimiento del sector.", [], 1),
    (2, "09:00", 120, "salud", 2, SessionKind.SECTOR_MEETING, "Reunión sectorial 2026: Salud",
     "Acuerdos de seguimiento del sector.", [], 1),
    (2, "12:00", 45, PLENARY, 0, SessionKind.PLENARY, "Clausura 2026",
     "Resumen de los acuerdos de cada sector.", [IME_GUEST], 0),
]  # fmt: skip

PAST_REGISTRATIONS = 20
SURVEY_ANSWERS = 8
SURVEY_COMMENTS = [
    "Las reuniones sectoriales fueron lo más útil: salimos con acuerdos concretos.",
    "Me gustaría que las plenarias dejaran más tiempo para preguntas del público.",
    "Muy buena organización. La transmisión en línea se cortó un par de veces.",
    "Conocí a dos instituciones con las que ya preparamos una estancia de verano.",
    "Faltó información previa sobre las salas; por lo demás, excelente.",
    "El panel de telemedicina fue muy claro y práctico.",
]


def seed_past_attendance(edition, rng, *, staff):
    """Last year's registrations, made through the registration service while its registration
    was open (so that the capacity engine keeps their log), with two sessions each; most people
    who came in person checked in on the first morning (the demo member among them); a few answers
    to the survey (the demo member's is left for them to give); and the certificates of those
    checked in and of the speakers, issued as IME issues them. No email is sent."""
    counts = {"registrations": 0, "check-ins": 0, "survey answers": 0}
    if not edition.registrations.exists():
        people, demo = _people(PAST_REGISTRATIONS)
        sessions = list(edition.sessions.order_by("starts_at", "pk"))
        checked_in = []
        with muted():
            for index, user in enumerate(people):
                when = edition.registration_opens_at + datetime.timedelta(hours=6 * index)
                attendance = "in_person" if user == demo or rng.random() < 0.85 else "online"
                registration = services.register(
                    edition=edition, user=user, details={"attendance": attendance}, now=when
                )
                counts["registrations"] += 1
                if registration.status != capacity.SeatStatus.CONFIRMED:
                    continue
                for session in rng.sample(sessions, min(2, len(sessions))):
                    services.pick_session(
                        registration=registration, session=session, actor=user, now=when
                    )
                if attendance == "in_person" and (user == demo or rng.random() < 0.9):
                    registration.checked_in_at = _at(1, "08:15", edition.starts_on) + (
                        datetime.timedelta(minutes=2 * len(checked_in))
                    )
                    registration.checked_in_by = staff
                    checked_in.append(registration)
        # At the door each scan sets these two fields (jornadas.checkin); its log is for real
        # scans, so the demo writes them at once.
        Registration.objects.bulk_update(checked_in, ["checked_in_at", "checked_in_by"])
        counts["check-ins"] = len(checked_in)
        counts["survey answers"] = _survey_answers(
            [registration for registration in checked_in if registration.user != demo], rng
        )
    try:
        issued = certifying.issue_certificates(edition=edition)
    except certifying.NotYet:
        issued = certifying.Issued()
    counts["certificates"] = issued.attendance + issued.speaking
    return counts


def _survey_answers(registrations, rng):
    answered = registrations[:SURVEY_ANSWERS]
    for index, registration in enumerate(answered):
        rating = rng.choices([5, 4, 3, 2], weights=[5, 4, 2, 1])[0]
        comment = SURVEY_COMMENTS[index] if index < len(SURVEY_COMMENTS) else ""
        survey.save_answer(
            registration=registration,
            rating=rating,
            comment=comment,
            session_ratings={
                session: min(5, max(1, rating + rng.choice([-1, 0, 0, 1])))
                for session in survey.sessions_to_rate(registration)
            },
        )
    return len(answered)
