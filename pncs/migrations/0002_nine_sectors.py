"""Reference data: the nine PNCS sectors of the network."""

from django.db import migrations

SECTORS = [
    (
        1,
        "cooperacion-internacional",
        "Cooperación Internacional para el Desarrollo",
        "International Development Cooperation",
    ),
    (
        2,
        "tic",
        "Tecnologías de la Información y Comunicación",
        "Information and Communication Technologies",
    ),
    (3, "salud", "Salud", "Health"),
    (
        4,
        "alimentos-agricultura-biotecnologia",
        "Alimentos, Agricultura, Pesquería y Biotecnología",
        "Food, Agriculture, Fisheries and Biotechnology",
    ),
    (
        5,
        "nanotecnologia-nuevos-materiales",
        "Nanotecnología y Nuevos Materiales",
        "Nanotechnology and New Materials",
    ),
    (
        6,
        "hidrocarburos-energias-alternativas",
        "Hidrocarburos y Energías Alternativas",
        "Hydrocarbons and Alternative Energy",
    ),
    (
        7,
        "medio-ambiente-cambio-climatico",
        "Medio Ambiente y Cambio Climático",
        "Environment and Climate Change",
    ),
    (8, "automotriz", "Sector automotriz", "Automotive Industry"),
    (9, "transporte-aeronautica", "Transporte y Aeronáutica", "Transport and Aeronautics"),
]


def add_sectors(apps, schema_editor):
    Sector = apps.get_model("pncs", "Sector")
    for position, slug, name, name_en in SECTORS:
        Sector.objects.update_or_create(
            slug=slug, defaults={"position": position, "name": name, "name_en": name_en}
        )


def remove_sectors(apps, schema_editor):
    Sector = apps.get_model("pncs", "Sector")
    Sector.objects.filter(slug__in=[s[1] for s in SECTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("pncs", "0001_initial")]
    operations = [migrations.RunPython(add_sectors, remove_sectors)]
