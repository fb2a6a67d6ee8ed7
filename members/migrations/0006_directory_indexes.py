"""Directory indexes measured at a million profiles (make bench): one GIN index per audience over
its search vector and every filter column (btree_gin for the scalar ones), partial on the profiles
that audience may find, replace the single-column indexes whose bitmap ANDs cost 50-100 ms; keyset
indexes for the PNCS scope.

The search vectors and the filtered arrays are kept inside the row (STORAGE MAIN; the vectors
compressed with lz4 where the server has it): out of line, reading them for a sampled or filtered
row cost a TOAST lookup each (7-20 µs)."""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations, models

INLINE_VECTORS = """
ALTER TABLE members_member
    ALTER COLUMN search_vector SET STORAGE MAIN,
    ALTER COLUMN search_members SET STORAGE MAIN,
    ALTER COLUMN search_staff SET STORAGE MAIN,
    ALTER COLUMN sector_ids SET STORAGE MAIN,
    ALTER COLUMN skill_keys SET STORAGE MAIN,
    ALTER COLUMN contribution_offers SET STORAGE MAIN,
    ALTER COLUMN languages SET STORAGE MAIN;
DO $$ BEGIN
    ALTER TABLE members_member
        ALTER COLUMN search_vector SET COMPRESSION lz4,
        ALTER COLUMN search_members SET COMPRESSION lz4,
        ALTER COLUMN search_staff SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL;  -- a server built without lz4 keeps its default compression
END $$;
"""

# The trigram index moves from the expression rt_unaccent(lower(full_name)) to sort_name, the same
# text stored: rechecking a stored column costs a fraction of calling unaccent per row.
OLD_NAME_INDEX = """
CREATE INDEX IF NOT EXISTS members_member_name_trgm_idx
    ON members_member USING gin (rt_unaccent(lower(full_name)) gin_trgm_ops);
"""

BACK_TO_EXTENDED = """
ALTER TABLE members_member
    ALTER COLUMN search_vector SET STORAGE EXTENDED,
    ALTER COLUMN search_members SET STORAGE EXTENDED,
    ALTER COLUMN search_staff SET STORAGE EXTENDED,
    ALTER COLUMN sector_ids SET STORAGE EXTENDED,
    ALTER COLUMN skill_keys SET STORAGE EXTENDED,
    ALTER COLUMN contribution_offers SET STORAGE EXTENDED,
    ALTER COLUMN languages SET STORAGE EXTENDED;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("chapters", "0004_founding_chapter_positions"),
        ("members", "0005_staff_access_search"),
        ("pncs", "0005_sector_descriptions_text"),
    ]

    operations = [
        BtreeGinExtension(),
        migrations.RunSQL(INLINE_VECTORS, BACK_TO_EXTENDED),
        migrations.RunSQL("DROP INDEX IF EXISTS members_member_name_trgm_idx;", OLD_NAME_INDEX),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_country_idx",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_search_idx",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_search_mem_idx",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_search_stf_idx",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_sectors_idx",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_skills_idx",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_offers_idx",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_languages_idx",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_city_idx",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_avail_idx",
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="members_member_verified_idx",
        ),
        migrations.AddIndex(
            model_name="member",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("account_active", True), ("listed_publicly", True)),
                fields=[
                    "search_vector",
                    "sector_ids",
                    "skill_keys",
                    "contribution_offers",
                    "languages",
                    "country",
                    "city_key",
                    "chapter",
                    "availability",
                ],
                name="members_member_public_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("account_active", True), ("listed_publicly", True)),
                fields=[
                    "search_members",
                    "sector_ids",
                    "skill_keys",
                    "contribution_offers",
                    "languages",
                    "country",
                    "city_key",
                    "chapter",
                    "availability",
                ],
                name="members_member_network_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("account_active", True), ("findable_by_pncs", True)),
                fields=[
                    "search_staff",
                    "sector_ids",
                    "skill_keys",
                    "contribution_offers",
                    "languages",
                    "country",
                    "city_key",
                    "chapter",
                    "availability",
                ],
                name="members_member_pncs_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                condition=models.Q(("account_active", True), ("findable_by_pncs", True)),
                fields=["-created_at", "-id"],
                name="members_member_recent_pncs_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                condition=models.Q(("account_active", True), ("findable_by_pncs", True)),
                fields=["sort_name", "id"],
                name="members_member_name_pncs_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["sort_name"],
                name="members_member_name_trgm_idx",
                opclasses=["gin_trgm_ops"],
            ),
        ),
    ]
