"""The audience rule of the search vectors (rt_audience_sees) created from members.visibility, the
module that holds the rule for every page, rather than written out again here."""

from django.db import migrations

from members.visibility import audience_function_sql


class Migration(migrations.Migration):
    dependencies = [("members", "0016_relevance")]

    operations = [migrations.RunSQL(audience_function_sql(), migrations.RunSQL.noop)]
