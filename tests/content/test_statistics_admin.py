"""IME reads the open-data snapshots and the stored figures in the admin, and can change or
delete neither there; a member cannot open them."""

import pytest

from content.models import DataSnapshot, FigureTable
from content.statistics import snapshots
from content.statistics.refresh import refresh
from tests.conftest import login, make_member

pytestmark = pytest.mark.django_db


def test_ime_reads_snapshots_and_figures_but_changes_nothing(client, ime_admin):
    make_member("Alma Admin")
    snapshot = snapshots.publish("2026-T2")
    refresh()
    table = FigureTable.objects.get(key="members_by_country")
    login(client, ime_admin)

    listing = client.get("/admin/content/datasnapshot/")
    assert listing.status_code == 200
    assert "2026-T2" in listing.content.decode()
    page = client.get(f"/admin/content/datasnapshot/{snapshot.pk}/change/")
    assert page.status_code == 200
    assert snapshot.csv_sha256 in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert client.get(f"/admin/content/datasnapshot/{snapshot.pk}/delete/").status_code == 403
    assert client.post(f"/admin/content/datasnapshot/{snapshot.pk}/delete/", {"post": "yes"})
    assert DataSnapshot.objects.filter(pk=snapshot.pk).exists()
    assert client.get("/admin/content/datasnapshot/add/").status_code == 403

    figure = client.get(f"/admin/content/figuretable/{table.pk}/change/")
    assert figure.status_code == 200
    assert 'name="_save"' not in figure.content.decode()


def test_a_member_cannot_open_them(client):
    login(client, make_member("Mario Miembro").user)
    response = client.get("/admin/content/datasnapshot/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
