"""Planning the directory's search cost 0.8 ms more when it searched names with typos: PostgreSQL
estimates how many names are close to each word (pg_trgm's `<%`) by trying the operator on every
value of the column's statistics, a hundred common names and a hundred histogram bounds. With ten
it uses its default estimate, which leads to the same plan (the trigram index); sorting by name
walks its btree index whatever the statistics say. Measured at a million profiles (make bench)."""

from django.db import migrations

FEW_NAME_STATISTICS = """
ALTER TABLE members_member ALTER COLUMN sort_name SET STATISTICS 10;
ANALYZE members_member (sort_name);
"""

DEFAULT_NAME_STATISTICS = """
ALTER TABLE members_member ALTER COLUMN sort_name SET STATISTICS -1;
ANALYZE members_member (sort_name);
"""


class Migration(migrations.Migration):
    dependencies = [("members", "0007_page_generation")]

    operations = [migrations.RunSQL(FEW_NAME_STATISTICS, DEFAULT_NAME_STATISTICS)]
