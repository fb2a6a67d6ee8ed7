"""Public statistics (/estadisticas/), IME's analytics (/estadisticas/ime/) and the open data
(/datos/): through the pages as visitors, members and IME meet them. The suppression rule itself
is property-tested in test_suppression.py."""

import csv
import hashlib
import io
import json
import re
from datetime import date, datetime
from functools import partial
from html import unescape

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_countries import countries

from content.models import DataSnapshot, FigureTable
from content.statistics import snapshots
from content.statistics.demo import seed_statistics
from content.statistics.refresh import refresh
from members.models import Member, User
from redtalentos.lib import statistics
from tests.conftest import give_totp, login, make_member, make_pncs_staff, make_user

NOW = timezone.make_aware(datetime(2026, 12, 7, 12, 0))
IN_Q2 = timezone.make_aware(datetime(2026, 5, 15, 12, 0))
AFTER_Q2 = timezone.make_aware(datetime(2026, 7, 2, 12, 0))
LICENCE = "https://www.datos.gob.mx/libreusomx"
CSV_HEADER = "cifra,categoria,nombre_es,nombre_en,valor,nota"


def populate(counts, **fields):
    """`counts` members ({country code: how many}); `fields` are set on them afterwards."""
    made = []
    for code, how_many in counts.items():
        made += [make_member(f"Persona {code} {i}").pk for i in range(how_many)]
        Member.objects.filter(pk__in=made[-how_many:]).update(country=code)
    if fields:
        Member.objects.filter(pk__in=made).update(**fields)
    return made


def name(code, language="es"):
    with translation.override(language):
        return str(countries.name(code))


def page(client, url_name, *args):
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def rows(html):
    """{row header: [its cells' text]} of every table row on the page."""
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        header = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if header:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            text = [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
            found[unescape(re.sub(r"<[^>]+>", "", header.group(1))).strip()] = text
    return found


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


def signed_in_ime(client):
    user = make_user("ime-stats@example.org", is_staff=True, is_superuser=True)
    give_totp(user)
    login(client, user)
    return user


# 1. The public page.


@pytest.mark.django_db
def test_the_public_page_withholds_small_countries(client):
    populate({"US": 12, "CA": 3, "DE": 1})
    closed = populate({"FR": 6})
    User.objects.filter(member__pk__in=closed).update(is_active=False)  # closed accounts
    refresh()
    html = page(client, "content:statistics")
    table = rows(html)
    assert table[name("US")] == ["12"]
    assert table[name("CA")] == ["menos de 5"], "3 members in Canada must not be shown"
    assert table[name("DE")] == ["menos de 5"], "1 member in Germany must not be shown"
    assert table["Total"][0] == "16"
    assert name("FR") not in table, "members of closed accounts counted"
    # The map: drawn by the server, each country titled, the withheld ones hatched.
    assert '<svg class="world-choropleth"' in html
    assert re.search(r'class="map-level-5"><title>Estados Unidos: 12\s*</title>', html)
    hatch = r'class="map-level-w" fill="url\(#members_by_country-hatch\)"><title>{}: menos de 5\s*<'
    for code in ("CA", "DE"):
        assert re.search(hatch.format(name(code)), html), f"{code} not hatched on the map"
    assert len(re.findall(r"members_by_country-hatch\)", html)) == 2
    for key in ("members_by_country", "members_by_state", "members_by_sector", "members_by_month"):
        assert f'<caption id="{key}-caption">' in html
    for figure in statistics.figures(statistics.PUBLIC):
        assert f'<h2 id="{figure.key}">' in html
    for figure in statistics.figures(statistics.IME):
        assert f'id="{figure.key}"' not in html, "an IME-only figure on the public page"


@pytest.mark.django_db
def test_a_cell_is_reserved_when_a_withheld_one_could_be_derived(client):
    # Canada alone under 5 would be the total minus the others: Mexico is reserved too.
    populate({"US": 20, "MX": 9, "CA": 3})
    refresh()
    table = rows(page(client, "content:statistics"))
    assert table[name("US")] == ["20"]
    assert table[name("MX")] == ["reservada"]
    assert table[name("CA")] == ["menos de 5"]
    assert table["Total"][0] == "32"


def _country_section(client):
    html = page(client, "content:statistics")
    return re.search(
        r'<section class="stats-figure" aria-labelledby="members_by_country">.*?</section>',
        html,
        re.S,
    )[0]


def _country_lines(snapshot):
    return [line for line in snapshot.csv.splitlines() if line.startswith("members_by_country,")]


@pytest.mark.django_db
def test_the_order_of_withheld_cells_does_not_reveal_them(client):
    """Two networks that differ only inside withheld cells publish the same table, chart, map and
    file: here the total (16) minus the United States (12) leaves 4 for Canada and Germany, and
    listing Germany first (largest first, ties by code) would tell that it has 3 and Canada 1."""
    populate({"US": 12, "CA": 3, "DE": 1}, created_at=IN_Q2)
    refresh()
    first, first_file = (
        _country_section(client),
        _country_lines(snapshots.publish("2026-T2", now=NOW)),
    )
    Member.objects.filter(country="CA").update(country="XX")
    Member.objects.filter(country="DE").update(country="CA")
    Member.objects.filter(country="XX").update(country="DE")
    refresh()
    second, second_file = (
        _country_section(client),
        _country_lines(snapshots.publish("2026-T3", now=NOW)),
    )
    assert first == second, "withheld cells sorted by their real values give them away"
    assert first_file == second_file, "the open data's order gives withheld cells away"


# 2. IME's analytics, refresh and who may use them.


@pytest.mark.django_db
def test_ime_sees_the_exact_values_and_what_the_public_sees(client):
    populate({"US": 12, "CA": 3, "DE": 1})
    refresh()
    signed_in_ime(client)
    html = page(client, "content:statistics_ime")
    assert "En la página pública" in html
    table = rows(html)
    assert table[name("US")] == ["12", "se muestra"]
    assert table[name("CA")] == ["3", "menos de 5"]
    assert table[name("DE")] == ["1", "menos de 5"]
    assert '<h2 id="verification_backlog">' in html


@pytest.mark.django_db
def test_only_ime_opens_the_analytics(client, member, participant):
    refresh()
    pncs = make_pncs_staff("pncs-stats@example.org")
    give_totp(pncs)
    url = reverse("content:statistics_ime")
    for user in (member.user, participant, pncs):
        client.logout()
        login(client, user)
        assert client.get(url).status_code == 403, user
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_ime_refreshes_the_figures(client):
    populate({"US": 6})
    refresh()
    populate({"FR": 1})  # after the last refresh
    assert name("FR") not in rows(page(client, "content:statistics"))
    signed_in_ime(client)
    response = client.post(reverse("content:statistics_refresh"), follow=True)
    assert response.redirect_chain == [(reverse("content:statistics_ime"), 302)]
    assert f"Se recalcularon {len(statistics.figures())} cifras." in response.content.decode()
    client.logout()
    assert rows(page(client, "content:statistics"))[name("FR")] == ["menos de 5"]


@pytest.mark.django_db
def test_others_cannot_refresh_or_publish(client, member):
    refresh()
    computed = list(FigureTable.objects.values_list("computed_at", flat=True))
    populate({"FR": 6})
    login(client, member.user)
    assert client.post(reverse("content:statistics_refresh")).status_code == 403
    assert client.post(reverse("content:snapshot_publish")).status_code == 403
    assert list(FigureTable.objects.values_list("computed_at", flat=True)) == computed
    assert not DataSnapshot.objects.exists()
    assert name("FR") not in rows(page(client, "content:statistics"))
    client.logout()
    response = client.post(reverse("content:statistics_refresh"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert list(FigureTable.objects.values_list("computed_at", flat=True)) == computed


@pytest.mark.django_db
def test_the_actions_refuse_get(client):
    for url_name in ("content:statistics_refresh", "content:snapshot_publish"):
        assert client.get(reverse(url_name)).status_code == 405
    signed_in_ime(client)
    for url_name in ("content:statistics_refresh", "content:snapshot_publish"):
        assert client.get(reverse(url_name)).status_code == 405
    assert not FigureTable.objects.exists() and not DataSnapshot.objects.exists()


# 3. A fixed number of queries.


def _queries(client):
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("content:statistics")).status_code == 200
    return len(context)


@pytest.mark.django_db
def test_the_public_page_has_a_fixed_query_count(client):
    populate({"US": 3, "CA": 2})
    refresh()
    few = _queries(client)
    codes = ["FR", "DE", "ES", "GB", "BR", "AR", "CL", "CO", "JP", "AU", "IT", "NL", "SE", "CH"]
    populate(dict.fromkeys(codes, 2) | {"US": 7}, state_of_origin="JAL")
    snapshots.publish("2026-T2", now=NOW)
    refresh()
    assert len(rows(page(client, "content:statistics"))) > 20
    assert _queries(client) == few


# 4. Before anything is computed or published.


@pytest.mark.django_db
def test_empty_pages_say_so(client):
    html = page(client, "content:statistics")
    assert "Las estadísticas se están preparando" in html
    assert "world-choropleth" not in html
    html = page(client, "content:open_data")
    assert "Aún no se ha publicado ninguna instantánea" in html
    assert json_ld(html)["dcat:dataset"] == []


# 5. Snapshots.


def _quarter_members():
    """Members of the end of 2026-T2, and France's seven who came after it."""
    populate({"US": 12, "CA": 3, "DE": 1}, created_at=IN_Q2)
    populate({"FR": 7}, created_at=AFTER_Q2)


@pytest.mark.django_db
def test_a_quarter_is_published_once_and_only_when_over():
    snapshot = snapshots.publish("2026-T2", now=NOW)
    assert (snapshot.period, snapshot.starts_on, snapshot.ends_on) == (
        "2026-T2",
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    with pytest.raises(snapshots.SnapshotRefused):
        snapshots.publish("2026-T2", now=NOW)
    current, _starts, _ends = snapshots.quarter(timezone.localdate())
    with pytest.raises(snapshots.SnapshotRefused):
        snapshots.publish(current)
    assert list(DataSnapshot.objects.values_list("period", flat=True)) == ["2026-T2"]


@pytest.mark.django_db
def test_ime_publishes_the_last_quarter_and_a_second_time_is_a_message(client):
    signed_in_ime(client)
    period, _starts, _ends = snapshots.previous_quarter()
    response = client.post(reverse("content:snapshot_publish"))
    assert response.status_code == 302
    assert response.url == reverse("content:snapshot_detail", args=[period])
    response = client.post(reverse("content:snapshot_publish"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("content:statistics_ime"), 302)]
    assert f"El trimestre {period} ya está publicado." in response.content.decode()
    assert DataSnapshot.objects.count() == 1


@pytest.mark.django_db
def test_the_files_hold_the_quarter_as_it_ended(client):
    _quarter_members()
    snapshot = snapshots.publish("2026-T2", now=NOW)
    response = client.get(reverse("content:snapshot_file", args=["2026-T2", "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="redtalentos-estadisticas-2026-T2.csv"'
    )
    assert hashlib.sha256(response.content).hexdigest() == snapshot.csv_sha256
    text = response.content.decode()
    assert text.splitlines()[0] == CSV_HEADER
    table = {(r["cifra"], r["categoria"]): r for r in csv.DictReader(io.StringIO(text))}
    assert table["members_by_country", "US"]["valor"] == "12"
    assert table["members_by_country", "US"]["nombre_en"] == name("US", "en")
    for cells in (table["members_by_country", "CA"], table["members_by_country", "DE"]):
        assert (cells["valor"], cells["nota"]) == ("", "menos_de_5")
    assert table["members_by_country", "total"]["valor"] == "16"
    assert ("members_by_country", "FR") not in table, "a member of after the quarter counted"
    assert ("members_by_month", "2026-07") not in table
    assert table["members_by_month", "2026-05"]["valor"] == "16"

    response = client.get(reverse("content:snapshot_file", args=["2026-T2", "json"]))
    assert hashlib.sha256(response.content).hexdigest() == snapshot.json_sha256
    document = json.loads(response.content)
    assert (document["periodo"], document["licencia"]) == ("2026-T2", LICENCE)
    keys = [figure["cifra"] for figure in document["cifras"]]
    assert keys == [figure.key for figure in statistics.figures(statistics.PUBLIC)]


@pytest.mark.django_db
def test_a_published_snapshot_never_changes():
    _quarter_members()
    snapshot = snapshots.publish("2026-T2", now=NOW)
    before = DataSnapshot.objects.values().get(pk=snapshot.pk)
    with pytest.raises(IntegrityError, match="cannot change"), transaction.atomic():
        DataSnapshot.objects.filter(pk=snapshot.pk).update(csv="x")
    with pytest.raises(IntegrityError, match="cannot change"), transaction.atomic():
        DataSnapshot.objects.filter(pk=snapshot.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        snapshot.delete()
    assert DataSnapshot.objects.values().get(pk=snapshot.pk) == before
    assert hashlib.sha256(before["csv"].encode()).hexdigest() == before["csv_sha256"]


# 6. DCAT.


@pytest.mark.django_db
def test_the_open_data_page_describes_each_snapshot_in_dcat(client):
    _quarter_members()
    published = [snapshots.publish(period, now=NOW) for period in ("2026-T1", "2026-T2")]
    html = page(client, "content:open_data")
    catalog = json_ld(html)
    assert catalog["@type"] == "dcat:Catalog"
    datasets = {d["dct:identifier"]: d for d in catalog["dcat:dataset"]}
    assert len(catalog["dcat:dataset"]) == 2
    for snapshot in published:
        dataset = datasets[f"redtalentos-estadisticas-{snapshot.period}"]
        assert dataset["dct:license"] == {"@id": LICENCE}
        by_format = {d["dct:format"]: d for d in dataset["dcat:distribution"]}
        assert sorted(by_format) == ["CSV", "JSON"]
        assert by_format["CSV"]["spdx:checksum"]["spdx:checksumValue"] == snapshot.csv_sha256
        assert by_format["JSON"]["spdx:checksum"]["spdx:checksumValue"] == snapshot.json_sha256
        sizes = (by_format["CSV"]["dcat:byteSize"]["@value"], by_format["JSON"]["dcat:byteSize"])
        assert sizes[0] == len(snapshot.csv.encode())
        assert sizes[1]["@value"] == len(snapshot.json.encode())
        url = reverse("content:snapshot_file", args=[snapshot.period, "csv"])
        assert by_format["CSV"]["dcat:downloadURL"]["@id"].endswith(url)
    assert published[0].csv != published[1].csv  # 2026-T1 had nobody yet

    response = client.get(reverse("content:open_data_catalog"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert json.loads(response.content) == catalog


@pytest.mark.django_db
def test_a_snapshot_page_carries_its_dataset(client):
    snapshot = snapshots.publish("2026-T2", now=NOW)
    html = page(client, "content:snapshot_detail", "2026-T2")
    dataset = json_ld(html)
    assert dataset["@type"] == "dcat:Dataset" and "@context" in dataset
    temporal = dataset["dct:temporal"]
    assert temporal["dcat:startDate"]["@value"] == "2026-04-01"
    assert temporal["dcat:endDate"]["@value"] == "2026-06-30"
    assert snapshot.csv_sha256 in html


# 7. Bad input.


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/datos/2026-T9/", "/datos/2026-T3.xml", "/datos/abcd-T1/", "/datos/9999-T1/",
             "/datos/9999-T4/", "/datos/0000-T1/", "/datos/0000-T1.csv", "/datos/2026-T1.json"]
)  # fmt: skip
def test_unknown_snapshots_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_query_string_is_harmless(client):
    refresh()
    response = client.get(reverse("content:statistics"), {"x": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["garbage", "2026-T5", "0000-T1", "9999-T4"])
def test_the_publish_command_refuses_a_bad_period(period):
    with pytest.raises(CommandError):
        call_command("publish_statistics_snapshot", "--period", period)
    assert not DataSnapshot.objects.exists()


@pytest.mark.django_db
def test_the_commands_refresh_and_publish():
    out = io.StringIO()
    call_command("refresh_statistics", stdout=out)
    assert out.getvalue().strip() == f"Statistics: {len(statistics.figures())} figures recomputed."
    assert FigureTable.objects.count() == len(statistics.figures())
    out = io.StringIO()
    call_command("publish_statistics_snapshot", "--period", "2026-T2", stdout=out)
    assert "2026-T2" in out.getvalue()
    with pytest.raises(CommandError, match="ya está publicado"):
        call_command("publish_statistics_snapshot", "--period", "2026-T2")


# 8. English.


@pytest.mark.django_db
def test_the_english_page_names_countries_in_english(client):
    populate({"US": 6, "DE": 7})
    refresh()
    with translation.override("en"):
        url = reverse("content:statistics")
    assert url.startswith("/en/")
    response = client.get(url)
    assert response.status_code == 200
    table = rows(response.content.decode())
    assert table[name("US", "en")] == ["6"] and table[name("DE", "en")] == ["7"]
    assert name("DE", "es") not in table


# 9. The privacy notice.


@pytest.mark.django_db
def test_the_privacy_notice_names_the_statistics(client):
    assert 'id="estadisticas"' in page(client, "privacy_notice")


# 10. Demo.


@pytest.mark.django_db
def test_the_demo_computes_and_publishes_once():
    populate({"US": 2, "MX": 1})
    real = make_member("Persona Real", email="real@correo.mx")
    # Only the accounts whose email matches are moved back in time (the demo's own).
    seed = partial(seed_statistics, "%@example.org")
    result = seed()
    assert result == {
        "registrations spread": 3,
        "figures": len(statistics.figures()),
        "snapshots": 1,
    }
    period, _starts, _ends = snapshots.previous_quarter()
    assert list(DataSnapshot.objects.values_list("period", flat=True)) == [period]
    assert FigureTable.objects.count() == len(statistics.figures())
    assert Member.objects.get(pk=real.pk).created_at == real.created_at
    assert seed()["snapshots"] == 0
    assert DataSnapshot.objects.count() == 1
