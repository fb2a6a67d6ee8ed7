"""Leaders edit their own chapter's page and publish news; nobody else may."""

import os

import pytest

from chapters.models import Chapter, ChapterNews
from tests.chapters.helpers import as_user, chapter, png_bytes
from tests.conftest import login, make_chapter_leader

LEADER_PAGES = [
    "/capitulos/houston/editar/",
    "/capitulos/houston/noticias/nueva/",
    "/capitulos/houston/solicitudes/",
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(root):
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


@pytest.mark.parametrize("path", LEADER_PAGES)
def test_leader_opens_own_chapter_tools(client, chapter_leader, path):
    login(client, chapter_leader)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", LEADER_PAGES)
def test_ime_admin_opens_any_chapter_tools(client, ime_admin, path):
    login(client, ime_admin)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", LEADER_PAGES)
def test_visitor_is_sent_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/login/?next=")


@pytest.mark.parametrize("path", LEADER_PAGES)
def test_leader_of_another_chapter_gets_403(client, db, path):
    login(client, make_chapter_leader("detroit"))
    assert client.get(path).status_code == 403
    # The list of join requests takes no form: a POST is refused as such (405).
    expected = 405 if path.endswith("/solicitudes/") else 403
    data = {"description": "x", "title": "x", "body": "x"}
    assert client.post(path, data).status_code == expected


@pytest.mark.parametrize("persona", ["member", "participant", "pncs_staff"])
@pytest.mark.parametrize("path", LEADER_PAGES)
def test_signed_in_non_leaders_get_403(client, db, persona, path, request):
    login(client, as_user(request.getfixturevalue(persona)))
    assert client.get(path).status_code == 403


def test_leader_of_unknown_chapter_path_gets_404(client, chapter_leader):
    login(client, chapter_leader)
    assert client.get("/capitulos/no-existe/editar/").status_code == 404


def test_leader_edits_the_chapter_page(client, chapter_leader):
    login(client, chapter_leader)
    response = client.post(
        "/capitulos/houston/editar/",
        {
            "description": "Somos el capítulo de **Houston**.",
            "areas_of_interest": "- Energía",
            "action_lines": "- Mentorías",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/capitulos/houston/"
    houston = chapter()
    assert houston.areas_of_interest == "- Energía"
    html = client.get("/capitulos/houston/").content.decode()
    assert "<strong>Houston</strong>" in html


def test_leader_cannot_change_other_fields_through_the_form(client, chapter_leader):
    login(client, chapter_leader)
    client.post(
        "/capitulos/houston/editar/",
        {"description": "x", "name": "Otro", "status": "in_formation", "slug": "otro"},
    )
    houston = chapter()
    assert (houston.name, houston.status) == ("Houston", Chapter.Status.FORMALISED)


@pytest.mark.parametrize(
    "data",
    [
        {"description": "x" * 10_001},
        {"description": "con \x00 nulo"},
        {"areas_of_interest": ["a", "b"], "description": "y" * 20_000},
    ],
)
def test_garbage_edit_gets_form_errors_and_keeps_the_page(client, chapter_leader, data):
    houston = chapter()
    houston.description = "Texto anterior"
    houston.save()
    login(client, chapter_leader)
    response = client.post("/capitulos/houston/editar/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert chapter().description == "Texto anterior"


def test_leader_publishes_news_with_a_clean_image(client, chapter_leader, media):
    login(client, chapter_leader)
    upload = _upload("foto.png", png_bytes((1600, 900)))
    response = client.post(
        "/capitulos/houston/noticias/nueva/",
        {
            "title": "¡Gran reunión!",
            "body": "Fue un *éxito*.",
            "image": upload,
            "image_description": "Miembros del capítulo en la reunión",
        },
    )
    news = ChapterNews.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/capitulos/houston/noticias/gran-reunion/"
    assert news.author == chapter_leader
    assert (news.image_width, news.image_height) == (1200, 675)
    assert "foto" not in news.image.name  # a random name, never the uploaded one
    html = client.get(response["Location"]).content.decode()
    assert "<em>éxito</em>" in html
    assert 'alt="Miembros del capítulo en la reunión"' in html
    assert 'width="1200" height="675"' in html


def test_news_slugs_stay_unique_and_never_take_the_form_path(client, chapter_leader, media):
    login(client, chapter_leader)
    for title in ["Nueva", "Nueva", "🎉🎉"]:
        client.post("/capitulos/houston/noticias/nueva/", {"title": title, "body": "x"})
    assert sorted(ChapterNews.objects.values_list("slug", flat=True)) == [
        "noticia",
        "nueva-2",
        "nueva-3",
    ]


def test_news_page_is_public(client, chapter_leader, media):
    login(client, chapter_leader)
    client.post("/capitulos/houston/noticias/nueva/", {"title": "Abierta", "body": "Hola"})
    client.logout()
    response = client.get("/capitulos/houston/noticias/abierta/")
    assert response.status_code == 200
    assert response.context["news"].title == "Abierta"
    assert client.get("/capitulos/detroit/noticias/abierta/").status_code == 404


@pytest.mark.parametrize(
    "content",
    [
        b"not an image at all",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,  # a PNG header and nothing behind it
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        png_bytes()[:60],  # truncated
    ],
)
def test_news_with_a_bad_image_is_refused_and_nothing_saved(client, chapter_leader, media, content):
    login(client, chapter_leader)
    response = client.post(
        "/capitulos/houston/noticias/nueva/",
        {
            "title": "Con imagen",
            "body": "Texto",
            "image": _upload("imagen.png", content),
            "image_description": "Algo",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["image"]
    assert not ChapterNews.objects.exists()
    assert _files(media) == []


def test_news_image_needs_a_description(client, chapter_leader, media):
    login(client, chapter_leader)
    response = client.post(
        "/capitulos/houston/noticias/nueva/",
        {"title": "x", "body": "y", "image": _upload("a.png", png_bytes())},
    )
    assert response.context["form"].errors["image_description"]
    assert not ChapterNews.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "", "body": ""},
        {"title": "x" * 201, "body": "y"},
        {"title": "t", "body": "y" * 20_001},
        {"title": "t\x00", "body": "y"},
        {"title": "   ", "body": "\n\n"},
    ],
)
def test_garbage_news_gets_form_errors(client, chapter_leader, media, data):
    login(client, chapter_leader)
    response = client.post("/capitulos/houston/noticias/nueva/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ChapterNews.objects.exists()


def test_news_markdown_injection_is_neutralised(client, chapter_leader, media):
    login(client, chapter_leader)
    client.post(
        "/capitulos/houston/noticias/nueva/",
        {
            "title": "<script>alert(1)</script>",
            "body": "<iframe src='https://evil.example'></iframe> [x](javascript:alert(1))",
        },
    )
    news = ChapterNews.objects.get()
    html = client.get(news.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<iframe" not in html
    assert "javascript:" not in html


def test_leader_of_two_chapters_is_still_refused_a_third(client, db):
    user = make_chapter_leader("houston")
    make_chapter_leader("silicon-valley", member=user.member)
    login(client, user)
    assert client.get("/capitulos/detroit/editar/").status_code == 403


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")
