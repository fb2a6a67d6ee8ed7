import pytest

from chapters.models import Chapter


@pytest.mark.parametrize("path", ["/", "/en/", "/sectores/", "/en/sectores/", "/capitulos/"])
def test_public_page_answers_200(client, db, path):
    assert client.get(path).status_code == 200


def test_home_shows_live_figures(client, db):
    Chapter.objects.create(name="Madrid", slug="madrid", city="Madrid", country="ES")
    response = client.get("/")
    assert response.context["figures"]["chapters"] == 4
    assert response.context["figures"]["sectors"] == 9
