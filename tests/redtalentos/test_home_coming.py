"""The visitors' home says what comes next in the network: the next Jornada, the internships open
to applications and the newest opportunities, in a fixed number of queries."""

import pytest

from internships.models import PostingStatus
from projects.models import OpportunityStatus
from tests.conftest import make_member
from tests.internships.helpers import make_cycle, make_posting
from tests.jornadas.helpers import make_edition
from tests.projects.data import DAY, make_opportunity

pytestmark = pytest.mark.django_db


def test_the_home_shows_the_next_jornada_open_internships_and_new_opportunities(client):
    make_edition(starts_in_days=-400, title="Jornada pasada")
    make_edition(starts_in_days=40, title="Jornada que viene")
    make_edition(starts_in_days=90, title="Jornada posterior")
    host = make_member("Anfitriona")
    open_cycle, closed_cycle = make_cycle(), make_cycle(applications_open_in_days=20)
    make_posting(open_cycle, host)
    make_posting(open_cycle, host)
    make_posting(open_cycle, host, status=PostingStatus.SUBMITTED)
    make_posting(closed_cycle, host)
    for number in range(5):
        make_opportunity(f"Oportunidad {number}", published_ago=DAY * (number + 1))
    make_opportunity("Borrador oculto", status=OpportunityStatus.DRAFT)

    response = client.get("/")

    coming = response.context["coming"]
    assert coming["edition"].title == "Jornada que viene"
    assert coming["postings"] == 2  # approved, in the cycle taking applications
    assert [o.title for o in coming["opportunities"]] == [
        "Oportunidad 0",
        "Oportunidad 1",
        "Oportunidad 2",
    ]
    html = response.content.decode()
    assert "Jornada que viene" in html and "Borrador oculto" not in html
    assert "pasantías abiertas a postulaciones" in html


def test_an_empty_network_says_so(client):
    html = client.get("/").content.decode()
    assert "La próxima se anunciará aquí." in html
    assert "Aún no hay oportunidades publicadas." in html
    assert "pasantías abiertas a postulaciones" in html  # "0 …": a count, never an error


def test_the_home_costs_the_same_queries_whatever_it_shows(
    client, django_assert_num_queries, settings
):
    with django_assert_num_queries(8):
        client.get("/")
    make_edition()
    for number in range(6):
        make_opportunity(f"Oportunidad {number}")
    with django_assert_num_queries(8):
        client.get("/")
