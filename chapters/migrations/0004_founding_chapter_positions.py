"""Reference data: the approximate position of the founding chapters' cities, for the map."""

from decimal import Decimal

from django.db import migrations

POSITIONS = {
    "silicon-valley": (Decimal("37.39"), Decimal("-122.08")),
    "houston": (Decimal("29.76"), Decimal("-95.37")),
    "detroit": (Decimal("42.33"), Decimal("-83.05")),
}


def add_positions(apps, schema_editor):
    Chapter = apps.get_model("chapters", "Chapter")
    for slug, (latitude, longitude) in POSITIONS.items():
        Chapter.objects.filter(slug=slug).update(latitude=latitude, longitude=longitude)


def remove_positions(apps, schema_editor):
    Chapter = apps.get_model("chapters", "Chapter")
    Chapter.objects.filter(slug__in=POSITIONS).update(latitude=None, longitude=None)


class Migration(migrations.Migration):
    dependencies = [("chapters", "0003_leadership_news_proposals")]
    operations = [migrations.RunPython(add_positions, remove_positions)]
