"""News (/noticias/): the workflow (draft, in review, published from an optional time, declined
with a comment), each role's rights, the list's filters and fixed query count, the feeds (parsed),
autodiscovery, the sitemap and the home page."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from chapters.models import Chapter, ChapterNews
from content.models import NewsChange, NewsItem
from pncs.models import Sector
from tests.conftest import give_totp, login, make_pncs_staff

ATOM = "{http://www.w3.org/2005/Atom}"


def make_news(title, *, scope="national", status="published", ago=1, **fields):
    """A news item; published ones went out `ago` days ago (negative: scheduled ahead)."""
    published_at = timezone.now() - timedelta(days=ago) if status == "published" else None
    return NewsItem.objects.create(
        title=title,
        slug=fields.pop("slug", None) or slugify(title),
        summary=fields.pop("summary", f"Resumen de {title}."),
        body=fields.pop("body", f"Texto de {title}."),
        scope=scope,
        status=status,
        published_at=published_at,
        **fields,
    )


def salud():
    return Sector.objects.get(slug="salud")


@pytest.fixture
def pncs_salud(db):
    user = make_pncs_staff("salud@example.org", sectors=("salud",), name="PNCS Salud")
    give_totp(user)
    return user


@pytest.fixture
def chapter_news(db):
    return ChapterNews.objects.create(
        chapter=Chapter.objects.get(slug="houston"),
        title="Encuentro en Houston",
        slug="encuentro",
        body="Nos reunimos **200** personas.",
    )


def _form(title="Vacunas y talento", **extra):
    return {
        "title": title,
        "summary": "Un resumen.",
        "body": "Texto con *énfasis*.",
        "language": "es",
        "scope": "national",
        "sector": "",
        "publish_at": "",
        **extra,
    }


# The workflow and each role's rights


def test_ime_writes_a_national_draft_and_publishes_it(client, ime_admin):
    login(client, ime_admin)
    response = client.post(reverse("content:news_create"), _form())
    item = NewsItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert (item.status, item.scope, item.author) == ("draft", "national", ime_admin)
    assert b'class="news-item"' not in client.get(reverse("content:news_list")).content
    response = client.post(
        reverse("content:news_status", kwargs={"slug": item.slug}),
        {"accion": "publicar"},
        follow=True,
    )
    assert "Publicamos «Vacunas y talento»." in response.content.decode()
    item.refresh_from_db()
    assert item.is_live
    assert [(c.from_status, c.to_status) for c in item.history.all()] == [
        ("", "draft"),
        ("draft", "published"),
    ]
    assert b"Vacunas y talento" in client.get(reverse("content:news_list")).content


def test_pncs_writes_and_publishes_news_of_their_sector_only(client, pncs_salud):
    login(client, pncs_salud)
    response = client.post(
        reverse("content:news_create"),
        _form(scope="sector", sector=Sector.objects.get(slug="tic").pk),
    )
    assert response.status_code == 200
    assert "opción válida" in response.content.decode()
    assert not NewsItem.objects.exists()
    # National news are IME's: a PNCS form offers sector news only.
    response = client.post(reverse("content:news_create"), _form(scope="national"))
    assert response.status_code == 200 and not NewsItem.objects.exists()
    client.post(reverse("content:news_create"), _form(scope="sector", sector=salud().pk))
    item = NewsItem.objects.get()
    assert (item.scope, item.sector) == ("sector", salud())
    client.post(reverse("content:news_status", kwargs={"slug": item.slug}), {"accion": "publicar"})
    item.refresh_from_db()
    assert item.is_live


def test_pncs_cannot_touch_news_of_another_sector_or_national_news(client, pncs_salud):
    tic = make_news("Noticia TIC", scope="sector", sector=Sector.objects.get(slug="tic"))
    national = make_news("Noticia nacional")
    draft = make_news("Borrador TIC", scope="sector", status="draft", sector=tic.sector)
    login(client, pncs_salud)
    for item in (tic, national):
        assert (
            client.get(reverse("content:news_edit", kwargs={"slug": item.slug})).status_code == 403
        )
        path = reverse("content:news_status", kwargs={"slug": item.slug})
        assert client.post(path, {"accion": "retirar"}).status_code == 403
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert NewsItem.objects.filter(status="published").count() == 2


def test_ime_unpublishes_sector_news(client, ime_admin):
    item = make_news("Noticia de salud", scope="sector", sector=salud())
    login(client, ime_admin)
    client.post(reverse("content:news_status", kwargs={"slug": item.slug}), {"accion": "retirar"})
    item.refresh_from_db()
    assert (item.status, item.published_at) == ("draft", None)
    assert client.logout() is None
    assert client.get(item.get_absolute_url()).status_code == 404


def test_a_refused_transition_says_why_and_changes_nothing(client, ime_admin):
    item = make_news("Ya publicada")
    login(client, ime_admin)
    path = reverse("content:news_status", kwargs={"slug": item.slug})
    response = client.post(path, {"accion": "publicar"}, follow=True)
    assert "Esta noticia está «Publicada»: ese cambio no es posible." in response.content.decode()
    response = client.post(path, {"accion": "promover"}, follow=True)
    assert "Esta noticia ya no espera revisión (publicada)." in response.content.decode()
    response = client.post(path, {"accion": "volar"}, follow=True)
    assert "Elige un cambio válido para esta noticia." in response.content.decode()
    assert not NewsChange.objects.exists()


def test_signed_in_without_a_right_cannot_write(client, member, chapter_leader):
    for user in (member.user, chapter_leader):
        client.force_login(user)
        assert client.get(reverse("content:news_create")).status_code == 403
        assert client.post(reverse("content:news_create"), _form()).status_code == 403
        assert client.get(reverse("content:news_review")).status_code == 403
    assert not NewsItem.objects.exists()


def test_a_pncs_without_mfa_this_session_cannot_write(client, pncs_salud):
    client.force_login(pncs_salud)  # password only
    assert client.get(reverse("content:news_create")).status_code == 403


def test_visitors_are_sent_to_sign_in_and_never_see_drafts(client, db):
    draft = make_news("Borrador", status="draft")
    assert "/cuenta/login/" in client.get(reverse("content:news_create"))["Location"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("content:news_detail", kwargs={"slug": "no-existe"})).status_code == 404
    )


# A chapter's proposal for the national front page


def test_a_leader_proposes_chapter_news_and_ime_promotes_it(
    client, chapter_leader, ime_admin, chapter_news, django_capture_on_commit_callbacks
):
    client.force_login(chapter_leader)
    page = client.get(chapter_news.get_absolute_url()).content.decode()
    propose = reverse(
        "content:news_propose", kwargs={"chapter_slug": "houston", "news_slug": "encuentro"}
    )
    assert f'action="{propose}"' in page
    response = client.post(propose, {"idioma": "es"}, follow=True)
    assert "el IME la revisará" in response.content.decode()
    item = NewsItem.objects.get()
    assert (item.status, item.scope, item.chapter.slug) == ("in_review", "chapter", "houston")
    assert item.summary == "Nos reunimos 200 personas."
    # Proposed once.
    response = client.post(propose, {"idioma": "es"}, follow=True)
    assert "ya fue propuesta" in response.content.decode()
    assert NewsItem.objects.count() == 1
    # The leader sees the proposal; a visitor does not.
    assert client.get(item.get_absolute_url()).status_code == 200
    login(client, ime_admin)
    assert "Encuentro en Houston" in client.get(reverse("content:news_review")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("content:news_status", kwargs={"slug": item.slug}), {"accion": "promover"}
        )
    item.refresh_from_db()
    assert (item.status, item.scope, item.reviewed_by) == ("published", "national", ime_admin)
    assert item.is_live
    assert mail.outbox[0].to == [chapter_leader.email]
    assert "ya está en la portada nacional" in mail.outbox[0].subject
    client.logout()
    home = client.get(reverse("home")).content.decode()
    assert "Encuentro en Houston" in home


def test_ime_declines_a_proposal_with_a_comment_and_the_leader_hears_it(
    client, chapter_leader, ime_admin, chapter_news, django_capture_on_commit_callbacks
):
    client.force_login(chapter_leader)
    propose = reverse(
        "content:news_propose", kwargs={"chapter_slug": "houston", "news_slug": "encuentro"}
    )
    client.post(propose, {"idioma": "en"})
    item = NewsItem.objects.get()
    assert item.language == "en"
    login(client, ime_admin)
    path = reverse("content:news_status", kwargs={"slug": item.slug})
    response = client.post(path, {"accion": "declinar", "comentario": "  "}, follow=True)
    assert "Escribe un comentario para el capítulo" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"accion": "declinar", "comentario": "Es solo local."})
    item.refresh_from_db()
    assert (item.status, item.review_comment) == ("declined", "Es solo local.")
    assert item.history.last().note == "Es solo local."
    message = mail.outbox[0]
    assert message.to == [chapter_leader.email]
    assert "Es solo local." in message.body and "que propusiste" in message.body
    # Declined stays declined.
    response = client.post(path, {"accion": "publicar"}, follow=True)
    assert "promuévela o declínala" not in response.content.decode()
    assert "ese cambio no es posible" in response.content.decode()


def test_only_the_chapters_leaders_propose(client, member, chapter_news):
    client.force_login(member.user)
    propose = reverse(
        "content:news_propose", kwargs={"chapter_slug": "houston", "news_slug": "encuentro"}
    )
    assert client.post(propose, {"idioma": "es"}).status_code == 403
    assert client.get(chapter_news.get_absolute_url()).content.count(b"proponer") == 0
    assert not NewsItem.objects.exists()


def test_a_bad_proposal_never_500s(client, chapter_leader, chapter_news):
    client.force_login(chapter_leader)
    base = {"chapter_slug": "houston"}
    path = reverse("content:news_propose", kwargs={**base, "news_slug": "encuentro"})
    response = client.post(path, {"idioma": "xx"}, follow=True)
    assert "Elige el idioma" in response.content.decode()
    missing = reverse("content:news_propose", kwargs={**base, "news_slug": "no-existe"})
    assert client.post(missing, {"idioma": "es"}).status_code == 404
    assert not NewsItem.objects.exists()


# Scheduling


def test_a_scheduled_item_is_hidden_until_its_time(client, ime_admin):
    login(client, ime_admin)
    later = timezone.localtime() + timedelta(days=2)
    client.post(
        reverse("content:news_create"),
        _form("Programada", publish_at=later.strftime("%Y-%m-%dT%H:%M")),
    )
    item = NewsItem.objects.get()
    response = client.post(
        reverse("content:news_status", kwargs={"slug": item.slug}),
        {"accion": "publicar"},
        follow=True,
    )
    assert "se publicará en la fecha programada" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "published" and not item.is_live
    client.logout()
    assert client.get(item.get_absolute_url()).status_code == 404
    assert b"Programada" not in client.get(reverse("content:news_list")).content
    assert b"Programada" not in client.get(reverse("content:news_feed_atom")).content
    # Its time comes.
    NewsItem.objects.filter(pk=item.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert client.get(item.get_absolute_url()).status_code == 200
    assert b"Programada" in client.get(reverse("content:news_feed_atom")).content


def test_a_published_item_given_a_later_time_waits_for_it(client, pncs_salud):
    item = make_news("Reprogramada", scope="sector", sector=salud())
    login(client, pncs_salud)
    later = timezone.localtime() + timedelta(days=3)
    data = _form(
        "Reprogramada",
        scope="sector",
        sector=salud().pk,
        publish_at=later.strftime("%Y-%m-%dT%H:%M"),
    )
    response = client.post(reverse("content:news_edit", kwargs={"slug": item.slug}), data)
    assert response["Location"] == item.get_absolute_url()
    item.refresh_from_db()
    assert item.status == "published" and not item.is_live
    client.logout()
    assert b"Reprogramada" not in client.get(reverse("content:news_list")).content


# The list, its filters and its query count


def test_the_list_filters_by_sector_chapter_and_language(client, db):
    make_news("Salud uno", scope="sector", sector=salud())
    make_news("Capitular", chapter=Chapter.objects.get(slug="houston"))
    make_news("In English", language="en")
    make_news("Borrador", status="draft")
    url = reverse("content:news_list")

    def titles(query):
        page = client.get(url, query).content.decode()
        return {t for t in ("Salud uno", "Capitular", "In English", "Borrador") if t in page}

    assert titles({}) == {"Salud uno", "Capitular", "In English"}
    assert titles({"sector": "salud"}) == {"Salud uno"}
    assert titles({"capitulo": "houston"}) == {"Capitular"}
    assert titles({"idioma": "en"}) == {"In English"}
    assert titles({"idioma": "es", "sector": "salud"}) == {"Salud uno"}


@pytest.mark.parametrize(
    "query",
    [
        {"sector": "no-existe"},
        {"capitulo": "\x00"},
        {"idioma": "fr"},
        {"pagina": "9999"},
        {"pagina": "-1"},
        {"sector": "x" * 5000},
    ],
)
def test_bad_filters_never_500(client, db, query):
    make_news("Siempre")
    response = client.get(reverse("content:news_list"), query)
    assert response.status_code == 200


def test_the_list_is_newest_first(client, db):
    make_news("Antigua", ago=10)
    make_news("Reciente", ago=1)
    page = client.get(reverse("content:news_list")).content.decode()
    assert page.index("Reciente") < page.index("Antigua")


@pytest.mark.parametrize("count", [2, 15])
def test_the_list_has_a_fixed_query_count(client, db, count, django_assert_max_num_queries):
    houston = Chapter.objects.get(slug="houston")
    for number in range(count):
        make_news(f"Noticia {number}", scope="sector", sector=salud(), chapter=houston)
    # The page's items and their count, the sectors and the chapters of the filters' choices.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("content:news_list"))
    assert response.content.count(b'class="news-item"') == count


def test_the_pages_render_in_english(client, db):
    item = make_news("Noticia bilingüe")
    # The English catalogue gets the news' strings when the lead engineer refreshes it.
    page = client.get("/en/noticias/").content.decode()
    assert '<html lang="en">' in page and "Noticia bilingüe" in page
    assert f'href="/en/noticias/{item.slug}/"' in page
    assert client.get(f"/en/noticias/{item.slug}/").status_code == 200


def test_markup_in_a_body_is_sanitised(client, db):
    item = make_news("Con script", body="Hola <script>alert(1)</script> [x](javascript:alert(1))")
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page


def test_bad_input_in_the_writer_form_is_a_message(client, ime_admin):
    login(client, ime_admin)
    response = client.post(
        reverse("content:news_create"),
        _form(title="", scope="sector", publish_at="mañana", language="fr", body="x" * 20_001),
    )
    assert response.status_code == 200
    assert not NewsItem.objects.exists()
    response = client.post(reverse("content:news_create"), _form(scope="sector"))
    assert "Elige el sector de esta noticia." in response.content.decode()


def test_a_slug_never_takes_a_fixed_path(client, ime_admin):
    login(client, ime_admin)
    client.post(reverse("content:news_create"), _form("Revisión"))
    client.post(reverse("content:news_create"), _form("Revisión"))
    assert sorted(NewsItem.objects.values_list("slug", flat=True)) == [
        "revision-2",
        "revision-3",
    ]


# Feeds, autodiscovery, sitemap


def _atom_titles(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


def _rss_titles(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    return [item.find("title").text for item in root.iter("item")]


def test_the_feeds_hold_the_right_items(client, db):
    houston = Chapter.objects.get(slug="houston")
    make_news("Nacional", ago=3)
    make_news("De salud", scope="sector", sector=salud(), ago=2)
    make_news("De Houston", chapter=houston, ago=1)
    make_news("In English", language="en", ago=4)
    make_news("Borrador", status="draft")
    make_news("Mañana", ago=-1)
    assert _atom_titles(client.get(reverse("content:news_feed_atom"))) == [
        "De Houston",
        "De salud",
        "Nacional",
        "In English",
    ]
    assert _rss_titles(client.get(reverse("content:news_feed_rss"))) == [
        "De Houston",
        "De salud",
        "Nacional",
        "In English",
    ]
    sector = {"slug": "salud"}
    assert _atom_titles(client.get(reverse("content:news_sector_feed_atom", kwargs=sector))) == [
        "De salud"
    ]
    assert _rss_titles(client.get(reverse("content:news_sector_feed_rss", kwargs=sector))) == [
        "De salud"
    ]
    chapter = {"slug": "houston"}
    assert _atom_titles(client.get(reverse("content:news_chapter_feed_atom", kwargs=chapter))) == [
        "De Houston"
    ]
    assert _rss_titles(client.get(reverse("content:news_chapter_feed_rss", kwargs=chapter))) == [
        "De Houston"
    ]
    english = {"language": "en"}
    assert _atom_titles(client.get(reverse("content:news_language_feed_atom", kwargs=english))) == [
        "In English"
    ]
    assert "In English" not in _rss_titles(
        client.get(reverse("content:news_language_feed_rss", kwargs={"language": "es"}))
    )


def test_unknown_feeds_answer_404_and_feeds_are_read_only(client, db):
    for name, kwargs in [
        ("content:news_sector_feed_atom", {"slug": "no-existe"}),
        ("content:news_chapter_feed_rss", {"slug": "no-existe"}),
        ("content:news_language_feed_atom", {"language": "fr"}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
    assert client.post(reverse("content:news_feed_atom")).status_code == 405


def test_news_pages_announce_their_feeds(client, db):
    item = make_news("Con canales")
    page = client.get(reverse("content:news_list"), {"sector": "salud"}).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Noticias de la Red de Talentos '
        f'Mexicanos (Atom)" href="{reverse("content:news_feed_atom")}">' in page
    )
    sector_feed = reverse("content:news_sector_feed_rss", kwargs={"slug": "salud"})
    assert 'type="application/rss+xml" title="Noticias del sector' in page
    assert f'href="{sector_feed}"' in page
    detail = client.get(item.get_absolute_url()).content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in detail
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("content:news_feed_atom")}"' in home


def test_the_sitemap_lists_published_news_only(client, db):
    make_news("Publicada", slug="publicada")
    make_news("Borrador", slug="borrador", status="draft")
    make_news("Mañana", slug="manana", ago=-1)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/noticias/publicada/" in sitemap
    assert "/en/noticias/publicada/" in sitemap
    assert "/noticias/borrador/" not in sitemap
    assert "/noticias/manana/" not in sitemap


def test_the_home_shows_the_three_latest_national_news(client, db):
    for number in range(4):
        make_news(f"Nacional {number}", ago=10 - number)
    make_news("Del sector ahora", scope="sector", sector=salud(), ago=0)
    page = client.get(reverse("home")).content.decode()
    shown = [f"Nacional {n}" for n in range(4) if f"Nacional {n}" in page]
    assert shown == ["Nacional 1", "Nacional 2", "Nacional 3"]
    assert "Del sector ahora" not in page


# Demo data


def test_demo_news_cover_every_kind_and_run_twice(db, ime_admin, chapter_leader, chapter_news):
    from content.news_demo import seed_news

    pncs = make_pncs_staff("pncs-demo@example.org", sectors=("tic",))
    ChapterNews.objects.create(
        chapter=chapter_news.chapter, title="Segunda", slug="segunda", body="Otra noticia."
    )
    assert seed_news(ime=ime_admin, pncs=pncs) == {"national": 5, "sector": 2, "proposals": 2}
    states = set(NewsItem.objects.values_list("scope", "status"))
    assert {
        ("national", "published"),
        ("national", "draft"),
        ("sector", "published"),
        ("sector", "draft"),
        ("chapter", "declined"),
    } <= states
    assert NewsItem.objects.filter(chapter__isnull=False, status="published").exists()
    assert NewsItem.objects.filter(status="published", published_at__gt=timezone.now()).exists()
    assert not mail.outbox
    assert seed_news(ime=ime_admin, pncs=pncs) == {"national": 0, "sector": 0, "proposals": 0}
