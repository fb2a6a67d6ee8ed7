"""The page generation: one number that grows with every committed change to what the directory and
the profile pages show, so that pages cached for visitors (members.directory.page_cache) are keyed
on it and a change (a withdrawn consent above all) is never served from an older copy.

The triggers are constraint triggers, deferred to the commit: the number changes in the same commit
as the data, and its row lock is taken at the very end of the transaction, when the writer holds
every other lock it needs, so concurrent writers queue there instead of deadlocking. A transaction
that changes many rows bumps it once: the function remembers the statement it last ran in (at the
commit, every deferred event fires in the same COMMIT statement).

Member data reaches the page through the member row, its sectors, skills and education, and the
sector and chapter names; a deactivated account already updates the member row (0004_directory)."""

from django.db import migrations

TABLES = [
    "members_member",
    "members_member_sectors",
    "members_member_skills",
    "members_skill",
    "members_education",
    "pncs_sector",
    "chapters_chapter",
]

CREATE = """
CREATE TABLE rt_page_generation (
    id smallint PRIMARY KEY CHECK (id = 1),
    n bigint NOT NULL
);
INSERT INTO rt_page_generation VALUES (1, 1);

CREATE FUNCTION rt_bump_page_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('rt.page_generation_bumped', true)
            IS DISTINCT FROM statement_timestamp()::text THEN
        UPDATE rt_page_generation SET n = n + 1 WHERE id = 1;
        PERFORM set_config('rt.page_generation_bumped', statement_timestamp()::text, true);
    END IF;
    RETURN NULL;
END
$$;
""" + "".join(  # noqa: S608 (table names from the list above)
    f"""
CREATE CONSTRAINT TRIGGER rt_page_generation
    AFTER INSERT OR UPDATE OR DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION rt_bump_page_generation();
"""
    for table in TABLES
)

DROP = (
    "".join(f"DROP TRIGGER rt_page_generation ON {table};\n" for table in TABLES)
    + """
DROP FUNCTION rt_bump_page_generation();
DROP TABLE rt_page_generation;
"""
)


class Migration(migrations.Migration):
    dependencies = [
        ("chapters", "0004_founding_chapter_positions"),
        ("members", "0006_directory_indexes"),
        ("pncs", "0005_sector_descriptions_text"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
