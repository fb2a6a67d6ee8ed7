"""Demo Jornadas, the upcoming edition's programme: the edition in Mexico City, its plenaries,
sector tracks, rooms and two-day agenda with demo members and guests typed by name as speakers,
and a speaker's slides. Part of jornadas.demo."""

import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone

from members.models import AccountType, Member, User
from pncs.models import Sector
from redtalentos.lib.documents import check_pdf
from redtalentos.lib.workflows import record

from .models import (
    Edition,
    Room,
    Session,
    SessionKind,
    SessionMaterial,
    SessionSpeaker,
    SpeakerRole,
    Track,
)
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


def _edition(data, counts):
    fields = {
        key: timezone.make_aware(value) if isinstance(value, datetime.datetime) else value
        for key, value in data.items()
        if key != "number"
    }
    edition, created = Edition.objects.get_or_create(number=data["number"], defaults=fields)
    if created:
        record(edition, "")
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
