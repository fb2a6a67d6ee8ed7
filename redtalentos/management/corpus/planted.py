"""The planted profiles of the benchmark's judged set: people the loader writes into the realistic
corpus at fixed shares of it, whom given searches must find on the first page.

Each plant has a key (its website says https://plantado-<key>.example, how the benchmark finds it
in any corpus) and each judged query names the keys it must find. Both are written to
data/judged.json (`write_judged`), the committed data the benchmark reads; a test keeps the file
equal to what this module builds."""

import json
import random
from dataclasses import replace
from pathlib import Path

from members.models import Visibility

from ..demo_people import build_person

JUDGED_FILE = Path(__file__).parent / "data" / "judged.json"
MARKER = "https://plantado-{}.example"

# fmt: off
# Rare names (given, paternal, maternal); each is planted once, and searched as written, without
# accents and with a typo.
NAMES = [
    ("Yoloxóchitl", "Tecuapetla", "Zempoalteca"), ("Itzcóatl", "Mixcóatl", "Urquiza"),
    ("Quetzalli", "Cuauhtle", "Iturbide"), ("Tenoch", "Xicoténcatl", "Huchim"),
    ("Nicté", "Cocom", "Valdovinos"), ("Ehécatl", "Tepox", "Malagón"),
    ("Tonantzin", "Coyotl", "Bocanegra"), ("Cuitláhuac", "Tzec", "Palomares"),
    ("Sac-Nicté", "Cuxim", "Landeros"), ("Tonatiuh", "Itzá", "Tinoco"),
    ("Itzayana", "Ixtepan", "Monsiváis"), ("Nezahualcóyotl", "Tlapa", "Llamas"),
    ("Yareli", "Galeana", "Marroquín"), ("Ixchel", "Pichardo", "Tamez"),
    ("Abril", "Urbina", "Cabello"), ("Iker", "Mancilla", "Lizárraga"),
    ("Gael", "Rentería", "Oropeza"), ("Montserrat", "Olguín", "Buenrostro"),
    ("Valentina", "Solórzano", "Grajales"), ("Mateo", "Munguía", "Gaytán"),
    ("Camila", "Elizondo", "Mireles"), ("Emilio", "Covarrubias", "Montalvo"),
    ("Regina", "Arzate", "Saldaña"), ("Leonardo", "Landeros", "Valdovinos"),
    ("Quetzalli", "Cocom", "Iturbide"), ("Tenoch", "Cuxim", "Urquiza"),
    ("Nicté", "Huchim", "Tinoco"), ("Ehécatl", "Itzá", "Pichardo"),
    ("Renata", "Tepox", "Galeana"), ("Julián", "Coyotl", "Tamez"),
]
# (masculine, feminine, field of study, skill, sector, English words): planted in both genders.
# Neither the professions nor the fields are in the corpus's vocabularies (corpus/vocabulary.py):
# a profession thousands of corpus profiles share ("Vulcanóloga en …" as headline and title) has
# no four people who must come first, so a judgment that they must could not be met by any
# ranking. The planted people say theirs in the headline, the degree and the biography.
PROFESSIONS = [
    ("Espeleólogo", "Espeleóloga", "Espeleología", "Topografía de cavernas",
     "medio-ambiente-cambio-climatico", "caves"),
    ("Ictiólogo", "Ictióloga", "Ictiología", "Taxonomía de peces de agua dulce",
     "medio-ambiente-cambio-climatico", "fish"),
    ("Herpetólogo", "Herpetóloga", "Herpetología", "Venenos de serpientes",
     "salud", "snakes"),
    ("Neurocirujano", "Neurocirujana", "Neurocirugía", "Cirugía de columna", "salud",
     "neurosurgery"),
    ("Limnólogo", "Limnóloga", "Limnología", "Eutrofización de lagos",
     "medio-ambiente-cambio-climatico", "lakes"),
    ("Astrobiólogo", "Astrobióloga", "Astrobiología", "Espectroscopía estelar", "tic",
     "exoplanet"),
    ("Paleontólogo", "Paleontóloga", "Paleontología", "Tafonomía",
     "medio-ambiente-cambio-climatico", "fossil"),
    ("Enólogo", "Enóloga", "Enología", "Fermentación vínica",
     "alimentos-agricultura-biotecnologia", "winemaking"),
    ("Sismólogo", "Sismóloga", "Sismología", "Tomografía sísmica",
     "medio-ambiente-cambio-climatico", "earthquake"),
    ("Malacólogo", "Malacóloga", "Malacología", "Cultivo de microalgas",
     "alimentos-agricultura-biotecnologia", "microalgae"),
    ("Dendrólogo", "Dendróloga", "Dendrología", "Levantamientos geodésicos",
     "transporte-aeronautica", "maps"),
    ("Criptógrafo", "Criptógrafa", "Criptografía", "Criptografía poscuántica", "tic",
     "post-quantum"),
    ("Orfebre", "Orfebre", "Orfebrería", "Fibras vegetales",
     "nanotecnologia-nuevos-materiales", "basketry"),
    ("Nivólogo", "Nivóloga", "Nivología", "Predicción de aludes",
     "medio-ambiente-cambio-climatico", "snow"),
    ("Vexilólogo", "Vexilóloga", "Vexilología", "Heráldica", "cooperacion-internacional",
     "flags"),
    ("Organólogo", "Organóloga", "Organología", "Etnomusicología", "cooperacion-internacional",
     "music"),
    ("Electroquímico de baterías", "Electroquímica de baterías", "Electroquímica",
     "Celdas de estado sólido", "automotriz", "battery"),
    ("Micólogo", "Micóloga", "Micología", "Hongos comestibles",
     "medio-ambiente-cambio-climatico", "mushrooms"),
    ("Citogenetista", "Citogenetista", "Citogenética", "Cariotipos", "salud", "chromosomes"),
    ("Lexicógrafo", "Lexicógrafa", "Lexicografía", "Procesamiento del náhuatl", "tic",
     "dictionaries"),
]
# English terms: (headline, skill, query as people type it).
ENGLISH = [
    ("Researcher in protein language models", "Protein language models",
     "protein language model"),
    ("Building swarm robotics agents", "Swarm robotics", "swarm robot"),
    ("Quantum computing hardware engineer", "Quantum computing", "quantum computer"),
    ("Working on autonomous vehicles perception", "Autonomous driving", "autonomous vehicle"),
    ("Tidal energy turbines and forecasting", "Tidal power", "tidal turbine"),
    ("Cloud infrastructure reliability engineering", "Site reliability engineering",
     "site reliability"),
    ("Precision agriculture with remote sensing", "Remote sensing", "remote sensing"),
    ("Clinical trials for rare diseases", "Rare diseases", "rare disease"),
    ("Computational fluid dynamics for wind turbines", "Wind energy", "wind turbines"),
    ("Bioinformatics pipelines for single-cell genomics", "Single-cell sequencing", "single cell"),
    ("Semiconductor lithography process engineer", "Lithography", "lithography"),
    ("Carbon capture and storage projects", "Carbon capture", "carbon capture"),
    ("Public health surveillance and outbreaks", "Outbreak investigation", "outbreaks"),
    ("Robotic surgery systems", "Surgical robotics", "surgical robots"),
    ("Graph neural networks for drug discovery", "Drug discovery", "drug discoveries"),
]
# Skills no other profile of the corpus has.
RARE_SKILLS = [
    "Xilografía", "Cerámica de alta temperatura", "Apicultura de meliponas", "Cartografía náutica",
    "Restauración de códices", "Metrología cuántica", "Espectrometría de masas MALDI",
    "Tribología", "Dendrocronología", "Palinología", "Acústica arquitectónica",
    "Luthería", "Hidroponía vertical", "Criopreservación", "Micología forense",
]
# fmt: on
COUNTRIES = ["US", "CA", "DE", "ES", "GB", "FR", "NL", "CH", "JP", "AU"]


def _person(key, *, name, feminine, headline, bio, skills, field, sector, country, organisation):
    base = build_person(0, 1)
    visibility = dict.fromkeys(base.visibility, Visibility.PUBLIC)
    return {
        "key": key, "full_name": name, "feminine": feminine, "headline": headline, "bio": bio,
        "skills": skills, "field": field, "sector": sector, "country": country,
        "organisation": organisation, "visibility": visibility,
    }  # fmt: skip


def _typo(word, rng):
    """`word` with one letter changed: what people mistype."""
    index = rng.randrange(2, len(word) - 1)
    return word[:index] + ("e" if word[index] != "e" else "a") + word[index + 1 :]


def build_judged():
    """(plants, queries): the planted profiles and the judged queries that must find them."""
    rng = random.Random("judged:19")
    plants, queries = [], []

    def query(kind, text, keys, **filters):
        queries.append({"kind": kind, "q": text, "relevant": keys, **filters})

    for index, (given, paternal, maternal) in enumerate(NAMES):
        name = f"{given} {paternal} {maternal}"
        # Two namesakes, as in life: both must be found.
        keys = [f"name-{index}-{copy}" for copy in (1, 2)]
        for copy, key in enumerate(keys):
            plants.append(_person(
                key, name=name, feminine=given[-1] in "aiélt",
                headline=("Consultoría independiente", "")[copy], bio="",
                skills=[("Gestión de proyectos", "Logística")[copy]], field="Economía",
                sector="tic", country=COUNTRIES[(index + copy) % len(COUNTRIES)], organisation="",
            ))  # fmt: skip
        query("name", name, keys)
        query("name unaccented", name.lower().translate(str.maketrans("áéíóú", "aeiou")), keys)
        if index < 20:
            query("name typo", f"{given} {_typo(paternal, rng)}", keys)
    for index, (masculine, feminine, field, skill, sector, english) in enumerate(PROFESSIONS):
        keys = []
        for gender, title, copy in ((g, t, c) for g, t in (("m", masculine), ("f", feminine))
                                    for c in (1, 2)):  # fmt: skip
            key = f"profession-{index}-{gender}{copy}"
            keys.append(key)
            given = (("Ana Lucía", "Itzel") if gender == "f" else ("Juan Pablo", "Gael"))[copy - 1]
            article = "Doctora" if gender == "f" else "Doctor"
            plants.append(_person(
                key, name=f"{given} {NAMES[index][1]} {NAMES[-index - 1][2]}",
                feminine=gender == "f", headline=title,
                bio=f"{article} en {field.lower()}. {title} con experiencia en "
                    f"{skill.lower()}; {english} research.",
                skills=[skill], field=field, sector=sector, country=COUNTRIES[index % 10],
                organisation="",
            ))  # fmt: skip
        query("profession (f)", feminine.lower(), keys)
        query("profession (m)", masculine.lower(), keys)
        query("field of study", field, keys)
        query("with filters", f"{masculine.split()[0].lower()} {skill.split()[-1].lower()}", keys,
              sector=sector, country=COUNTRIES[index % 10])  # fmt: skip
    for index, (headline, skill, typed) in enumerate(ENGLISH):
        keys = [f"english-{index}-{copy}" for copy in (1, 2)]
        for copy, key in enumerate(keys):
            plants.append(_person(
                key, name=f"{('Daniel', 'Karen')[copy]} {NAMES[index][2]} {NAMES[index + 1][1]}",
                feminine=bool(copy), headline=headline,
                bio=f"{headline}. I work on {skill.lower()}.", skills=[skill],
                field="Ciencias de la Computación", sector="tic", country=("US", "CA")[copy],
                organisation="",
            ))  # fmt: skip
        query("English term", typed, keys)
    for index, skill in enumerate(RARE_SKILLS):
        keys = [f"skill-{index}-{copy}" for copy in (1, 2)]
        for copy, key in enumerate(keys):
            plants.append(_person(
                key, name=f"{('Sofía', 'Tomás')[copy]} {NAMES[index + 5][1]} {NAMES[index + 2][2]}",
                feminine=not copy, headline=("Investigadora", "Investigador")[copy], bio="",
                skills=[skill], field="Historia", sector="cooperacion-internacional",
                country=("MX", "ES")[copy], organisation="",
            ))  # fmt: skip
        query("skill", skill, keys)
    return plants, queries


def write_judged():
    plants, queries = build_judged()
    JUDGED_FILE.write_text(
        json.dumps({"plants": plants, "queries": queries}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )


def read_judged():
    return json.loads(JUDGED_FILE.read_text(encoding="utf-8"))


def plant_numbers(total, count):
    """{person number: plant index}: the plants spread evenly over people 1..total."""
    if total < count:
        return {}
    return {1 + (index * total) // count + (total // count) // 2: index for index in range(count)}


def planted_person(seed, number, plant):
    """Person `number` replaced by `plant` (listed, findable, every field public)."""
    from .people import realistic_person

    person = realistic_person(seed, number)
    study = plant["field"]
    return replace(
        person,
        full_name=plant["full_name"],
        headline=plant["headline"],
        bio=plant["bio"],
        organisation=plant["organisation"] or person.organisation,
        skills=plant["skills"],
        sectors=[plant["sector"]],
        country=plant["country"],
        city="" if plant["country"] == "MX" else person.city,
        education=[("bachelor", study, person.education[0][2], person.education[0][3])],
        visibility=plant["visibility"],
        consents=dict.fromkeys(person.consents, True),
        withdrawn=[],
        website=MARKER.format(plant["key"]),
    )
