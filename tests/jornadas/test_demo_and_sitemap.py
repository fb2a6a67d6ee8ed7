"""Demo data of the Jornadas (through seed_demo) and the editions in the sitemap."""

from django.core.management import call_command

from jornadas.models import Edition, Session, SessionSpeaker

from .helpers import make_edition


def test_seed_demo_adds_an_upcoming_edition_with_an_agenda_once(db, client, capsys):
    call_command("seed_demo", members=40)
    assert "Jornadas: editions 2, sessions 27" in capsys.readouterr().out
    edition = Edition.objects.get(slug="2027")
    assert edition.is_published
    assert [(c.from_status, c.to_status) for c in edition.history.all()] == [("", "published")]
    assert edition.tracks.filter(sector__isnull=True).exists()
    assert edition.tracks.filter(sector__isnull=False).count() >= 4
    assert edition.rooms.count() >= 2
    assert Session.objects.filter(edition=edition).count() == 20
    speakers = SessionSpeaker.objects.filter(session__edition=edition, member__isnull=False)
    assert speakers.filter(member__listed_publicly=True).exists()
    assert speakers.filter(member__listed_publicly=False).exists()
    assert SessionSpeaker.objects.filter(member__user__email="demo@redtalentos.example").exists()
    before = SessionSpeaker.objects.count()

    call_command("seed_demo", members=40)
    out = capsys.readouterr().out
    assert "Jornadas: editions 0, sessions 0, speakers 0, registrations 0, waitlisted 0," in out
    assert SessionSpeaker.objects.count() == before
    assert client.get("/jornadas/2027/").status_code == 200


def test_sitemap_lists_published_editions_and_sessions_only(client, db):
    draft = make_edition(status=Edition.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/jornadas/</loc>" in xml
    assert "<loc>http://testserver/jornadas/2009/</loc>" in xml
    assert "<loc>http://testserver/en/jornadas/2005/</loc>" in xml
    assert draft.slug not in xml
