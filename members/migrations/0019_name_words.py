"""The vocabulary of names (members.models.NameWord) against which the directory corrects a
mistyped name, and the triggers that keep it.

A name typed with one wrong letter shares few trigrams with the name when the name is short:
`coeom` has a word similarity of 0.33 to "cocom", as `tlepa` to "tlapa", where the trigram search
of whole names that this replaces asked for 0.5 (and a lower threshold over whole names finds
thousands of them for any common word). Against the words of the names alone (a few per name,
distinct), a low trigram threshold finds the candidates and the edit distance keeps those one
letter away (two from eight letters on): `rt_name_typos` turns them into a tsquery on the name's
lexemes (weight A in every audience's vector), which the audience's own index answers.

The triggers add the words of a new or renamed member and drop a word when no name holds it any
more, so that a deleted member's name leaves nothing behind.
"""

import django.contrib.postgres.indexes
from django.db import migrations, models

FUNCTIONS = r"""
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- The words of a name that the vocabulary keeps: its lexemes as the vectors index the name
-- (`rt_simple`, migration 0016_relevance), of four letters or more (shorter ones are not
-- corrected: one letter away from a three-letter word is most of them).
CREATE OR REPLACE FUNCTION rt_name_words(sort_name text) RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT lexeme FROM unnest(to_tsvector('rt_simple', coalesce(sort_name, '')))
    WHERE length(lexeme) BETWEEN 4 AND 150
$$;

-- A bulk load of many profiles in parallel transactions (the benchmark's seed) defers the words
-- (`SET LOCAL redtalentos.name_words = 'deferred'`) and adds them all at the end with
-- rt_add_all_name_words(): transactions that insert many new words each would wait for each
-- other's (ON CONFLICT waits for the inserting transaction), in both directions. One profile per
-- transaction adds its words in one statement, in order, and cannot deadlock.
CREATE OR REPLACE FUNCTION rt_add_all_name_words() RETURNS void
LANGUAGE sql AS $$
    INSERT INTO members_nameword (word)
    SELECT DISTINCT w FROM members_member m, rt_name_words(m.sort_name) w
    ON CONFLICT DO NOTHING
$$;

CREATE OR REPLACE FUNCTION rt_keep_name_words() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    gone text[];
BEGIN
    IF current_setting('redtalentos.name_words', true) = 'deferred' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO members_nameword (word)
        SELECT w FROM rt_name_words(NEW.sort_name) w ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP = 'DELETE' THEN
        gone := ARRAY(SELECT rt_name_words(OLD.sort_name));
    ELSIF TG_OP = 'UPDATE' THEN
        gone := ARRAY(SELECT rt_name_words(OLD.sort_name)
                      EXCEPT SELECT rt_name_words(NEW.sort_name));
    END IF;
    IF cardinality(gone) > 0 THEN
        -- A word stays while some name holds it: found by the trigram index on names, then
        -- checked as a word of that name.
        DELETE FROM members_nameword n
        WHERE n.word = ANY (gone)
          AND NOT EXISTS (
              SELECT 1 FROM members_member m
              WHERE m.sort_name LIKE '%' || replace(replace(replace(n.word, '\', '\\'),
                                                    '%', '\%'), '_', '\_') || '%'
                AND n.word IN (SELECT rt_name_words(m.sort_name)));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER members_member_name_words_added AFTER INSERT ON members_member
    FOR EACH ROW EXECUTE FUNCTION rt_keep_name_words();
CREATE TRIGGER members_member_name_words_changed AFTER UPDATE OF full_name ON members_member
    FOR EACH ROW WHEN (OLD.sort_name IS DISTINCT FROM NEW.sort_name)
    EXECUTE FUNCTION rt_keep_name_words();
CREATE TRIGGER members_member_name_words_removed AFTER DELETE ON members_member
    FOR EACH ROW EXECUTE FUNCTION rt_keep_name_words();

SELECT rt_add_all_name_words();

-- The tsquery of the names close to every word of a query: for each word, the vocabulary's
-- words one letter away (two from eight letters on), the word itself among them, as lexemes of
-- the name (weight A); NULL when a word has none, so that `@@` matches nothing. The candidates
-- are the words that share a fifth of their trigrams (one wrong letter in four leaves a
-- quarter); the edit distance decides. At most 20 per word, the closest.
CREATE OR REPLACE FUNCTION rt_name_typos(words text[]) RETURNS tsquery
LANGUAGE plpgsql STABLE
SET pg_trgm.similarity_threshold = 0.2
AS $$
DECLARE
    word text;
    typed text;
    allowed integer;
    alternatives text;
    parts text[] := '{}';
BEGIN
    FOREACH word IN ARRAY words LOOP
        typed := left(rt_unaccent(lower(word)), 150);
        IF length(typed) < 4 THEN
            alternatives := quote_literal(typed) || ':A';
        ELSE
            allowed := CASE WHEN length(typed) >= 8 THEN 2 ELSE 1 END;
            SELECT string_agg(quote_literal(c.word) || ':A', ' | ') INTO alternatives
            FROM (
                SELECT n.word FROM members_nameword n
                WHERE n.word % typed
                  AND levenshtein_less_equal(n.word, typed, allowed) <= allowed
                ORDER BY levenshtein_less_equal(n.word, typed, allowed), n.word <-> typed, n.word
                LIMIT 20
            ) c;
        END IF;
        IF alternatives IS NULL THEN
            RETURN NULL;
        END IF;
        parts := parts || ('(' || alternatives || ')');
    END LOOP;
    IF cardinality(parts) = 0 THEN
        RETURN NULL;
    END IF;
    RETURN array_to_string(parts, ' & ')::tsquery;
END
$$;
"""

NO_FUNCTIONS = """
DROP FUNCTION IF EXISTS rt_name_typos(text[]);
DROP TRIGGER IF EXISTS members_member_name_words_added ON members_member;
DROP TRIGGER IF EXISTS members_member_name_words_changed ON members_member;
DROP TRIGGER IF EXISTS members_member_name_words_removed ON members_member;
DROP FUNCTION IF EXISTS rt_keep_name_words();
DROP FUNCTION IF EXISTS rt_add_all_name_words();
DROP FUNCTION IF EXISTS rt_name_words(text);
"""


class Migration(migrations.Migration):
    dependencies = [("members", "0018_exact_ranking")]

    operations = [
        migrations.CreateModel(
            name="NameWord",
            fields=[
                (
                    "word",
                    models.CharField(
                        max_length=150, primary_key=True, serialize=False, verbose_name="palabra"
                    ),
                ),
            ],
            options={
                "verbose_name": "palabra de nombre",
                "verbose_name_plural": "palabras de nombres",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["word"],
                        name="members_nameword_trgm_idx",
                        opclasses=["gin_trgm_ops"],
                    )
                ],
            },
        ),
        migrations.RunSQL(FUNCTIONS, NO_FUNCTIONS),
    ]
