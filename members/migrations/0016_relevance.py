"""Relevance over all matches, with field weights.

Each field of a profile is labelled by how much a match in it says about the person: the name (A)
above the headline and the skills (B), above the work, place and studies (C), above the biography
(D), so that "ingeniería aeroespacial" finds first the person whose headline says so rather than a
long biography that repeats the words. PostgreSQL's ranking weighs labels 1.0, 0.4, 0.2 and 0.1,
and repetitions of a word count less and less: no number of them in the biography (D) weighs as
much as the word once in the headline (B).

A RUM index per audience keeps each lexeme's positions and labels, so that the directory orders
every match by rank inside the index (`vector <=> query`) instead of ranking a window of them.

The vectors are recomputed here up to REBUILD_HERE profiles; a larger table gets the new function
only, and `manage.py rebuild_search_index` recomputes it in batches (see README).
"""

from django.db import migrations

# Each lexeme at its first position only: a biography that repeats a word says no more about the
# person than one that says it once (the ranking adds up every pair of positions of the words).
# A lexeme is quoted for tsvector's input: backslashes and quotes doubled.
FIRST_POSITIONS = r"""
CREATE OR REPLACE FUNCTION rt_first_positions(vector tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $fp$ SELECT coalesce(string_agg(
        '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || ''':' || positions[1], ' '),
        '')::tsvector FROM unnest(vector) $fp$;
"""

WEIGHTED = """
CREATE OR REPLACE FUNCTION members_member_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    skills text := '';
    education text := '';
    base tsvector;
    expertise tsvector;
    work tsvector;
    about tsvector;
    location tsvector;
    studies tsvector;
    vectors tsvector[] := ARRAY[]::tsvector[];
BEGIN
    IF NEW.id IS NOT NULL THEN
        SELECT coalesce(string_agg(s.name, ' '), ''), coalesce(array_agg(s.key ORDER BY s.key)
               FILTER (WHERE s.key IS NOT NULL), '{}')
          INTO skills, NEW.skill_keys
          FROM members_member_skills ms JOIN members_skill s ON s.id = ms.skill_id
         WHERE ms.member_id = NEW.id;
        SELECT coalesce(string_agg(e.field || ' ' || e.institution, ' '), '') INTO education
          FROM members_education e WHERE e.member_id = NEW.id;
        SELECT coalesce(array_agg(ms.sector_id ORDER BY ms.sector_id), '{}') INTO NEW.sector_ids
          FROM members_member_sectors ms WHERE ms.member_id = NEW.id;
    ELSE
        NEW.skill_keys := '{}';
        NEW.sector_ids := '{}';
    END IF;
    SELECT u.is_active INTO NEW.account_active FROM members_user u WHERE u.id = NEW.user_id;
    NEW.account_active := coalesce(NEW.account_active, false);
    NEW.sort_name := left(rt_unaccent(lower(coalesce(NEW.full_name, ''))), 150);
    NEW.city_key := left(rt_unaccent(lower(btrim(coalesce(NEW.city, '')))), 120);

    -- Every field is indexed by the configurations that
    -- members.directory.words.FIELD_CONFIGURATIONS names, which the highlighting follows.
    base := setweight(to_tsvector('rt_simple', coalesce(NEW.full_name, '')), 'A')
        || setweight(to_tsvector('rt_es', coalesce(NEW.headline, '')), 'B')
        || setweight(to_tsvector('rt_en', coalesce(NEW.headline, '')), 'B');
    expertise := setweight(to_tsvector('rt_es', skills), 'B')
        || setweight(to_tsvector('rt_en', skills), 'B');
    work := setweight(to_tsvector('rt_es',
        coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.position, '')), 'C')
        || setweight(to_tsvector('rt_en',
        coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.position, '')), 'C');
    about := setweight(rt_first_positions(to_tsvector('rt_es', coalesce(NEW.bio, ''))), 'D')
        || setweight(rt_first_positions(to_tsvector('rt_en', coalesce(NEW.bio, ''))), 'D');
    location := setweight(to_tsvector('rt_simple', coalesce(NEW.city, '')), 'C');
    studies := setweight(to_tsvector('rt_es', education), 'C')
        || setweight(to_tsvector('rt_en', education), 'C');
    FOR audience IN 0..2 LOOP
        vectors := vectors || (base
            || CASE WHEN rt_audience_sees(NEW.visibility_expertise, audience)
                    THEN expertise ELSE ''::tsvector END
            || CASE WHEN rt_audience_sees(NEW.visibility_work, audience)
                    THEN work ELSE ''::tsvector END
            || CASE WHEN rt_audience_sees(NEW.visibility_about, audience)
                    THEN about ELSE ''::tsvector END
            || CASE WHEN rt_audience_sees(NEW.visibility_location, audience)
                    THEN location ELSE ''::tsvector END
            || CASE WHEN rt_audience_sees(NEW.visibility_education, audience)
                    THEN studies ELSE ''::tsvector END);
    END LOOP;
    NEW.search_vector := vectors[1];
    NEW.search_members := vectors[2];
    NEW.search_staff := vectors[3];
    RETURN NEW;
END $$;
"""

# The scopes of the GIN indexes of 0006, which the counts and filters keep using: a RUM scan ranks
# every match before it returns the first, so only the ordered page should use these indexes. It
# alone states the last condition of their predicate (always true: the trigger sets sort_name);
# a condition on the vector would not do, as its `@@` already implies that it is not null. (From
# PostgreSQL 17 the planner drops IS NOT NULL on a NOT NULL column: revisit before upgrading.)
RANK_INDEXES = """
CREATE EXTENSION IF NOT EXISTS rum;
CREATE INDEX IF NOT EXISTS members_member_public_rank_idx ON members_member
    USING rum (search_vector rum_tsvector_ops)
    WHERE account_active AND listed_publicly AND sort_name IS NOT NULL;
CREATE INDEX IF NOT EXISTS members_member_network_rank_idx ON members_member
    USING rum (search_members rum_tsvector_ops)
    WHERE account_active AND listed_publicly AND sort_name IS NOT NULL;
CREATE INDEX IF NOT EXISTS members_member_pncs_rank_idx ON members_member
    USING rum (search_staff rum_tsvector_ops)
    WHERE account_active AND findable_by_pncs AND sort_name IS NOT NULL;
"""

NO_RANK_INDEXES = """
DROP INDEX IF EXISTS members_member_public_rank_idx;
DROP INDEX IF EXISTS members_member_network_rank_idx;
DROP INDEX IF EXISTS members_member_pncs_rank_idx;
"""

REBUILD_HERE = 100_000


def rebuild_if_small(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_member")
        if cursor.fetchone()[0] > REBUILD_HERE:
            print("\n  members 0016: run `manage.py rebuild_search_index` to weigh the fields.")
            return
        # Setting the vector to NULL fires the trigger that recomputes it.
        cursor.execute("UPDATE members_member SET search_vector = NULL")
        # The update queued the page generation's deferred triggers (0007), and no index can be
        # built on a table with pending trigger events: fire them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def previous_function():
    from importlib import import_module

    return import_module("members.migrations.0015_english_stemming").BOTH_LANGUAGES


class Migration(migrations.Migration):
    dependencies = [("members", "0015_english_stemming")]

    operations = [
        migrations.RunSQL(
            FIRST_POSITIONS + WEIGHTED,
            previous_function() + "DROP FUNCTION IF EXISTS rt_first_positions(tsvector);",
        ),
        migrations.RunPython(rebuild_if_small, rebuild_if_small),
        migrations.RunSQL(RANK_INDEXES, NO_RANK_INDEXES),
    ]
