"""Demo data for the missions (called by the seed_demo command after the binational projects'),
synthetic only: three missions — an upcoming trade mission to Mexico that is full with a
waitlist, an upcoming learning mission from Mexico with places left, and a past one — with
their hosts, delegates registered through the capacity engine (the demo member among them) and a
few meetings requested, accepted and declined. No email leaves. Running it twice changes
nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from members.models import Member
from pncs.models import Sector
from redtalentos.lib.workflows import record

from . import missions
from .models import Mission, MissionHost

DEMO_MEMBER_EMAIL = "demo@redtalentos.example"
STORIES = [
    {
        "title": "Misión comercial de tecnologías de la información a Guadalajara",
        "kind": "trade",
        "direction": "to_mexico",
        "sector": "tic",
        "city": "Guadalajara",
        "country": "MX",
        "organiser": "IME y PNCS de Tecnologías de la Información",
        "days": 45,
        "length": 3,
        "capacity": 4,
        "delegates": 6,
        "hosts": [("Clúster de Tecnologías de la Información de Jalisco", "Mariana Ortiz")],
        "description": "Encuentros de negocios con empresas de software y semiconductores.",
    },
    {
        "title": "Misión de aprendizaje empresarial en manufactura automotriz, Stuttgart",
        "kind": "learning",
        "direction": "from_mexico",
        "sector": "automotriz",
        "city": "Stuttgart",
        "country": "DE",
        "organiser": "PNCS Automotriz",
        "days": 90,
        "length": 4,
        "capacity": 12,
        "delegates": 3,
        "hosts": [("Instituto de Manufactura de Baden-Wurtemberg", "Jonas Weber")],
        "description": "Visitas a plantas y centros de investigación aplicada.",
    },
    {
        "title": "Misión comercial de agroalimentos a Monterrey",
        "kind": "trade",
        "direction": "to_mexico",
        "sector": "alimentos-agricultura-biotecnologia",
        "city": "Monterrey",
        "country": "MX",
        "organiser": "IME",
        "days": -120,
        "length": 2,
        "capacity": None,
        "delegates": 4,
        "hosts": [("Consejo Agroalimentario del Norte", "Rocío Garza")],
        "description": "Compradores y productores del noreste.",
    },
]


def _sector(slug):
    return Sector.objects.filter(slug=slug).first() or Sector.objects.order_by("pk").first()


def _at(day, hour):
    zone = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def seed_missions(*, ime):
    """Adds the demo's missions once. Returns what was created."""
    titles = [story["title"] for story in STORIES]
    if Mission.objects.filter(title__in=titles).exists():
        return {"missions": 0, "delegates": 0, "meetings": 0}
    demo = Member.objects.filter(user__email=DEMO_MEMBER_EMAIL).select_related("user").first()
    people = list(
        Member.objects.exclude(user__email=DEMO_MEMBER_EMAIL)
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("pk")[:20]
    )
    if demo is not None:
        people.insert(0, demo)
    today = timezone.localdate()
    counts = {"missions": 0, "delegates": 0, "meetings": 0}
    with missions.muted(), transaction.atomic():
        for number, story in enumerate(STORIES):
            starts = today + datetime.timedelta(days=story["days"])
            past = story["days"] < 0
            mission = Mission.objects.create(
                slug=missions._slug(story["title"]),
                title=story["title"],
                kind=story["kind"],
                direction=story["direction"],
                sector=_sector(story["sector"]),
                destination_city=story["city"],
                destination_country=story["country"],
                organiser=story["organiser"],
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=story["length"]),
                capacity=story["capacity"],
                description=story["description"],
                created_by=ime,
            )
            # A past mission was published and took its registrations while it was open.
            now = timezone.now() - datetime.timedelta(days=150) if past else None
            record(mission, "", actor=ime, at=now)
            mission.workflow.move(mission, Mission.Status.PUBLISHED, actor=ime, at=now)
            counts["missions"] += 1
            hosts = [
                MissionHost.objects.create(mission=mission, name=name, contact_name=contact)
                for name, contact in story["hosts"]
            ]
            seats = []
            for person in people[number : number + story["delegates"]]:
                seats.append(
                    missions.register(
                        mission=mission,
                        user=person.user,
                        organisation=person.organisation or "Independiente",
                        role="Dirección comercial",
                        now=now,
                    )
                )
                counts["delegates"] += 1
            confirmed = [seat for seat in seats if seat.status == "confirmed"]
            if len(confirmed) >= 3:
                first = missions.request_meeting(
                    requester=confirmed[0],
                    with_delegate=confirmed[1],
                    starts_at=_at(starts, 10),
                    ends_at=_at(starts, 11),
                    note="Conocer su cartera de clientes.",
                )
                missions.answer_meeting(meeting=first, accept=True)
                second = missions.request_meeting(
                    requester=confirmed[2],
                    with_delegate=confirmed[0],
                    starts_at=_at(starts, 12),
                    ends_at=_at(starts, 13),
                )
                if past:
                    missions.answer_meeting(meeting=second, accept=False)
                missions.request_meeting(
                    requester=confirmed[1],
                    with_host=hosts[0],
                    starts_at=_at(starts + datetime.timedelta(days=1), 9),
                    ends_at=_at(starts + datetime.timedelta(days=1), 10),
                )
                counts["meetings"] += 3
    return counts
