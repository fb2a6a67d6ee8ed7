"""Demo data for the Jornadas (called by the seed_demo command): one upcoming edition in Mexico
City with plenaries, five sector tracks, rooms and a two-day agenda whose speakers are demo
members (some with a public profile, some without) and a few guests typed by name. The past
editions come from the data migration. Running it twice changes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from members.models import Member
from pncs.models import Sector

from .models import Edition, Room, Session, SessionKind, SessionSpeaker, SpeakerRole, Track

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


def _at(day, clock):
    hours, minutes = (int(part) for part in clock.split(":"))
    date = DEMO_EDITION["starts_on"] + datetime.timedelta(days=day - 1)
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
def seed_jornadas(rng):
    """Adds the demo edition and its agenda; `rng` is a random.Random (seeded by the caller).
    Returns what was created, by kind."""
    counts = {"editions": 0, "sessions": 0, "speakers": 0}
    fields = {key: value for key, value in DEMO_EDITION.items() if key != "number"}
    edition, created = Edition.objects.get_or_create(number=DEMO_EDITION["number"], defaults=fields)
    counts["editions"] += created
    if edition.sessions.exists():
        counts.update(seed_registrations(edition, rng))
        return counts

    sectors = {sector.slug: sector for sector in Sector.objects.filter(slug__in=SECTORS)}
    edition.sectors.set(sectors.values())
    tracks = {PLENARY: Track.objects.create(edition=edition, name="Plenarias", name_en="Plenaries")}
    for order, slug in enumerate(SECTORS, start=1):
        if slug in sectors:
            tracks[slug] = Track.objects.create(edition=edition, sector=sectors[slug], order=order)
    rooms = [
        Room.objects.get_or_create(edition=edition, name=name, defaults={"capacity": capacity})[0]
        for name, capacity in ROOMS
    ]

    demo_member = Member.objects.filter(user__email="demo@redtalentos.example").first()
    pools = {}
    for day, clock, minutes, track, room, kind, title, abstract, guests, wanted in AGENDA:
        if track not in tracks:
            continue
        start = _at(day, clock)
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
        if demo_member is not None and title.startswith("Software y datos"):
            chosen = [demo_member, *[m for m in chosen if m.pk != demo_member.pk]][:wanted]
        for index, member in enumerate(chosen):
            moderates = kind == SessionKind.PANEL and index == 0 and not guests
            role = SpeakerRole.MODERATOR if moderates else SpeakerRole.SPEAKER
            SessionSpeaker.objects.create(session=session, member=member, role=role, order=order)
            order += 1
        counts["speakers"] += order
    counts.update(seed_registrations(edition, rng))
    return counts


DEMO_SEATS = 40  # fewer than the people registered: the demo shows a waitlist
DEMO_REGISTRATIONS = 52


def seed_registrations(edition, rng):
    """Registrations on the demo edition, through the capacity engine (so that they have their
    log): the demo member confirmed with sessions in their agenda, then members and participants
    until the seats run out and a waitlist begins; one seat offered. No email is sent."""
    from members.models import AccountType, User
    from redtalentos.lib import capacity

    from . import services
    from .notifications import muted

    counts = {"registrations": 0, "waitlisted": 0}
    if edition.registrations.exists():
        return counts
    now = timezone.now()
    edition.registration_opens_at = now - datetime.timedelta(days=7)
    last_day = _at(1, "00:00") - datetime.timedelta(minutes=1)
    edition.registration_closes_at = max(last_day, now + datetime.timedelta(days=30))
    people = list(
        User.objects.filter(is_active=True, is_staff=False)
        .filter(account_type__in=[AccountType.TALENT, AccountType.STUDENT, AccountType.INSTITUTION])
        .exclude(email="demo@redtalentos.example")
        .order_by("pk")[: DEMO_REGISTRATIONS - 1]
    )
    demo = User.objects.filter(email="demo@redtalentos.example").first()
    if demo is not None:
        people.insert(0, demo)
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
