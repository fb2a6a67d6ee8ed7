"""The search migrations on a database that already holds profiles, as an upgrade meets them."""

import pytest
from django.core.management import call_command

from members.directory import Criteria, search_page
from members.models import Visibility
from members.permissions import VISITOR
from tests.conftest import make_member


@pytest.mark.django_db(transaction=True)
def test_relevance_migrates_forward_on_a_database_with_profiles():
    """0016 rebuilds the vectors of a small table and then builds the RUM indexes: the rebuild
    queued the page generation's deferred triggers, and PostgreSQL refuses to build an index on
    a table with pending trigger events."""
    make_member("Luz Torres Vega", headline="Ingeniera aeroespacial", visibility_about="public")
    call_command("migrate", "members", "0015", verbosity=0)
    call_command("migrate", "members", verbosity=0)
    other = make_member(
        "Ana Ríos", bio="Ingeniería aeroespacial.", visibility_about=Visibility.PUBLIC
    )
    page = search_page(Criteria(text="ingeniera aeroespacial"), audience=VISITOR)
    assert [member.full_name for member in page.results] == ["Luz Torres Vega", other.full_name]
