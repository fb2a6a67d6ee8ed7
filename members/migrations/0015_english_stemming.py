"""English stemming for every text of a profile: biographies, work and studies were indexed with
the Spanish configuration only, so `large language model` did not find `large language models`
(the Spanish stemmer keeps a bare plural -s of an English word). Each of them is now indexed in
English too, as the headline and the skills already were; the query already asks both.

The vectors are recomputed here up to REBUILD_HERE profiles; a larger table gets the new
function only, and `manage.py rebuild_search_index` recomputes it in batches (see README), so
that the migration does not hold the whole table for minutes.
"""

from importlib import import_module

from django.db import migrations

_START = "CREATE OR REPLACE FUNCTION members_member_search_vector()"
_SETUP = import_module("members.migrations.0004_directory").SETUP
SPANISH_ONLY = _SETUP[_SETUP.index(_START) : _SETUP.index("END $$;", _SETUP.index(_START)) + 7]

_CHANGES = {
    """    work := setweight(to_tsvector('rt_es',
        coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.position, '')), 'B');""": """    work := setweight(to_tsvector('rt_es',
        coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.position, '')), 'B')
        || setweight(to_tsvector('rt_en',
        coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.position, '')), 'B');""",
    """    about := setweight(to_tsvector('rt_es', coalesce(NEW.bio, '')), 'C');""": """    about := setweight(to_tsvector('rt_es', coalesce(NEW.bio, '')), 'C')
        || setweight(to_tsvector('rt_en', coalesce(NEW.bio, '')), 'C');""",
    """    studies := setweight(to_tsvector('rt_es', education), 'C');""": """    studies := setweight(to_tsvector('rt_es', education), 'C')
        || setweight(to_tsvector('rt_en', education), 'C');""",
}


def _with_english(function):
    for old, new in _CHANGES.items():
        if old not in function:
            raise ValueError(f"0004's search function changed: {old!r} is gone")
        function = function.replace(old, new)
    return function


BOTH_LANGUAGES = _with_english(SPANISH_ONLY)
REBUILD_HERE = 100_000


def rebuild_if_small(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_member")
        if cursor.fetchone()[0] > REBUILD_HERE:
            print("\n  members 0015: run `manage.py rebuild_search_index` to index in English.")
            return
        # Setting the vector to NULL fires the trigger that recomputes it.
        cursor.execute("UPDATE members_member SET search_vector = NULL")


class Migration(migrations.Migration):
    dependencies = [("members", "0014_past_organisations_default")]

    operations = [
        migrations.RunSQL(BOTH_LANGUAGES, SPANISH_ONLY),
        migrations.RunPython(rebuild_if_small, rebuild_if_small),
    ]
