"""Two functions that keep the directory's ranking exact (members.directory.paging).

rt_any_of joins alternatives (a word as written, in English, in its Spanish forms) into one
tsquery that names each lexeme once. The RUM index ranks a query that names a lexeme twice
otherwise than the `<=>` operator does on the row: for `'universidad' | 'universidad' | 'univers'`
the index handed over matches in an order that the rank of each row contradicted.

rt_ranked_page reads a query that yields (id, rank) in rank order (the RUM index's) and returns
the rows after a position in that order, or before it, numbering the rows of each rank (seq) so
that a page can say where it ended: matches that tie keep the index's order, the only order the
index can give them (it cannot be asked for a second key), and a page reads no further than it
shows. Reading every tie to order them by id cost 700 ms for `worked`, where 80,245 biographies
tie at a million profiles. Only a loop can stop where the page ends.
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

CREATE OR REPLACE FUNCTION rt_ranked_page(
    ranked text, after_rank float8, after_seq bigint, wanted integer, backward boolean,
    fraction float8
)
RETURNS TABLE (id bigint, rank float8, seq bigint)
LANGUAGE plpgsql STABLE
-- Planned for the share of its rows the page reads (`fraction`, set below): the first few of
-- many in the RUM index's order, or all of a few, filtered and sorted.
SET cursor_tuple_fraction = 0.1
AS $$
DECLARE
    matches refcursor;
    hit record;
    last float8;
    position bigint := 0;
    returned integer := 0;
    before_cursor boolean;
BEGIN
    -- An explicit cursor, planned for the share of its rows that cursor_tuple_fraction says (a
    -- FOR loop over a query is planned for all of them).
    PERFORM set_config('cursor_tuple_fraction', fraction::text, true);
    OPEN matches NO SCROLL FOR EXECUTE ranked;
    LOOP
        FETCH matches INTO hit;
        EXIT WHEN NOT FOUND;
        IF hit.rank IS DISTINCT FROM last THEN
            last := hit.rank;
            position := 0;
        END IF;
        position := position + 1;
        before_cursor := after_rank IS NOT NULL AND (
            hit.rank < after_rank OR (hit.rank = after_rank AND position <= after_seq));
        IF backward THEN
            EXIT WHEN NOT before_cursor;
        ELSIF before_cursor THEN
            CONTINUE;
        END IF;
        id := hit.id;
        rank := hit.rank;
        seq := position;
        RETURN NEXT;
        returned := returned + 1;
        EXIT WHEN returned >= wanted;
    END LOOP;
    CLOSE matches;
END
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS rt_ranked_page(text, float8, bigint, integer, boolean, float8);
DROP FUNCTION IF EXISTS rt_any_of(tsquery[]);
"""


class Migration(migrations.Migration):
    dependencies = [("members", "0017_visibility_rule")]

    operations = [migrations.RunSQL(FUNCTIONS, DROP)]
