"""rt_sort_beats_index: whether a relevance page should rank every match of a search through its
filters and sort them (the GIN index with the filters in it, a sort of the rows) rather than read
the matches in the RUM index's order (members.directory.paging).

A RUM scan ranks every entry of the query's lexemes before it returns the first, filters or not:
its cost follows the rows that hold any of the lexemes (`postings`). Sorting costs per row that
passes the words and the filters (`filtered`). Both are counted by the planner's estimates, from
the same statistics it plans with. Measured at a million profiles, a row sorted costs about
twenty entries ranked inside the index, and the estimate of the rows that pass the filters can
be a third of the truth: "Pronóstico Ingeniera" in one sector and country (12,283 estimated, 5,579
in truth, of 401,664 estimated to hold any of its lexemes) took 122 ms in the index's order and
37 ms sorted, while "python" in one sector and country for PNCS staff (12,707 estimated, 35,260
in truth, of 149,610) takes 54 ms in the index's order and 190 ms sorted.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION rt_sort_beats_index(filtered text, postings text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    plan json;
    filtered_rows float8;
    posting_rows float8;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || filtered INTO plan;
    filtered_rows := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || postings INTO plan;
    posting_rows := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
    RETURN filtered_rows * 20 < posting_rows;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("members", "0019_name_words")]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS rt_sort_beats_index(text, text);")
    ]
