"""Expert visits to Mexico (issue 16): the request and its status table, the experts suggested
from the directory, the invitation through the brokered channel, the visit with its activities
and the expert's report; who may see and do what; bad input; query counts."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from members.introductions import answer_introduction
from members.models import AccountType, Consent, IntroductionRequest
from pncs.models import Sector
from projects.models import Visit, VisitActivity, VisitChange, VisitRequest, VisitStatus
from projects.models.visits import SYSTEM_MOVES, VISIT_TRANSITIONS
from projects.visits import suggestions
from redtalentos.lib import personal_data
from tests.conftest import give_totp, login, make_member, make_pncs_staff, make_user

VS = VisitStatus
PNCS = (Consent.Purpose.PNCS_SEARCH,)


def _detail(visit_request, name="visit_detail", **extra):
    return reverse(f"projects:{name}", kwargs={"uuid": visit_request.uuid, **extra})


def make_request(requester=None, *, sector="tic", status=VS.SUBMITTED, expertise="energía solar"):
    start = timezone.localdate() + timedelta(days=30)
    return VisitRequest.objects.create(
        requester=requester,
        institution="Universidad de Sonora",
        city="Hermosillo",
        sector=Sector.objects.get(slug=sector),
        objectives="Formar al laboratorio en celdas solares.",
        expertise=expertise,
        window_start=start,
        window_end=start + timedelta(days=21),
        covers_lodging=True,
        status=status,
    )


def make_visit(visit_request, expert, *, past=False):
    days = -10 if past else 35
    arrives = timezone.localdate() + timedelta(days=days)
    if past:
        start = arrives - timedelta(days=2)
        VisitRequest.objects.filter(pk=visit_request.pk).update(
            window_start=start, window_end=start + timedelta(days=20)
        )
        visit_request.refresh_from_db()
    return Visit.objects.create(
        request=visit_request,
        expert=expert,
        arrives_on=arrives,
        leaves_on=arrives + timedelta(days=5),
    )


def _form(**overrides):
    start = timezone.localdate() + timedelta(days=20)
    data = {
        "institution": "Instituto Tecnológico de Tijuana",
        "city": "Tijuana",
        "sector": Sector.objects.get(slug="tic").pk,
        "objectives": "Un taller de ciberseguridad para el cuerpo académico.",
        "expertise": "ciberseguridad, redes",
        "window_start": start.isoformat(),
        "window_end": (start + timedelta(days=28)).isoformat(),
        "covers_lodging": "on",
        "covers_per_diem": "on",
    }
    data.update(overrides)
    return data


def make_staff(email, **fields):
    """PNCS staff with an authenticator app, so that `login` passes their second factor."""
    user = make_pncs_staff(email, **fields)
    give_totp(user)
    return user


@pytest.fixture
def pncs_staff(db):
    return make_staff("pncs@example.org")


@pytest.fixture
def institution(db):
    return make_user(
        "institucion@example.org",
        full_name="Universidad de Sonora",
        account_type=AccountType.INSTITUTION,
    )


# The status table, every move allowed and refused.

ALL_MOVES = [(a, b) for a in VS for b in VS if a != b]


@pytest.mark.parametrize(("start", "end"), ALL_MOVES, ids=[f"{a}->{b}" for a, b in ALL_MOVES])
def test_every_transition_is_allowed_or_refused_by_the_table(db, client, start, end):
    staff = make_staff("tabla@example.org")
    visit_request = make_request(status=start)
    if start == VS.CONFIRMED:
        make_visit(visit_request, make_member("Experta Tabla"), past=True)
    login(client, staff)
    client.post(_detail(visit_request, "visit_status"), {"status": end})
    visit_request.refresh_from_db()
    allowed = end in VISIT_TRANSITIONS.get(start, set()) and (start, end) not in SYSTEM_MOVES
    assert visit_request.status == (end if allowed else start)
    assert VisitChange.objects.filter(request=visit_request, to_status=end).exists() == allowed


def test_completing_waits_for_the_departure(client, pncs_staff):
    visit_request = make_request(status=VS.CONFIRMED)
    make_visit(visit_request, make_member("Experta Futura"))
    login(client, pncs_staff)
    response = client.post(
        _detail(visit_request, "visit_status"), {"status": VS.COMPLETED}, follow=True
    )
    assert "cuando ya pasó la fecha de salida" in response.content.decode()
    visit_request.refresh_from_db()
    assert visit_request.status == VS.CONFIRMED


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        (VS.SUBMITTED, VS.CANCELLED, True),
        (VS.IN_REVIEW, VS.CANCELLED, True),
        (VS.EXPERT_INVITED, VS.CANCELLED, True),
        (VS.SUBMITTED, VS.IN_REVIEW, False),
        (VS.CONFIRMED, VS.CANCELLED, False),
    ],
)
def test_the_requester_may_only_withdraw_before_confirmation(
    client, institution, start, end, allowed
):
    visit_request = make_request(institution, status=start)
    client.force_login(institution)
    client.post(_detail(visit_request, "visit_status"), {"status": end})
    visit_request.refresh_from_db()
    assert visit_request.status == (end if allowed else start)


# Suggestions.


def test_suggestions_respect_consent_sector_and_rank_by_expertise(db, django_assert_num_queries):
    visit_request = make_request(expertise="energía solar, baterías")
    best = make_member("Zoe Solar", headline="Energía solar y baterías de litio", consents=PNCS)
    good = make_member("Yago Solar", headline="Paneles de energía solar", consents=PNCS)
    hidden = make_member(
        "Ana Sin Consentimiento",
        headline="Energía solar y baterías",
        consents=(Consent.Purpose.PUBLIC_LISTING,),
    )
    other_sector = make_member(
        "Bruno Salud", headline="Energía solar", sectors=("salud",), consents=PNCS
    )
    for number in range(6):
        make_member(f"Carla Relleno {number}", headline="Redes de datos", consents=PNCS)
    with django_assert_num_queries(1):
        suggested = suggestions(visit_request)
    assert len(suggested) == 5
    assert suggested[:2] == [best, good]
    assert hidden not in suggested
    assert other_sector not in suggested


# The journey.


def test_journey_from_request_to_report(client, institution, pncs_staff):
    expert = make_member("Elena Experta", headline="Ciberseguridad de redes", consents=PNCS)
    client.force_login(institution)
    response = client.post(reverse("projects:visit_request_create"), _form())
    visit_request = VisitRequest.objects.get()
    assert response.status_code == 302
    assert response.url == visit_request.get_absolute_url()
    assert visit_request.covers() == ["hospedaje", "viáticos"]

    staff = client.__class__()
    login(staff, pncs_staff)
    staff.post(_detail(visit_request, "visit_status"), {"status": VS.IN_REVIEW})
    page = staff.get(_detail(visit_request, "visit_invite"))
    assert "Elena Experta" in page.content.decode()
    mail.outbox.clear()
    staff.post(_detail(visit_request, "visit_invite"), {"member": expert.slug, "message": ""})
    visit_request.refresh_from_db()
    assert visit_request.status == VS.EXPERT_INVITED
    introduction = IntroductionRequest.objects.get(member=expert)
    assert introduction.purpose == IntroductionRequest.Purpose.EVENT

    answer_introduction(
        introduction=introduction, member=expert, accept=True, base_url="http://testserver/"
    )
    visit_request.refresh_from_db()
    assert visit_request.status == VS.CONFIRMED
    visit = Visit.objects.get(request=visit_request)
    assert visit.expert == expert

    start = visit_request.window_start
    staff.post(
        _detail(visit_request, "visit_edit"),
        {
            "arrives_on": start.isoformat(),
            "leaves_on": (start + timedelta(days=6)).isoformat(),
            "itinerary": "Lunes: llegada. Martes: taller.",
        },
    )
    staff.post(
        _detail(visit_request, "visit_activity_add"),
        {
            "kind": VisitActivity.Kind.TALK,
            "title": "Charla inaugural",
            "when": f"{(start + timedelta(days=1)).isoformat()}T10:00",
            "place": "Auditorio",
        },
    )
    visit.refresh_from_db()
    assert visit.itinerary.startswith("Lunes")
    assert [a.title for a in visit.activities.all()] == ["Charla inaugural"]

    # The visit ends; the expert writes the report.
    Visit.objects.filter(pk=visit.pk).update(
        arrives_on=timezone.localdate() - timedelta(days=8),
        leaves_on=timezone.localdate() - timedelta(days=1),
    )
    expert_client = client.__class__()
    expert_client.force_login(expert.user)
    expert_client.post(_detail(visit_request, "visit_report"), {"report": "Todo salió bien."})
    visit.refresh_from_db()
    assert visit.report == "Todo salió bien."
    assert visit.report_at is not None
    response = client.get(visit_request.get_absolute_url())
    assert "Todo salió bien." in response.content.decode()
    assert "example.org" not in response.content.decode()


def test_a_declined_invitation_puts_the_request_back_in_review(client, pncs_staff):
    visit_request = make_request(status=VS.IN_REVIEW)
    expert = make_member("Diego Declina", headline="Energía solar", consents=PNCS)
    login(client, pncs_staff)
    client.post(_detail(visit_request, "visit_invite"), {"member": expert.slug})
    introduction = IntroductionRequest.objects.get(member=expert)
    answer_introduction(
        introduction=introduction, member=expert, accept=False, base_url="http://testserver/"
    )
    visit_request.refresh_from_db()
    assert visit_request.status == VS.IN_REVIEW
    assert not Visit.objects.exists()
    assert expert not in suggestions(visit_request)


# Permissions per view.


def _world(institution):
    visit_request = make_request(institution, status=VS.CONFIRMED)
    expert = make_member("Eva Confirmada", consents=PNCS)
    visit = make_visit(visit_request, expert)
    return visit_request, visit, expert


VIEWS = ["visit_detail", "visit_invite", "visit_edit", "visit_report"]


@pytest.mark.parametrize("name", VIEWS)
def test_outsiders_get_404(client, institution, name):
    visit_request, _visit, _expert = _world(institution)
    outsiders = [
        make_staff("salud@example.org", sectors=("salud",), name="PNCS salud"),
        make_member("Otra Persona").user,
        make_user("otro@example.org", account_type=AccountType.STUDENT),
    ]
    for outsider in outsiders:
        login(client, outsider)
        assert client.get(_detail(visit_request, name)).status_code == 404
    client.logout()
    response = client.get(_detail(visit_request, name))
    assert response.status_code == 302 and "/cuenta/" in response.url


@pytest.mark.parametrize(
    ("name", "requester", "staff", "expert"),
    [
        ("visit_detail", 200, 200, 200),
        ("visit_invite", 403, 200, 403),
        ("visit_edit", 403, 200, 403),
        ("visit_report", 403, 403, 200),
    ],
)
def test_who_sees_each_page(client, institution, pncs_staff, name, requester, staff, expert):
    visit_request, _visit, member = _world(institution)
    client.force_login(institution)
    assert client.get(_detail(visit_request, name)).status_code == requester
    login(client, pncs_staff)
    assert client.get(_detail(visit_request, name)).status_code == staff
    client.force_login(member.user)
    assert client.get(_detail(visit_request, name)).status_code == expert


def test_staff_without_second_factor_is_not_staff(client, pncs_staff, institution):
    visit_request, _visit, _expert = _world(institution)
    client.force_login(pncs_staff)  # password only
    assert client.get(_detail(visit_request, "visit_detail")).status_code == 404


def test_members_cannot_request_visits_but_participants_and_pncs_can(
    client, member, institution, pncs_staff
):
    url = reverse("projects:visit_request_create")
    client.force_login(member.user)
    assert client.get(url).status_code == 403
    client.force_login(institution)
    assert client.get(url).status_code == 200
    login(client, pncs_staff)
    assert client.get(url).status_code == 200


def test_the_list_shows_each_person_their_requests(client, institution, pncs_staff):
    mine = make_request(institution)
    health = make_request(None, sector="salud")
    client.force_login(institution)
    page = client.get(reverse("projects:visit_list")).content.decode()
    assert mine.get_absolute_url() in page and health.get_absolute_url() not in page
    login(client, pncs_staff)
    page = client.get(reverse("projects:visit_list")).content.decode()
    assert mine.get_absolute_url() in page and health.get_absolute_url() not in page


def test_staff_list_queries_stay_flat(client, pncs_staff, django_assert_max_num_queries):
    for number in range(8):
        visit_request = make_request(status=VS.CONFIRMED)
        make_visit(visit_request, make_member(f"Experto {number}"))
    login(client, pncs_staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:visit_list"))
    assert response.content.decode().count("Experto ") == 8


def test_detail_queries_stay_flat(client, pncs_staff, django_assert_max_num_queries):
    visit_request = make_request(status=VS.CONFIRMED)
    visit = make_visit(visit_request, make_member("Experta Consultas"))
    for number in range(6):
        VisitActivity.objects.create(
            visit=visit,
            kind="talk",
            title=f"Charla {number}",
            when=timezone.make_aware(datetime.combine(visit.arrives_on, datetime.min.time())),
        )
    login(client, pncs_staff)
    with django_assert_max_num_queries(16):
        response = client.get(visit_request.get_absolute_url())
    assert response.content.decode().count("Charla ") == 6


# Bad input: a message, never a 500, nothing written.


@pytest.mark.parametrize(
    "overrides",
    [
        {"window_end": "SHORT"},  # replaced below: 13 days
        {"window_end": "LONG"},  # 43 days
        {"window_start": "ayer-no", "window_end": "31/02/2027"},
        {"window_start": "2020-01-01", "window_end": "2020-01-20"},
        {"sector": "99999"},
        {"objectives": ""},
    ],
)
def test_bad_requests_are_refused_with_a_message(client, institution, overrides):
    data = _form()
    start = date.fromisoformat(data["window_start"])
    if overrides.get("window_end") == "SHORT":
        overrides = {"window_end": (start + timedelta(days=13)).isoformat()}
    elif overrides.get("window_end") == "LONG":
        overrides = {"window_end": (start + timedelta(days=43)).isoformat()}
    data.update(overrides)
    client.force_login(institution)
    response = client.post(reverse("projects:visit_request_create"), data)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()
    assert not VisitRequest.objects.exists()


def test_the_database_refuses_a_window_out_of_range(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        start = timezone.localdate()
        VisitRequest.objects.create(
            institution="X",
            city="Y",
            sector=Sector.objects.get(slug="tic"),
            objectives="Z",
            expertise="W",
            window_start=start,
            window_end=start + timedelta(days=7),
        )


def test_inviting_twice_is_refused(client, pncs_staff):
    visit_request = make_request(status=VS.IN_REVIEW)
    first = make_member("Fer Primera", headline="Energía solar", consents=PNCS)
    second = make_member("Gus Segundo", headline="Energía solar", consents=PNCS)
    login(client, pncs_staff)
    client.post(_detail(visit_request, "visit_invite"), {"member": first.slug})
    response = client.post(
        _detail(visit_request, "visit_invite"), {"member": second.slug}, follow=True
    )
    assert response.status_code == 200
    assert IntroductionRequest.objects.count() == 1
    # A member not among the suggestions (no consent) is refused by the form.
    visit_request.status = VS.IN_REVIEW
    visit_request.save()
    shy = make_member("Hugo Reservado", headline="Energía solar", consents=())
    response = client.post(_detail(visit_request, "visit_invite"), {"member": shy.slug})
    assert response.status_code == 200
    assert not IntroductionRequest.objects.filter(member=shy).exists()


def test_a_report_before_the_visit_ends_is_refused(client, institution):
    visit_request, visit, expert = _world(institution)
    client.force_login(expert.user)
    response = client.post(
        _detail(visit_request, "visit_report"), {"report": "Demasiado pronto."}, follow=True
    )
    assert response.status_code == 200
    assert "cuando la visita termina" in response.content.decode()
    visit.refresh_from_db()
    assert visit.report == ""


def test_visit_dates_outside_the_window_and_garbage_are_refused(client, pncs_staff):
    visit_request = make_request(status=VS.CONFIRMED)
    visit = make_visit(visit_request, make_member("Iris Fechas"))
    login(client, pncs_staff)
    for arrives, leaves in [
        ("2001-01-01", "2001-01-05"),
        ("no-es-fecha", "tampoco"),
        (visit.leaves_on.isoformat(), visit.arrives_on.isoformat()),
    ]:
        response = client.post(
            _detail(visit_request, "visit_edit"),
            {"arrives_on": arrives, "leaves_on": leaves, "itinerary": ""},
        )
        assert response.status_code == 200
    response = client.post(
        _detail(visit_request, "visit_activity_add"),
        {"kind": "talk", "title": "Fuera", "when": "2001-01-01T10:00"},
    )
    assert response.status_code == 200
    response = client.post(
        _detail(visit_request, "visit_activity_add"), {"kind": "nada", "when": "basura"}
    )
    assert response.status_code == 200
    response = client.post(_detail(visit_request, "visit_activity_remove", pk=987654), follow=True)
    assert response.status_code == 200
    visit.refresh_from_db()
    assert visit.arrives_on == timezone.localdate() + timedelta(days=35)
    assert not visit.activities.exists()


def test_garbage_status_is_a_message(client, pncs_staff):
    visit_request = make_request()
    login(client, pncs_staff)
    response = client.post(_detail(visit_request, "visit_status"), {"status": "x"}, follow=True)
    assert response.status_code == 200
    visit_request.refresh_from_db()
    assert visit_request.status == VS.SUBMITTED


# Personal data, figures.


def test_personal_data_export_and_erase(institution):
    _visit_request, visit, expert = _world(institution)
    Visit.objects.filter(pk=visit.pk).update(report="Mi informe")
    data = personal_data.export(user=expert.user, member=expert)
    assert data["projects"]["expert_visits"]["as_expert"][0]["report"] == "Mi informe"
    data = personal_data.export(user=institution, member=None)
    assert data["projects"]["expert_visits"]["requested"][0]["city"] == "Hermosillo"
    personal_data.erase(user=expert.user, member=expert)
    visit.refresh_from_db()
    assert visit.report == ""


def test_work_programme_shows_visits_by_status_and_sector(db):
    from pncs.figures import figures_for

    make_request(status=VS.CONFIRMED)
    make_request(status=VS.SUBMITTED, sector="salud")
    tic = Sector.objects.get(slug="tic")
    blocks = [b for b in figures_for({tic.pk}) if b.line_of_work == "visits"]
    assert len(blocks) == 1
    assert blocks[0].tables[0].rows == [[VS.CONFIRMED.label, 1]]


# Demo data.


def test_demo_visits_in_several_states_once(ime_admin):
    from projects.visit_demo import seed_visits

    for sector in ("tic", "hidrocarburos-energias-alternativas"):
        make_member(f"Experto Demo {sector}", sectors=(sector,), consents=PNCS)
    mail.outbox.clear()
    made = seed_visits(ime=ime_admin)
    assert made == {"requests": 4, "visits": 2, "activities": 8}
    assert sorted(VisitRequest.objects.values_list("status", flat=True)) == sorted(
        [VS.SUBMITTED, VS.IN_REVIEW, VS.CONFIRMED, VS.COMPLETED]
    )
    done = Visit.objects.get(request__status=VS.COMPLETED)
    assert done.report and done.leaves_on < timezone.localdate()
    assert Visit.objects.get(request__status=VS.CONFIRMED).activities.count() == 4
    assert mail.outbox == []
    assert seed_visits(ime=ime_admin) == {"requests": 0, "visits": 0, "activities": 0}


@pytest.mark.parametrize("name", ["visit_status", "visit_activity_add"])
def test_post_only_pages_refuse_a_get_even_to_visitors(db, client, name):
    visit_request = make_request()
    assert client.get(_detail(visit_request, name)).status_code == 405
