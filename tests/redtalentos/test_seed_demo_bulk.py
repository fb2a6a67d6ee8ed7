"""seed_demo's bulk path (COPY by parallel workers), used for the million-profile benchmark:
the people of the realistic corpus, with their search data, and every index back at the end."""

import pytest
from django.core.management import call_command
from django.db import connection

from members.directory import Criteria, search_page
from members.models import Consent, Education, Member, NameWord, User
from members.permissions import STAFF, VISITOR
from redtalentos.management import demo_bulk
from redtalentos.management.commands import seed_demo
from redtalentos.management.corpus.people import realistic_person
from redtalentos.management.demo_people import SYNTHETIC_EMAIL
from tests.conftest import restore_reference_data

pytestmark = pytest.mark.django_db(transaction=True)


def _index_names():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'members_member'")
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def small_bulk(monkeypatch, reference_data):
    # The bulk path and the index rebuild, at a size a test can afford.
    monkeypatch.setattr(seed_demo, "BULK_FROM", 10)
    monkeypatch.setattr(demo_bulk, "REINDEX_FROM", 20)


@pytest.fixture
def reference_data():
    restore_reference_data()


def test_bulk_seed_writes_the_same_people_with_their_search_data(small_bulk, capsys):
    indexes = _index_names()
    call_command("seed_demo", members=40, seed=7)
    assert "bulk load" in capsys.readouterr().out
    assert _index_names() == indexes
    synthetic = Member.objects.filter(user__email__endswith="@example.org")
    assert synthetic.count() == 40
    for number in (1, 17, 40):
        person = realistic_person(7, number)
        member = Member.objects.get(user__email=SYNTHETIC_EMAIL.format(number))
        assert member.full_name == person.full_name
        assert member.headline == person.headline
        assert member.city == person.city
        assert sorted(member.sectors.values_list("slug", flat=True)) == sorted(person.sectors)
        assert sorted(member.skills.values_list("name", flat=True)) == sorted(person.skills)
        assert Education.objects.filter(member=member).count() == len(person.education)
        assert member.listed_publicly == person.consents[Consent.Purpose.PUBLIC_LISTING]
        assert member.findable_by_pncs == person.consents[Consent.Purpose.PNCS_SEARCH]
        assert member.search_vector is not None and member.search_staff is not None
        assert sorted(member.sector_ids) == sorted(member.sectors.values_list("pk", flat=True))
        assert not User.objects.get(pk=member.user_id).has_usable_password()
    listed = synthetic.filter(listed_publicly=True).first()
    page = search_page(Criteria(text=listed.full_name), audience=VISITOR)
    assert listed.pk in [result.pk for result in page.results]
    # The words of the names, deferred by the workers, are added at the end: typos find names.
    vocabulary = set(NameWord.objects.values_list("word", flat=True))
    assert {word for word in listed.sort_name.split() if len(word) >= 4} <= vocabulary
    findable = synthetic.filter(findable_by_pncs=True).first()
    page = search_page(
        Criteria(text=findable.full_name), audience=STAFF, staff_sectors=findable.sector_ids
    )
    assert findable.pk in [result.pk for result in page.results]


def test_bulk_seed_twice_adds_only_who_is_missing(small_bulk):
    call_command("seed_demo", members=30, seed=7)
    first = set(Member.objects.values_list("pk", flat=True))
    call_command("seed_demo", members=30, seed=7)
    assert set(Member.objects.values_list("pk", flat=True)) == first
    call_command("seed_demo", members=45, seed=7)
    assert Member.objects.filter(user__email__endswith="@example.org").count() == 45
