"""The page generation in stripes: every writer raised the one row of 0007_page_generation at its
commit, so concurrent writers queued there for each other's commit, the flush to disk included.
With durable settings (fsync on), eight editors saving profiles at once spent 18% of their time
waiting for that row (run_benchmark --only writes, a million profiles). Now each transaction
raises one of STRIPES rows, picked by its transaction id, and the generation is their sum: it
grows with every committed change as before, and two writers wait for each other only when they
draw the same stripe. The sum is read in one snapshot, as the data, so it never names a state
the data has not reached."""

# ruff: noqa: S608 (the SQL holds only this module's constant)
from django.db import migrations

STRIPES = 32

FORWARD = f"""
ALTER TABLE rt_page_generation DROP CONSTRAINT rt_page_generation_id_check;
ALTER TABLE rt_page_generation ADD CONSTRAINT rt_page_generation_stripe
    CHECK (id BETWEEN 1 AND {STRIPES});
INSERT INTO rt_page_generation (id, n) SELECT s, 0 FROM generate_series(2, {STRIPES}) s;
CREATE OR REPLACE FUNCTION rt_bump_page_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('rt.page_generation_bumped', true)
            IS DISTINCT FROM statement_timestamp()::text THEN
        UPDATE rt_page_generation SET n = n + 1
        WHERE id = 1 + (txid_current() % {STRIPES})::integer;
        PERFORM set_config('rt.page_generation_bumped', statement_timestamp()::text, true);
    END IF;
    RETURN NULL;
END
$$;
"""

BACKWARD = """
UPDATE rt_page_generation SET n = (SELECT sum(n) FROM rt_page_generation) WHERE id = 1;
DELETE FROM rt_page_generation WHERE id > 1;
ALTER TABLE rt_page_generation DROP CONSTRAINT rt_page_generation_stripe;
ALTER TABLE rt_page_generation ADD CONSTRAINT rt_page_generation_id_check CHECK (id = 1);
CREATE OR REPLACE FUNCTION rt_bump_page_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('rt.page_generation_bumped', true)
            IS DISTINCT FROM statement_timestamp()::text THEN
        UPDATE rt_page_generation SET n = n + 1 WHERE id = 1;
        PERFORM set_config('rt.page_generation_bumped', statement_timestamp()::text, true);
    END IF;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("members", "0020_rank_plan_choice")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
