"""Demo mentoring, the offers and the cohort: about thirty members abroad offer mentoring (the demo
member among them) with their sectors, topics in Spanish, languages and time zones, and the demo
PNCS opens its cohort. Part of mentoring.demo."""

import datetime

from django.utils import timezone

from members.models import Language, Member, User
from pncs.models import Sector

from . import cohort_services, services, timezones
from .forms import CohortForm, OfferForm
from .models import (
    Cohort,
    Format,
    MentorOffer,
)

DEMO_MEMBER_EMAIL = "demo@redtalentos.example"
DEMO_PNCS_EMAIL = "pncs@redtalentos.example"
MENTORS = 30  # the demo member and 29 synthetic members
COHORT = {
    "name": "Mentoría a pymes agroalimentarias 2027",
    "name_en": "Mentoring for agri-food SMEs 2027",
    "description": (
        "Seis meses de mentoría para pequeñas y medianas empresas agroalimentarias que quieren "
        "exportar, certificarse o llevar su operación a herramientas digitales. Cada empresa "
        "trabaja con una persona mentora de la red, una hora a la semana por videollamada, y "
        "elige a su mentor entre las sugerencias del portal."
    ),
    "sectors": ["alimentos-agricultura-biotecnologia", "tic"],
    "places": 12,
}

# What mentors of each sector offer to talk about.
TOPICS = {
    "tic": [
        "desarrollo de software", "ciberseguridad", "ciencia de datos", "inteligencia artificial",
        "computación en la nube", "producto digital", "emprendimiento tecnológico",
        "comercio electrónico",
    ],
    "salud": [
        "investigación clínica", "salud pública", "dispositivos médicos", "bioestadística",
        "regulación sanitaria", "telemedicina",
    ],
    "alimentos-agricultura-biotecnologia": [
        "exportación", "inocuidad alimentaria", "certificación orgánica",
        "agricultura de precisión", "biotecnología", "cadena de frío", "acuicultura",
    ],
    "nanotecnologia-nuevos-materiales": [
        "ciencia de materiales", "semiconductores", "propiedad intelectual",
        "transferencia de tecnología", "caracterización de materiales",
    ],
    "hidrocarburos-energias-alternativas": [
        "energía solar", "eficiencia energética", "hidrógeno verde", "proyectos de energía",
        "redes eléctricas",
    ],
    "medio-ambiente-cambio-climatico": [
        "gestión del agua", "economía circular", "huella de carbono",
        "evaluación de impacto ambiental", "adaptación al cambio climático",
    ],
    "automotriz": [
        "manufactura esbelta", "control de calidad", "cadena de suministro",
        "vehículos eléctricos", "seis sigma",
    ],
    "transporte-aeronautica": [
        "ingeniería aeroespacial", "certificación aeronáutica", "logística",
        "materiales compuestos", "mantenimiento aeronáutico",
    ],
    "cooperacion-internacional": [
        "gestión de proyectos", "financiamiento internacional", "políticas públicas",
        "vinculación internacional", "evaluación de programas",
    ],
}  # fmt: skip
ANY_SECTOR = [
    "posgrado en el extranjero", "becas", "carrera académica", "redacción científica",
    "plan de negocios", "liderazgo de equipos",
]  # fmt: skip
DEMO_OFFER = {
    "sectors": ["tic", "automotriz"],
    "topics": (
        "robótica, visión por computadora, desarrollo de software, "
        "carrera en empresas de tecnología, posgrado en el extranjero"
    ),
    "capacity": 3,
    "hours_from": 8,
    "hours_to": 13,
    "formats": [Format.VIDEO, Format.EMAIL],
    "hours_per_month": 3,
}


def _months_ago(today, months):
    """The first day of the month `months` before today's."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, 1)


def _at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _staff_for(sector_slug, *, pncs, ime):
    """Who proposes a mentor for a request of `sector_slug`: the demo PNCS for its sector (TIC),
    the sector's demo PNCS account otherwise, IME when there is none."""
    if sector_slug == "tic":
        return pncs
    return User.objects.filter(email=f"pncs-{sector_slug}@redtalentos.example").first() or ime


def _sector_pks(slugs):
    return [str(pk) for pk in Sector.objects.filter(slug__in=slugs).values_list("pk", flat=True)]


# Offers


def _mentors():
    """The demo member and the synthetic members who mentor: those who take introduction
    requests (the brokered channel carries the proposals), first by number."""
    demo = Member.objects.filter(user__email=DEMO_MEMBER_EMAIL).first()
    others = (
        Member.objects.filter(
            account_active=True,
            user__is_active=True,
            intro_paused=False,
            intro_monthly_limit__gte=2,
        )
        .exclude(user__email=DEMO_MEMBER_EMAIL)
        .exclude(user__email__endswith="@redtalentos.example")
        .order_by("pk")[: MENTORS - 1]
    )
    return ([demo] if demo else []) + list(others)


def _offer_data(rng, member):
    sectors = list(member.sectors.values_list("slug", flat=True)) or ["tic"]
    pool = [topic for slug in sectors for topic in TOPICS.get(slug, [])]
    topics = rng.sample(pool, min(len(pool), rng.randint(3, 5)))
    if rng.random() < 0.5:
        topics.append(rng.choice(ANY_SECTOR))
    languages = [code for code in member.languages if code in Language.values] or ["es"]
    start = rng.choice([8, 8, 9, 9, 10, 12, 17])
    return {
        "sectors": sectors,
        "topics": ", ".join(topics),
        "capacity": rng.choices([1, 2, 3, 4], weights=[2, 4, 3, 1])[0],
        "hours_from": start,
        "hours_to": start + rng.choice([3, 4, 8]) if start < 17 else 21,
        "formats": rng.sample([Format.VIDEO, Format.EMAIL, Format.IN_PERSON], rng.randint(1, 2)),
        "hours_per_month": rng.choice([2, 2, 3, 4]),
        "languages": languages,
        "paused": rng.random() < 0.07,
    }


def _save_offer(member, data):
    form_data = {
        "capacity": data["capacity"],
        "sectors": _sector_pks(data["sectors"]),
        "topics": data["topics"],
        "languages": data["languages"],
        "time_zone": timezones.guess(member.city, member.country) or "America/Chicago",
        "hours_from": data["hours_from"],
        "hours_to": data["hours_to"],
        "formats": data["formats"],
        "hours_per_month": data["hours_per_month"],
    }
    if data.get("paused"):
        form_data["paused"] = "on"
    form = OfferForm(data=form_data)
    if not form.is_valid():
        raise ValueError(f"Demo offer of {member}: {form.errors.as_json()}")
    return services.save_offer(form=form, member=member)


def seed_offers(rng):
    """The mentors' offers: the demo member's as described, the others drawn from their
    profiles. A member who already has one keeps it."""
    created = 0
    have = set(MentorOffer.objects.values_list("member_id", flat=True))
    for member in _mentors():
        if member.user.email == DEMO_MEMBER_EMAIL:
            data = {**DEMO_OFFER, "languages": ["es", "en", "fr"]}
        else:
            data = _offer_data(rng, member)  # drawn even when kept: the next ones stay the same
        if member.pk in have:
            continue
        _save_offer(member, data)
        created += 1
    return created


# Cohort


def seed_cohort(*, opened_by):
    """The cohort of agri-food SMEs, opened by the demo PNCS; its applications close in three
    weeks, whenever the demo is seeded."""
    cohort = Cohort.objects.filter(name=COHORT["name"]).first()
    if cohort is not None:
        return cohort, False
    today = timezone.localdate()
    form = CohortForm(
        data={
            "name": COHORT["name"],
            "name_en": COHORT["name_en"],
            "description": COHORT["description"],
            "sectors": _sector_pks(COHORT["sectors"]),
            "places": COHORT["places"],
            "applications_close": (today + datetime.timedelta(days=21)).isoformat(),
            "starts_on": (today + datetime.timedelta(days=35)).isoformat(),
            "ends_on": (today + datetime.timedelta(days=35 + 182)).isoformat(),
            "mentee_picks": "on",
        }
    )
    if not form.is_valid():
        raise ValueError(f"Demo cohort: {form.errors.as_json()}")
    return cohort_services.save_cohort(form=form, actor=opened_by), True
