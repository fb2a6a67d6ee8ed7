"""Editable site texts (issue 18): IME edits the home page's texts, "about us" and the contact
information in the admin, in both languages, and the pages show them without a deploy."""

import pytest
from django.urls import reverse

from content.models import SiteText, SiteTextKey
from tests.conftest import login, make_user

pytestmark = pytest.mark.django_db

LEAD_ES = "La Red de Talentos Mexicanos reúne a mexicanas y mexicanos altamente calificados"
LEAD_EN = "The Mexican Talent Network brings together highly qualified Mexicans"


def test_home_keeps_its_texts_before_anyone_edits_them(client):
    spanish = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert LEAD_ES in spanish
    assert "economía del conocimiento" in spanish
    assert "proyecto conjunto de la Secretaría de Relaciones Exteriores" in spanish
    assert LEAD_EN in english
    assert "knowledge economy" in english
    assert LEAD_ES not in english


def test_about_page_shows_the_about_and_contact_texts_in_both_languages(client):
    spanish = client.get(reverse("content:about"))
    assert spanish.status_code == 200
    assert "proyecto conjunto" in spanish.content.decode()
    assert reverse("content:contact") in spanish.content.decode()
    english = client.get("/en/acerca/")
    assert english.status_code == 200
    assert "joint project" in english.content.decode()


def test_edited_text_shows_in_its_language_and_english_falls_back_to_spanish(client):
    SiteText.objects.create(key=SiteTextKey.HOME_LEAD, text_es="Texto **nuevo** del inicio")
    SiteText.objects.create(
        key=SiteTextKey.ABOUT, text_es="Somos la red", text_en="We are the network"
    )
    spanish = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Texto <strong>nuevo</strong> del inicio" in spanish
    assert "Texto <strong>nuevo</strong> del inicio" in english  # no English: the Spanish one
    assert LEAD_EN not in english
    assert "We are the network" in english
    assert "Somos la red" in spanish
    assert "We are the network" in client.get("/en/acerca/").content.decode()


def test_edited_text_is_sanitised(client):
    SiteText.objects.create(
        key=SiteTextKey.HOME_LEAD,
        text_es="<script>alert(1)</script> [a](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    html = client.get("/").content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html


def test_home_reads_all_its_texts_in_one_query(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for key in SiteTextKey.values:
        SiteText.objects.create(key=key, text_es=f"texto {key}")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    site_text_queries = [q for q in queries if "content_sitetext" in q["sql"]]
    assert len(site_text_queries) == 1


def test_ime_edits_the_home_text_in_the_admin_and_the_home_changes(client, ime_admin):
    login(client, ime_admin)
    changelist = client.get(reverse("admin:content_sitetext_changelist"))
    assert changelist.status_code == 200
    # Every fixed key has its row, with the text the page had.
    assert set(SiteText.objects.values_list("key", flat=True)) == set(SiteTextKey.values)
    lead = SiteText.objects.get(key=SiteTextKey.HOME_LEAD)
    assert lead.text_es.startswith(LEAD_ES)
    assert lead.text_en.startswith(LEAD_EN)

    url = reverse("admin:content_sitetext_change", args=[lead.pk])
    page = client.get(url).content.decode()
    assert 'name="text_es"' in page and 'name="text_en"' in page
    response = client.post(
        url, {"text_es": "Bienvenida editada por el IME", "text_en": "Welcome edited by IME"}
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.updated_by == ime_admin
    client.logout()
    assert "Bienvenida editada por el IME" in client.get("/").content.decode()
    assert "Welcome edited by IME" in client.get("/en/").content.decode()


def test_admin_cannot_add_or_delete_keys(client, ime_admin):
    login(client, ime_admin)
    client.get(reverse("admin:content_sitetext_changelist"))
    assert client.get(reverse("admin:content_sitetext_add")).status_code == 403
    text = SiteText.objects.get(key=SiteTextKey.ABOUT)
    delete = reverse("admin:content_sitetext_delete", args=[text.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert SiteText.objects.count() == len(SiteTextKey.values)


def test_admin_refuses_an_empty_spanish_text_with_a_message(client, ime_admin):
    login(client, ime_admin)
    client.get(reverse("admin:content_sitetext_changelist"))
    text = SiteText.objects.get(key=SiteTextKey.ABOUT)
    url = reverse("admin:content_sitetext_change", args=[text.pk])
    response = client.post(url, {"text_es": "", "text_en": "x" * 20_001})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"text_es", "text_en"}


def test_a_member_cannot_open_the_site_texts_admin(client):
    client.force_login(make_user(full_name="Alguien"))
    response = client.get(reverse("admin:content_sitetext_changelist"))
    assert response.status_code == 302
    assert SiteText.objects.count() == 0
