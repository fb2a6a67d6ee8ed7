"""The daily export budget of staff accounts (PNCS_DAILY_EXPORT_ROWS): the rows an account exports
from the expert search count toward a budget per local day; an export that would go past it, or
any export once the daily profile-view cap is reached, is refused with the figures and no file;
IME can lift both limits for one account and one day in the admin, and that lift is logged."""

import contextlib
import csv
import io
import threading
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import Consent, StaffAccess, StaffCapLift, Visibility
from tests.conftest import (
    give_totp,
    login,
    make_member,
    make_pncs_staff,
    make_user,
    restore_reference_data,
)

SEARCH = reverse("members:expert_search")
EXPORT_CSV = reverse("members:expert_export_csv")
EXPORT_XLSX = reverse("members:expert_export_xlsx")
EXPORTS = [EXPORT_CSV, EXPORT_XLSX]
LIFT_ADD = reverse("admin:members_staffcaplift_add")
LIFTS = reverse("admin:members_staffcaplift_changelist")


@pytest.fixture
def staff(db):
    user = make_pncs_staff("pncs-exporta@example.org", sectors=("tic",), name="PNCS TIC")
    give_totp(user)
    return user


def expert(number):
    return make_member(
        f"Experta Número{number:02d}",
        sectors=("tic",),
        consents=(Consent.Purpose.PNCS_SEARCH,),
        visibility_work=Visibility.STAFF,
        organisation=f"Organización-{number:02d}",
    )


@pytest.fixture
def twenty(db):
    return [expert(number) for number in range(20)]


def start_of_today():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def exported_earlier(user, rows, *, at=None):
    """An export of `rows` rows the account made earlier (today unless `at` says otherwise)."""
    return StaffAccess.objects.create(
        viewer=user,
        kind=StaffAccess.Kind.EXPORT,
        rows=rows,
        created_at=at or start_of_today() + timedelta(seconds=1),
        detail={"source": "pncs_expert_search", "format": "csv"},
    )


def exports_of(user):
    return StaffAccess.objects.filter(viewer=user, kind=StaffAccess.Kind.EXPORT)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def table(response):
    """The rows of an exported file, header first, whichever the format."""
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)), read_only=True)
    return [list(row) for row in workbook.worksheets[0].values]


def assert_refused(client, path, *, says):
    """The export answers with the search page and its message, never a file."""
    response = client.get(path, {"q": "experta"})
    assert response.status_code == 302, path
    assert response.url == f"{SEARCH}?q=experta"
    assert "Content-Disposition" not in response
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    for text in says:
        assert text in html, (path, text)
    assert "Organización-" in html  # the search itself still works
    return html


def assert_exported(client, path, rows):
    """The export is a file of `rows` rows, logged with that count."""
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Disposition"].startswith("attachment;"), path
    exported = table(response)
    assert len(exported) == 1 + rows, path
    entry = exports_of(response.wsgi_request.user).latest("pk")
    assert entry.rows == rows, path
    return exported


# The row budget.


@pytest.mark.parametrize("path", EXPORTS)
def test_an_account_at_1990_rows_cannot_export_20_more(client, staff, twenty, path):
    exported_earlier(staff, 1990)
    login(client, staff)

    html = assert_refused(
        client,
        path,
        says=[
            "Esta exportación tendría 20 filas y hoy te quedan 10 de las 2,000",
            "pide al IME que levante el límite de tu cuenta por hoy",
        ],
    )

    assert "Experta Número" in html
    # The refusal writes no export to the log: the day's total stays where it was.
    assert list(exports_of(staff).values_list("rows", flat=True)) == [1990]


@pytest.mark.parametrize("path", EXPORTS)
def test_an_export_that_fits_the_budget_is_streamed_and_counted(client, staff, twenty, path):
    exported_earlier(staff, 1980)
    login(client, staff)

    exported = assert_exported(client, path, 20)

    assert sorted(row[3] for row in exported[1:]) == [m.organisation for m in twenty]
    # That was the whole budget: the next export is refused, with nothing left.
    assert_refused(
        client,
        path,
        says=["Esta exportación tendría 20 filas y hoy te quedan 0 de las 2,000"],
    )
    assert exports_of(staff).count() == 2


def test_the_budget_counts_every_export_of_the_day_csv_and_xlsx_alike(
    client, staff, twenty, settings
):
    settings.PNCS_DAILY_EXPORT_ROWS = 50
    login(client, staff)
    assert_exported(client, EXPORT_CSV, 20)
    assert_exported(client, EXPORT_XLSX, 20)
    assert_refused(
        client,
        EXPORT_CSV,
        says=["Esta exportación tendría 20 filas y hoy te quedan 10 de las 50"],
    )
    # A narrower search fits what is left.
    for member in twenty[:4]:
        member.headline = "Oceanógrafa"
        member.save()
    response = client.get(EXPORT_CSV, {"q": "oceanografa"})
    assert response.status_code == 200
    assert len(table(response)) == 1 + 4
    assert exports_of(staff).latest("pk").rows == 4


def test_an_export_larger_than_the_whole_budget_is_refused(client, staff, twenty, settings):
    settings.PNCS_DAILY_EXPORT_ROWS = 5
    login(client, staff)
    assert_refused(
        client,
        EXPORT_XLSX,
        says=["Esta exportación tendría más de 5 filas y hoy te quedan 5 de las 5"],
    )
    assert not exports_of(staff).exists()


def test_exports_of_a_previous_local_day_do_not_count(client, staff, twenty):
    exported_earlier(staff, 1990, at=start_of_today() - timedelta(minutes=1))
    login(client, staff)
    assert_exported(client, EXPORT_CSV, 20)


def test_the_budget_is_per_account(client, staff, twenty):
    exported_earlier(staff, 2000)
    colleague = make_pncs_staff("pncs-colega@example.org", sectors=("tic",), name="PNCS TIC")
    give_totp(colleague)
    other = Client()
    login(other, colleague)
    assert_exported(other, EXPORT_CSV, 20)


def test_the_search_page_says_how_many_rows_are_left_today(client, staff, twenty, ime_admin):
    exported_earlier(staff, 1990)
    login(client, staff)
    assert "Hoy puedes exportar 10 filas más" in client.get(SEARCH).content.decode()
    exported_earlier(staff, 10)
    assert (
        "Hoy ya no puedes exportar: tu cuenta llegó a su límite diario"
        in client.get(SEARCH).content.decode()
    )
    StaffCapLift.objects.create(
        user=staff, day=timezone.localdate(), lifted_by=ime_admin, reason="Jornadas 2026"
    )
    html = client.get(SEARCH).content.decode()
    assert "Hoy el IME levantó el límite diario de tu cuenta" in html


# After the daily profile-view cap.


@pytest.fixture
def cap_reached(client, staff, twenty, settings):
    settings.PNCS_DAILY_PROFILE_VIEWS = 2
    login(client, staff)
    for member in twenty[:2]:
        assert client.get(member.get_absolute_url()).status_code == 200
    assert client.get(twenty[2].get_absolute_url()).status_code == 429


def test_the_search_page_says_no_rows_are_left_once_the_profile_cap_is_reached(client, cap_reached):
    assert (
        "Hoy ya no puedes exportar: tu cuenta llegó a su límite diario"
        in client.get(SEARCH).content.decode()
    )


@pytest.mark.parametrize("path", EXPORTS)
def test_exports_are_refused_once_the_profile_cap_is_reached(client, staff, cap_reached, path):
    assert_refused(
        client,
        path,
        says=[
            "Hoy ya consultaste 2 perfiles con datos para el personal",
            "tampoco puedes exportar resultados hasta mañana",
            "pide al IME que levante el límite de tu cuenta por hoy",
        ],
    )
    assert not exports_of(staff).exists()


# IME lifts the limits of one account for one day.


@pytest.mark.parametrize("path", EXPORTS)
def test_a_lift_for_today_lets_the_account_export_and_open_profiles_again(
    client, staff, twenty, cap_reached, ime_admin, path
):
    exported_earlier(staff, 1995)
    StaffCapLift.objects.create(
        user=staff, day=timezone.localdate(), lifted_by=ime_admin, reason="Jornadas 2026"
    )

    assert_exported(client, path, 20)
    entry = exports_of(staff).latest("pk")
    assert entry.detail["lifted"] is True
    assert client.get(twenty[5].get_absolute_url()).status_code == 200


def test_a_lift_for_yesterday_does_not_count(client, staff, twenty, cap_reached, ime_admin):
    StaffCapLift.objects.create(
        user=staff,
        day=timezone.localdate() - timedelta(days=1),
        lifted_by=ime_admin,
        reason="Ayer",
    )
    assert_refused(client, EXPORT_CSV, says=["tampoco puedes exportar resultados"])
    assert client.get(twenty[5].get_absolute_url()).status_code == 429


def test_a_lift_for_another_account_does_not_count(client, staff, twenty, ime_admin):
    exported_earlier(staff, 1990)
    colleague = make_pncs_staff("pncs-colega@example.org", sectors=("tic",), name="PNCS TIC")
    StaffCapLift.objects.create(
        user=colleague, day=timezone.localdate(), lifted_by=ime_admin, reason="Otra cuenta"
    )
    login(client, staff)
    assert_refused(client, EXPORT_CSV, says=["hoy te quedan 10 de las 2,000"])


def test_ime_lifts_the_limit_in_the_admin_and_the_lift_is_logged(client, staff, ime_admin):
    login(client, ime_admin)
    assert client.get(LIFT_ADD).status_code == 200

    response = client.post(
        LIFT_ADD,
        {"user": staff.pk, "day": timezone.localdate().isoformat(), "reason": "Jornadas 2026"},
    )

    assert response.status_code == 302
    lift = StaffCapLift.objects.get()
    assert lift.user == staff
    assert lift.day == timezone.localdate()
    assert lift.lifted_by == ime_admin
    assert lift.reason == "Jornadas 2026"
    entry = LogEntry.objects.get(object_id=str(lift.pk))
    assert entry.user == ime_admin
    assert entry.action_flag == ADDITION
    listing = client.get(LIFTS, {"q": "Personal PNCS"})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [lift]


def test_the_admin_refuses_a_second_lift_for_the_same_day_a_past_day_or_a_non_staff_account(
    client, staff, ime_admin, member
):
    login(client, ime_admin)
    today = timezone.localdate()
    StaffCapLift.objects.create(user=staff, day=today, lifted_by=ime_admin, reason="Primera")
    cases = [
        ({"user": staff.pk, "day": today.isoformat(), "reason": "Otra vez"}, "ya existe"),
        (
            {"user": staff.pk, "day": (today - timedelta(days=1)).isoformat(), "reason": "Ayer"},
            "día que ya pasó",
        ),
        (
            {"user": member.user.pk, "day": today.isoformat(), "reason": "Miembro"},
            "solo se levanta para cuentas del personal",
        ),
        ({"user": staff.pk, "day": today.isoformat(), "reason": ""}, "obligatorio"),
    ]
    for data, error in cases:
        response = client.post(LIFT_ADD, data)
        assert response.status_code == 200, data
        assert error in response.content.decode().lower(), data
    assert StaffCapLift.objects.count() == 1


def test_pncs_staff_cannot_lift_limits(client, staff):
    login(client, staff)
    for url in [LIFTS, LIFT_ADD]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url
    response = client.post(
        LIFT_ADD,
        {"user": staff.pk, "day": timezone.localdate().isoformat(), "reason": "Yo mismo"},
    )
    assert response.status_code == 302
    assert not StaffCapLift.objects.exists()


def test_a_plain_user_cannot_lift_limits_either(client, db):
    user = make_user("alguien@example.org", full_name="Alguien")
    login(client, user)
    client.post(LIFT_ADD, {"user": user.pk, "day": timezone.localdate().isoformat(), "reason": "x"})
    assert not StaffCapLift.objects.exists()


# Two exports at once.


@pytest.mark.django_db(transaction=True)
def test_two_exports_at_once_cannot_both_pass_the_budget(settings, monkeypatch):
    """Each export holds 12 rows; together they pass the budget of 20. The first to count waits
    for the other to count too: without the lock both would have counted 0 rows exported today
    and both would stream; with it, the second counts only once the first is logged."""
    restore_reference_data()
    settings.PNCS_DAILY_EXPORT_ROWS = 20
    staff = make_pncs_staff("pncs-doble@example.org", sectors=("tic",), name="PNCS TIC")
    give_totp(staff)
    for number in range(12):
        expert(number)
    clients = [Client(), Client()]
    for each in clients:
        login(each, staff)

    from members import staff_limits

    counted = threading.Barrier(2)
    original = staff_limits.usage_today

    def counting_together(user):
        usage = original(user)
        # With the lock the other export is waiting for it, and the barrier breaks.
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait(timeout=3)
        return usage

    monkeypatch.setattr(staff_limits, "usage_today", counting_together)
    outcomes = []

    def export(each, path):
        try:
            response = each.get(path)
            outcomes.append(response.status_code)
            body(response)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=export, args=(each, path))
        for each, path in zip(clients, EXPORTS, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [200, 302]
    assert list(exports_of(staff).values_list("rows", flat=True)) == [12]
