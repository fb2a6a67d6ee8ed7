"""The expert search of the PNCS workspace (/pncs/expertos/) and its CSV and XLSX exports: who may
use them, whose profiles they reach (consent, sector, active account), which fields they show, that
every page and export is logged, that exports are streamed, complete and safe to open, and that no
query string makes them fail."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.consents import set_consent
from members.directory import Criteria, export_rows
from members.models import Consent, ContributionOffer, StaffAccess, Visibility
from members.permissions import STAFF
from pncs.models import Sector
from tests.conftest import give_totp, login, make_member, make_pncs_staff

SEARCH = reverse("members:expert_search")
EXPORT_CSV = reverse("members:expert_export_csv")
EXPORT_XLSX = reverse("members:expert_export_xlsx")
PATHS = [SEARCH, EXPORT_CSV, EXPORT_XLSX]
EXPORTS = [EXPORT_CSV, EXPORT_XLSX]

PNCS = (Consent.Purpose.PNCS_SEARCH,)
OFFER = ContributionOffer.COMPANY_MENTORING
HEADER = [
    "Nombre",
    "Titular",
    "Cargo",
    "Organización",
    "Ciudad",
    "País",
    "Sectores",
    "Habilidades",
    "Qué puede aportar",
    "Disponibilidad",
    "Idiomas",
    "Capítulo",
    "Verificado",
    "Perfil",
]


@pytest.fixture
def tic_staff(db):
    """Staff of the ICT contact point, with an authenticator app."""
    user = make_pncs_staff("pncs-tic@example.org", sectors=("tic",), name="PNCS TIC")
    give_totp(user)
    return user


def expert(full_name, *, sectors=("tic",), consents=PNCS, **fields):
    """A member who agreed to be found by PNCS staff (of `sectors`)."""
    return make_member(full_name, sectors=sectors, consents=consents, **fields)


def body(response):
    """The whole body of a (streamed or plain) response, consumed."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_table(response):
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_table(response):
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)), read_only=True)
    sheet = workbook.worksheets[0]
    return [["" if value is None else value for value in row] for row in sheet.values]


def exported(client, path, params=None):
    """The rows of an export (header first), whichever the format."""
    response = client.get(path, params or {})
    assert response.status_code == 200
    return csv_table(response) if path == EXPORT_CSV else xlsx_table(response)


def exported_names(client, path, params=None):
    return sorted(row[0] for row in exported(client, path, params)[1:])


def page_names(response):
    assert response.status_code == 200
    return sorted(card["member"].full_name for card in response.context["cards"])


def sector_id(slug):
    return Sector.objects.get(slug=slug).pk


def column(table, name):
    index = table[0].index(name)
    return {row[0]: row[index] for row in table[1:]}


# Who may use it.


@pytest.mark.parametrize("path", PATHS)
def test_visitors_are_sent_to_sign_in(client, db, path):
    expert("Tania Tecnóloga")
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not StaffAccess.objects.exists()


@pytest.mark.parametrize("persona", ["participant", "member", "chapter_leader"])
def test_participants_members_and_chapter_leaders_get_403(client, db, persona, request):
    person = request.getfixturevalue(persona)
    expert("Tania Tecnóloga")
    login(client, getattr(person, "user", person))  # the member fixture is a profile
    for path in PATHS:
        response = client.get(path, {"q": "tania"})
        assert response.status_code == 403, path
        assert b"Tania" not in body(response), path
    assert not StaffAccess.objects.exists()


def test_pncs_staff_without_an_authenticator_app_are_sent_to_set_one_up(client, db):
    expert("Tania Tecnóloga")
    staff = make_pncs_staff(sectors=("tic",))
    login(client, staff)
    for path in PATHS:
        response = client.get(path, {"q": "tania"})
        assert response.status_code == 302, path
        assert response.url == reverse("members:mfa_enrol"), path
        assert b"Tania" not in body(response), path
    assert not StaffAccess.objects.exists()


# Whose profiles it reaches.


@pytest.fixture
def crowd(db):
    """Experts in and out of reach of the ICT contact point's staff."""
    deactivated = expert("Diego Desactivado")
    deactivated.user.is_active = False
    deactivated.user.save()
    return {
        "tic": expert("Tania Tecnóloga", headline="Ingeniera de redes"),
        "salud": expert("Sergio Salubre", sectors=("salud",), headline="Ingeniero biomédico"),
        "both": expert("Bruno Bisectorial", sectors=("tic", "salud"), headline="Ingeniero"),
        "no_consent": make_member(
            "Nora Noconsiente",
            sectors=("tic",),
            headline="Ingeniera sin consentimiento",
            consents=(Consent.Purpose.PUBLIC_LISTING,),
        ),
        "deactivated": deactivated,
    }


def test_staff_find_only_consenting_active_members_of_their_sectors(client, tic_staff, crowd):
    login(client, tic_staff)
    expected = ["Bruno Bisectorial", "Tania Tecnóloga"]
    assert page_names(client.get(SEARCH)) == expected
    assert page_names(client.get(SEARCH, {"q": "ingeniero"})) == expected
    for path in EXPORTS:
        assert exported_names(client, path) == expected, path
    # Naming them, or their sector, does not reach the others.
    for name in ["Sergio Salubre", "Nora Noconsiente", "Diego Desactivado"]:
        assert page_names(client.get(SEARCH, {"q": name})) == [], name
        for path in EXPORTS:
            assert exported_names(client, path, {"q": name}) == [], (path, name)
    salud = {"sector": sector_id("salud")}
    assert page_names(client.get(SEARCH, salud)) == ["Bruno Bisectorial"]
    for path in EXPORTS:
        assert exported_names(client, path, salud) == ["Bruno Bisectorial"]


def test_ime_admin_finds_consenting_members_of_every_sector(client, ime_admin, crowd):
    login(client, ime_admin)
    expected = ["Bruno Bisectorial", "Sergio Salubre", "Tania Tecnóloga"]
    assert page_names(client.get(SEARCH)) == expected
    for path in EXPORTS:
        assert exported_names(client, path) == expected, path
    assert page_names(client.get(SEARCH, {"q": "Nora Noconsiente"})) == []


def test_a_withdrawn_consent_takes_the_member_out_at_once(client, tic_staff, crowd):
    login(client, tic_staff)
    tania = crowd["tic"]
    assert "Tania Tecnóloga" in page_names(client.get(SEARCH, {"q": "tania"}))
    set_consent(user=tania.user, purpose=Consent.Purpose.PNCS_SEARCH, granted=False)
    assert page_names(client.get(SEARCH)) == ["Bruno Bisectorial"]
    assert page_names(client.get(SEARCH, {"q": "tania"})) == []
    for path in EXPORTS:
        assert exported_names(client, path) == ["Bruno Bisectorial"], path
        content = b"".join(client.get(path).streaming_content)
        assert "Tecnóloga".encode() not in content, path


def test_a_deactivated_account_is_out_even_for_ime(client, ime_admin, crowd):
    login(client, ime_admin)
    assert page_names(client.get(SEARCH, {"q": "diego"})) == []
    for path in EXPORTS:
        assert "Diego Desactivado" not in exported_names(client, path), path
    crowd["deactivated"].user.is_active = True
    crowd["deactivated"].user.save()
    assert page_names(client.get(SEARCH, {"q": "diego"})) == ["Diego Desactivado"]


# Which fields it shows.


def test_staff_level_fields_are_shown_and_searchable_for_staff_only(client, tic_staff, db):
    expert(
        "Rita Reservada",
        visibility_work=Visibility.STAFF,
        organisation="Acme Secreta",
        position="Directora de ciberseguridad",
        consents=(Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH),
    )
    # Visitors see the listed profile, never its staff-level fields.
    html = client.get(reverse("members:directory")).content.decode()
    assert "Rita Reservada" in html
    assert "Acme Secreta" not in html
    response = client.get(reverse("members:directory"), {"q": "Acme Secreta"})
    assert "Rita Reservada" not in response.content.decode()
    assert page_names(response) == []

    login(client, tic_staff)
    response = client.get(SEARCH, {"q": "acme secreta"})
    assert page_names(response) == ["Rita Reservada"]
    assert "<mark>Acme</mark> <mark>Secreta</mark>" in response.content.decode()
    assert "Directora de ciberseguridad · Acme Secreta" in client.get(SEARCH).content.decode()
    for path in EXPORTS:
        table = exported(client, path, {"q": "acme"})
        assert column(table, "Organización") == {"Rita Reservada": "Acme Secreta"}, path
        assert column(table, "Cargo") == {"Rita Reservada": "Directora de ciberseguridad"}, path


def test_private_fields_stay_hidden_from_staff(client, tic_staff, ime_admin, db):
    expert(
        "Pablo Privado",
        visibility_work=Visibility.PRIVATE,
        organisation="Laboratorio Oculto",
        visibility_location=Visibility.PRIVATE,
        city="Villaescondida",
        country="CA",
    )
    for viewer in [tic_staff, ime_admin]:
        login(client, viewer)
        response = client.get(SEARCH)
        assert page_names(response) == ["Pablo Privado"]
        html = response.content.decode()
        assert "Laboratorio Oculto" not in html
        assert "Villaescondida" not in html
        for params in [{"q": "laboratorio oculto"}, {"q": "villaescondida"}]:
            assert page_names(client.get(SEARCH, params)) == [], params
        # A filter on a hidden field does not reveal it either.
        assert page_names(client.get(SEARCH, {"ciudad": "Villaescondida"})) == []
        assert page_names(client.get(SEARCH, {"pais": "CA"})) == []
        for path in EXPORTS:
            table = exported(client, path)
            assert [row[0] for row in table[1:]] == ["Pablo Privado"], path
            assert column(table, "Organización") == {"Pablo Privado": ""}, path
            assert column(table, "Ciudad") == {"Pablo Privado": ""}, path
            assert column(table, "País") == {"Pablo Privado": ""}, path
            content = body(client.get(path))
            assert b"Laboratorio Oculto" not in content, path
            assert b"Villaescondida" not in content, path
            assert exported(client, path, {"q": "laboratorio oculto"})[1:] == [], path
            assert exported(client, path, {"ciudad": "Villaescondida"})[1:] == [], path


def test_results_offer_to_request_an_introduction(client, tic_staff, db):
    tania = expert("Tania Tecnóloga")
    login(client, tic_staff)
    html = client.get(SEARCH).content.decode()
    link = reverse("members:introduction_request", args=[tania.slug])
    assert f'href="{link}"' in html
    assert "Solicitar presentación con Tania Tecnóloga" in html
    # The link leads to the request form, although the profile is not in the public directory.
    response = client.get(link)
    assert response.status_code == 200
    assert "form" in response.context


def test_the_page_offers_exports_of_the_same_search(client, tic_staff, db):
    expert("Tania Tecnóloga")
    login(client, tic_staff)
    response = client.get(SEARCH, {"q": "tania", "despues": "abc"})
    assert response.context["csv_url"] == f"{EXPORT_CSV}?q=tania"
    assert response.context["xlsx_url"] == f"{EXPORT_XLSX}?q=tania"
    html = response.content.decode()
    assert f'href="{EXPORT_CSV}?q=tania"' in html
    assert f'href="{EXPORT_XLSX}?q=tania"' in html


# The access log.


def test_every_results_page_is_logged_with_its_query_filters_and_rows(client, tic_staff, db):
    for name in ["Tania Tecnóloga", "Teresa Tecnóloga", "Tomás Tecnólogo"]:
        expert(name, headline="Especialista en redes")
    tic = sector_id("tic")
    login(client, tic_staff)

    client.get(SEARCH, {"q": "Teresa", "sector": tic, "idioma": "en", "verificado": ""})
    client.get(SEARCH, {"q": "redes"})
    client.get(SEARCH, {"q": "nadie-se-llama-asi"})

    entries = list(StaffAccess.objects.order_by("pk"))
    assert [entry.kind for entry in entries] == [StaffAccess.Kind.SEARCH] * 3
    assert all(entry.viewer == tic_staff and entry.member is None for entry in entries)
    assert [entry.rows for entry in entries] == [0, 3, 0]
    first = entries[0].detail
    assert first["source"] == "pncs_expert_search"
    assert first["text"] == "Teresa"
    assert first["sector"] == tic
    assert first["language"] == "en"
    assert "verified" not in first
    assert entries[1].detail["text"] == "redes"
    client.get(SEARCH, {"q": "Teresa", "sector": tic})
    assert StaffAccess.objects.latest("pk").rows == 1


def test_a_results_page_logs_the_rows_shown_not_all_matches(client, tic_staff, db):
    for number in range(23):
        expert(f"Experta Número{number:02d}")
    login(client, tic_staff)
    response = client.get(SEARCH)
    assert response.context["page"].total == 23
    assert StaffAccess.objects.get().rows == 20
    client.get(SEARCH + response.context["next_url"])
    assert StaffAccess.objects.latest("pk").rows == 3


@pytest.mark.parametrize("path", EXPORTS)
def test_every_export_is_logged_with_the_rows_it_held(client, tic_staff, path, db):
    for name in ["Tania Tecnóloga", "Teresa Tecnóloga", "Sergio Sanitario"]:
        expert(name)
    login(client, tic_staff)
    response = client.get(path, {"q": "tecnologa", "sector": sector_id("tic")})
    entry = StaffAccess.objects.get()
    assert entry.kind == StaffAccess.Kind.EXPORT
    assert entry.viewer == tic_staff
    assert entry.detail["source"] == "pncs_expert_search"
    assert entry.detail["format"] == path.rsplit(".", 1)[1]
    assert entry.detail["text"] == "tecnologa"
    assert entry.detail["sector"] == sector_id("tic")
    table = csv_table(response) if path == EXPORT_CSV else xlsx_table(response)
    assert len(table) - 1 == 2
    entry.refresh_from_db()
    assert entry.rows == 2


def test_ime_admin_reads_the_access_log_in_the_admin(client, tic_staff, ime_admin, db):
    expert("Tania Tecnóloga")
    login(client, tic_staff)
    client.get(SEARCH, {"q": "tania"})
    body(client.get(EXPORT_CSV))
    assert StaffAccess.objects.count() == 2
    # Not PNCS staff: the admin is for IME only.
    response = client.get("/admin/members/staffaccess/")
    assert response.status_code == 302
    assert "Búsqueda de expertos".encode() not in response.content

    login(client, ime_admin)
    response = client.get("/admin/members/staffaccess/")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(StaffAccess.objects.all())
    html = response.content.decode()
    assert "Búsqueda de expertos" in html
    assert "Exportación" in html
    response = client.get("/admin/members/staffaccess/", {"kind": "export"})
    assert [entry.kind for entry in response.context["cl"].result_list] == ["export"]


# The exports themselves.


def test_the_csv_has_a_header_one_line_per_match_and_no_email_address(client, tic_staff, db):
    members = [
        expert("Tania Tecnóloga", headline="Redes", city="Austin", country="US"),
        expert("Teresa Tecnóloga", languages=["en", "fr"], contribution_offers=[OFFER]),
        expert("Tomás Tecnólogo", verified_at="2026-01-05T10:00:00Z"),
    ]
    login(client, tic_staff)
    response = client.get(EXPORT_CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="expertos-')
    assert response["Cache-Control"] == "no-store"
    content = body(response)
    table = csv_table(client.get(EXPORT_CSV))
    assert table[0] == HEADER
    assert sorted(row[0] for row in table[1:]) == sorted(m.full_name for m in members)
    assert all(len(row) == len(HEADER) for row in table)
    for member in members:
        assert member.user.email.encode() not in content
    assert tic_staff.email.encode() not in content
    assert b"@" not in content
    workbook = xlsx_table(client.get(EXPORT_XLSX))
    assert len(workbook) == 4
    assert not any("@" in cell for row in workbook for cell in row)
    rows = {row[0]: dict(zip(HEADER, row, strict=True)) for row in table[1:]}
    assert rows["Tania Tecnóloga"]["Ciudad"] == "Austin"
    assert rows["Tania Tecnóloga"]["País"] == "Estados Unidos"
    assert rows["Tania Tecnóloga"]["Sectores"] == Sector.objects.get(slug="tic").name
    assert rows["Tania Tecnóloga"]["Verificado"] == "no"
    assert rows["Tomás Tecnólogo"]["Verificado"] == "sí"
    assert rows["Teresa Tecnóloga"]["Idiomas"] == "Inglés; Francés"
    assert rows["Tania Tecnóloga"]["Perfil"] == "http://testserver" + members[0].get_absolute_url()


def test_cells_that_would_be_formulas_are_neutralised(client, tic_staff, db):
    formula = '=HYPERLINK("https://malo.example/robo","Ver perfil")'
    expert("Fernanda Fórmula", headline=formula, position="+52 cargo", organisation="@Empresa")
    login(client, tic_staff)
    row = dict(zip(HEADER, csv_table(client.get(EXPORT_CSV))[1], strict=True))
    assert row["Titular"] == "'" + formula
    assert row["Cargo"] == "'+52 cargo"
    assert row["Organización"] == "'@Empresa"
    # In the workbook every cell is text, never a formula.
    workbook = openpyxl.load_workbook(io.BytesIO(body(client.get(EXPORT_XLSX))))
    cell = workbook.worksheets[0]["B2"]
    assert cell.value == formula
    assert cell.data_type == "s"


def test_the_xlsx_holds_the_same_rows_as_the_csv(client, tic_staff, db):
    expert("Tania Tecnóloga", headline="Redes <y> «datos» & más", city="Montréal", country="CA")
    expert("Teresa Tecnóloga", headline="Control\x01 de calidad")
    expert("Tomás Tecnólogo")
    login(client, tic_staff)
    response = client.get(EXPORT_XLSX)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = xlsx_table(response)
    table = csv_table(client.get(EXPORT_CSV))
    assert workbook[0] == HEADER
    assert len(workbook) == 4
    # The workbook drops the control character XML cannot hold; the rest is the same.
    assert workbook == [[cell.replace("\x01", "") for cell in row] for row in table]
    assert column(workbook, "Titular")["Tania Tecnóloga"] == "Redes <y> «datos» & más"


@pytest.mark.parametrize(
    "params",
    [
        {"q": "redes"},
        {"sector": "salud"},
        {"aporte": OFFER},
        {"idioma": "fr"},
        {"pais": "CA"},
        {"ciudad": "montreal"},
        {"verificado": "on"},
        {"q": "ingeniera", "pais": "US"},
        {"orden": "recent"},
        {"q": "dor"},  # a name prefix
        {"q": "dor", "orden": "name"},
        {"q": "montreal dor"},
    ],
)
def test_exports_hold_what_the_page_found(client, ime_admin, params, db):
    expert("Ana Redes", headline="Ingeniera de redes", country="US")
    expert("Bea Salud", sectors=("salud",), headline="Ingeniera clínica", country="US")
    expert("Caro Mentora", contribution_offers=[OFFER], languages=["fr"], country="CA")
    expert("Dora Montreal", city="Montréal", country="CA", verified_at="2026-01-05T10:00:00Z")
    expert("Eva Hidden", visibility_languages=Visibility.PRIVATE, languages=["fr"])
    if params.get("sector") == "salud":
        params = {"sector": sector_id("salud")}
    login(client, ime_admin)
    response = client.get(SEARCH, params)
    found = page_names(response)
    assert found
    if "orden" not in params:
        assert len(found) < 5
    for url in [response.context["csv_url"], response.context["xlsx_url"]]:
        path, _, query = url.partition("?")
        response = client.get(url)
        assert response.status_code == 200
        table = csv_table(response) if path == EXPORT_CSV else xlsx_table(response)
        assert sorted(row[0] for row in table[1:]) == found, url
        assert query, url


@pytest.mark.parametrize("path", EXPORTS)
def test_exports_are_streamed(client, tic_staff, path, db):
    expert("Tania Tecnóloga")
    login(client, tic_staff)
    response = client.get(path)
    assert isinstance(response, StreamingHttpResponse)
    assert response.streaming is True
    assert len(b"".join(response.streaming_content)) > 0


def test_exports_hold_every_match_not_one_page(client, tic_staff, monkeypatch, db):
    # Batches smaller than the export, so that several batches are read.
    monkeypatch.setattr("members.views.experts.EXPORT_BATCH", 7)
    names = sorted(expert(f"Experta Número{number:02d}").full_name for number in range(30))
    expert("Sergio Salubre", sectors=("salud",))
    login(client, tic_staff)
    first_page = client.get(SEARCH)
    assert len(first_page.context["cards"]) == 20
    assert first_page.context["page"].total == 30
    second_page = client.get(SEARCH + first_page.context["next_url"])
    assert len(second_page.context["cards"]) == 10
    for path in EXPORTS:
        response = client.get(path)
        table = csv_table(response) if path == EXPORT_CSV else xlsx_table(response)
        assert [row[0] for row in table[1:]] == names, path
        assert StaffAccess.objects.latest("pk").rows == 30
        # From a later page, and even given that page's cursor, it exports every match.
        link = second_page.context[f"{path.rsplit('.', 1)[1]}_url"]
        cursor = parse_qs(urlsplit(first_page.context["next_url"]).query)["despues"][0]
        for response in [client.get(link), client.get(path, {"despues": cursor})]:
            table = csv_table(response) if path == EXPORT_CSV else xlsx_table(response)
            assert [row[0] for row in table[1:]] == names, path


def test_the_export_statement_has_no_limit(db):
    tic = sector_id("tic")
    for criteria in [Criteria(), Criteria(text="redes"), Criteria(text="x", sector=tic)]:
        sql, params = export_rows(criteria, audience=STAFF, staff_sectors={tic})
        # The CTEs before it bound only the check for names with typos; the rows are all there.
        rows = sql.lower().split("select * from (", 1)[1]
        assert "limit" not in rows
        assert "offset" not in rows
        assert [tic] in params


# Cost and robustness.


def _is_session_or_sign_in(sql):
    """Django's own work on every signed-in page: loading and saving the session (the staff
    idle timeout saves it on every request, inside a savepoint under the test's transaction) and
    loading the signed-in user."""
    return (
        "django_session" in sql
        or sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        or (sql.startswith('SELECT "members_user"."id"') and '"members_user"."id" =' in sql)
    )


def test_the_search_page_costs_the_same_queries_whatever_the_number_of_matches(
    client, tic_staff, db
):
    for number in range(3):
        expert(f"Experta Número{number:02d}", headline="Especialista en redes")
    login(client, tic_staff)
    client.get(SEARCH)  # the session and the caches are warm from here on

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(SEARCH, params)
        assert response.status_code == 200
        sqls = [query["sql"] for query in captured.captured_queries]
        own = [sql for sql in sqls if not _is_session_or_sign_in(sql)]
        return len(sqls), len(own), len(response.context["cards"])

    few = [queries({}), queries({"q": "redes"})]
    for number in range(3, 30):
        expert(f"Experta Número{number:02d}", headline="Especialista en redes")
    many = [queries({}), queries({"q": "redes"})]
    assert [cards for *_counts, cards in few] == [3, 3]
    assert [cards for *_counts, cards in many] == [20, 20]
    assert [counts for *counts, _cards in few] == [counts for *counts, _cards in many]
    assert all(own <= 9 for _total, own, _cards in many), many


NASTY_PARAMS = [
    {"q": "\x00"},
    {"q": "ana\x00maria"},
    {"q": "x" * 10_000},
    {"q": "'&|!():*"},
    {"q": "a:* & !b | (c"},
    {"q": "<script>alert(1)</script>"},
    {"q": "%00%27"},
    {"q": "ñ" * 3000},
    {"sector": "999999"},
    {"sector": "abc"},
    {"sector": "-1"},
    {"sector": str(2**70)},
    {"sector": "1e9"},
    {"sector": ["1", "2", "abc"]},
    {"capitulo": "-7"},
    {"capitulo": "9" * 40},
    {"pais": "ZZ"},
    {"pais": "\x00"},
    {"ciudad": "\x00" * 50},
    {"ciudad": "'&|!():*" * 100},
    {"habilidad": "'&|!():*"},
    {"aporte": "nada"},
    {"idioma": "\x00"},
    {"disponibilidad": "-1"},
    {"verificado": "quizás"},
    {"orden": "1; DROP TABLE members_member"},
    {"despues": "garbage"},
    {"despues": "x" * 10_000},
    {"despues": "WyJuYW1lIiwxLDFd"},  # a well-formed cursor of another shape
    {"despues": "WyJuYW1lIiwiYSIsOTk5OTk5OTk5OTk5OTk5OTk5OTk5XQ"},  # pk out of range
    {"q": "redes", "orden": "relevance", "despues": "WyJyZWxldmFuY2UiLCJOYU4iLDFd"},
]


@pytest.mark.parametrize("path", PATHS)
def test_nasty_parameters_never_break_the_search_or_the_exports(client, tic_staff, path, db):
    expert("Tania Tecnóloga", headline="Especialista en redes")
    login(client, tic_staff)
    for params in NASTY_PARAMS:
        response = client.get(path, params)
        assert response.status_code == 200, params
        content = body(response)
        assert content, params
    assert StaffAccess.objects.filter(viewer=tic_staff).count() == len(NASTY_PARAMS)
