"""IME's admin of the mentoring: every list and page opens, people by name and never by address;
what the services keep (an offer's load, a request's status, a relationship) is read only; the
cohorts' places taken; the streamed and logged CSV export (IME only); a deletion here frees the
mentor's place as the site would."""

import datetime
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from members.models import AccountType, StaffAccess
from mentoring import checkin_services, services
from mentoring.models import Cohort, Mentorship, Request
from tests.conftest import login, make_member, make_user

from .flows import active, proposed
from .helpers import make_cohort, make_mentee, make_offer, make_request, reload, sector

pytestmark = pytest.mark.django_db

HIDDEN = "sin-nombre@example.org"


@pytest.fixture
def nameless(db):
    """A participant who never gave a name: an account's str() would be its address."""
    return make_user(HIDDEN, account_type=AccountType.STUDENT)


@pytest.fixture
def relationship(commit, offer, nameless, staff):
    mentorship = active(commit, make_request(nameless, organisation="Agro del Bajío"), offer, staff)
    month = services.month_of(timezone.localdate())
    checkin_services.record_check_in(
        mentorship=mentorship, side="mentor", month=month, text="Bien.", hours=Decimal("2.5")
    )
    return mentorship


def _page(client, name, *args, **params):
    response = client.get(reverse(f"admin:mentoring_{name}", args=args), params)
    assert response.status_code == 200, name
    return response.content.decode()


def test_ime_opens_every_list_and_page_and_sees_no_address(
    client, ime_admin, relationship, offer, staff
):
    cohort = make_cohort(created_by=make_user("abre@example.org"))
    login(client, ime_admin)
    pages = [
        _page(client, "mentoroffer_changelist"),
        _page(client, "mentoroffer_change", offer.pk),
        _page(client, "cohort_changelist"),
        _page(client, "cohort_change", cohort.pk),
        _page(client, "cohort_add"),
        _page(client, "request_changelist"),
        _page(client, "request_change", relationship.request.pk),
        _page(client, "mentorship_changelist"),
        _page(client, "mentorship_change", relationship.pk),
    ]
    for body in pages:
        assert HIDDEN not in body
        assert "abre@example.org" not in body
    assert "Mario Mentor Soto" in pages[0]
    assert "Mario Mentor Soto" in pages[7]
    assert "2.5" in pages[8]  # the check-in inline


def test_search_finds_by_name_and_tames_bad_input(client, ime_admin, relationship):
    login(client, ime_admin)
    assert "Mario Mentor Soto" in _page(client, "mentoroffer_changelist", q="mario")
    assert "Mario Mentor Soto" not in _page(client, "mentoroffer_changelist", q="nadie")
    assert "Agro" not in _page(client, "request_changelist", q="nadie")
    for name in ("mentoroffer", "cohort", "request", "mentorship"):
        _page(client, f"{name}_changelist", q="x\x00" + "y" * 5000)


def test_what_the_services_keep_is_read_only(client, ime_admin, relationship, offer):
    login(client, ime_admin)
    offer_page = _page(client, "mentoroffer_change", offer.pk)
    assert 'name="load"' not in offer_page
    assert 'name="capacity"' in offer_page
    request_page = _page(client, "request_change", relationship.request.pk)
    assert 'name="status"' not in request_page
    assert 'name="goal"' in request_page
    assert 'name="status"' not in _page(client, "mentorship_change", relationship.pk)
    assert client.get(reverse("admin:mentoring_request_add")).status_code == 403
    assert client.get(reverse("admin:mentoring_mentorship_add")).status_code == 403


def _offer_form(offer, **changes):
    data = {
        "member": offer.member_id,
        "capacity": offer.capacity,
        "paused": "",
        "sectors": [s.pk for s in offer.sectors.all()],
        "topics": offer.topics,
        "languages": ",".join(offer.languages),
        "time_zone": offer.time_zone,
        "hours_from": offer.hours_from,
        "hours_to": offer.hours_to,
        "formats": ",".join(offer.formats),
        "hours_per_month": offer.hours_per_month,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_an_offer_changed_in_the_admin_keeps_its_load_and_copies_its_sectors(
    client, ime_admin, relationship, offer
):
    login(client, ime_admin)
    salud = sector("salud")
    response = client.post(
        reverse("admin:mentoring_mentoroffer_change", args=[offer.pk]),
        _offer_form(reload(offer), capacity=3, sectors=[salud.pk]),
    )
    assert response.status_code == 302
    offer = reload(offer)
    assert (offer.capacity, offer.load) == (3, 1)
    assert offer.sector_ids == [salud.pk]


def test_the_cohort_list_counts_the_places_taken(client, ime_admin):
    cohort = make_cohort(places=2, name="Grupo lleno")
    for _ in range(3):
        make_request(cohort=cohort)  # two take a place, the third waits
    login(client, ime_admin)
    body = _page(client, "cohort_changelist")
    assert '<td class="field-places_taken">2</td>' in body


def _cohort_form(cohort, **changes):
    data = {
        "name": cohort.name,
        "name_en": cohort.name_en,
        "slug": cohort.slug,
        "description": cohort.description,
        "sectors": [s.pk for s in cohort.sectors.all()],
        "places": cohort.places,
        "applications_close": cohort.applications_close.isoformat(),
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
    }
    data.update(changes)
    return data


def test_a_cohort_keeps_at_least_the_places_taken_and_its_dates_in_order(client, ime_admin):
    cohort = make_cohort(places=2)
    make_request(cohort=cohort)
    make_request(cohort=cohort)
    login(client, ime_admin)
    url = reverse("admin:mentoring_cohort_change", args=[cohort.pk])

    response = client.post(url, _cohort_form(cohort, places=1))
    assert response.status_code == 200
    assert "Ya hay 2 lugares tomados u ofrecidos" in response.content.decode()

    early = cohort.applications_close - datetime.timedelta(days=1)
    response = client.post(url, _cohort_form(cohort, starts_on=early.isoformat()))
    assert response.status_code == 200
    assert reload(cohort).places == 2
    assert reload(cohort).starts_on != early


def test_a_cohort_added_in_the_admin_records_who_opened_it(client, ime_admin):
    template = make_cohort(name="Molde", slug="molde")
    login(client, ime_admin)
    data = _cohort_form(template, name="Mentoría a pymes 2027", slug="pymes-2027", places=10)
    response = client.post(reverse("admin:mentoring_cohort_add"), data)
    assert response.status_code == 302
    cohort = Cohort.objects.get(slug="pymes-2027")
    assert cohort.created_by == ime_admin
    assert list(cohort.sectors.values_list("slug", flat=True)) == ["tic"]


# The CSV export


def _export(client, mentorships):
    return client.post(
        reverse("admin:mentoring_mentorship_changelist"),
        {"action": "export_csv", "_selected_action": [m.pk for m in mentorships]},
    )


def test_ime_exports_mentorships_streamed_and_logged(client, ime_admin, relationship):
    relationship.mentor.country = "CA"
    relationship.mentor.save()
    login(client, ime_admin)
    response = _export(client, [relationship])
    assert isinstance(response, StreamingHttpResponse)
    assert "no-store" in response["Cache-Control"]
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("Mario Mentor Soto,Canadá,,Agro del Bajío,")
    assert lines[1].endswith(",1,2.5")
    assert "@" not in "\n".join(lines)
    assert "Bien." not in "\n".join(lines)  # what people wrote stays on the page
    log = StaffAccess.objects.get(kind=StaffAccess.Kind.EXPORT, viewer=ime_admin)
    assert log.rows == 1
    assert log.detail == {"source": "mentoring_mentorships", "format": "csv"}


def test_the_export_is_for_ime_only(client, relationship, pncs_staff, member):
    for user in (pncs_staff, member.user):
        login(client, user)
        response = _export(client, [relationship])
        assert response.status_code in (302, 403)
        assert not isinstance(response, StreamingHttpResponse)
    assert not StaffAccess.objects.filter(kind=StaffAccess.Kind.EXPORT).exists()


# Deletions free the mentor's place


def _delete(client, commit, name, obj):
    url = reverse(f"admin:mentoring_{name}_delete", args=[obj.pk])
    response = commit(client.post, url, {"post": "yes"})
    assert response.status_code == 302


def test_deleting_a_live_mentorship_sends_the_request_back_and_frees_the_place(
    client, commit, ime_admin, offer, staff, mailoutbox
):
    request = make_request(make_mentee("Ana Activa", email="ana@example.org"))
    mentorship = active(commit, request, offer, staff)
    login(client, ime_admin)
    mailoutbox.clear()

    _delete(client, commit, "mentorship", mentorship)

    assert not Mentorship.objects.exists()
    assert reload(offer).load == 0
    assert reload(request).status == Request.Status.OPEN
    assert sorted(a for m in mailoutbox for a in m.to) == ["ana@example.org", "mentor@example.org"]


def test_deleting_a_request_with_a_proposal_frees_the_mentors_place(
    client, commit, ime_admin, offer, mentee, staff
):
    request = make_request(mentee)
    proposed(commit, request, offer, staff)
    login(client, ime_admin)

    _delete(client, commit, "request", request)

    assert not Request.objects.exists()
    assert reload(offer).load == 0


def test_deleting_an_offer_ends_its_relationships_first(
    client, commit, ime_admin, offer, mentee, staff
):
    request = make_request(mentee)
    active(commit, request, offer, staff)
    login(client, ime_admin)

    _delete(client, commit, "mentoroffer", offer)

    assert reload(request).status == Request.Status.OPEN
    assert Mentorship.objects.get().status == "cancelled"
    # The mentor may offer again: nothing is counted against the new offer.
    assert make_offer(offer.member).load == 0


def test_the_lists_take_the_same_queries_whatever_the_rows(
    client, commit, ime_admin, relationship, staff, django_assert_max_num_queries
):
    names = ("mentoroffer", "cohort", "request", "mentorship")
    login(client, ime_admin)

    def counts():
        found = {}
        for name in names:
            with django_assert_max_num_queries(40) as queries:
                _page(client, f"{name}_changelist")
            # The session's own writes (the staff's idle clock) come and go with the time.
            found[name] = len(
                [
                    q
                    for q in queries.captured_queries
                    if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
                ]
            )
        return found

    before = counts()
    for number in range(3):
        offer = make_offer(make_member(f"Mentora {number}"), sectors=("tic", "salud"))
        cohort = make_cohort(places=2)
        active(commit, make_request(cohort=cohort), offer, staff)
        make_request(make_mentee(), cohort=cohort)
    assert counts() == before
