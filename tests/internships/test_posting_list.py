"""The public pages: the list of published postings of the cycles shown today (filters, search,
pages, a fixed number of queries), a posting's page, a cycle's page and the Atom feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from internships.models import CycleStage, PostingStatus
from tests.conftest import make_member

from .helpers import make_cycle, make_posting

pytestmark = pytest.mark.django_db


def titles(response):
    return sorted(posting.title for posting in response.context["page"].object_list)


@pytest.fixture
def world(member):
    summer = make_cycle(name="Verano", slug="verano")
    winter = make_cycle(name="Invierno", slug="invierno", applications_open_in_days=-1)
    make_posting(
        summer,
        member,
        title="Robótica",
        sectors=("tic",),
        country="US",
        languages=["en"],
        stipend=True,
        description="Brazos robóticos para manufactura.",
    )
    make_posting(
        summer,
        member,
        title="Vacunas",
        sectors=("salud",),
        country="CA",
        languages=["es", "fr"],
        lodging=True,
        visa_letter=True,
        organisation="Instituto Pasteur de Montreal",
    )
    make_posting(
        winter,
        member,
        title="Datos abiertos",
        sectors=("tic",),
        country="",
        remote=True,
        languages=["es"],
        stipend=True,
        lodging=True,
    )
    make_posting(summer, member, title="Borrador oculto", status=PostingStatus.DRAFT)
    make_posting(summer, member, title="En revisión oculta", status=PostingStatus.SUBMITTED)
    make_posting(summer, member, title="Cerrada oculta", status=PostingStatus.CLOSED)
    over = make_cycle(name="Pasado", slug="pasado", applications_open_in_days=-400)
    make_posting(over, member, title="De un ciclo concluido")
    future = make_cycle(name="Futuro", slug="futuro", applications_open_in_days=100)
    make_posting(future, member, title="De un ciclo por abrir")
    return summer


LIST = reverse("internships:posting_list")


def test_the_list_shows_published_postings_of_the_cycles_shown_today(client, world):
    response = client.get(LIST)
    assert titles(response) == ["Datos abiertos", "Robótica", "Vacunas"]
    assert [cycle.slug for cycle in response.context["cycles"]] == ["verano", "invierno"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"ciclo": "invierno"}, ["Datos abiertos"]),
        ({"sector": "salud"}, ["Vacunas"]),
        ({"pais": "CA"}, ["Vacunas"]),
        ({"idioma": "fr"}, ["Vacunas"]),
        ({"idioma": "es"}, ["Datos abiertos", "Vacunas"]),
        ({"modalidad": "remoto"}, ["Datos abiertos"]),
        ({"modalidad": "presencial"}, ["Robótica", "Vacunas"]),
        ({"ofrece": ["apoyo"]}, ["Datos abiertos", "Robótica"]),
        ({"ofrece": ["apoyo", "alojamiento"]}, ["Datos abiertos"]),
        ({"ofrece": ["visa"]}, ["Vacunas"]),
        ({"q": "ROBÓTICOS"}, ["Robótica"]),
        ({"q": "pasteur"}, ["Vacunas"]),
        ({"q": "vacunas montreal"}, ["Vacunas"]),
        ({"q": "nada parecido"}, []),
        ({"sector": "tic", "ofrece": ["apoyo"], "modalidad": "presencial"}, ["Robótica"]),
    ],
)
def test_filters_and_search(client, world, query, expected):
    assert titles(client.get(LIST, query)) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"sector": "no-existe"},
        {"pais": "ZZ"},
        {"ciclo": "pasado"},
        {"idioma": "xx"},
        {"modalidad": "volando"},
        {"ofrece": ["todo"]},
        {"pagina": "-3"},
        {"pagina": "99999999999999999999"},
        {"q": "x" * 5000},
        {"q": "\x00"},
    ],
)
def test_bad_filter_values_are_ignored_never_a_500(client, world, query):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert len(titles(response)) <= 3


def test_the_list_has_a_fixed_number_of_queries(client, member, django_assert_max_num_queries):
    cycle = make_cycle()
    for number in range(30):
        make_posting(cycle, member, title=f"Plaza {number}", sectors=("tic", "salud"))
    with django_assert_max_num_queries(8):
        response = client.get(LIST, {"sector": "tic", "q": "plaza", "ofrece": ["apoyo"]})
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(LIST, {"pagina": "2"})
    assert len(response.context["page"].object_list) == 10


def test_every_filter_at_once_costs_no_extra_query(client, member, django_assert_num_queries):
    """The cycle and sector filters are validated and offered from the lists the page reads
    anyway: cycles, sectors, countries, the count, the page and its cards' sectors."""
    cycle = make_cycle(slug="verano")
    for number in range(30):
        make_posting(
            cycle, member, title=f"Plaza {number}", languages=["en"], stipend=True, country="US"
        )
    every_filter = {
        "ciclo": "verano",
        "sector": "tic",
        "pais": "US",
        "idioma": "en",
        "modalidad": "presencial",
        "ofrece": ["apoyo"],
        "q": "plaza",
    }
    with django_assert_num_queries(6):
        response = client.get(LIST, every_filter)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.count == 30


def test_the_english_pages_answer(client, world, member):
    posting = world.postings.get(title="Robótica")
    for path in (LIST, posting.get_absolute_url(), world.get_absolute_url()):
        response = client.get("/en" + path)
        assert response.status_code == 200
        assert 'lang="en"' in response.content.decode()


# A posting's page


def test_a_published_posting_is_public_with_the_host_linked_when_listed(client, world):
    posting = world.postings.get(title="Robótica")
    response = client.get(posting.get_absolute_url())
    content = response.content.decode()
    assert posting.host.full_name in content
    assert posting.host.get_absolute_url() in content


def test_the_host_is_named_without_a_link_when_their_profile_is_not_public(client, world):
    host = make_member("Hilda Reservada", consents=())
    posting = make_posting(world, host, title="Discreta")
    content = client.get(posting.get_absolute_url()).content.decode()
    assert "Hilda Reservada" in content
    assert host.get_absolute_url() not in content


def test_a_closed_posting_stays_reachable_and_says_it_is_closed(client, world):
    posting = world.postings.get(title="Cerrada oculta")
    response = client.get(posting.get_absolute_url())
    assert "ya no recibe postulaciones" in response.content.decode()


@pytest.mark.parametrize("title", ["Borrador oculto", "En revisión oculta"])
def test_unpublished_postings_are_404_to_visitors(client, world, title):
    posting = world.postings.get(title=title)
    assert client.get(posting.get_absolute_url()).status_code == 404


def test_an_unknown_posting_is_404(client):
    assert (
        client.get(reverse("internships:posting_detail", kwargs={"slug": "nada"})).status_code
        == 404
    )


# A cycle's page


def test_a_cycle_page_says_where_the_cycle_is(client, world):
    response = client.get(world.get_absolute_url())
    assert response.context["stage"] == CycleStage.APPLICATIONS
    content = response.content.decode()
    assert 'aria-current="step"' in content
    assert "Postulaciones abiertas" in content
    assert response.context["counts"]["postings"] == 2
    assert (
        client.get(reverse("internships:cycle_detail", kwargs={"slug": "nada"})).status_code == 404
    )


# The feed


def test_the_feed_lists_new_postings_and_takes_the_filters(client, world):
    response = client.get(reverse("internships:posting_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    content = response.content.decode()
    assert "Robótica" in content and "Vacunas" in content and "Datos abiertos" in content
    assert "oculta" not in content and "oculto" not in content and "concluido" not in content
    filtered = client.get(reverse("internships:posting_feed"), {"sector": "salud"}).content.decode()
    assert "Vacunas" in filtered and "Robótica" not in filtered
    assert client.get(reverse("internships:posting_feed"), {"sector": "??"}).status_code == 200


def test_the_feed_refuses_writes(client):
    assert client.post(reverse("internships:posting_feed")).status_code == 405


def test_a_new_posting_comes_first(client, world, member):
    newest = make_posting(world, member, title="La más nueva")
    newest.published_at = timezone.now() + datetime.timedelta(minutes=5)
    newest.save()
    assert client.get(LIST).context["page"].object_list[0] == newest
