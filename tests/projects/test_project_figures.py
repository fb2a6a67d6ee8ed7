"""The binational projects' figures on the PNCS work programme page: projects by status and by
sector, for the sectors the PNCS works on (all for IME), in a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from pncs.models import Sector
from projects.models import ProjectStatus
from tests.conftest import login

from .binational_data import make_project, make_staff

pytestmark = pytest.mark.django_db

PS = ProjectStatus
PAGE = "pncs_workspace:activity_list"


def _text(body):
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_each_pncs_sees_the_projects_of_its_sectors_in_fixed_queries(
    client, django_assert_max_num_queries
):
    make_project(status=PS.IN_PROGRESS)
    make_project(status=PS.CONCLUDED)
    make_project(status=PS.PROPOSED, sectors=("salud",))
    tic = make_staff("tic")
    login(client, tic)
    with django_assert_max_num_queries(40) as few:
        body = client.get(reverse(PAGE)).content.decode()
    assert "2 proyectos, 1 en curso y 1 concluidos." in body

    both = make_project(status=PS.IN_PROGRESS, sectors=("tic", "salud"))
    for status in (PS.APPROVED, PS.WITHDRAWN, PS.IN_EVALUATION):
        make_project(status=status)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse(PAGE)).content.decode()
    assert "6 proyectos, 2 en curso y 1 concluidos." in body
    text = _text(body)
    tic_name = Sector.objects.get(slug="tic").name
    # En preparación, Aprobados, En curso, Concluidos, No aprobados o retirados
    assert f"{tic_name} 1 1 2 1 1" in text
    assert Sector.objects.get(slug="salud").name not in text.split("Por sector")[-1]

    login(client, make_staff("salud"))
    body = client.get(reverse(PAGE)).content.decode()
    assert "2 proyectos, 1 en curso y 0 concluidos." in body
    assert both.title not in body  # figures, never the projects' own pages


def test_no_projects_block_while_the_sectors_have_no_project(client):
    make_project(status=PS.IN_PROGRESS, sectors=("salud",))
    login(client, make_staff("tic"))
    assert " proyectos, " not in _text(client.get(reverse(PAGE)).content.decode())
