"""Demo data for the Jornadas (called by the seed_demo command): one upcoming edition in Mexico
City with plenaries, five sector tracks, rooms and a two-day agenda whose speakers are demo
members (some with a public profile, some without) and a few guests typed by name, its
registrations, follow-up actions in each of its sectors and a speaker's slides; and last year's
edition, over, with its attendees checked in, their survey answers and their certificates. The
network's first meetings come from the data migration. Running it twice changes nothing."""

import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from members.models import AccountType, Member, User
from pncs.models import ActivityStatus, Sector
from redtalentos.lib import capacity
from redtalentos.lib.documents import check_pdf

from . import certifying, services, survey
from .follow_ups import add_follow_up, change_follow_up_status
from .models import (
    Edition,
    Registration,
    Room,
    Session,
    SessionKind,
    SessionMaterial,
    SessionSpeaker,
    SpeakerRole,
    Track,
)
from .notifications import muted
from .speakers import MATERIAL_MAX_BYTES, add_material

DEMO_EDITION = {
    "number": 20,
    "slug": "2027",
    "year": 2027,
    "title": "Jornada Informativa Red de Talentos 2027",
    "title_en": "Talent Network Information Meeting 2027",
    "starts_on": datetime.date(2027, 3, 10),
    "ends_on": datetime.date(2027, 3, 11),
    "city": "Ciudad de México",
    "venue": "Auditorio de la Cancillería",
    "is_online": True,
    "online_note": (
        "Las plenarias se transmiten en vivo; el enlace llega a las personas registradas."
    ),
    "description": (
        "Dos días para que talentos mexicanos en el exterior, los Puntos Nacionales de Contacto "
        "Sectorial y las instituciones mexicanas acuerden el programa de trabajo del año.\n\n"
        "El primer día se dedica a las plenarias y a los paneles por sector; el segundo, a los "
        "talleres y a las reuniones sectoriales en las que cada PNCS propone acciones concretas."
    ),
    "description_en": (
        "Two days for Mexican talent abroad, the sector contact points (PNCS) and Mexican "
        "institutions to agree on the year's work programme.\n\n"
        "Day one holds the plenaries and the sector panels; day two the workshops and the sector "
        "meetings, where each PNCS proposes concrete actions."
    ),
    "status": Edition.Status.PUBLISHED,
    "capacity": 300,
}
SECTORS = [
    "tic",
    "salud",
    "automotriz",
    "hidrocarburos-energias-alternativas",
    "alimentos-agricultura-biotecnologia",
]
ROOMS = [("Auditorio principal", 300), ("Sala Tlatelolco", 80), ("Sala Reforma", 60)]
DEMO_MEMBER_EMAIL = "demo@redtalentos.example"
# The sessions where the demo member speaks (their agenda, their certificate, their slides).
FEATURED = (
    "Software y datos para la industria mexicana",
    "Inteligencia artificial en el sector público",
)
PLENARY = None  # the plenaries' track

# (day 1 or 2, start "HH:MM", minutes, track sector slug or PLENARY, room index, kind, title,
#  abstract, guests typed by name [(name, affiliation, role)], member speakers wanted)
AGENDA = [
    (1, "09:00", 60, PLENARY, 0, SessionKind.PLENARY, "Inauguración: la red y el país",
     "Bienvenida del IME y presentación del programa de la jornada.",
     [("Dirección del IME (demo)", "Instituto de los Mexicanos en el Exterior", "speaker")], 0),
    (1, "10:00", 60, PLENARY, 0, SessionKind.PLENARY, "Circulación de talento: lo que funciona",
     "Experiencias de redes de diáspora en otros países y lo que México puede aprender de "
     "ellas.", [], 2),
    (1, "11:30", 90, "tic", 1, SessionKind.PANEL, "Software y datos para la industria mexicana",
     "Cómo llevar prácticas de ingeniería de software y de ciencia de datos a empresas "
     "medianas.", [], 3),
    (1, "11:30", 90, "salud", 2, SessionKind.PANEL, "Investigación clínica binacional",
     "Ensayos clínicos compartidos y formación de investigadores jóvenes.", [], 2),
    (1, "13:00", 60, "automotriz", 1, SessionKind.TALK, "Electrificación y proveedores locales",
     "Qué cambia para la cadena de proveeduría con los vehículos eléctricos.", [], 1),
    (1, "13:00", 60, "hidrocarburos-energias-alternativas", 2, SessionKind.TALK,
     "Almacenamiento de energía en la red eléctrica", "Baterías, hidrógeno y bombeo: opciones "
     "y costos para México.", [], 1),
    (1, "15:00", 90, "alimentos-agricultura-biotecnologia", 1, SessionKind.PANEL,
     "Biotecnología para el campo", "Mejoramiento de cultivos, inocuidad y exportación.", [], 2),
    (1, "15:00", 90, "tic", 2, SessionKind.WORKSHOP, "Taller: mentoría a empresas de base "
     "tecnológica", "Formato de mentoría de una hora al mes y cómo medir sus resultados.", [], 2),
    (1, "17:00", 60, PLENARY, 0, SessionKind.PANEL, "Pasantías: del acuerdo a la primera "
     "estancia", "Qué necesitan las empresas y las universidades para recibir estudiantes "
     "mexicanos.", [("Coordinación de pasantías (demo)", "CONACYT", "moderator")], 2),
    (2, "09:00", 60, PLENARY, 0, SessionKind.PLENARY, "Los PNCS y su programa de trabajo",
     "Cada Punto Nacional de Contacto Sectorial presenta sus líneas de trabajo con la red.",
     [], 1),
    (2, "10:00", 120, "tic", 1, SessionKind.SECTOR_MEETING, "Reunión sectorial: Tecnologías de "
     "la información", "Acuerdos de seguimiento del sector para el año.", [], 2),
    (2, "10:00", 120, "salud", 2, SessionKind.SECTOR_MEETING, "Reunión sectorial: Salud",
     "Acuerdos de seguimiento del sector para el año.", [], 1),
    (2, "12:30", 90, "automotriz", 1, SessionKind.SECTOR_MEETING, "Reunión sectorial: Sector "
     "automotriz", "Acuerdos de seguimiento del sector para el año.", [], 1),
    (2, "12:30", 90, "hidrocarburos-energias-alternativas", 2, SessionKind.SECTOR_MEETING,
     "Reunión sectorial: Energía", "Acuerdos de seguimiento del sector para el año.", [], 1),
    (2, "12:30", 90, "alimentos-agricultura-biotecnologia", 0, SessionKind.SECTOR_MEETING,
     "Reunión sectorial: Alimentos y biotecnología", "Acuerdos de seguimiento del sector.", [], 1),
    (2, "14:30", 60, "salud", 1, SessionKind.WORKSHOP, "Taller: comités de evaluación de "
     "proyectos", "Cómo participar como evaluador en convocatorias de innovación.", [], 1),
    (2, "14:30", 60, "tic", 2, SessionKind.TALK, "Ciberseguridad en el sector público",
     "Lecciones de incidentes recientes y buenas prácticas.", [], 1),
    (2, "15:30", 60, "automotriz", 2, SessionKind.TALK, "Manufactura esbelta en proveedores "
     "de segundo nivel", "Casos de mejora en plantas del Bajío.", [], 1),
    (2, "16:30", 60, PLENARY, 0, SessionKind.PANEL, "Misiones comerciales y de aprendizaje",
     "Cómo preparar una misión con apoyo de los capítulos de la red.", [], 3),
    (2, "17:30", 30, PLENARY, 0, SessionKind.PLENARY, "Clausura y acuerdos",
     "Resumen de los acuerdos de cada sector y próximos pasos.",
     [("Dirección del IME (demo)", "Instituto de los Mexicanos en el Exterior", "speaker")], 0),
]  # fmt: skip


def _at(day, clock, first_day=DEMO_EDITION["starts_on"]):
    hours, minutes = (int(part) for part in clock.split(":"))
    date = first_day + datetime.timedelta(days=day - 1)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hours, minutes)))


def _speaker_pool(rng, sector):
    """Demo members of `sector`, public profiles and private ones mixed (the agenda links only
    the public ones)."""
    members = Member.objects.filter(user__is_active=True)
    if sector is not None:
        members = members.filter(sectors=sector)
    members = list(members.only("pk", "listed_publicly").order_by("pk")[:40])
    rng.shuffle(members)
    return members


@transaction.atomic
def seed_jornadas(rng, *, staff):
    """Adds the demo editions and what hangs from them; `rng` is a random.Random (seeded by the
    caller), `staff` the IME account that checked last year's attendees in at the door. Returns
    what was created, by kind."""
    counts = {"editions": 0, "sessions": 0, "speakers": 0}
    edition = _edition(DEMO_EDITION, counts)
    if not edition.sessions.exists():
        _agenda(edition, AGENDA, SECTORS, rng, counts)
    counts.update(seed_registrations(edition, rng))
    counts["follow-ups"] = seed_follow_ups(edition, staff=staff)
    past = _edition(PAST_EDITION, counts)
    if not past.sessions.exists():
        _agenda(past, PAST_AGENDA, PAST_SECTORS, rng, counts)
    for kind, count in seed_past_attendance(past, rng, staff=staff).items():
        counts[kind] = counts.get(kind, 0) + count
    counts["materials"] = seed_material(edition)
    return counts


def _edition(data, counts):
    fields = {
        key: timezone.make_aware(value) if isinstance(value, datetime.datetime) else value
        for key, value in data.items()
        if key != "number"
    }
    edition, created = Edition.objects.get_or_create(number=data["number"], defaults=fields)
    counts["editions"] += created
    return edition


def _agenda(edition, agenda, sector_slugs, rng, counts):
    """Tracks (plenaries and one per sector), rooms and the sessions of `agenda`, with guests and
    demo members as speakers; the demo member speaks at the edition's FEATURED session."""
    sectors = {sector.slug: sector for sector in Sector.objects.filter(slug__in=sector_slugs)}
    edition.sectors.set(sectors.values())
    tracks = {PLENARY: Track.objects.create(edition=edition, name="Plenarias", name_en="Plenaries")}
    for order, slug in enumerate(sector_slugs, start=1):
        if slug in sectors:
            tracks[slug] = Track.objects.create(edition=edition, sector=sectors[slug], order=order)
    rooms = [
        Room.objects.get_or_create(edition=edition, name=name, defaults={"capacity": seats})[0]
        for name, seats in ROOMS
    ]

    demo_member = Member.objects.filter(user__email=DEMO_MEMBER_EMAIL).first()
    pools = {}
    for day, clock, minutes, track, room, kind, title, abstract, guests, wanted in agenda:
        if track not in tracks:
            continue
        start = _at(day, clock, edition.starts_on)
        session = Session.objects.create(
            edition=edition,
            track=tracks[track],
            room=rooms[room],
            kind=kind,
            title=title,
            abstract=abstract,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=minutes),
        )
        counts["sessions"] += 1
        order = 0
        for name, affiliation, role in guests:
            SessionSpeaker.objects.create(
                session=session, name_override=name, affiliation=affiliation, role=role, order=order
            )
            order += 1
        if track not in pools:
            pools[track] = _speaker_pool(rng, sectors.get(track))
        chosen = pools[track][:wanted]
        pools[track] = pools[track][wanted:] + chosen  # rotate: everyone speaks once first
        if demo_member is not None and title in FEATURED:
            chosen = [demo_member, *[m for m in chosen if m.pk != demo_member.pk]][:wanted]
        for index, member in enumerate(chosen):
            moderates = kind == SessionKind.PANEL and index == 0 and not guests
            role = SpeakerRole.MODERATOR if moderates else SpeakerRole.SPEAKER
            SessionSpeaker.objects.create(session=session, member=member, role=role, order=order)
            order += 1
        counts["speakers"] += order


DEMO_SEATS = 40  # fewer than the people registered: the demo shows a waitlist
DEMO_REGISTRATIONS = 52


def _people(count):
    """Up to `count` people who may register (members abroad, students, institution contacts),
    the demo member first, and the demo member's account (or None)."""
    people = list(
        User.objects.filter(is_active=True, is_staff=False)
        .filter(account_type__in=[AccountType.TALENT, AccountType.STUDENT, AccountType.INSTITUTION])
        .exclude(email=DEMO_MEMBER_EMAIL)
        .order_by("pk")[: count - 1]
    )
    demo = User.objects.filter(email=DEMO_MEMBER_EMAIL).first()
    if demo is not None:
        people.insert(0, demo)
    return people, demo


def seed_registrations(edition, rng):
    """Registrations on the demo edition, through the capacity engine (so that they have their
    log): the demo member confirmed with sessions in their agenda, then members and participants
    until the seats run out and a waitlist begins; one seat offered. No email is sent."""
    counts = {"registrations": 0, "waitlisted": 0}
    if edition.registrations.exists():
        return counts
    now = timezone.now()
    edition.registration_opens_at = now - datetime.timedelta(days=7)
    last_day = _at(1, "00:00") - datetime.timedelta(minutes=1)
    edition.registration_closes_at = max(last_day, now + datetime.timedelta(days=30))
    people, demo = _people(DEMO_REGISTRATIONS)
    edition.capacity = min(DEMO_SEATS, max(1, len(people) * 3 // 4))
    edition.save()
    sessions = list(edition.sessions.order_by("starts_at", "pk"))
    with muted():
        for user in people:
            abroad = user.account_type == AccountType.TALENT
            details = {"attendance": "in_person" if rng.random() < 0.8 or not abroad else "online"}
            if abroad and details["attendance"] == "in_person":
                details.update(
                    arrives_on=edition.starts_on - datetime.timedelta(days=1),
                    departs_on=edition.ends_on + datetime.timedelta(days=1),
                    needs_invitation_letter=rng.random() < 0.3,
                )
            if rng.random() < 0.2:
                details["dietary_needs"] = rng.choice(["vegetariana", "sin gluten", "vegana"])
            registration = services.register(edition=edition, user=user, details=details)
            counts["registrations"] += 1
            counts["waitlisted"] += registration.status == capacity.SeatStatus.WAITLISTED
            if registration.status == capacity.SeatStatus.CONFIRMED and sessions:
                for session in rng.sample(sessions, min(3, len(sessions))):
                    services.pick_session(registration=registration, session=session, actor=user)
        # One person leaves: their seat is offered to the first in line.
        leaving = (
            edition.registrations.filter(status="confirmed", attendance="in_person")
            .exclude(user=demo)
            .last()
        )
        if leaving is not None and counts["waitlisted"]:
            services.cancel_registration(registration=leaving, actor=leaving.user)
    return counts


# Follow-up actions of the upcoming edition, two per sector: what each sector's PNCS prepares for
# its sector meeting. (sector slug, title, description, days after the edition it is due, the
# statuses it has gone through since it was planned)
FOLLOW_UPS = [
    ("tic", "Programa de mentoría a empresas de base tecnológica",
     "Reunir a diez miembros del sector que acompañen, una hora al mes, a empresas mexicanas de "
     "base tecnológica, con el formato del taller de la jornada.", 90,
     [ActivityStatus.IN_PROGRESS]),
    ("tic", "Guía de ciberseguridad para dependencias públicas",
     "Reunir en un documento breve las buenas prácticas de la charla de ciberseguridad y "
     "compartirlo con las dependencias que lo pidan.", 60, []),
    ("salud", "Estancias de jóvenes investigadores en ensayos clínicos",
     "Proponer a cinco instituciones de salud una estancia de investigación con los miembros del "
     "panel de investigación clínica binacional.", 120, [ActivityStatus.IN_PROGRESS]),
    ("salud", "Evaluadores para la convocatoria de innovación en salud",
     "Integrar la lista de miembros que evaluarán proyectos en la próxima convocatoria.", 45, []),
    ("automotriz", "Visitas de miembros a proveedores del Bajío",
     "Organizar tres visitas de miembros a plantas de proveedores de segundo nivel para revisar "
     "sus procesos de manufactura.", 150, []),
    ("automotriz", "Taller de electrificación para proveedores locales",
     "Un taller de dos días sobre lo que cambia para la proveeduría con los vehículos "
     "eléctricos.", 75, [ActivityStatus.IN_PROGRESS]),
    ("hidrocarburos-energias-alternativas", "Estudio de almacenamiento de energía",
     "Comparar, con dos universidades mexicanas, las opciones de almacenamiento de energía para "
     "la red eléctrica del país.", 180, []),
    ("hidrocarburos-energias-alternativas", "Estancias de estudiantes en laboratorios de energía",
     "Ofrecer plazas de verano en los laboratorios de los miembros del sector.", 120,
     [ActivityStatus.IN_PROGRESS]),
    ("alimentos-agricultura-biotecnologia", "Misión de aprendizaje sobre inocuidad",
     "Preparar con los capítulos una misión de empresas exportadoras de alimentos para conocer "
     "prácticas de inocuidad.", 150, []),
    ("alimentos-agricultura-biotecnologia", "Pasantías en biotecnología agrícola",
     "Convocar a estudiantes mexicanos para pasantías en los laboratorios de biotecnología de los "
     "miembros.", 100, [ActivityStatus.IN_PROGRESS]),
]  # fmt: skip


def seed_follow_ups(edition, *, staff):
    """The edition's follow-up actions, each in the work programme of its sector's first contact
    point (for the information technologies, seed_demo's demo PNCS), added and moved along by its
    staff through the follow-ups' services so that each has its history. Returns how many."""
    if edition.follow_ups.exists():
        return 0
    sectors = {sector.slug: sector for sector in edition.sectors.all()}
    start = max(edition.ends_on or timezone.localdate(), timezone.localdate())
    added = 0
    for slug, title, description, days, statuses in FOLLOW_UPS:
        sector = sectors.get(slug)
        contact_point = sector and sector.contact_points.order_by("pk").first()
        if contact_point is None:
            continue
        keeper = contact_point.staff.order_by("pk").first()
        follow_up = add_follow_up(
            edition=edition,
            contact_point=contact_point,
            sector=sector,
            actor=keeper or staff,
            details={
                "title": title,
                "description": description,
                "responsible": keeper,
                "responsible_name": "" if keeper else "Coordinación del PNCS (demo)",
                "due_on": start + datetime.timedelta(days=days),
            },
        )
        for status in statuses:
            change_follow_up_status(follow_up=follow_up, status=status, actor=keeper or staff)
        added += 1
    return added


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


SLIDES = [
    ("Software y datos para la industria mexicana", [
        "Jornada Informativa Red de Talentos 2027 (demo)",
        "Panel del sector de Tecnologías de la Información",
    ]),
    ("Lo que vimos en empresas medianas", [
        "Equipos pequeños, sin pruebas automáticas ni revisión de código",
        "Datos repartidos en hojas de cálculo",
        "Interés por aprender, poco tiempo para hacerlo",
    ]),
    ("Propuesta para el año", [
        "Mentoría de una hora al mes con miembros de la red",
        "Estancias cortas de ingenieros en empresas del exterior",
        "Un caso de éxito por empresa, medido al final del año",
    ]),
]  # fmt: skip


def _slides_pdf():
    """A small, valid PDF of three slides (the same bytes every time)."""
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.pdfgen import canvas

    width, height = landscape(letter)
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=True)
    pdf.setTitle(SLIDES[0][0])
    for heading, lines in SLIDES:
        pdf.setFont("Helvetica-Bold", 28)
        pdf.drawString(60, height - 100, heading)
        pdf.setFont("Helvetica", 18)
        for index, line in enumerate(lines):
            pdf.drawString(80, height - 170 - 34 * index, f"• {line}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def seed_material(edition):
    """The demo member's slides for the edition's FEATURED session, checked and stored as a
    speaker's upload is. Returns how many were added."""
    if SessionMaterial.objects.filter(session__edition=edition).exists():
        return 0
    speaker = (
        SessionSpeaker.objects.filter(
            session__edition=edition, session__title__in=FEATURED, member__isnull=False
        )
        .select_related("session", "member__user")
        .order_by("order", "pk")
        .first()
    )
    if speaker is None:
        return 0
    upload = ContentFile(_slides_pdf(), name="laminas.pdf")
    upload.pdf = check_pdf(upload, max_bytes=MATERIAL_MAX_BYTES)
    add_material(
        session=speaker.session,
        uploader=speaker.member.user,
        title="Láminas del panel",
        upload=upload,
    )
    return 1
