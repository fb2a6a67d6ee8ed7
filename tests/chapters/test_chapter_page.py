"""The chapter page: texts, leadership, who sees the members, news, the join button."""

import pytest

from chapters.models import ChapterRole
from tests.chapters.helpers import as_user, chapter, chapter_mate, make_news
from tests.conftest import login, make_chapter_leader, make_member

URL = "/capitulos/houston/"


@pytest.fixture
def houston_people(db):
    return {
        "visible": chapter_mate("Valeria Visible"),
        "hidden": chapter_mate("Hugo Oculto", consents=()),
        "elsewhere": chapter_mate("Diego Detroit", "detroit"),
    }


def _html(client, user=None, url=URL):
    if user is not None:
        login(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_visitor_sees_the_member_count_but_no_names(client, houston_people):
    html = _html(client)
    assert "El capítulo tiene 2 miembros." in html
    assert "Valeria Visible" not in html and "Hugo Oculto" not in html


@pytest.mark.parametrize("persona", ["participant", "other_member", "pncs_staff"])
def test_signed_in_outsiders_see_the_count_only(client, houston_people, persona, request):
    html = _html(client, as_user(request.getfixturevalue(persona)))
    assert "Valeria Visible" not in html and "Hugo Oculto" not in html
    assert "2 miembros" in html


def test_member_of_another_chapter_sees_no_names(client, houston_people):
    html = _html(client, houston_people["elsewhere"].user)
    assert "Valeria Visible" not in html


def test_chapter_mate_sees_only_consenting_members(client, houston_people):
    viewer = chapter_mate("Carla Compañera", consents=())
    html = _html(client, viewer.user)
    assert "Valeria Visible" in html
    assert f'href="{houston_people["visible"].get_absolute_url()}"' in html
    assert "Hugo Oculto" not in html
    assert "Diego Detroit" not in html


def test_leader_and_ime_admin_see_consenting_members_only(client, houston_people, ime_admin):
    leader = make_chapter_leader("houston", member=make_member("Lía Líder"))  # not a chapter-mate
    for user in (leader, ime_admin):
        client.logout()
        html = _html(client, user)
        assert "Valeria Visible" in html
        assert "Hugo Oculto" not in html


def test_leadership_shows_names_and_roles_president_first(client, db):
    make_chapter_leader("houston", role=ChapterRole.Role.BOARD, member=make_member("Berta Mesa"))
    make_chapter_leader(
        "houston", role=ChapterRole.Role.PRESIDENT, member=make_member("Pablo Presidente")
    )
    html = _html(client)
    assert html.index("Pablo Presidente") < html.index("Berta Mesa")
    assert "Presidencia" in html and "Mesa directiva" in html
    assert "@example.org" not in html


def test_markdown_injection_is_neutralised(client, db):
    houston = chapter()
    houston.description = (
        '<script>alert("x")</script> **fuerte** [enlace](javascript:alert(1)) '
        '<img src=x onerror="alert(1)">'
    )
    houston.areas_of_interest = "- Energía\n- <b onclick='x()'>Salud</b>"
    houston.action_lines = "[bien](https://example.org)"
    houston.save()
    html = _html(client)
    assert "<script>alert" not in html
    assert "<strong>fuerte</strong>" in html
    assert "javascript:" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror" in html  # shown as text, harmless
    assert "<b onclick" not in html
    assert "<li>Energía</li>" in html
    assert 'href="https://example.org"' in html


def test_chapter_page_lists_latest_news_with_a_link_to_all(client, db):
    houston = chapter()
    for n in range(7):
        make_news(houston, n)
    html = _html(client)
    assert "Noticia 6" in html and "Noticia 2" in html and "Noticia 1" not in html
    assert 'href="/capitulos/houston/noticias/"' in html
    all_news = _html(client, url="/capitulos/houston/noticias/")
    assert "Noticia 0" in all_news


def test_join_button_for_talent_members_not_in_the_chapter(client, db, member):
    html = _html(client, member.user)
    assert "Solicitar unirme" in html
    assert 'action="/capitulos/houston/unirme/"' in html


def test_no_join_button_for_chapter_mates_participants_or_visitors(client, db, participant):
    assert "Solicitar unirme" not in _html(client)
    assert "Inicia sesión para pedir unirte" in _html(client)
    assert "Solicitar unirme" not in _html(client, participant)
    client.logout()
    assert "Solicitar unirme" not in _html(client, chapter_mate("Ya Dentro").user)


def test_leader_sees_tools_and_pending_count(client, chapter_leader, member):
    from chapters.models import JoinRequest

    JoinRequest.objects.create(chapter=chapter(), member=member)
    html = _html(client, chapter_leader)
    assert 'href="/capitulos/houston/editar/"' in html
    assert "1 pendiente" in html
    client.logout()
    assert 'href="/capitulos/houston/editar/"' not in _html(client, member.user)


def test_unknown_chapter_is_404(client, db):
    assert client.get("/capitulos/no-existe/").status_code == 404
    assert client.get("/capitulos/no-existe/noticias/").status_code == 404
    assert client.get("/capitulos/houston/noticias/no-existe/").status_code == 404


@pytest.mark.parametrize("page", ["", "-1", "9999", "abc", "1' OR 1=1", "\x00"])
def test_garbage_page_numbers_do_not_break_the_pages(client, houston_people, page):
    login(client, houston_people["visible"].user)
    assert client.get(URL, {"pagina": page}).status_code == 200
    assert client.get(URL + "noticias/", {"pagina": page}).status_code == 200


@pytest.mark.parametrize("persona", [None, "member", "chapter_leader", "ime_admin"])
def test_chapter_page_query_count_does_not_grow(
    client, db, django_assert_max_num_queries, persona, request
):
    if persona:
        login(client, as_user(request.getfixturevalue(persona)))
    houston = chapter()
    for n in range(3):
        chapter_mate(f"Miembro {n}")
        make_news(houston, n)
    with django_assert_max_num_queries(12) as small:
        client.get(URL)
    for n in range(3, 33):
        chapter_mate(f"Miembro {n}")
        make_news(houston, n)
    for n in range(3):
        make_chapter_leader("houston", role="board", member=make_member(f"Mesa {n}"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL)


def test_news_list_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    houston = chapter()
    for n in range(3):
        make_news(houston, n)
    with django_assert_max_num_queries(4) as small:
        client.get(URL + "noticias/")
    for n in range(3, 33):
        make_news(houston, n)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL + "noticias/")
