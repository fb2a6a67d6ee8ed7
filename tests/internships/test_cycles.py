"""Cycles opened from the site: IME and PNCS staff (second factor passed in this session) open a
cycle with its milestones, in order; IME changes any cycle, a PNCS staff member the cycles they
opened; everyone else is refused and nothing is written."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from internships.models import Cycle, PostingStatus
from tests.conftest import give_totp, login, make_member, make_pncs_staff, make_user

from .helpers import make_application, make_cycle, make_posting

pytestmark = pytest.mark.django_db

CREATE = reverse("internships:cycle_create")
LIST = reverse("internships:cycle_list")


def _day(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _payload(**changes):
    data = {
        "name": "Verano 2028",
        "name_en": "Summer 2028",
        "description": "Estancias de verano en laboratorios y empresas.",
        "postings_open": _day(10),
        "applications_open": _day(40),
        "applications_close": _day(70),
        "selection_on": _day(80),
        "offers_until": _day(95),
        "offer_days": "7",
        "placement_start": _day(120),
        "placement_end": _day(180),
    }
    data.update(changes)
    return data


def _staff(sector="salud", email=None):
    user = make_pncs_staff(email, sectors=(sector,), name=f"PNCS {sector}")
    give_totp(user)
    return user


@pytest.fixture
def pncs(db):
    return _staff()


def test_pncs_staff_open_a_cycle_and_see_it_on_the_list(client, pncs):
    login(client, pncs)
    response = client.post(CREATE, _payload(), follow=True)
    cycle = Cycle.objects.get(name="Verano 2028")
    assert response.redirect_chain[-1][0] == cycle.get_absolute_url()
    assert cycle.slug == "verano-2028"
    assert cycle.created_by == pncs
    assert cycle.offer_days == 7
    assert not cycle.allow_direct_offers
    page = response.content.decode()
    assert "Abrimos el ciclo «Verano 2028»" in page
    assert "Próximo" in page  # the stage: postings open in 10 days
    listing = client.get(LIST).content.decode()
    assert "Verano 2028" in listing
    assert reverse("internships:cycle_edit", kwargs={"slug": "verano-2028"}) in listing
    # The matching is IME's: a PNCS is not offered it.
    assert reverse("internships:matching", kwargs={"slug": "verano-2028"}) not in listing


def test_ime_opens_a_cycle_and_runs_its_matching_from_the_list(client, ime_admin):
    login(client, ime_admin)
    client.post(CREATE, _payload(allow_direct_offers="on"))
    cycle = Cycle.objects.get(slug="verano-2028")
    assert cycle.created_by == ime_admin and cycle.allow_direct_offers
    listing = client.get(LIST).content.decode()
    assert reverse("internships:matching", kwargs={"slug": "verano-2028"}) in listing


@pytest.mark.parametrize("role", ["visitor", "member", "participant", "pncs_no_mfa", "ime_no_mfa"])
def test_nobody_else_opens_a_cycle_or_sees_the_staff_list(client, role):
    if role == "member":
        client.force_login(make_member("Ana Anfitriona").user)
    elif role == "participant":
        client.force_login(make_user(full_name="Luis Estudiante", account_type="student"))
    elif role == "pncs_no_mfa":
        client.force_login(make_pncs_staff(sectors=("salud",)))  # password only
    elif role == "ime_no_mfa":
        ime = make_user(full_name="IME", is_staff=True, is_superuser=True)
        give_totp(ime)
        client.force_login(ime)  # an account with MFA, this session without it
    for response in (client.get(CREATE), client.post(CREATE, _payload()), client.get(LIST)):
        if role == "visitor":
            assert response.status_code == 302 and "/cuenta/login/" in response.url
        else:
            assert response.status_code == 403
    assert not Cycle.objects.exists()


def test_milestones_out_of_order_are_named_and_nothing_is_saved(client, pncs):
    login(client, pncs)
    response = client.post(CREATE, _payload(selection_on=_day(60)))
    assert response.status_code == 200
    assert "selection_on" in response.context["form"].errors
    assert "no puede ser anterior a «cierre de postulaciones»" in response.content.decode()
    assert not Cycle.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"postings_open": "mañana"}, "postings_open"),
        ({"applications_open": "2027-02-31"}, "applications_open"),
        ({"placement_end": "99999-01-01"}, "placement_end"),
        ({"placement_end": _day(365 * 6)}, "placement_end"),
        ({"offer_days": "0"}, "offer_days"),
        ({"offer_days": "9" * 30}, "offer_days"),
        ({"offer_days": "siete"}, "offer_days"),
        ({"name": ""}, "name"),
        ({"name": "x" * 5000}, "name"),
        ({"placement_start": _day(-60), "placement_end": _day(-30)}, "placement_end"),
    ],
)
def test_bad_input_gets_a_message_never_a_500(client, pncs, changes, field):
    login(client, pncs)
    response = client.post(CREATE, _payload(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Cycle.objects.exists()


def test_a_list_where_a_value_was_expected_is_an_error_not_a_crash(client, pncs):
    login(client, pncs)
    data = _payload()
    data["offer_days"] = ["3", "4"]  # the last one counts, as in any form
    data["name"] = ["<script>alert(1)</script>", "'; DROP TABLE internships_cycle; --"]
    response = client.post(CREATE, data, follow=True)
    assert response.status_code == 200
    cycle = Cycle.objects.get()
    assert cycle.name == "'; DROP TABLE internships_cycle; --"
    assert "<script>alert(1)</script>" not in client.get(LIST).content.decode()


def test_names_are_unique_and_slugs_avoid_the_reserved_paths(client, pncs):
    login(client, pncs)
    make_cycle(name="Verano 2028", slug="otro")
    response = client.post(CREATE, _payload())
    assert "name" in response.context["form"].errors
    client.post(CREATE, _payload(name="Nuevo"))
    assert Cycle.objects.get(name="Nuevo").slug == "nuevo-2"  # /ciclos/nuevo/ opens the form
    client.post(CREATE, _payload(name="¡¡!!"))
    assert Cycle.objects.filter(slug="ciclo").exists()


def test_the_pncs_who_opened_a_cycle_changes_it_and_its_links_stay(client, pncs):
    login(client, pncs)
    client.post(CREATE, _payload())
    edit = reverse("internships:cycle_edit", kwargs={"slug": "verano-2028"})
    page = client.get(edit).content.decode()
    assert f'value="{_day(80)}"' in page  # the dates come back in the date inputs
    response = client.post(edit, _payload(name="Verano largo 2028", offer_days="10"), follow=True)
    cycle = Cycle.objects.get()
    assert (cycle.name, cycle.slug, cycle.offer_days) == ("Verano largo 2028", "verano-2028", 10)
    assert cycle.created_by == pncs
    assert "Guardamos los cambios del ciclo." in response.content.decode()


def test_a_change_out_of_order_keeps_what_was_saved(client, pncs):
    login(client, pncs)
    client.post(CREATE, _payload())
    edit = reverse("internships:cycle_edit", kwargs={"slug": "verano-2028"})
    response = client.post(edit, _payload(name="Cambiado", placement_end=_day(100)))
    assert "placement_end" in response.context["form"].errors
    cycle = Cycle.objects.get()
    assert cycle.name == "Verano 2028" and cycle.placement_end.isoformat() == _day(180)


def test_a_past_cycle_may_keep_its_past_dates_when_changed(client, ime_admin):
    # "A new cycle cannot end in the past" is for new cycles: IME fixes an old one's name.
    cycle = make_cycle(applications_open_in_days=-400)
    login(client, ime_admin)
    edit = reverse("internships:cycle_edit", kwargs={"slug": cycle.slug})
    data = {field: getattr(cycle, field).isoformat() for field in Cycle.MILESTONE_ORDER} | {
        "name": "Verano 2025 (corregido)",
        "offer_days": "5",
    }
    client.post(edit, data)
    cycle.refresh_from_db()
    assert cycle.name == "Verano 2025 (corregido)"


def test_other_pncs_staff_and_members_may_not_change_a_cycle(client, pncs):
    cycle = make_cycle(created_by=pncs)
    edit = reverse("internships:cycle_edit", kwargs={"slug": cycle.slug})
    other = _staff("tic", email="otro-pncs@example.org")
    login(client, other)
    assert client.get(edit).status_code == 403
    assert client.post(edit, _payload(name="Robado")).status_code == 403
    # They see it on the list, without the link to change it.
    assert edit not in client.get(LIST).content.decode()
    client.force_login(make_member("Ana Anfitriona").user)
    assert client.post(edit, _payload(name="Robado")).status_code == 403
    cycle.refresh_from_db()
    assert cycle.name != "Robado"
    login(client, pncs)
    assert (
        client.get(reverse("internships:cycle_edit", kwargs={"slug": "no-existe"})).status_code
        == 404
    )


def test_ime_changes_any_cycle(client, pncs, ime_admin):
    cycle = make_cycle(created_by=pncs)
    login(client, ime_admin)
    edit = reverse("internships:cycle_edit", kwargs={"slug": cycle.slug})
    response = client.post(edit, _payload(name="Cambiado por IME"))
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.name == "Cambiado por IME" and cycle.created_by == pncs


def test_the_cycle_page_offers_the_change_only_to_who_may_make_it(client, pncs, ime_admin):
    cycle = make_cycle(created_by=pncs)
    edit = reverse("internships:cycle_edit", kwargs={"slug": cycle.slug})
    assert edit not in client.get(cycle.get_absolute_url()).content.decode()
    login(client, pncs)
    assert edit in client.get(cycle.get_absolute_url()).content.decode()
    login(client, ime_admin)
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert edit in page and reverse("internships:matching", kwargs={"slug": cycle.slug}) in page


def test_the_list_counts_what_each_cycle_holds(client, pncs):
    cycle = make_cycle()
    host = make_member("Ana Anfitriona")
    published = make_posting(cycle, host, seats=2)
    make_posting(cycle, host, status=PostingStatus.SUBMITTED)
    make_posting(cycle, host, status=PostingStatus.DRAFT)
    for number in range(3):
        student = make_user(full_name=f"Estudiante {number}", account_type="student")
        make_application(published, student, status="draft" if number == 0 else "submitted")
    login(client, pncs)
    row = client.get(LIST).context["page"].object_list[0]
    assert (row.published_count, row.waiting_count, row.sent, row.placement_count) == (1, 1, 2, 0)


def test_the_list_costs_the_same_queries_for_two_cycles_or_twenty_five(client, pncs):
    login(client, pncs)
    make_cycle()
    make_cycle()
    client.get(LIST)  # the first page of a session also reads what the session caches
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(23):
        make_cycle()
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(many) == len(few)
    assert len(response.context["page"].object_list) == 20  # then the next page
    assert "Página 1 de 2" in response.content.decode()


def test_the_list_costs_the_same_queries_for_a_pncs_reading_the_cycles_they_opened(client, pncs):
    # Whether each row offers "Cambiar fechas" must not cost a query per cycle of their own.
    login(client, pncs)
    make_cycle(created_by=pncs)
    make_cycle(created_by=pncs)
    client.get(LIST)  # the first page of a session also reads what the session caches
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(23):
        make_cycle(created_by=pncs)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(many) == len(few)
    rows = response.context["page"].object_list
    assert len(rows) == 20 and all(row.editable for row in rows)
    assert response.content.decode().count("Cambiar fechas") == 20


def test_the_empty_list_says_how_to_begin(client, pncs):
    login(client, pncs)
    page = client.get(LIST + "?pagina=abc").content.decode()
    assert "Todavía no hay ciclos" in page
