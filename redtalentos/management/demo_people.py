"""The synthetic people of the demo data (seed_demo and its bulk path): realistic names, places,
profiles and consents drawn from a seeded random generator, before anything touches the database.
Person number i always gets the same data for the same seed.
"""

import random
from dataclasses import dataclass, field

from django.utils.text import slugify

from members.models import (
    Availability,
    Consent,
    ContributionOffer,
    Member,
    MexicanState,
    Visibility,
)

SYNTHETIC_EMAIL = "talento{:04d}@example.org"

# Names and the rest of the pools are data tables: kept compact by hand.
# fmt: off
FIRST_NAMES_F = [
    "María", "María José", "María Fernanda", "Ana", "Ana Sofía", "Guadalupe", "Verónica",
    "Lucía", "Ximena", "Regina", "Valeria", "Daniela", "Andrea", "Mariana", "Gabriela",
    "Paulina", "Itzel", "Citlali", "Xóchitl", "Rocío", "Alejandra", "Claudia", "Mónica",
    "Beatriz", "Dolores", "Leticia", "Fernanda", "Renata", "Sofía", "Natalia", "Inés",
    "Elena", "Patricia", "Carmen", "Yolanda", "Araceli", "Nayeli", "Berenice", "Jimena",
]
FIRST_NAMES_M = [
    "José", "José Luis", "Juan Pablo", "Luis", "Carlos", "Jesús", "Miguel Ángel", "Alejandro",
    "Héctor", "Raúl", "Andrés", "Sebastián", "Diego", "Emiliano", "Santiago", "Rodrigo",
    "Fernando", "Ricardo", "Arturo", "Óscar", "Joaquín", "Tomás", "Rubén", "Efraín", "Iván",
    "Julián", "Mauricio", "Gerardo", "Ramón", "Víctor", "Octavio", "Agustín", "Cuauhtémoc",
    "Ernesto", "Salvador", "Jorge", "Francisco", "Germán", "Adrián", "Nicolás",
]
# Second-generation members and those who anglicised their first name.
ENGLISH_FIRST_NAMES_F = [
    "Jennifer", "Jessica", "Ashley", "Stephanie", "Emily", "Michelle", "Vanessa", "Karen",
    "Nicole", "Amanda", "Melissa", "Rachel",
]
ENGLISH_FIRST_NAMES_M = [
    "Daniel", "Michael", "Kevin", "Brian", "Christopher", "Anthony", "Steven", "Eric",
    "Jonathan", "Ryan", "Matthew", "Andrew",
]
SURNAMES = [
    "García", "Hernández", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
    "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
    "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero",
    "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos", "Domínguez", "Herrera", "Medina",
    "Castro", "Vargas", "Guzmán", "Velázquez", "Muñoz", "Rojas", "Núñez", "Salazar", "Ibarra",
    "Cervantes", "Orozco", "Zúñiga", "Villaseñor", "Peña", "Solís", "Treviño", "Garza",
    "Quintero", "Ochoa", "Téllez", "Cárdenas", "Bautista", "Escobedo", "Ávila", "Espinoza",
    "Montaño", "Báez", "Olvera", "Carreño", "Echeverría", "Sepúlveda", "Tapia", "Zavala",
]
ENGLISH_SURNAMES = ["Smith", "Miller", "Walker", "Anderson", "Thompson", "Clark", "Becker"]

# Where members live: (country, weight, [(city, founding chapter slug or "")]).
PLACES = [
    ("US", 62, [
        ("San José, California", "silicon-valley"), ("Palo Alto, California", "silicon-valley"),
        ("Sunnyvale, California", "silicon-valley"),
        ("San Francisco, California", "silicon-valley"),
        ("Mountain View, California", "silicon-valley"), ("Houston, Texas", "houston"),
        ("Sugar Land, Texas", "houston"), ("The Woodlands, Texas", "houston"),
        ("Detroit, Michigan", "detroit"), ("Ann Arbor, Michigan", "detroit"),
        ("Dearborn, Michigan", "detroit"), ("Los Angeles, California", ""),
        ("San Diego, California", ""), ("Chicago, Illinois", ""), ("Boston, Massachusetts", ""),
        ("New York, New York", ""), ("Austin, Texas", ""), ("Dallas, Texas", ""),
        ("San Antonio, Texas", ""), ("Seattle, Washington", ""), ("Phoenix, Arizona", ""),
        ("Atlanta, Georgia", ""), ("Raleigh, North Carolina", ""), ("Denver, Colorado", ""),
        ("Washington, D. C.", ""), ("Pittsburgh, Pennsylvania", ""),
    ]),
    ("CA", 8, [("Toronto", ""), ("Montréal", ""), ("Vancouver", ""), ("Calgary", ""),
               ("Ottawa", "")]),
    ("ES", 6, [("Madrid", ""), ("Barcelona", ""), ("Valencia", ""), ("Sevilla", ""),
               ("Bilbao", "")]),
    ("DE", 5, [("Berlin", ""), ("München", ""), ("Hamburg", ""), ("Stuttgart", ""),
               ("Aachen", "")]),
    ("GB", 5, [("London", ""), ("Cambridge", ""), ("Oxford", ""), ("Manchester", ""),
               ("Edinburgh", "")]),
    ("FR", 4, [("Paris", ""), ("Lyon", ""), ("Toulouse", ""), ("Grenoble", "")]),
    ("NL", 2, [("Delft", ""), ("Amsterdam", ""), ("Eindhoven", "")]),
    ("CH", 2, [("Zürich", ""), ("Genève", ""), ("Lausanne", "")]),
    ("AU", 1, [("Sydney", ""), ("Melbourne", "")]),
    ("JP", 1, [("Tokyo", ""), ("Kyoto", "")]),
    ("CL", 1, [("Santiago", "")]),
    ("BR", 1, [("São Paulo", ""), ("Campinas", "")]),
    ("SE", 1, [("Stockholm", ""), ("Lund", "")]),
]
LOCAL_LANGUAGE = {"CA": "fr", "DE": "de", "CH": "de", "FR": "fr", "BR": "pt", "JP": "ja"}
STATE_WEIGHTS = {
    "JAL": 9, "MIC": 7, "CMX": 10, "NLE": 7, "GUA": 6, "MEX": 6, "PUE": 5, "OAX": 4, "ZAC": 4,
    "VER": 4, "CHH": 4, "BCN": 4, "SON": 3, "COA": 3, "QUE": 3, "YUC": 3, "SIN": 3, "SLP": 3,
    "AGU": 2, "GRO": 2, "HID": 2, "MOR": 2, "DUR": 2, "TAM": 2, "CHP": 1, "TAB": 1, "NAY": 1,
    "COL": 1, "TLA": 1, "ROO": 1, "CAM": 1, "BCS": 1,
}
MEXICAN_UNIVERSITIES = [
    "Universidad Nacional Autónoma de México", "Instituto Politécnico Nacional",
    "Tecnológico de Monterrey", "Universidad de Guadalajara",
    "Universidad Autónoma de Nuevo León", "Benemérita Universidad Autónoma de Puebla",
    "Universidad Autónoma Metropolitana", "Universidad Iberoamericana",
    "Universidad de las Américas Puebla", "Universidad Michoacana de San Nicolás de Hidalgo",
    "Universidad Autónoma de Yucatán", "Universidad de Sonora", "Universidad Veracruzana",
    "Universidad Autónoma de San Luis Potosí", "Universidad de Guanajuato",
    "Instituto Tecnológico Autónomo de México", "Universidad Autónoma de Querétaro",
]
GRADUATE_SCHOOLS = [
    "Pacific Coast University", "Great Lakes Institute of Technology", "Northbridge University",
    "University of the Southwest", "Bayview Institute of Science",
    "Universidad Politécnica de Levante",
    "Technische Hochschule Nordrhein", "École Supérieure de Sciences Appliquées",
    "Kingsbridge College", "Lakeshore State University",
    "Centro de Investigación y de Estudios Avanzados", "Universidad Nacional Autónoma de México",
    "El Colegio de México",
]

# What each sector's members do: positions, headlines, organisations, skills and fields of study.
SECTOR_PROFILES = {
    "tic": {
        "positions": ["Senior Software Engineer", "Staff Engineer", "Data Scientist",
                      "Engineering Manager", "Research Scientist", "Cloud Architect",
                      "Product Manager", "Security Engineer"],
        "headlines": ["Desarrollo de software para vehículos autónomos",
                      "Ciencia de datos aplicada a la salud pública",
                      "Infraestructura en la nube a gran escala",
                      "Aprendizaje automático para el procesamiento del lenguaje en español",
                      "Ciberseguridad de sistemas industriales",
                      "Arquitectura de plataformas de pagos digitales"],
        "organisations": ["Bayview Labs", "Northwind Data Labs", "Cumbre Software",
                          "Helix Cloud Systems", "Quetzal AI Labs", "Universidad de Sierra Alta"],
        "skills": ["Python", "Aprendizaje automático", "Kubernetes", "Ciencia de datos", "Go",
                   "Ciberseguridad", "Procesamiento de lenguaje natural", "Java",
                   "Arquitectura de software", "Visión por computadora", "SQL", "Rust"],
        "fields": ["Ingeniería en Computación", "Ciencias de la Computación",
                   "Ingeniería en Sistemas Computacionales", "Matemáticas Aplicadas"],
    },
    "salud": {
        "positions": ["Physician Scientist", "Associate Professor", "Clinical Researcher",
                      "Epidemiologist", "Postdoctoral Fellow", "Attending Physician"],
        "headlines": ["Investigación clínica en diabetes tipo 2",
                      "Epidemiología de enfermedades infecciosas en poblaciones migrantes",
                      "Oncología pediátrica y ensayos clínicos",
                      "Salud pública y políticas de prevención",
                      "Neurociencias y envejecimiento"],
        "organisations": ["Hospital Metropolitano del Norte", "Hospital St. Anne",
                          "Instituto de Investigación Biomédica Lakeshore",
                          "Universidad de Riverside Norte", "Hospital General de Levante"],
        "skills": ["Epidemiología", "Bioestadística", "Ensayos clínicos", "Salud pública",
                   "Oncología", "Genómica", "Neurociencias", "Cardiología", "Telemedicina"],
        "fields": ["Medicina", "Biología", "Salud Pública", "Química Farmacéutico Biológica"],
    },
    "alimentos-agricultura-biotecnologia": {
        "positions": ["Research Scientist", "Agronomist", "Food Safety Manager",
                      "Associate Professor", "Biotech Project Lead"],
        "headlines": ["Mejoramiento genético de maíz resistente a la sequía",
                      "Inocuidad alimentaria en cadenas de exportación",
                      "Biotecnología de microorganismos para la agricultura",
                      "Acuicultura sustentable"],
        "organisations": ["AgroNova Labs", "Instituto de Biociencias del Valle",
                          "Universidad de Campo Verde", "BlueHarvest Aquaculture"],
        "skills": ["Biotecnología", "Genética vegetal", "Inocuidad alimentaria", "Agronomía",
                   "Microbiología", "Acuicultura", "Bioinformática"],
        "fields": ["Ingeniería Agronómica", "Biotecnología", "Ingeniería en Alimentos",
                   "Biología"],
    },
    "nanotecnologia-nuevos-materiales": {
        "positions": ["Materials Scientist", "Research Engineer", "Assistant Professor",
                      "Postdoctoral Researcher", "Process Engineer"],
        "headlines": ["Materiales bidimensionales para baterías",
                      "Nanopartículas para la liberación de fármacos",
                      "Semiconductores y fabricación de chips",
                      "Recubrimientos avanzados para la industria aeroespacial"],
        "organisations": ["NanoForge Labs", "Instituto de Materiales Avanzados del Norte",
                          "Universidad de Altamira", "Silicon Ridge Fabrication"],
        "skills": ["Nanotecnología", "Ciencia de materiales", "Microscopía electrónica",
                   "Semiconductores", "Síntesis química", "Polímeros",
                   "Caracterización de materiales"],
        "fields": ["Física", "Química", "Ingeniería en Materiales", "Ingeniería Química"],
    },
    "hidrocarburos-energias-alternativas": {
        "positions": ["Reservoir Engineer", "Energy Analyst", "Project Engineer",
                      "Research Scientist", "Renewable Energy Consultant"],
        "headlines": ["Ingeniería de yacimientos y recuperación mejorada",
                      "Integración de energía solar a la red eléctrica",
                      "Hidrógeno verde y almacenamiento de energía",
                      "Eficiencia energética en la industria"],
        "organisations": ["Gulf Energy Labs", "SolarMesa Power", "Instituto de Energía del Golfo",
                          "Universidad de Costa Dorada"],
        "skills": ["Ingeniería petrolera", "Energía solar", "Energía eólica", "Hidrógeno",
                   "Almacenamiento de energía", "Modelado de yacimientos", "Redes eléctricas"],
        "fields": ["Ingeniería Petrolera", "Ingeniería Eléctrica", "Ingeniería Mecánica",
                   "Física"],
    },
    "medio-ambiente-cambio-climatico": {
        "positions": ["Climate Scientist", "Environmental Engineer", "Policy Advisor",
                      "Assistant Professor", "Sustainability Manager"],
        "headlines": ["Modelación climática regional",
                      "Gestión integral del agua en zonas áridas",
                      "Economía circular y manejo de residuos",
                      "Conservación de ecosistemas costeros"],
        "organisations": ["Instituto del Clima Boreal", "GreenLoop Consulting",
                          "Universidad de Río Claro", "Centro de Estudios Costeros"],
        "skills": ["Cambio climático", "Gestión del agua", "Sistemas de información geográfica",
                   "Economía circular", "Ecología", "Evaluación de impacto ambiental"],
        "fields": ["Ingeniería Ambiental", "Ciencias de la Tierra", "Biología", "Ecología"],
    },
    "automotriz": {
        "positions": ["Powertrain Engineer", "Manufacturing Engineer", "Quality Manager",
                      "Vehicle Systems Engineer", "Supply Chain Director"],
        "headlines": ["Electrificación de trenes motrices",
                      "Manufactura esbelta en la industria automotriz",
                      "Sistemas de asistencia a la conducción",
                      "Cadena de suministro automotriz en Norteamérica"],
        "organisations": ["Motorvía Engineering", "Great Lakes Mobility Labs",
                          "Autopartes del Norte Inc.", "Instituto de Movilidad Eléctrica"],
        "skills": ["Vehículos eléctricos", "Manufactura esbelta", "Seis Sigma",
                   "Sistemas embebidos", "Cadena de suministro", "Control de calidad"],
        "fields": ["Ingeniería Mecánica", "Ingeniería Mecatrónica", "Ingeniería Industrial",
                   "Ingeniería Electrónica"],
    },
    "transporte-aeronautica": {
        "positions": ["Aerospace Engineer", "Flight Test Engineer", "Structures Engineer",
                      "Transportation Planner", "Avionics Engineer"],
        "headlines": ["Diseño de estructuras aeronáuticas de materiales compuestos",
                      "Planeación de transporte público urbano",
                      "Aviónica y sistemas de control de vuelo",
                      "Mantenimiento aeronáutico y certificación"],
        "organisations": ["SkyForge Aerospace", "Instituto Aeroespacial del Pacífico",
                          "Universidad de Alta Meseta", "Tránsito Inteligente Labs"],
        "skills": ["Ingeniería aeroespacial", "Materiales compuestos", "Aviónica",
                   "Planeación del transporte", "Dinámica de fluidos computacional", "Logística"],
        "fields": ["Ingeniería Aeronáutica", "Ingeniería Mecánica", "Ingeniería Civil",
                   "Física"],
    },
    "cooperacion-internacional": {
        "positions": ["Program Officer", "Policy Analyst", "Senior Consultant",
                      "Associate Professor", "Project Manager"],
        "headlines": ["Cooperación internacional para el desarrollo local",
                      "Evaluación de políticas públicas",
                      "Migración y desarrollo en comunidades de origen",
                      "Financiamiento para proyectos de innovación social"],
        "organisations": ["Fundación Puentes Globales", "Instituto de Desarrollo Binacional",
                          "Universidad de Puerto Alto", "Red Consultores Internacionales"],
        "skills": ["Evaluación de proyectos", "Políticas públicas", "Gestión de proyectos",
                   "Relaciones internacionales", "Economía del desarrollo", "Migración"],
        "fields": ["Relaciones Internacionales", "Economía", "Ciencia Política",
                   "Administración Pública"],
    },
}
SECTOR_WEIGHTS = {
    "tic": 30, "salud": 15, "alimentos-agricultura-biotecnologia": 8,
    "nanotecnologia-nuevos-materiales": 8, "hidrocarburos-energias-alternativas": 9,
    "medio-ambiente-cambio-climatico": 8, "automotriz": 9, "transporte-aeronautica": 7,
    "cooperacion-internacional": 6,
}
INTERESTS_ES = [
    "la formación de estudiantes mexicanos", "los proyectos binacionales de innovación",
    "la mentoría a empresas mexicanas", "la vinculación entre universidades y la industria",
    "las estancias de investigación en México", "la transferencia de tecnología",
]
INTERESTS_EN = [
    "mentoring Mexican students", "binational innovation projects",
    "helping Mexican companies grow", "university-industry partnerships",
    "research stays in Mexico", "technology transfer",
]
# fmt: on


# The choices' values, read once: building them on every call was a fifth of a person's cost.
OFFERS, VISIBILITIES, AVAILABILITIES = (
    list(ContributionOffer.values),
    list(Visibility.values),
    list(Availability.values),
)
DEFAULT_VISIBILITY = {
    group: Member._meta.get_field(f"visibility_{group}").default for group in Member.FIELD_GROUPS
}


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


@dataclass
class Person:
    """The data of one synthetic member, drawn before anything touches the database."""

    number: int
    email: str
    full_name: str
    headline: str
    bio: str
    city: str
    country: str
    chapter: str
    state_of_origin: str
    organisation: str
    position: str
    sectors: list
    skills: list
    education: list  # (degree, field, institution, year)
    languages: list
    contribution_offers: list
    availability: str
    visibility: dict
    consents: dict  # purpose -> granted (a withdrawn consent is granted first, then withdrawn)
    withdrawn: list = field(default_factory=list)
    intro_monthly_limit: int = 4
    intro_paused: bool = False
    verified_days_ago: int | None = None
    website: str = ""


def _name(rng):
    feminine = rng.random() < 0.48
    if rng.random() < 0.22:
        first = rng.choice(ENGLISH_FIRST_NAMES_F if feminine else ENGLISH_FIRST_NAMES_M)
        surname = rng.choice(SURNAMES)
        if rng.random() < 0.3:
            return f"{first} {surname}-{rng.choice(ENGLISH_SURNAMES)}"
        return f"{first} {surname}"
    first = rng.choice(FIRST_NAMES_F if feminine else FIRST_NAMES_M)
    paternal, maternal = rng.sample(SURNAMES, 2)
    return f"{first} {paternal} {maternal}"


def _education(rng, fields):
    year = rng.randint(1982, 2016)
    study = rng.choice(fields)
    rows = [("bachelor", study, rng.choice(MEXICAN_UNIVERSITIES), year)]
    if rng.random() < 0.75:
        year += rng.randint(2, 5)
        rows.append(("master", rng.choice(fields), rng.choice(GRADUATE_SCHOOLS), year))
        if rng.random() < 0.55:
            year += rng.randint(3, 6)
            rows.append(("doctorate", rng.choice(fields), rng.choice(GRADUATE_SCHOOLS), year))
    return [(degree, study, school, min(year, 2024)) for degree, study, school, year in rows]


def _with_article(institution):
    """«la Universidad ...», «el Instituto ...»; names with their own article stay as they are."""
    if institution.startswith(("Universidad", "Benemérita", "École")):
        return f"la {institution}"
    if institution.startswith(("Instituto", "Tecnológico", "Centro")):
        return f"el {institution}"
    return institution


def build_person(seed, number):
    """Synthetic member `number` for `seed`: the same answer every time."""
    rng = random.Random(f"seed-demo:{seed}:{number}")
    full_name = _name(rng)
    country, _weight, places = rng.choices(PLACES, weights=[place[1] for place in PLACES])[0]
    city, chapter = rng.choice(places)
    sectors = [_weighted(rng, SECTOR_WEIGHTS)]
    for _extra in range(rng.choices([0, 1, 2], weights=[55, 35, 10])[0]):
        other = _weighted(rng, SECTOR_WEIGHTS)
        if other not in sectors:
            sectors.append(other)
    profile = SECTOR_PROFILES[sectors[0]]
    skills = set(rng.sample(profile["skills"], rng.randint(2, 4)))
    for other in sectors[1:]:
        skills.add(rng.choice(SECTOR_PROFILES[other]["skills"]))
    skills = sorted(skills)
    organisation, position = rng.choice(profile["organisations"]), rng.choice(profile["positions"])
    headline = rng.choice(profile["headlines"])
    education = _education(rng, profile["fields"])
    state = _weighted(rng, STATE_WEIGHTS)
    state_name = MexicanState(state).label
    moved = rng.randint(education[-1][3], 2024)
    _degree, study, school, _year = education[0]
    town = city.split(",")[0]
    if rng.random() < 0.7:
        first, second = rng.sample(INTERESTS_ES, 2)
        bio = (
            f"Nací en {state_name} y estudié {study} en {_with_article(school)}. "
            f"Desde {moved} vivo en {town}, donde trabajo en {organisation} ({position}). "
            f"Me interesan {first} y {second}."
        )
    else:
        bio = (
            f"Born in {state_name}, I studied {study} at {school} and moved to {town} in "
            f"{moved}. I work at {organisation} as {position}. "
            f"Happy to help with {rng.choice(INTERESTS_EN)}."
        )
    languages = ["es"]
    if rng.random() < 0.93:
        languages.append("en")
    if country in LOCAL_LANGUAGE and rng.random() < 0.8:
        languages.append(LOCAL_LANGUAGE[country])
    if rng.random() < 0.1:
        extra = rng.choice(["fr", "de", "pt", "it", "zh", "nah"])
        if extra not in languages:
            languages.append(extra)
    offers = rng.sample(OFFERS, rng.randint(1, 4))
    visibility = {}
    for group in Member.FIELD_GROUPS:
        default = DEFAULT_VISIBILITY[group]
        visibility[group] = default if rng.random() < 0.7 else rng.choice(VISIBILITIES)
    consents = {
        Consent.Purpose.PUBLIC_LISTING: rng.random() < 0.65,
        Consent.Purpose.PNCS_SEARCH: rng.random() < 0.6,
        Consent.Purpose.CHAPTER: rng.random() < (0.6 if chapter else 0.15),
        Consent.Purpose.NEWS: rng.random() < 0.7,
    }
    withdrawn = [
        purpose for purpose, granted in consents.items() if not granted and rng.random() < 0.1
    ]
    return Person(
        number=number,
        email=SYNTHETIC_EMAIL.format(number),
        full_name=full_name,
        headline=headline,
        bio=bio,
        city=city,
        country=country,
        chapter=chapter if rng.random() < 0.8 else "",
        state_of_origin=state,
        organisation=organisation,
        position=position,
        sectors=sectors,
        skills=skills,
        education=education,
        languages=languages,
        contribution_offers=offers,
        availability=rng.choices(AVAILABILITIES, weights=[60, 30, 10])[0],
        visibility=visibility,
        consents=consents,
        withdrawn=withdrawn,
        intro_monthly_limit=rng.choices([4, 2, 6, 10], weights=[70, 10, 10, 10])[0],
        intro_paused=rng.random() < 0.05,
        verified_days_ago=rng.randint(1, 700) if rng.random() < 0.3 else None,
        website=f"https://{slugify(full_name)}.example" if rng.random() < 0.25 else "",
    )
