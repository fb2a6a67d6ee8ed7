"""Reference data: a short description of each sector, in Spanish and in English."""

from django.db import migrations

DESCRIPTIONS = {
    "cooperacion-internacional": (
        "La red acerca a las instituciones mexicanas la experiencia de quienes trabajan en "
        "organismos y programas de cooperación en el exterior, para diseñar, evaluar y sumar socios "
        "a proyectos de cooperación técnica y científica con México.",
        "The network brings Mexican institutions the experience of members who work in "
        "cooperation agencies and programmes abroad, to design and evaluate technical and "
        "scientific cooperation projects with Mexico and find partners for them.",
    ),
    "tic": (
        "Ingenieras, investigadores y emprendedores de la industria tecnológica comparten "
        "conocimiento, ofrecen pasantías y ayudan a que empresas y universidades mexicanas de "
        "software y telecomunicaciones lleguen a nuevos mercados.",
        "Engineers, researchers and entrepreneurs from the technology industry share know-how, "
        "offer internships and help Mexican software and telecommunications companies and "
        "universities reach new markets.",
    ),
    "salud": (
        "Profesionales de la medicina, la salud pública y la investigación biomédica colaboran con "
        "hospitales, universidades y centros de investigación de México en formación, proyectos "
        "conjuntos y comités de evaluación.",
        "Professionals in medicine, public health and biomedical research work with Mexican "
        "hospitals, universities and research centres on training, joint projects and evaluation "
        "committees.",
    ),
    "alimentos-agricultura-biotecnologia": (
        "La red une a especialistas en producción de alimentos, agricultura, pesca y biotecnología "
        "con productores e instituciones mexicanas, para transferir tecnología y abrir mercados "
        "para lo que México produce.",
        "The network links specialists in food production, agriculture, fisheries and "
        "biotechnology with Mexican producers and institutions, to transfer technology and open "
        "markets for what Mexico grows and makes.",
    ),
    "nanotecnologia-nuevos-materiales": (
        "Científicos y tecnólogos en nanotecnología y materiales avanzados apoyan a laboratorios y "
        "empresas mexicanas con mentoría, estancias de investigación y proyectos binacionales de "
        "innovación.",
        "Scientists and technologists in nanotechnology and advanced materials support Mexican "
        "laboratories and companies through mentoring, research stays and binational innovation "
        "projects.",
    ),
    "hidrocarburos-energias-alternativas": (
        "Expertos en petróleo, gas y energías renovables comparten mejores prácticas y participan en "
        "proyectos y misiones que fortalecen la transición energética de México.",
        "Experts in oil, gas and renewable energy share best practices and take part in projects "
        "and missions that strengthen Mexico's energy transition.",
    ),
    "medio-ambiente-cambio-climatico": (
        "Investigadores y profesionales ambientales colaboran con instituciones mexicanas en "
        "conservación, gestión del agua, mitigación y adaptación al cambio climático.",
        "Environmental researchers and professionals work with Mexican institutions on "
        "conservation, water management, and climate change mitigation and adaptation.",
    ),
    "automotriz": (
        "Ingenieros y directivos de la industria automotriz en el exterior apoyan a proveedores y "
        "universidades mexicanas en diseño, manufactura avanzada y formación de talento, un sector "
        "clave desde las primeras reuniones de la red.",
        "Engineers and managers from the automotive industry abroad support Mexican suppliers and "
        "universities in design, advanced manufacturing and talent development, a key sector "
        "since the network's first meetings.",
    ),
    "transporte-aeronautica": (
        "Especialistas en aeronáutica, logística y transporte acompañan el crecimiento de la "
        "industria aeroespacial y de movilidad en México con mentoría, pasantías y proyectos "
        "conjuntos.",
        "Specialists in aeronautics, logistics and transport support the growth of Mexico's "
        "aerospace and mobility industries with mentoring, internships and joint projects.",
    ),
}


def add_descriptions(apps, schema_editor):
    Sector = apps.get_model("pncs", "Sector")
    for slug, (description, description_en) in DESCRIPTIONS.items():
        Sector.objects.filter(slug=slug).update(
            description=description, description_en=description_en
        )


def remove_descriptions(apps, schema_editor):
    Sector = apps.get_model("pncs", "Sector")
    Sector.objects.filter(slug__in=DESCRIPTIONS).update(description="", description_en="")


class Migration(migrations.Migration):
    dependencies = [("pncs", "0004_sector_descriptions_work_programme")]
    operations = [migrations.RunPython(add_descriptions, remove_descriptions)]
