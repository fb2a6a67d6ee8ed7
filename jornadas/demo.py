"""Demo data for the Jornadas (called by the seed_demo command): one upcoming edition in Mexico
City with plenaries, five sector tracks, rooms and a two-day agenda whose speakers are demo
members (some with a public profile, some without) and a few guests typed by name, its
registrations, follow-up actions in each of its sectors and a speaker's slides; and last year's
edition, over, with its attendees checked in, their survey answers and their certificates. The
network's first meetings come from the data migration. Running it twice changes nothing.
The programme is made in agenda_demo, last year's edition in past_demo."""

import datetime

from django.db import transaction
from django.utils import timezone

from members.models import AccountType
from pncs.models import ActivityStatus
from redtalentos.lib import capacity

from . import services
from .agenda_demo import (
    AGENDA,
    DEMO_EDITION,
    SECTORS,
    _agenda,
    _at,
    _edition,
    _people,
    seed_material,
)
from .follow_ups import add_follow_up, change_follow_up_status
from .notifications import muted
from .past_demo import PAST_AGENDA, PAST_EDITION, PAST_SECTORS, seed_past_attendance


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


DEMO_SEATS = 40  # fewer than the people registered: the demo shows a waitlist
DEMO_REGISTRATIONS = 52


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
