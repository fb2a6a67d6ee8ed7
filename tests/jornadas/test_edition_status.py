"""An edition's status in the admin: IME publishes an edition and may take it back to draft along
its table, but not while anyone holds or awaits a place in it; every change is kept in its history
(read only in the admin, in the IME admin's data download, unnamed once their account is gone)."""

import re

import pytest

from jornadas.models import Edition, EditionChange
from members.data_rights import delete_account
from redtalentos.lib import personal_data
from tests.conftest import login

from .helpers import make_edition
from .registration_helpers import make_open_edition, register

ES = Edition.Status

pytestmark = pytest.mark.django_db


def admin_form(client, path, **changes):
    """What the admin's page at `path` would send back: its inputs and selected options as they
    are, with `changes`."""
    page = client.get(path).content.decode()
    data = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("submit", "file")):
            continue
        if kind and kind.group(1) == "checkbox" and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.findall(r'<option value="([^"]*)"[^>]*selected', body)
        if selected:
            data[name] = selected if name == "sectors" else selected[0]
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = body.strip()
    data.pop("csrfmiddlewaretoken", None)
    data.update(changes)
    return data


def change_path(edition):
    return f"/admin/jornadas/edition/{edition.pk}/change/"


def status_choices(client, edition):
    page = client.get(change_path(edition)).content.decode()
    select = re.search(r'<select name="status"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]+)"', select)


def test_ime_publishes_an_edition_and_takes_it_back_and_each_change_is_kept(client, ime_admin):
    login(client, ime_admin)
    edition = make_edition(status=ES.DRAFT)
    assert status_choices(client, edition) == [ES.DRAFT, ES.PUBLISHED]
    response = client.post(
        change_path(edition), admin_form(client, change_path(edition), status=ES.PUBLISHED)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    edition.refresh_from_db()
    assert edition.status == ES.PUBLISHED
    response = client.post(
        change_path(edition), admin_form(client, change_path(edition), status=ES.DRAFT)
    )
    assert response.status_code == 302
    history = [(c.from_status, c.to_status, c.actor) for c in edition.history.all()]
    assert history == [(ES.DRAFT, ES.PUBLISHED, ime_admin), (ES.PUBLISHED, ES.DRAFT, ime_admin)]
    # Saving without changing the status adds nothing.
    client.post(change_path(edition), admin_form(client, change_path(edition), title="Otra"))
    assert Edition.objects.get(pk=edition.pk).title == "Otra"
    assert edition.history.count() == 2
    page = client.get(change_path(edition)).content.decode()
    assert "cambios de estado de las ediciones" in page.lower()
    assert ime_admin.full_name in page and ime_admin.email not in page


def test_a_new_edition_starts_its_history(client, ime_admin):
    login(client, ime_admin)
    data = admin_form(
        client,
        "/admin/jornadas/edition/add/",
        number="77",
        title="Jornada nueva",
        slug="jornada-nueva",
        year="2031",
        status=ES.DRAFT,
    )
    response = client.post("/admin/jornadas/edition/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    edition = Edition.objects.get(slug="jornada-nueva")
    [change] = edition.history.all()
    assert (change.from_status, change.to_status, change.actor) == ("", ES.DRAFT, ime_admin)


def test_an_edition_with_people_registered_stays_published(client, ime_admin):
    edition = make_open_edition()
    register(edition)
    login(client, ime_admin)
    response = client.post(
        change_path(edition), admin_form(client, change_path(edition), status=ES.DRAFT)
    )
    assert response.status_code == 200
    assert "Esta edición tiene personas registradas o en lista de espera" in (
        response.content.decode()
    )
    assert Edition.objects.get(pk=edition.pk).status == ES.PUBLISHED
    assert not EditionChange.objects.exists()


def test_a_forged_status_is_refused_and_nothing_changes(client, ime_admin):
    edition = make_edition(status=ES.DRAFT)
    login(client, ime_admin)
    for forged in ("archived", "' OR 1=1 --", "\x00"):
        response = client.post(
            change_path(edition), admin_form(client, change_path(edition), status=forged)
        )
        assert response.status_code == 200
        assert 'class="errorlist' in response.content.decode()
    assert Edition.objects.get(pk=edition.pk).status == ES.DRAFT
    assert not EditionChange.objects.exists()


def test_only_ime_reaches_the_edition_admin(client, member, pncs_staff):
    edition = make_edition(status=ES.DRAFT)
    for user in (member.user, pncs_staff):
        client.force_login(user)
        response = client.post(change_path(edition), {"status": ES.PUBLISHED})
        assert response.status_code in (302, 403)
    assert Edition.objects.get(pk=edition.pk).status == ES.DRAFT


def test_the_ime_download_lists_their_changes_and_a_deleted_account_leaves_them_unnamed(
    client, ime_admin
):
    edition = make_edition(status=ES.DRAFT)
    login(client, ime_admin)
    client.post(change_path(edition), admin_form(client, change_path(edition), status="published"))
    download = personal_data.export(user=ime_admin, member=None)["jornadas"]["jornadas"]
    [row] = download["edition_status_changes"]
    assert (row["edition"], row["from"], row["to"]) == (
        edition.title,
        "draft",
        {"value": "published", "label": "Publicada"},
    )
    delete_account(user=ime_admin)
    [change] = edition.history.all()
    assert (change.to_status, change.actor) == (ES.PUBLISHED, None)
