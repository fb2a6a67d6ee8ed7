"""The work programme: create and edit activities (with validation), the filterable list, the
CSV export, the printable report and IME's overview."""

import csv
import io
from datetime import date

import pytest

from chapters.models import Chapter
from members.models import Consent, StaffAccess
from pncs.models import WorkProgrammeActivity
from tests.conftest import login, make_member
from tests.pncs.conftest import make_activity

PNCS_SEARCH = (Consent.Purpose.PNCS_SEARCH,)


def activity_data(**overrides):
    data = {
        "title": "Pasantías de verano 2026",
        "line_of_work": "internships",
        "status": "planned",
        "description": "Diez lugares en laboratorios de miembros.",
        "starts_on": "2026-06-01",
        "ends_on": "2026-08-31",
        "outcomes": "",
        "members": "",
    }
    data.update(overrides)
    return data


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


# Create and edit


def test_staff_add_an_activity_to_their_programme(client, tic_staff, tic):
    login(client, tic_staff)
    houston = Chapter.objects.get(slug="houston")
    response = client.post(
        "/pncs/programa/nueva/",
        activity_data(responsible=tic_staff.pk, chapters=[houston.pk]),
        follow=True,
    )
    activity = WorkProgrammeActivity.objects.get()
    assert response.redirect_chain[-1][0] == f"/pncs/programa/{activity.pk}/"
    assert activity.contact_point == tic
    assert activity.responsible == tic_staff
    assert list(activity.chapters.all()) == [houston]
    assert activity.ends_on == date(2026, 8, 31)
    html = response.content.decode()
    assert "Agregamos la actividad al programa de trabajo." in html
    assert "Pasantías de verano 2026" in html
    assert "Houston" in html


def test_an_activity_cannot_end_before_it_starts(client, tic_staff, tic):
    login(client, tic_staff)
    response = client.post(
        "/pncs/programa/nueva/", activity_data(starts_on="2026-06-01", ends_on="2026-05-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not WorkProgrammeActivity.objects.exists()


def test_a_member_who_did_not_consent_to_pncs_search_cannot_be_linked(client, tic_staff, tic):
    login(client, tic_staff)
    public_only = make_member("Solo Directorio", sectors=("tic",))
    response = client.post(
        "/pncs/programa/nueva/", activity_data(members=f"/miembros/{public_only.slug}/")
    )
    assert response.status_code == 200
    assert "members" in response.context["form"].errors
    assert not WorkProgrammeActivity.objects.exists()


def test_a_member_of_another_sector_cannot_be_linked(client, tic_staff, tic):
    login(client, tic_staff)
    other = make_member("Otra Área", sectors=("salud",), consents=PNCS_SEARCH)
    response = client.post("/pncs/programa/nueva/", activity_data(members=other.slug))
    assert "members" in response.context["form"].errors


def test_members_who_consented_are_linked_by_profile_address_or_slug(client, tic_staff, tic):
    login(client, tic_staff)
    first = make_member("Primera Experta", sectors=("tic",), consents=PNCS_SEARCH)
    second = make_member("Segundo Experto", sectors=("tic",), consents=PNCS_SEARCH)
    references = f"https://red.example/miembros/{first.slug}/\n{second.slug}\n{second.slug}"
    client.post("/pncs/programa/nueva/", activity_data(members=references))
    activity = WorkProgrammeActivity.objects.get()
    assert set(activity.members.all()) == {first, second}
    html = client.get(activity.get_absolute_url()).content.decode()
    assert f'href="/miembros/{first.slug}/"' in html
    # The edit form lists them again, one per line.
    edit = client.get(f"/pncs/programa/{activity.pk}/editar/")
    assert edit.context["form"].initial["members"] == f"{first.slug}\n{second.slug}"


def test_a_member_who_withdraws_consent_drops_out_of_the_linked_activity(client, tic_staff, tic):
    from members.consents import set_consent

    kept = make_member("Sigue Localizable", sectors=("tic",), consents=PNCS_SEARCH)
    gone = make_member("Retiró Consentimiento", sectors=("tic",), consents=PNCS_SEARCH)
    activity = make_activity(tic)
    activity.members.set([kept, gone])
    set_consent(user=gone.user, purpose=Consent.Purpose.PNCS_SEARCH, granted=False)
    login(client, tic_staff)

    html = client.get(activity.get_absolute_url()).content.decode()
    assert kept.full_name in html
    assert gone.full_name not in html
    assert gone.slug not in html
    edit = client.get(f"/pncs/programa/{activity.pk}/editar/")
    assert edit.context["form"].initial["members"] == kept.slug
    rows = csv_rows(client.get("/pncs/programa/exportar.csv"))
    assert rows[1][8] == "1"


def test_the_responsible_must_be_staff_of_the_contact_point(client, tic_staff, salud_staff, tic):
    login(client, tic_staff)
    response = client.post("/pncs/programa/nueva/", activity_data(responsible=salud_staff.pk))
    assert "responsible" in response.context["form"].errors
    assert not WorkProgrammeActivity.objects.exists()


def test_the_responsible_choices_never_show_email_addresses(client, tic_staff, tic):
    login(client, tic_staff)
    html = client.get("/pncs/programa/nueva/").content.decode()
    assert "pncs-tic@example.org" not in html
    assert "Personal PNCS" in html


def test_staff_of_one_pncs_cannot_file_an_activity_under_another(client, tic_staff, salud):
    login(client, tic_staff)
    client.post("/pncs/programa/nueva/", activity_data(contact_point=salud.pk))
    assert not WorkProgrammeActivity.objects.filter(contact_point=salud).exists()


def test_ime_chooses_the_contact_point_and_only_existing_ones(client, ime_admin, tic, salud):
    login(client, ime_admin)
    response = client.post("/pncs/programa/nueva/", activity_data())
    assert "contact_point" in response.context["form"].errors
    response = client.post("/pncs/programa/nueva/", activity_data(contact_point=999999))
    assert "contact_point" in response.context["form"].errors
    client.post("/pncs/programa/nueva/", activity_data(contact_point=salud.pk))
    assert WorkProgrammeActivity.objects.get().contact_point == salud


def test_staff_edit_an_activity_and_record_its_outcomes(client, tic_staff, tic):
    activity = make_activity(
        tic, title="Comité de evaluación", line_of_work="evaluation", status="in_progress"
    )
    login(client, tic_staff)
    response = client.post(
        f"/pncs/programa/{activity.pk}/editar/",
        activity_data(
            title="Comité de evaluación",
            line_of_work="evaluation",
            status="done",
            outcomes="Se evaluaron doce proyectos.",
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "done"
    assert activity.outcomes == "Se evaluaron doce proyectos."


@pytest.mark.parametrize(
    "garbage",
    [
        {"title": "", "line_of_work": "nope", "status": "'; DROP TABLE x; --"},
        {"starts_on": "99999-99-99", "ends_on": "ayer"},
        {"title": "x" * 10_000, "description": "\x00"},
        {"responsible": "abc", "chapters": ["x", "-1"], "members": "<script>alert(1)</script>"},
        {"members": "\n".join(f"m-{i}" for i in range(60))},
    ],
)
def test_garbage_in_the_form_gives_errors_and_keeps_what_was_saved(client, tic_staff, tic, garbage):
    activity = make_activity(tic, title="Original")
    login(client, tic_staff)
    for path in ("/pncs/programa/nueva/", f"/pncs/programa/{activity.pk}/editar/"):
        response = client.post(path, activity_data(**garbage))
        assert response.status_code == 200, path
        assert response.context["form"].errors
        assert "<script>alert(1)</script>" not in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Original"
    assert WorkProgrammeActivity.objects.count() == 1


def test_an_end_before_the_start_is_explained_on_the_end_date(client, tic_staff, tic):
    login(client, tic_staff)
    response = client.post(
        "/pncs/programa/nueva/", activity_data(starts_on="2026-06-01", ends_on="2026-05-01")
    )
    form = response.context["form"]
    assert form.errors["ends_on"] == ["La fecha de término no puede ser anterior a la de inicio."]
    assert not form.non_field_errors()
    assert "pncs_activity_ends_after_starts" not in response.content.decode()


def test_the_database_refuses_an_end_before_the_start(db, tic):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        make_activity(tic, starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1))


# List and filters


def test_the_list_filters_by_status_line_and_title(client, tic_staff, tic):
    make_activity(tic, title="Misión a Monterrey", line_of_work="business", status="planned")
    make_activity(tic, title="Mentoría UT", line_of_work="mentoring", status="done")
    make_activity(tic, title="Misión a Querétaro", line_of_work="business", status="done")
    login(client, tic_staff)

    def titles(**query):
        page = client.get("/pncs/programa/", query).context["page"]
        return sorted(activity.title for activity in page.object_list)

    assert titles(status="done") == ["Mentoría UT", "Misión a Querétaro"]
    assert titles(line_of_work="business") == ["Misión a Monterrey", "Misión a Querétaro"]
    assert titles(q="misión", status="done") == ["Misión a Querétaro"]
    assert titles() == ["Mentoría UT", "Misión a Monterrey", "Misión a Querétaro"]


def test_ime_filters_by_contact_point(client, ime_admin, tic, salud):
    make_activity(tic, title="De TIC")
    make_activity(salud, title="De Salud")
    login(client, ime_admin)
    page = client.get("/pncs/programa/", {"contact_point": salud.slug}).context["page"]
    assert [activity.title for activity in page.object_list] == ["De Salud"]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "nope", "line_of_work": "<script>", "contact_point": "x" * 500},
        {"pagina": "-1"},
        {"pagina": "999999"},
        {"pagina": "abc' OR 1=1"},
        {"q": "\x00"},
        {"q": "y" * 100_00},
        {"status": ["done", "planned"]},
    ],
)
def test_garbage_filters_and_page_numbers_do_not_break_the_list(client, tic_staff, tic, query):
    make_activity(tic, title="Sigue aquí")
    login(client, tic_staff)
    for path in ("/pncs/programa/", "/pncs/programa/imprimir/", "/pncs/programa/exportar.csv"):
        response = client.get(path, query)
        assert response.status_code == 200, path


def test_the_list_is_paginated_and_pages_keep_the_filters(client, tic_staff, tic):
    for i in range(30):
        make_activity(tic, title=f"Visita {i:02d}", status="planned", line_of_work="visits")
    make_activity(tic, title="Concluida", status="done")
    login(client, tic_staff)
    response = client.get("/pncs/programa/", {"status": "planned"})
    page = response.context["page"]
    assert page.paginator.count == 30
    assert len(page.object_list) == 25
    assert "status=planned" in page.next_url
    second = client.get("/pncs/programa/" + page.next_url)
    assert len(second.context["page"].object_list) == 5


@pytest.mark.parametrize(
    "path", ["/pncs/programa/", "/pncs/programa/imprimir/", "/pncs/programa/exportar.csv"]
)
def test_query_count_is_the_same_for_3_and_30_activities(
    client, ime_admin, tic, salud, path, django_assert_max_num_queries
):
    houston = Chapter.objects.get(slug="houston")

    def add(count):
        for i in range(count):
            activity = make_activity(tic if i % 2 else salud, responsible=ime_admin)
            activity.chapters.add(houston)
            activity.members.add(make_member(f"Vinculada {i}", consents=PNCS_SEARCH))

    login(client, ime_admin)
    add(3)
    with django_assert_max_num_queries(30) as few:
        response = client.get(path)
        if path.endswith(".csv"):
            assert len(csv_rows(response)) == 4
    add(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(path)
        if path.endswith(".csv"):
            assert len(csv_rows(response)) == 31


def test_activity_detail_query_count_is_constant(
    client, tic_staff, tic, django_assert_max_num_queries
):
    activity = make_activity(tic)
    login(client, tic_staff)
    with django_assert_max_num_queries(20) as few:
        client.get(activity.get_absolute_url())
    activity.chapters.set(Chapter.objects.all())
    for i in range(10):
        activity.members.add(make_member(f"Miembro {i}", consents=PNCS_SEARCH))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(activity.get_absolute_url())


# CSV export and printable report


def test_csv_export_streams_the_filtered_activities_and_is_logged(client, tic_staff, tic):
    make_activity(tic, title="Concluida A", status="done", outcomes="Buenos resultados")
    make_activity(tic, title="Planeada B", status="planned")
    make_activity(tic, title="=HYPERLINK(1)", status="done")
    login(client, tic_staff)

    response = client.get("/pncs/programa/exportar.csv", {"status": "done"})

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="programa-de-trabajo-')
    rows = csv_rows(response)
    assert rows[0][:2] == ["Punto de contacto", "Título"]
    titles = {row[1] for row in rows[1:]}
    assert titles == {"Concluida A", "'=HYPERLINK(1)"}  # a formula is not run by spreadsheets
    assert all(row[3] == "Concluida" for row in rows[1:])
    access = StaffAccess.objects.get()
    assert (access.viewer, access.kind, access.rows) == (tic_staff, "export", 2)
    assert access.detail["filters"] == {"status": "done"}


def test_csv_export_never_contains_email_addresses(client, tic_staff, tic):
    make_activity(tic, responsible=tic_staff)
    login(client, tic_staff)
    text = b"".join(client.get("/pncs/programa/exportar.csv").streaming_content).decode()
    assert "@" not in text
    assert "Personal PNCS" in text


def test_printable_report_uses_the_print_stylesheet_and_the_filters(client, tic_staff, tic):
    make_activity(tic, title="Pasantía concluida", status="done", outcomes="Tres estudiantes")
    make_activity(tic, title="Pasantía planeada", status="planned")
    login(client, tic_staff)

    response = client.get("/pncs/programa/imprimir/", {"status": "done"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/css/print.css">' in html
    assert "Pasantía concluida" in html
    assert "Tres estudiantes" in html
    assert "Pasantía planeada" not in html
    assert "Estado: <strong>Concluida</strong>" in html
    assert 'style="' not in html
    assert "<style" not in html


def test_the_print_stylesheet_hides_the_site_chrome_when_printing():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "print.css").read_text()
    assert "@media print" in css
    assert ".site-header" in css
    assert ".site-footer" in css


# IME overview


def test_ime_overview_counts_per_status_and_line_of_work_in_one_query(
    client, ime_admin, tic, salud, django_assert_max_num_queries
):
    make_activity(tic, status="done", line_of_work="visits")
    make_activity(tic, status="done", line_of_work="mentoring")
    make_activity(tic, status="planned", line_of_work="visits")
    make_activity(salud, status="cancelled", line_of_work="jornadas")
    login(client, ime_admin)

    response = client.get("/pncs/resumen/")

    rows = {row["contact_point"].slug: row for row in response.context["rows"]}
    statuses = [value for value, _label in response.context["statuses"]]
    lines = [value for value, _label in response.context["lines"]]
    tic_statuses = dict(zip(statuses, rows["pncs-tic"]["statuses"], strict=True))
    assert tic_statuses == {"planned": 1, "in_progress": 0, "done": 2, "cancelled": 0}
    assert rows["pncs-tic"]["total"] == 3
    tic_lines = dict(zip(lines, rows["pncs-tic"]["lines"], strict=True))
    assert (tic_lines["visits"], tic_lines["mentoring"], tic_lines["jornadas"]) == (2, 1, 0)
    salud_statuses = dict(zip(statuses, rows["pncs-salud"]["statuses"], strict=True))
    assert salud_statuses["cancelled"] == 1

    with django_assert_max_num_queries(20) as few:
        client.get("/pncs/resumen/")
    for i in range(10):
        make_activity(salud, title=f"Más {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/pncs/resumen/")
    overview_queries = [
        q["sql"] for q in few.captured_queries if "pncs_workprogrammeactivity" in q["sql"]
    ]
    assert len(overview_queries) == 1


def test_printable_report_groups_activities_by_contact_point(client, ime_admin, tic, salud):
    make_activity(tic, title="TIC enero", starts_on=date(2026, 1, 1))
    make_activity(salud, title="Salud febrero", starts_on=date(2026, 2, 1))
    make_activity(tic, title="TIC marzo", starts_on=date(2026, 3, 1))
    login(client, ime_admin)
    html = client.get("/pncs/programa/imprimir/").content.decode()
    assert html.count("<h2 ") == 2
    assert html.index("PNCS Salud") < html.index("Salud febrero") < html.index("PNCS TIC")
    assert html.index("PNCS TIC") < html.index("TIC marzo") < html.index("TIC enero")
