"""Demo data for the opportunities (called by the seed_demo command), synthetic only: forty
offers and requests of the five kinds in every state (draft, in review, published, returned
with a comment, expired, withdrawn), published by the demo member, the demo PNCS and synthetic
members over the last year, reviewed by the staff of their sectors; a few expressions of
interest, one of them accepted. Some were published this week, so that the weekly digest has
something to say.

Everything goes through the author's form and projects.opportunities as people do it (saved,
sent, reviewed, withdrawn, renewed, expired by the scheduler's service, interest through the
brokered channel); then the dates are moved back to when it happened. No email leaves. Running
it twice changes nothing."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from members.introductions import muted as introductions_muted
from members.models import Member, User
from pncs.models import ContactPoint, Sector

from . import notifications
from . import opportunities as services
from .models import Opportunity, OpportunityChange, OpportunityInterest, OpportunityKind
from .opportunity_forms import OpportunityForm

DEMO_MEMBER_EMAIL = "demo@redtalentos.example"
DEMO_PNCS_EMAIL = "pncs@redtalentos.example"
K = OpportunityKind
AGRO = "alimentos-agricultura-biotecnologia"
NANO = "nanotecnologia-nuevos-materiales"
ENERGY = "hidrocarburos-energias-alternativas"
CLIMATE = "medio-ambiente-cambio-climatico"
AERO = "transporte-aeronautica"
COOP = "cooperacion-internacional"

# What follows each kind's summary in its description.
CLOSINGS = {
    K.TECH_OFFER: (
        "La tecnología está probada a escala piloto y buscamos socios en México para "
        "licenciarla, adaptarla o llevarla a producción. Podemos dar capacitación y "
        "acompañamiento técnico durante la transferencia."
    ),
    K.TECH_REQUEST: (
        "Buscamos un grupo de investigación o una empresa con experiencia comprobada que "
        "pueda proponer una solución, desarrollarla con nosotros o licenciarnos una existente."
    ),
    K.BUSINESS_OFFER: (
        "Ofrecemos acuerdos de distribución, representación comercial o empresa conjunta. "
        "Conocemos el mercado y los requisitos regulatorios del otro lado de la frontera."
    ),
    K.BUSINESS_REQUEST: (
        "Buscamos proveedores, distribuidores o socios comerciales en México con capacidad "
        "de entrega y certificaciones al día; podemos empezar con un pedido de prueba."
    ),
    K.RD_PARTNER: (
        "Preparamos una propuesta para una convocatoria binacional de investigación y "
        "desarrollo y buscamos socios que aporten un laboratorio, datos o un caso de uso."
    ),
}


@dataclass
class Offer:
    """One demo opportunity; `story` is what happens to it, `ago` how many days ago it was
    published (or sent), `author` "demo", "pncs" or the number of a synthetic member."""

    kind: str
    sectors: tuple
    title: str
    summary: str
    organisation: str
    countries: tuple
    story: str  # draft, submitted, published, returned, expired, withdrawn, renewed
    author: object
    ago: int = 30
    deadline_days: int | None = None


# fmt: off
OFFERS = [
    # The demo member's: one of each state on their Mis oportunidades.
    Offer(K.TECH_OFFER, ("tic", "automotriz"),
          "Visión por computadora para inspección de autopartes",
          "Un sistema de cámaras y aprendizaje automático que detecta defectos de pintura y "
          "ensamble en línea, con menos de un segundo por pieza.",
          "Bayview Robotics Labs", ("US", "MX"), "published", "demo", 3),
    Offer(K.RD_PARTNER, ("tic",), "Socios para robots de almacén con sensores de bajo costo",
          "Buscamos un centro de investigación en México para validar la navegación de robots "
          "de almacén con sensores baratos.", "Bayview Robotics Labs", ("US", "MX"),
          "renewed", "demo", 340, 200),
    Offer(K.TECH_REQUEST, ("tic",), "Conjunto de datos de imágenes de frutas mexicanas",
          "Necesitamos imágenes etiquetadas de frutas de temporada para entrenar un "
          "clasificador de calidad.", "", ("MX",), "draft", "demo"),
    Offer(K.BUSINESS_OFFER, ("automotriz",), "Integración de celdas robóticas para pymes",
          "Integramos celdas robóticas llave en mano para talleres de estampado y soldadura.",
          "Bayview Robotics Labs", ("US",), "returned", "demo", 12),
    Offer(K.TECH_OFFER, ("tic",), "Biblioteca abierta de control para brazos robóticos",
          "Una biblioteca de control de movimiento con licencia abierta, documentada en "
          "español.", "", ("US",), "expired", "demo", 390),
    Offer(K.RD_PARTNER, ("tic", "salud"), "Robótica de rehabilitación para hospitales públicos",
          "Proponemos un exoesqueleto de mano de bajo costo y buscamos un hospital que lo "
          "evalúe con pacientes.", "Bayview Robotics Labs", ("US", "MX"), "submitted", "demo", 2),
    # The demo PNCS's (Tecnologías de la Información).
    Offer(K.TECH_REQUEST, ("tic",), "Ciberseguridad para universidades tecnológicas",
          "Las universidades tecnológicas de la red buscan quien audite y fortalezca sus "
          "sistemas escolares.", "PNCS de Tecnologías de la Información (demo)", ("MX",),
          "published", "pncs", 5, 120),
    Offer(K.RD_PARTNER, ("tic", COOP), "Procesamiento del lenguaje para lenguas indígenas",
          "Buscamos investigadores de la red para un corpus y un traductor del náhuatl y del "
          "maya.", "PNCS de Tecnologías de la Información (demo)", ("MX", "US", "CA"),
          "published", "pncs", 40, 300),
    Offer(K.BUSINESS_REQUEST, ("tic",), "Nube soberana para datos de salud",
          "Buscamos proveedores de nube con centros de datos en México para alojar "
          "expedientes clínicos.", "PNCS de Tecnologías de la Información (demo)", ("MX",),
          "published", "pncs", 75),
    Offer(K.TECH_REQUEST, ("tic",), "Plataforma de cursos en línea accesible",
          "Necesitamos una plataforma de cursos accesible para personas con discapacidad "
          "visual.", "PNCS de Tecnologías de la Información (demo)", ("MX",), "submitted",
          "pncs", 1),
    Offer(K.BUSINESS_OFFER, ("tic",), "Espacio de coworking para startups de la red",
          "Ofrecíamos escritorios sin costo para startups de miembros que abrieran oficina en "
          "Guadalajara.", "PNCS de Tecnologías de la Información (demo)", ("MX",), "withdrawn",
          "pncs", 60),
    # Synthetic members'.
    Offer(K.TECH_OFFER, ("salud",), "Prueba rápida de dengue en papel",
          "Una prueba de diagnóstico en papel, sin refrigeración, con resultados en quince "
          "minutos.", "Instituto de Investigación Biomédica Lakeshore", ("US", "MX"),
          "published", 1, 2, 240),
    Offer(K.RD_PARTNER, ("salud", "tic"), "Telemedicina para comunidades rurales de Oaxaca",
          "Buscamos clínicas y universidades para un piloto de consultas por video con "
          "conexión satelital.", "Hospital Metropolitano del Norte", ("US", "MX"), "published",
          2, 4),
    Offer(K.BUSINESS_REQUEST, ("salud",), "Distribuidor de dispositivos médicos en el Bajío",
          "Una empresa de monitores de glucosa busca distribuidor con registro sanitario.",
          "Biomédica Riverside", ("US", "MX"), "published", 3, 20),
    Offer(K.TECH_REQUEST, ("salud",), "Biobanco de muestras para estudios de diabetes",
          "Buscamos un biobanco mexicano con muestras de pacientes con diabetes tipo 2 y "
          "consentimiento para investigación.", "Universidad de Riverside Norte", ("US", "MX"),
          "submitted", 4, 3),
    Offer(K.TECH_OFFER, (AGRO,), "Maíz tolerante a la sequía por mejoramiento convencional",
          "Líneas de maíz nativo mejoradas para tolerar la sequía, sin modificación genética.",
          "Instituto de Biociencias del Valle", ("US", "MX"), "published", 5, 6, 365),
    Offer(K.BUSINESS_OFFER, (AGRO,), "Exportación de berries a Canadá",
          "Ayudamos a productores mexicanos a certificarse y exportar berries a Canadá.",
          "BlueHarvest Export", ("CA", "MX"), "published", 6, 90),
    Offer(K.BUSINESS_REQUEST, (AGRO,), "Proveedor de café de especialidad certificado",
          "Una tostadora de Seattle busca cooperativas de café de especialidad con "
          "certificación orgánica.", "Cumbre Coffee Roasters", ("US", "MX"), "published",
          7, 130),
    Offer(K.RD_PARTNER, (AGRO, CLIMATE), "Acuicultura sustentable de tilapia",
          "Buscamos socios para sistemas de recirculación de agua en granjas de tilapia.",
          "Universidad de Campo Verde", ("US", "MX"), "returned", 8, 20),
    Offer(K.TECH_OFFER, (AGRO,), "Biofertilizante a partir de residuos de agave",
          "Un biofertilizante hecho con bagazo de agave que reduce el uso de urea.",
          "AgroNova Labs", ("US",), "expired", 9, 400),
    Offer(K.TECH_OFFER, (NANO,), "Recubrimiento antibacteriano con nanopartículas de plata",
          "Un recubrimiento para superficies de hospital que reduce las infecciones "
          "cruzadas.", "NanoForge Labs", ("US", "MX"), "published", 10, 15),
    Offer(K.RD_PARTNER, (NANO, ENERGY), "Baterías de sodio para almacenamiento en red",
          "Buscamos laboratorios mexicanos para probar celdas de sodio a escala de "
          "laboratorio.", "Instituto de Materiales Avanzados del Norte", ("DE", "MX"),
          "published", 11, 200, 400),
    Offer(K.TECH_REQUEST, (NANO,), "Caracterización de grafeno por espectroscopía Raman",
          "Necesitamos acceso a un espectrómetro Raman en el norte de México.", "",
          ("MX",), "draft", 12),
    Offer(K.BUSINESS_REQUEST, (NANO,), "Fabricante de obleas de silicio en Jalisco",
          "Una empresa de sensores busca maquila de obleas en el corredor de Guadalajara.",
          "Silicon Ridge Fabrication", ("US", "MX"), "withdrawn", 13, 45),
    Offer(K.TECH_OFFER, (ENERGY,), "Inversores solares para microrredes rurales",
          "Inversores robustos para microrredes en comunidades sin conexión a la red.",
          "SolarMesa Power", ("US", "MX"), "published", 14, 5),
    Offer(K.RD_PARTNER, (ENERGY, CLIMATE), "Hidrógeno verde en el Istmo de Tehuantepec",
          "Buscamos socios para un estudio de factibilidad de hidrógeno verde con energía "
          "eólica.", "Instituto de Energía del Golfo", ("ES", "MX"), "published", 15, 110),
    Offer(K.BUSINESS_OFFER, (ENERGY,), "Auditorías de eficiencia energética para la industria",
          "Ofrecemos auditorías energéticas con sensores y un informe de ahorro en dos "
          "semanas.", "Gulf Energy Labs", ("US", "MX"), "expired", 16, 380),
    Offer(K.TECH_REQUEST, (ENERGY,), "Recuperación mejorada en yacimientos maduros",
          "Buscamos modelos de recuperación mejorada con inyección de CO2.", "", ("MX",),
          "draft", 17),
    Offer(K.TECH_OFFER, (CLIMATE,), "Sensores de calidad del agua con transmisión satelital",
          "Boyas con sensores de oxígeno, pH y turbidez que transmiten cada hora.",
          "Centro de Estudios Costeros", ("US", "MX"), "published", 18, 25),
    Offer(K.RD_PARTNER, (CLIMATE,), "Restauración de manglares en la península de Yucatán",
          "Buscamos socios para medir la captura de carbono de manglares restaurados.",
          "Instituto del Clima Boreal", ("CA", "MX"), "published", 19, 160, 180),
    Offer(K.BUSINESS_REQUEST, (CLIMATE,), "Reciclaje de plásticos agrícolas",
          "Buscamos plantas de reciclaje para película plástica de invernadero.",
          "GreenLoop Consulting", ("US", "MX"), "withdrawn", 20, 100),
    Offer(K.TECH_OFFER, ("automotriz",), "Tren motriz eléctrico para camiones de reparto",
          "Un kit de electrificación para camiones de reparto urbano de tres toneladas.",
          "Motorvía Engineering", ("US", "MX"), "published", 21, 8),
    Offer(K.BUSINESS_REQUEST, ("automotriz",), "Proveedor de arneses con certificación IATF",
          "Una armadora de Detroit busca proveedor de arneses en Coahuila o Nuevo León.",
          "Great Lakes Mobility Labs", ("US", "MX"), "published", 22, 55),
    Offer(K.RD_PARTNER, ("automotriz", NANO), "Aligeramiento con compuestos de fibra natural",
          "Buscamos socios para piezas interiores con fibra de henequén.",
          "Instituto de Movilidad Eléctrica", ("DE", "MX"), "expired", 23, 420),
    Offer(K.TECH_OFFER, (AERO,), "Inspección de fuselajes con drones",
          "Inspección visual y térmica de fuselajes con drones en hangar.", "Skyline Aero",
          ("US", "MX"), "published", 24, 35),
    Offer(K.BUSINESS_OFFER, (AERO,), "Capacitación en mantenimiento aeronáutico certificado",
          "Cursos para técnicos de mantenimiento con certificación reconocida en ambos "
          "países.", "Northbridge Aviation Academy", ("US", "MX"), "submitted", 25, 4),
    Offer(K.RD_PARTNER, (AERO,), "Materiales compuestos reciclables para aeronaves",
          "Buscamos socios para una resina termoplástica reciclable.", "Kingsbridge College",
          ("GB", "MX"), "returned", 26, 9),
    Offer(K.BUSINESS_OFFER, (COOP,), "Asesoría para fondos de cooperación internacional",
          "Acompañamos a organizaciones mexicanas a preparar propuestas para fondos "
          "internacionales.", "", ("US", "MX"), "published", 27, 70),
    Offer(K.BUSINESS_OFFER, (COOP, AGRO), "Comercio justo para cooperativas de mujeres",
          "Conectamos cooperativas de artesanas y productoras con tiendas de comercio justo.",
          "Red de Comercio Justo (demo)", ("US", "CA", "MX"), "withdrawn", 28, 150),
    Offer(K.TECH_REQUEST, (AERO, "tic"), "Software de mantenimiento para aerolíneas regionales",
          "Una aerolínea regional busca un sistema de gestión del mantenimiento que cumpla con "
          "la autoridad aeronáutica de ambos países.", "Aerolíneas del Pacífico (demo)",
          ("MX", "US"), "published", 29, 1, 150),
]
# fmt: on

INTERESTS = [
    # (opportunity title, interested person: "demo" or a synthetic member's number, message)
    (
        "Ciberseguridad para universidades tecnológicas",
        "demo",
        "Dirijo un equipo de software y puedo dedicar unas horas al mes a revisar "
        "arquitecturas y procesos de respaldo.",
    ),
    (
        "Procesamiento del lenguaje para lenguas indígenas",
        30,
        "Trabajo en procesamiento de lenguaje natural y tengo experiencia con corpus "
        "pequeños; me gustaría colaborar.",
    ),
    (
        "Procesamiento del lenguaje para lenguas indígenas",
        31,
        "Mi grupo tiene grabaciones de hablantes de maya que podríamos compartir con "
        "consentimiento.",
    ),
    (
        "Visión por computadora para inspección de autopartes",
        32,
        "Somos proveedores de una armadora en Saltillo y queremos probar su sistema en una "
        "línea de pintura.",
    ),
    (
        "Prueba rápida de dengue en papel",
        "demo",
        "Conozco a un grupo de Guadalajara que trabaja con dengue; puedo presentarlos.",
    ),
]
ACCEPTED = ("Ciberseguridad para universidades tecnológicas", "demo")


def _people():
    demo = User.objects.get(email=DEMO_MEMBER_EMAIL)
    pncs = User.objects.get(email=DEMO_PNCS_EMAIL)
    synthetic = list(
        Member.objects.exclude(user=demo)
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("pk")[:40]
    )
    return demo, pncs, synthetic


def _person(key, demo, pncs, synthetic):
    if key == "demo":
        return demo
    if key == "pncs":
        return pncs
    return synthetic[key % len(synthetic)].user if synthetic else demo


def _reviewer(offer, author, ime):
    """Staff of the opportunity's first sector (another person than its author), else IME."""
    sector = Sector.objects.get(slug=offer.sectors[0])
    for contact_point in ContactPoint.objects.filter(sectors=sector).order_by("pk"):
        staff = contact_point.staff.exclude(pk=author.pk).order_by("pk").first()
        if staff is not None:
            return staff
    return ime


def _form(offer, sectors):
    today = timezone.localdate()
    data = {
        "kind": offer.kind,
        "title": offer.title,
        "summary": offer.summary,
        "description": f"{offer.summary}\n\n{CLOSINGS[offer.kind]}",
        "sectors": [sectors[slug].pk for slug in offer.sectors],
        "countries": list(offer.countries),
        "organisation": offer.organisation,
    }
    if offer.deadline_days is not None:
        data["deadline"] = (today + datetime.timedelta(days=offer.deadline_days)).isoformat()
    form = OpportunityForm(data=data)
    if not form.is_valid():
        raise ValueError(f"{offer.title}: {form.errors.as_json()}")
    return form


def _story(offer, opportunity, *, author, reviewer):
    """Takes a saved opportunity (a draft, or sent for review) to where its story ends."""
    if offer.story in ("draft", "submitted"):
        return
    if offer.story == "returned":
        services.review(
            opportunity=opportunity,
            reviewer=reviewer,
            approve=False,
            comment=(
                "Gracias. Antes de publicarla, di qué capacidades concretas esperas del socio "
                "en México y en qué plazo."
            ),
        )
        return
    if offer.story == "withdrawn" and offer.ago % 2:
        services.withdraw(opportunity=opportunity, actor=author)  # before anyone reviewed it
        return
    services.review(opportunity=opportunity, reviewer=reviewer, approve=True)
    if offer.story == "withdrawn":
        services.withdraw(opportunity=opportunity, actor=author)


def _move_back(opportunity, days):
    """As if it all happened `days` ago (published then, expiring a lifetime later)."""
    shift = datetime.timedelta(days=days)
    rows = Opportunity.objects.filter(pk=opportunity.pk)
    rows.update(created_at=F("created_at") - shift - datetime.timedelta(days=2))
    rows.filter(published_at__isnull=False).update(
        published_at=F("published_at") - shift, expires_at=F("expires_at") - shift
    )
    OpportunityChange.objects.filter(opportunity=opportunity).update(at=F("at") - shift)


def seed_opportunities(*, ime):
    """Adds the demo's opportunities once; `ime` is the demo IME account (reviews what the
    demo PNCS publishes and what no sector's staff can). Returns what was created."""
    titles = [offer.title for offer in OFFERS]
    if Opportunity.objects.filter(title__in=titles).exists():
        return {"opportunities": 0, "interests": 0}
    with notifications.muted(), introductions_muted(), transaction.atomic():
        demo, pncs, synthetic = _people()
        sectors = {sector.slug: sector for sector in Sector.objects.all()}
        created = {}
        for offer in OFFERS:
            author = _person(offer.author, demo, pncs, synthetic)
            opportunity = services.save_opportunity(
                form=_form(offer, sectors), author=author, submit=offer.story != "draft"
            )
            _story(offer, opportunity, author=author, reviewer=_reviewer(offer, author, ime))
            if offer.story == "renewed":
                # Published long ago, renewed by its author a month before it would expire.
                _move_back(opportunity, offer.ago)
                services.renew(opportunity=opportunity, actor=author)
                last = OpportunityChange.objects.filter(opportunity=opportunity).latest("pk")
                days = max(0, offer.ago - 335)
                OpportunityChange.objects.filter(pk=last.pk).update(
                    at=F("at") - datetime.timedelta(days=days)
                )
            else:
                _move_back(opportunity, offer.ago)
            created[offer.title] = opportunity
        # The scheduler's run: those published more than a lifetime ago expire.
        services.expire()
        interests = _interests(created, demo, pncs, synthetic)
    return {"opportunities": len(created), "interests": interests}


def _interests(created, demo, pncs, synthetic):
    base_url = settings.SITE_URL.rstrip("/") + "/"
    count = 0
    for title, key, message in INTERESTS:
        person = _person(key, demo, pncs, synthetic)
        opportunity = created[title]
        try:
            interest = services.express_interest(
                opportunity=opportunity, person=person, message=message, base_url=base_url
            )
        except services.OpportunityRefused:
            continue  # the brokered channel's rules (a member's pause or budget) said no
        count += 1
        if (title, key) == ACCEPTED:
            services.answer_interest(interest=interest, author=opportunity.author, accept=True)
    OpportunityInterest.objects.filter(opportunity__in=created.values()).update(
        created_at=F("created_at") - datetime.timedelta(days=1)
    )
    return count
