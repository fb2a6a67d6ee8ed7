"""Demo data for the chapters, and the chapter pages in the sitemap."""

import random

from chapters.models import ChapterNews, ChapterProposal, ChapterRole, JoinRequest
from redtalentos.management.demo_chapters import seed_chapters
from tests.chapters.helpers import chapter, chapter_mate, make_news
from tests.conftest import make_member


def test_seed_chapters_adds_leaders_news_and_a_proposal_once(db):
    for slug in ("silicon-valley", "houston", "detroit"):
        for n in range(2):
            chapter_mate(f"{slug} {n}", slug)
    make_member("Sin Capítulo")
    first = seed_chapters(random.Random(7))
    assert first["leaders"] == 6
    assert first["news"] == ChapterNews.objects.count() == 4
    assert first["proposals"] == ChapterProposal.objects.count() == 1
    # The one member without a chapter waits on a chapter: its leaders have a request to answer.
    assert first["join_requests"] == JoinRequest.objects.count() == 1
    assert JoinRequest.objects.get().member.full_name == "Sin Capítulo"
    for role in ChapterRole.objects.select_related("user__member", "chapter"):
        assert role.user.member.chapter == role.chapter  # leaders come from their own chapter
    assert chapter().description
    again = seed_chapters(random.Random(7))
    assert again == {"pages": 0, "leaders": 0, "news": 0, "proposals": 0, "join_requests": 0}
    assert ChapterRole.objects.count() == 6


def test_seed_chapters_without_members_still_runs(db):
    counts = seed_chapters(random.Random(1))
    assert counts["leaders"] == counts["proposals"] == 0
    assert counts["news"] == 4


def test_sitemap_lists_chapter_and_news_pages_in_both_languages(client, db):
    news = make_news(chapter(), 1)
    xml = client.get("/sitemap.xml").content.decode()
    for path in ["/capitulos/houston/", "/en/capitulos/detroit/", news.get_absolute_url()]:
        assert f"<loc>http://testserver{path}</loc>" in xml
    assert "/capitulos/proponer/" not in xml
