"""The chapters admin: every list and form opens for IME, search and filters take garbage."""

import pytest

from chapters.models import ChapterNews, ChapterProposal, ChapterRole, JoinRequest
from tests.chapters.helpers import chapter, make_news
from tests.conftest import login

PAGES = [
    "/admin/chapters/chapter/",
    "/admin/chapters/chapter/add/",
    "/admin/chapters/chapterrole/",
    "/admin/chapters/chapterrole/add/",
    "/admin/chapters/joinrequest/",
    "/admin/chapters/chapternews/",
    "/admin/chapters/chapterproposal/",
]


@pytest.fixture
def rows(member, other_member, chapter_leader):
    houston = chapter()
    return {
        "chapter": houston,
        "role": ChapterRole.objects.get(user=chapter_leader),
        "join": JoinRequest.objects.create(chapter=houston, member=member),
        "news": make_news(houston, 1),
        "proposal": ChapterProposal.objects.create(
            proposer=other_member, city="Lima", country="PE", founding_members="A", purpose="B"
        ),
    }


@pytest.mark.parametrize("path", PAGES)
def test_ime_admin_opens_chapters_admin_pages(client, ime_admin, rows, path):
    login(client, ime_admin)
    assert client.get(path).status_code == 200


def test_change_pages_open(client, ime_admin, rows):
    login(client, ime_admin)
    for obj in rows.values():
        meta = obj._meta
        url = f"/admin/chapters/{meta.model_name}/{obj.pk}/"
        assert client.get(url + "change/").status_code == 200, url
        assert client.get(url + "history/").status_code == 200, url


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("q", ["Houston", "'; DROP TABLE chapters_chapter; --" * 30, "nulo\x00"])
def test_admin_search_takes_garbage(client, ime_admin, rows, path, q):
    if path.endswith("/add/"):
        return
    login(client, ime_admin)
    assert client.get(path, {"q": q}).status_code == 200


def test_chapter_admin_edits_roles_inline(client, ime_admin, rows, member):
    login(client, ime_admin)
    html = client.get(f"/admin/chapters/chapter/{rows['chapter'].pk}/change/").content.decode()
    assert "roles-TOTAL_FORMS" in html


def test_admin_cannot_give_a_chapter_a_reserved_slug(client, ime_admin):
    login(client, ime_admin)
    response = client.post(
        "/admin/chapters/chapter/add/",
        {
            "name": "Proponer",
            "slug": "proponer",
            "city": "X",
            "country": "MX",
            "status": "in_formation",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "dirección reservada" in response.content.decode()


def test_news_image_is_not_uploaded_through_the_admin(client, ime_admin, rows):
    login(client, ime_admin)
    html = client.get(f"/admin/chapters/chapternews/{rows['news'].pk}/change/").content.decode()
    assert 'type="file"' not in html
    assert ChapterNews.objects.count() == 1


# Chapter news may be added in the admin too (tests/redtalentos/test_admin_look.py).
@pytest.mark.parametrize("model", ["joinrequest", "chapterproposal"])
def test_site_made_records_are_not_added_in_the_admin(client, ime_admin, model):
    login(client, ime_admin)
    assert client.get(f"/admin/chapters/{model}/add/").status_code == 403


def test_join_request_is_read_only_in_the_admin(client, ime_admin, rows):
    login(client, ime_admin)
    join = rows["join"]
    client.post(f"/admin/chapters/joinrequest/{join.pk}/change/", {"status": "approved"})
    join.refresh_from_db()
    assert join.status == JoinRequest.Status.PENDING
