"""A session keeps its abstract as sanitised HTML, written when the session is saved (the
agenda shows every abstract of an edition without converting Markdown on each view): it follows
every change of the abstract, through the speaker's form (a ModelForm, as the admin's) or a
partial save."""

import pytest

from jornadas.models import Session
from tests.conftest import login, make_member

from .helpers import add_speaker, make_edition, make_session, make_track

pytestmark = pytest.mark.django_db


def abstract_url(session):
    return f"/jornadas/{session.edition.slug}/sesiones/{session.pk}/resumen/"


@pytest.fixture
def session(db):
    edition = make_edition(title="Jornada de Salud")
    return make_session(edition, make_track(edition, "salud"), title="Vacunas en México")


def pages(client, session):
    return [
        client.get(url).content.decode()
        for url in (session.edition.get_absolute_url(), session.get_absolute_url())
    ]


def test_the_pages_follow_each_abstract_the_speaker_saves(client, session):
    carla = make_member("Carla Candidata Núñez")
    add_speaker(session, carla)
    login(client, carla.user)

    client.post(abstract_url(session), {"abstract": "Hablaré de **vacunas**.\n\n<b>crudo</b>"})
    session.refresh_from_db()
    assert session.abstract_html == (
        "<p>Hablaré de <strong>vacunas</strong>.</p>\n<p>&lt;b&gt;crudo&lt;/b&gt;</p>"
    )
    for page in pages(client, session):
        assert "<strong>vacunas</strong>" in page
        assert "<b>crudo</b>" not in page and "&lt;b&gt;crudo&lt;/b&gt;" in page

    client.post(abstract_url(session), {"abstract": "Ahora sobre *diagnóstico*."})
    for page in pages(client, session):
        assert "<em>diagnóstico</em>" in page
        assert "vacunas</strong>" not in page

    client.post(abstract_url(session), {"abstract": ""})
    session.refresh_from_db()
    assert session.abstract_html == ""
    for page in pages(client, session):
        assert "diagnóstico" not in page


def test_a_save_of_some_fields_that_include_the_abstract_renders_it(session):
    session.abstract = "Un [enlace](javascript:alert(1)) y **negritas**."
    session.save(update_fields=["abstract"])
    stored = Session.objects.get(pk=session.pk).abstract_html
    assert "<strong>negritas</strong>" in stored
    assert "javascript" not in stored
