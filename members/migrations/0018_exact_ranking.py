"""Two functions that keep the directory's ranking exact (members.directory.paging).

rt_any_of joins the alternatives of one word of a query (the word as written, in English, in its
Spanish forms) without repeating a lexeme. The RUM index ranks a query that names a lexeme twice
otherwise than the `<=>` operator does on the row: for `'universidad' | 'universidad' | 'univers'`
the index handed over matches in an order that the rank of each row contradicted.

rt_ranked_through_ties returns the first `wanted` rows of a query that yields (id, rank) in rank
order and every row that ties with the last of them, so that those ties can be ordered by id: the
index orders by rank alone and cannot be asked for a second key. It stops reading there, which
only a loop can do; a LIMIT cannot know how many rows tie.
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION rt_any_of(alternatives tsquery[]) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    alternative tsquery;
    parts text[] := '{}';
BEGIN
    FOREACH alternative IN ARRAY alternatives LOOP
        IF numnode(alternative) > 0
                AND NOT ('(' || alternative::text || ')') = ANY (parts) THEN
            parts := parts || ('(' || alternative::text || ')');
        END IF;
    END LOOP;
    IF cardinality(parts) = 0 THEN
        RETURN alternatives[1];
    END IF;
    RETURN array_to_string(parts, ' | ')::tsquery;
END
$$;

CREATE OR REPLACE FUNCTION rt_ranked_through_ties(ranked text, wanted integer)
RETURNS TABLE (id bigint, rank float8)
LANGUAGE plpgsql STABLE
-- The query is read as far as it is needed, not whole: plan it for its first rows (the RUM
-- index's order) rather than for all of them.
SET cursor_tuple_fraction = 0.001
AS $$
DECLARE
    matches refcursor;
    hit record;
    seen integer := 0;
    last float8;
BEGIN
    -- An explicit cursor, planned for its first rows as cursor_tuple_fraction says (a FOR loop
    -- over a query is planned for all of them).
    OPEN matches NO SCROLL FOR EXECUTE ranked;
    LOOP
        FETCH matches INTO hit;
        EXIT WHEN NOT FOUND OR (seen >= wanted AND hit.rank > last);
        id := hit.id;
        rank := hit.rank;
        last := hit.rank;
        seen := seen + 1;
        RETURN NEXT;
    END LOOP;
    CLOSE matches;
END
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS rt_ranked_through_ties(text, integer);
DROP FUNCTION IF EXISTS rt_any_of(tsquery[]);
"""


class Migration(migrations.Migration):
    dependencies = [("members", "0017_visibility_rule")]

    operations = [migrations.RunSQL(FUNCTIONS, DROP)]
