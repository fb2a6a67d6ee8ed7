"""The public list's indexes over published postings only: the list's whole order
(-published_at, -pk) within a cycle, a cycle's countries for the country filter, and trigrams
of the searched columns (pg_trgm, installed by members' search migration)."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("internships", "0004_placement_completion"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="posting",
            name="internships_post_list_idx",
        ),
        migrations.RemoveIndex(
            model_name="posting",
            name="internships_post_country_idx",
        ),
        migrations.AddIndex(
            model_name="posting",
            index=models.Index(
                condition=models.Q(("status", "approved")),
                fields=["cycle", "-published_at", "-id"],
                name="internships_post_list_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="posting",
            index=models.Index(
                condition=models.Q(("status", "approved")),
                fields=["cycle", "country"],
                name="internships_post_country_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="posting",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("title"), name="gin_trgm_ops"
                ),
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("organisation"), name="gin_trgm_ops"
                ),
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("description"), name="gin_trgm_ops"
                ),
                condition=models.Q(("status", "approved")),
                name="internships_post_search_idx",
            ),
        ),
    ]
