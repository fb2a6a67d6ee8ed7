"""The Django admin speaks Spanish in every list (allauth's and the audit logs' columns too), fits
the members list at 1280 px, lets IME add chapter news, and wears the portal's colours and name."""

import re
from html import unescape
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.staticfiles import finders

from chapters.models import Chapter, ChapterNews
from members.models import Consent, MemberChange, Skill, StaffAccess
from tests.conftest import login
from tests.redtalentos.test_one_voice import text_of, usted_forms

# Labels the admin made up from English field and model names, as the issue found them.
ENGLISH_LABELS = {
    "authenticator",
    "authenticators",
    "user",
    "type",
    "created at",
    "last used at",
    "viewer",
    "member",
    "changed by",
    "key",
    "mfa",
}


def column_heads(html):
    heads = re.findall(r'<th scope="col" class="[^"]*column-[^"]*"[^>]*>(.*?)</th>', html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", head)).strip() for head in heads]


def filter_titles(html):
    titles = re.findall(r"<details data-filter-title=\"([^\"]*)\"", html)
    return [unescape(title).strip() for title in titles]


@pytest.fixture
def audit_rows(ime_admin, member):
    """One row in each list the issue found in English."""
    StaffAccess.objects.create(viewer=ime_admin, member=member, kind=StaffAccess.Kind.PROFILE_VIEW)
    MemberChange.objects.create(member=member, changed_by=ime_admin, fields=["headline"])
    Skill.objects.get_or_create(name="Biotecnología", defaults={"key": "biotecnologia"})
    assert Consent.objects.exists()
    assert Authenticator.objects.filter(user=ime_admin).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/mfa/authenticator/",
        "/admin/members/staffaccess/",
        "/admin/members/memberchange/",
        "/admin/members/consent/",
        "/admin/members/skill/",
    ],
)
def test_admin_lists_name_their_columns_and_filters_in_spanish(client, ime_admin, audit_rows, path):
    login(client, ime_admin)
    html = client.get(path).content.decode()
    heads = column_heads(html)
    assert heads, "the list shows its rows"
    labels = {label.lower() for label in heads + filter_titles(html)}
    assert labels & ENGLISH_LABELS == set()


def test_admin_index_names_two_step_verification_in_spanish(client, ime_admin):
    login(client, ime_admin)
    html = client.get("/admin/").content.decode()
    assert "Authenticators" not in html
    assert ">MFA<" not in html
    assert "Métodos de verificación en dos pasos" in html


def test_an_authenticator_shows_spanish_labels_and_never_its_secret(client, ime_admin):
    login(client, ime_admin)
    authenticator = Authenticator.objects.get(user=ime_admin, type=Authenticator.Type.TOTP)
    response = client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Activado el" in html
    assert authenticator.data["secret"] not in html
    assert "Created at" not in html


def test_members_list_has_one_consent_column_instead_of_three(client, ime_admin, member):
    login(client, ime_admin)
    html = client.get("/admin/members/member/").content.decode()
    heads = column_heads(html)
    # Six columns fit beside the admin's menu and filters at 1280 px; eight did not.
    assert len(heads) <= 6, heads
    assert "Consentimientos" in heads
    # Without the admin's menu beside it (its own filters stay): 930 px of table in 930 px.
    assert 'id="nav-sidebar"' not in html
    assert 'id="changelist-filter"' in html
    assert "directorio público" in html  # the member fixture consented to the public listing


def test_ime_adds_chapter_news_from_the_admin(client, ime_admin):
    login(client, ime_admin)
    chapter = Chapter.objects.get(slug="houston")
    add_page = client.get("/admin/chapters/chapternews/add/")
    assert add_page.status_code == 200
    assert 'type="file"' not in add_page.content.decode()  # pictures: the site's safe pipeline

    response = client.post(
        "/admin/chapters/chapternews/add/",
        {
            "chapter": chapter.pk,
            "title": "Reunión anual",
            "slug": "reunion-anual",
            "body": "Nos vemos en Houston.",
            "image_description": "",
            "published_at_0": "2026-06-02",
            "published_at_1": "12:00:00",
        },
    )

    assert response.status_code == 302
    news = ChapterNews.objects.get(chapter=chapter, slug="reunion-anual")
    assert news.author == ime_admin
    assert client.get(news.get_absolute_url()).status_code == 200


def test_chapter_news_keeps_its_address_once_published(client, ime_admin):
    login(client, ime_admin)
    chapter = Chapter.objects.get(slug="houston")
    news = ChapterNews.objects.create(chapter=chapter, title="Uno", slug="uno", body="Texto.")
    html = client.get(f"/admin/chapters/chapternews/{news.pk}/change/").content.decode()
    assert 'name="slug"' not in html
    assert 'name="chapter"' not in html


def test_admin_pages_wear_the_portal_css_and_logo(client, ime_admin):
    login(client, ime_admin)
    for path in ["/admin/", "/admin/members/member/", "/admin/login/"]:
        html = client.get(path, follow=True).content.decode()
        assert "/static/css/admin.css" in html, path
        assert "/static/img/logo.svg" in html, path
        assert "Red de Talentos Mexicanos" in html, path


def test_admin_css_sets_the_portal_colours():
    css = Path(finders.find("css/admin.css")).read_text(encoding="utf-8")
    assert "--header-bg: #611232" in css
    assert "--primary: #9d2449" in css
    assert "http" not in css  # no third-party assets


def test_admin_pages_say_tu(client, ime_admin, member):
    login(client, ime_admin)
    paths = [
        "/admin/",
        "/admin/members/member/",
        f"/admin/members/member/{member.pk}/change/",
        f"/admin/members/member/{member.pk}/delete/",
        "/admin/chapters/chapternews/add/",
    ]
    for path in paths:
        html = client.get(path).content.decode()
        assert usted_forms(text_of(html)) == [], path
        assert "Seleccione" not in html, path
    client.logout()
    refused = client.post("/admin/login/", {"username": "nadie@example.org", "password": "x"})
    assert usted_forms(text_of(refused.content.decode())) == []
