"""Reference data: the three founding chapters and the month each was formalised."""

import datetime

from django.db import migrations

CHAPTERS = [
    (
        "silicon-valley",
        "Silicon Valley",
        "Silicon Valley, California",
        "US",
        datetime.date(2006, 11, 1),
    ),
    ("houston", "Houston", "Houston, Texas", "US", datetime.date(2007, 5, 1)),
    ("detroit", "Detroit", "Detroit, Michigan", "US", datetime.date(2007, 12, 1)),
]


def add_chapters(apps, schema_editor):
    Chapter = apps.get_model("chapters", "Chapter")
    for slug, name, city, country, formalised_on in CHAPTERS:
        Chapter.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "city": city,
                "country": country,
                "status": "formalised",
                "formalised_on": formalised_on,
            },
        )


def remove_chapters(apps, schema_editor):
    Chapter = apps.get_model("chapters", "Chapter")
    Chapter.objects.filter(slug__in=[c[0] for c in CHAPTERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("chapters", "0001_initial")]
    operations = [migrations.RunPython(add_chapters, remove_chapters)]
