"""The directory's gate (members.directory): who each audience finds, and that a filter or a facet
never reads a field group the audience may not see. The engine is asked directly; the page is
tested in test_directory*.py. The mutation run (scripts/mutation.py) holds the gate against these.
"""

import pytest

from chapters.models import Chapter
from members.directory import ALL_SECTORS, Criteria, search_page
from members.models import Availability, Consent, ContributionOffer, Skill, Visibility
from members.permissions import MEMBER, STAFF, VISITOR
from pncs.models import Sector
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

PUBLIC = Consent.Purpose.PUBLIC_LISTING
PNCS = Consent.Purpose.PNCS_SEARCH


def found(audience=VISITOR, staff_sectors=None, **criteria):
    page = search_page(Criteria(**criteria), audience=audience, staff_sectors=staff_sectors)
    return sorted(member.full_name for member in page.results)


def facets(audience=VISITOR, **criteria):
    page = search_page(Criteria(**criteria), audience=audience)
    return {name: {key for key, _count in values} for name, values in page.facets.items()}


def sector(slug):
    return Sector.objects.get(slug=slug).pk


def test_visitors_and_members_find_only_listed_active_profiles(db):
    make_member("Ana Listada", consents=(PUBLIC,))
    make_member("Beto Oculto", consents=(PNCS,))
    gone = make_member("Carla Baja", consents=(PUBLIC,))
    gone.user.is_active = False
    gone.user.save()
    assert found(VISITOR) == ["Ana Listada"]
    assert found(MEMBER) == ["Ana Listada"]
    assert found(VISITOR, text="carla") == []


def test_staff_find_only_consenting_active_members_of_their_sectors(db):
    make_member("Ana Salud", sectors=("salud",), consents=(PNCS,))
    make_member("Beto Salud Listado", sectors=("salud",), consents=(PUBLIC,))
    make_member("Carla Tic", sectors=("tic",), consents=(PNCS,))
    gone = make_member("Dora Baja", sectors=("salud",), consents=(PNCS,))
    gone.user.is_active = False
    gone.user.save()
    assert found(STAFF, {sector("salud")}) == ["Ana Salud"]
    assert found(STAFF, {sector("tic"), sector("salud")}) == ["Ana Salud", "Carla Tic"]
    assert found(STAFF, ALL_SECTORS) == ["Ana Salud", "Carla Tic"]
    assert found(STAFF, set()) == []
    assert found(STAFF, None) == []


@pytest.fixture
def hidden_and_shown(db):
    """Two listed members alike in every filtered field; one shows them only to members."""
    houston = Chapter.objects.get(slug="houston")
    skill = Skill.objects.create(name="Bioinformática", key="bioinformatica")
    alike = {
        "sectors": ("salud",),
        "chapter": houston,
        "country": "CA",
        "city": "Toronto",
        "contribution_offers": [ContributionOffer.BEST_PRACTICES],
        "languages": ["nah"],
        "availability": Availability.LIMITED,
    }
    groups = ("expertise", "chapter", "location", "languages")
    shown = make_member(
        "Ana Pública", **alike, **{f"visibility_{group}": Visibility.PUBLIC for group in groups}
    )
    hidden = make_member(
        "Beto Reservado",
        **alike,
        **{f"visibility_{group}": Visibility.MEMBERS for group in groups},
    )
    for member in (shown, hidden):
        member.skills.add(skill)
    return houston, skill


@pytest.mark.parametrize(
    "criterion",
    ["sector", "chapter", "country", "city", "offer", "skill", "language", "availability"],
)
def test_a_filter_finds_a_hidden_field_only_for_audiences_that_see_it(hidden_and_shown, criterion):
    houston, skill = hidden_and_shown
    value = {
        "sector": sector("salud"),
        "chapter": houston.pk,
        "country": "CA",
        "city": "toronto",
        "offer": ContributionOffer.BEST_PRACTICES,
        "skill": skill.key,
        "language": "nah",
        "availability": Availability.LIMITED,
    }[criterion]
    assert found(VISITOR, **{criterion: value}) == ["Ana Pública"]
    assert found(MEMBER, **{criterion: value}) == ["Ana Pública", "Beto Reservado"]
    # Conditions add up: neither profile is verified.
    assert found(MEMBER, verified=True, **{criterion: value}) == []


def test_a_filter_for_something_else_finds_neither(hidden_and_shown):
    houston, _skill = hidden_and_shown
    assert found(MEMBER, sector=sector("tic")) == []
    assert found(MEMBER, chapter=Chapter.objects.exclude(pk=houston.pk).first().pk) == []
    assert found(MEMBER, country="US") == []
    assert found(MEMBER, language="en") == []


def test_the_verified_filter_keeps_verified_profiles(db):
    from django.utils import timezone

    make_member("Ana Verificada", verified_at=timezone.now())
    make_member("Beto Sin Verificar")
    assert found(VISITOR, verified=True) == ["Ana Verificada"]
    assert found(VISITOR) == ["Ana Verificada", "Beto Sin Verificar"]


def test_facets_count_a_hidden_field_only_for_audiences_that_see_it(db):
    make_member(
        "Ana Reservada",
        sectors=("salud",),
        chapter=Chapter.objects.get(slug="houston"),
        country="CA",
        contribution_offers=[ContributionOffer.BEST_PRACTICES],
        visibility_expertise=Visibility.MEMBERS,
        visibility_chapter=Visibility.MEMBERS,
        visibility_location=Visibility.MEMBERS,
    )
    houston = str(Chapter.objects.get(slug="houston").pk)
    for_visitors = facets(VISITOR)
    assert for_visitors == {"sector": set(), "chapter": set(), "country": set(), "offer": set()}
    for_members = facets(MEMBER)
    assert for_members["sector"] == {str(sector("salud"))}
    assert for_members["chapter"] == {houston}
    assert for_members["country"] == {"CA"}
    assert for_members["offer"] == {ContributionOffer.BEST_PRACTICES}
