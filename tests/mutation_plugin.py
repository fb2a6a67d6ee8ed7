"""A pytest plugin for the mutation run only (scripts/mutation.py loads it with -p).

mutmut runs pytest many times in one process and its forks: once to see which tests reach which
function, then once per mutant. Django would name the test database after the database in use,
which after the first run is the test database itself (test_test_...), and would check every
migration again before each mutant's tests. Here the name is kept from the first run, and a
mutant's run uses that database as the first run left it (migrated, with the reference data).
"""

import os

from django.db import connections

_test_names = {}


def pytest_configure(config):
    for alias in connections:
        settings_dict = connections[alias].settings_dict
        name = _test_names.setdefault(alias, f"test_{settings_dict['NAME']}")
        settings_dict.setdefault("TEST", {})["NAME"] = name
    if "__mutmut_" in os.environ.get("MUTANT_UNDER_TEST", ""):
        import django.test.utils

        django.test.utils.setup_databases = _use_test_databases


def _use_test_databases(verbosity, interactive, *, aliases=None, **kwargs):
    """Points the connections at the test databases, which already exist and are migrated."""
    for alias in aliases or connections:
        connection = connections[alias]
        connection.close()
        connection.settings_dict["NAME"] = connection.settings_dict["TEST"]["NAME"]
    return []
