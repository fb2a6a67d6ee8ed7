"""Search: accent-free Spanish/English text search configurations, trigram name matching, and the
profile's search vector kept current by triggers in the same transaction as every change.

Only what the member shows publicly goes into the vector (name, headline, and each field group whose
visibility is public), so that a search never reveals a hidden field by matching it.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

SETUP = """
CREATE OR REPLACE FUNCTION rt_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent', $1) $$;

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'rt_es') THEN
        CREATE TEXT SEARCH CONFIGURATION rt_es (COPY = pg_catalog.spanish);
        ALTER TEXT SEARCH CONFIGURATION rt_es
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'rt_en') THEN
        CREATE TEXT SEARCH CONFIGURATION rt_en (COPY = pg_catalog.english);
        ALTER TEXT SEARCH CONFIGURATION rt_en
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'rt_simple') THEN
        CREATE TEXT SEARCH CONFIGURATION rt_simple (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION rt_simple
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END $$;

CREATE INDEX IF NOT EXISTS members_member_name_trgm_idx
    ON members_member USING gin (rt_unaccent(lower(full_name)) gin_trgm_ops);

CREATE OR REPLACE FUNCTION members_member_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    skills text := '';
    education text := '';
BEGIN
    IF NEW.visibility_expertise = 'public' AND NEW.id IS NOT NULL THEN
        SELECT coalesce(string_agg(s.name, ' '), '') INTO skills
        FROM members_member_skills ms JOIN members_skill s ON s.id = ms.skill_id
        WHERE ms.member_id = NEW.id;
    END IF;
    IF NEW.visibility_education = 'public' AND NEW.id IS NOT NULL THEN
        SELECT coalesce(string_agg(e.field || ' ' || e.institution, ' '), '') INTO education
        FROM members_education e WHERE e.member_id = NEW.id;
    END IF;
    NEW.search_vector :=
        setweight(to_tsvector('rt_simple', coalesce(NEW.full_name, '')), 'A')
        || setweight(to_tsvector('rt_es', coalesce(NEW.headline, '')), 'B')
        || setweight(to_tsvector('rt_en', coalesce(NEW.headline, '')), 'B')
        || setweight(to_tsvector('rt_es', skills), 'B')
        || setweight(to_tsvector('rt_en', skills), 'B')
        || CASE WHEN NEW.visibility_work = 'public' THEN setweight(to_tsvector('rt_es',
               coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.position, '')), 'B')
           ELSE ''::tsvector END
        || CASE WHEN NEW.visibility_about = 'public'
           THEN setweight(to_tsvector('rt_es', coalesce(NEW.bio, '')), 'C')
           ELSE ''::tsvector END
        || CASE WHEN NEW.visibility_location = 'public'
           THEN setweight(to_tsvector('rt_simple', coalesce(NEW.city, '')), 'C')
           ELSE ''::tsvector END
        || setweight(to_tsvector('rt_es', education), 'C');
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS members_member_search_vector ON members_member;
CREATE TRIGGER members_member_search_vector
    BEFORE INSERT OR UPDATE ON members_member
    FOR EACH ROW EXECUTE FUNCTION members_member_search_vector();

-- A change to skills or education rewrites the member row, whose trigger recomputes the vector.
CREATE OR REPLACE FUNCTION members_touch_member() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE members_member SET search_vector = NULL WHERE id = OLD.member_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE members_member SET search_vector = NULL WHERE id = NEW.member_id;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS members_member_skills_search ON members_member_skills;
CREATE TRIGGER members_member_skills_search
    AFTER INSERT OR UPDATE OR DELETE ON members_member_skills
    FOR EACH ROW EXECUTE FUNCTION members_touch_member();
DROP TRIGGER IF EXISTS members_education_search ON members_education;
CREATE TRIGGER members_education_search
    AFTER INSERT OR UPDATE OR DELETE ON members_education
    FOR EACH ROW EXECUTE FUNCTION members_touch_member();

CREATE OR REPLACE FUNCTION members_skill_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE members_member SET search_vector = NULL
    WHERE id IN (SELECT member_id FROM members_member_skills WHERE skill_id = NEW.id);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS members_skill_search ON members_skill;
CREATE TRIGGER members_skill_search
    AFTER UPDATE OF name ON members_skill
    FOR EACH ROW EXECUTE FUNCTION members_skill_renamed();

UPDATE members_member SET search_vector = NULL;
"""

TEARDOWN = """
DROP TRIGGER IF EXISTS members_skill_search ON members_skill;
DROP TRIGGER IF EXISTS members_education_search ON members_education;
DROP TRIGGER IF EXISTS members_member_skills_search ON members_member_skills;
DROP TRIGGER IF EXISTS members_member_search_vector ON members_member;
DROP FUNCTION IF EXISTS members_skill_renamed();
DROP FUNCTION IF EXISTS members_touch_member();
DROP FUNCTION IF EXISTS members_member_search_vector();
DROP INDEX IF EXISTS members_member_name_trgm_idx;
DROP TEXT SEARCH CONFIGURATION IF EXISTS rt_simple;
DROP TEXT SEARCH CONFIGURATION IF EXISTS rt_en;
DROP TEXT SEARCH CONFIGURATION IF EXISTS rt_es;
DROP FUNCTION IF EXISTS rt_unaccent(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("chapters", "0004_founding_chapter_positions"),
        ("members", "0002_profiles_consents_introductions"),
        ("pncs", "0005_sector_descriptions_text"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.AddField(
            model_name="member",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="member",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="members_member_search_idx"
            ),
        ),
        migrations.RunSQL(SETUP, TEARDOWN),
    ]
