"""Reference data: the network's first meetings, with only what the source presentation says.

The presentation says that three meetings were held in Mexico City in 2005, 2006 and 2007, to which
highly qualified Mexicans specialised in information technology, the automotive sector and
biotechnology were invited through the embassies and consulates in North America, and that the
fourth Jornada Informativa would take place in Mexico City in early 2009, with representatives of
the formalised chapters and of other regions expected. It gives no days, no venues and does not
say which sector each meeting had: none is stored, and the three meetings' shared focus is told in
their descriptions rather than tagged on each one.
"""

from django.db import migrations

CITY = "Ciudad de México"

CONVOCATION = (
    "Fue una de las tres reuniones que, en 2005, 2006 y 2007, reunieron en la Ciudad de México a "
    "migrantes mexicanos altamente calificados para impulsar la Red. La convocatoria se hizo a "
    "través de la red de embajadas y consulados de México en América del Norte y se dirigió a "
    "especialistas en tecnologías de la información, el sector automotriz y la biotecnología.\n\n"
    "De esas reuniones nació una organización autónoma de talentos mexicanos en el exterior: los "
    "capítulos de Silicon Valley (noviembre de 2006), Houston (mayo de 2007) y Detroit "
    "(diciembre de 2007)."
)
CONVOCATION_EN = (
    "One of the three meetings held in Mexico City in 2005, 2006 and 2007 to launch the Network "
    "with highly qualified Mexican migrants. Invitations went out through Mexico's embassies and "
    "consulates in North America to specialists in information technology, the automotive sector "
    "and biotechnology.\n\n"
    "These meetings gave rise to an autonomous organisation of Mexican talent abroad: the Silicon "
    "Valley (November 2006), Houston (May 2007) and Detroit (December 2007) chapters."
)

EDITIONS = [
    {
        "number": 1,
        "slug": "2005",
        "year": 2005,
        "title": "Primera reunión de la Red de Talentos Mexicanos",
        "title_en": "First meeting of the Mexican Talent Network",
        "description": CONVOCATION,
        "description_en": CONVOCATION_EN,
    },
    {
        "number": 2,
        "slug": "2006",
        "year": 2006,
        "title": "Segunda reunión de la Red de Talentos Mexicanos",
        "title_en": "Second meeting of the Mexican Talent Network",
        "description": CONVOCATION,
        "description_en": CONVOCATION_EN,
    },
    {
        "number": 3,
        "slug": "2007",
        "year": 2007,
        "title": "Tercera reunión de la Red de Talentos Mexicanos",
        "title_en": "Third meeting of the Mexican Talent Network",
        "description": CONVOCATION,
        "description_en": CONVOCATION_EN,
    },
    {
        "number": 4,
        "slug": "2009",
        "year": 2009,
        "title": "Cuarta Jornada Informativa Red de Talentos",
        "title_en": "Fourth Talent Network Information Meeting",
        "date_note": "principios de 2009",
        "date_note_en": "early 2009",
        "description": (
            "La cuarta Jornada Informativa se anunció para principios de 2009 en la Ciudad de "
            "México. Se esperaba la participación de representantes de los capítulos regionales "
            "ya formalizados (Silicon Valley, Houston y Detroit) y de otras regiones."
        ),
        "description_en": (
            "The fourth Information Meeting was announced for early 2009 in Mexico City. "
            "Representatives of the regional chapters already formalised (Silicon Valley, Houston "
            "and Detroit) and of other regions were expected to take part."
        ),
    },
]


def add_editions(apps, schema_editor):
    """Idempotent: tests that flush the tables call it again (tests.conftest)."""
    Edition = apps.get_model("jornadas", "Edition")
    for data in EDITIONS:
        fields = {key: value for key, value in data.items() if key != "number"}
        Edition.objects.update_or_create(
            number=data["number"], defaults={**fields, "city": CITY, "status": "published"}
        )


def remove_editions(apps, schema_editor):
    Edition = apps.get_model("jornadas", "Edition")
    Edition.objects.filter(number__in=[data["number"] for data in EDITIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("jornadas", "0001_initial")]

    operations = [migrations.RunPython(add_editions, remove_editions)]
