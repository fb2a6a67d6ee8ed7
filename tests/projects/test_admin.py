"""IME's admin of the opportunities and the digest's subscriptions: every list and page opens,
people by name and never by address; the status, its history and the interests are read only;
sectors changed here reach the board's copy; the streamed and logged CSV export (IME only)."""

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from members.models import AccountType, StaffAccess
from pncs.models import Sector
from projects import digest
from projects.models import DigestSubscriber, OpportunityChange, OpportunityInterest
from tests.conftest import login, make_member, make_user

from .data import make_opportunity

pytestmark = pytest.mark.django_db

HIDDEN = "sin-nombre@example.org"
AUTHOR = "autora@example.org"


@pytest.fixture
def opportunity(db):
    author = make_user(AUTHOR, full_name="Rosa Autora Vega")
    opportunity = make_opportunity("Robots de ordeña", author=author)
    nameless = make_user(HIDDEN, account_type=AccountType.STUDENT)
    OpportunityInterest.objects.create(
        opportunity=opportunity, person=nameless, message="Nos interesa mucho."
    )
    OpportunityChange.objects.create(
        opportunity=opportunity, actor=author, from_status="draft", to_status="submitted"
    )
    return opportunity


def _page(client, name, *args, **params):
    response = client.get(reverse(f"admin:projects_{name}", args=args), params)
    assert response.status_code == 200, name
    return response.content.decode()


def test_ime_opens_every_list_and_page_and_sees_no_address(client, ime_admin, opportunity):
    reader = make_member("Tomás Lector Díaz", email="lector@example.org")
    digest.unsubscribe(reader.user_id)
    subscriber = DigestSubscriber.objects.get(user=reader.user)
    login(client, ime_admin)
    pages = [
        _page(client, "opportunity_changelist"),
        _page(client, "opportunity_change", opportunity.pk),
        _page(client, "digestsubscriber_changelist"),
        _page(client, "digestsubscriber_change", subscriber.pk),
    ]
    for body in pages:
        for address in (HIDDEN, AUTHOR, "lector@example.org"):
            assert address not in body
    assert "Rosa Autora Vega" in pages[0]
    assert "Tecnologías de la Información" in pages[0]  # its sectors
    assert "Rosa Autora Vega" in pages[1]  # the history's actor
    assert "Pendiente" in pages[1]  # the interest, read only
    assert "Tomás Lector Díaz" in pages[2]


def test_the_status_history_and_interests_are_read_only(client, ime_admin, opportunity):
    login(client, ime_admin)
    page = _page(client, "opportunity_change", opportunity.pk)
    assert 'name="status"' not in page
    assert 'name="sector_ids"' not in page
    assert 'name="author"' not in page
    assert 'name="title"' in page
    assert 'name="interests-0-message"' not in page
    assert client.get(reverse("admin:projects_opportunity_add")).status_code == 403
    assert client.get(reverse("admin:projects_digestsubscriber_add")).status_code == 403


def _form(opportunity, **changes):
    data = {
        "kind": opportunity.kind,
        "title": opportunity.title,
        "summary": opportunity.summary,
        "description": opportunity.description,
        "sectors": [sector.pk for sector in opportunity.sectors.all()],
        "countries": "US,MX",
        "organisation": "",
        "deadline": "",
        # The inlines' management forms.
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
        "interests-TOTAL_FORMS": "0",
        "interests-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_sectors_changed_here_reach_the_boards_copy_and_the_status_stays(
    client, ime_admin, opportunity
):
    login(client, ime_admin)
    salud = Sector.objects.get(slug="salud")
    response = client.post(
        reverse("admin:projects_opportunity_change", args=[opportunity.pk]),
        _form(opportunity, title="Robots de ordeña automatizada", sectors=[salud.pk]),
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.title == "Robots de ordeña automatizada"
    assert opportunity.sector_ids == [salud.pk]
    assert opportunity.status == "published"
    assert opportunity.countries == ["US", "MX"]


def test_an_unknown_country_code_is_a_message_not_an_error(client, ime_admin, opportunity):
    login(client, ime_admin)
    response = client.post(
        reverse("admin:projects_opportunity_change", args=[opportunity.pk]),
        _form(opportunity, countries="US,XX"),
    )
    assert response.status_code == 200
    assert "Códigos de país desconocidos: XX." in response.content.decode()
    response = client.post(
        reverse("admin:projects_opportunity_change", args=[opportunity.pk]),
        _form(opportunity, countries="US,\x00"),
    )
    assert response.status_code == 200
    opportunity.refresh_from_db()
    assert opportunity.countries == []


def test_search_finds_by_title_and_author_and_tames_bad_input(client, ime_admin, opportunity):
    login(client, ime_admin)
    assert "Robots de ordeña" in _page(client, "opportunity_changelist", q="ordeña")
    assert "Robots de ordeña" in _page(client, "opportunity_changelist", q="rosa autora")
    assert "Robots de ordeña" not in _page(client, "opportunity_changelist", q="nadie")
    for name in ("opportunity", "digestsubscriber"):
        _page(client, f"{name}_changelist", q="x\x00" + "y" * 5000)


def _export(client, opportunities):
    return client.post(
        reverse("admin:projects_opportunity_changelist"),
        {"action": "export_csv", "_selected_action": [o.pk for o in opportunities]},
    )


def test_ime_exports_opportunities_streamed_and_logged(client, ime_admin, opportunity):
    login(client, ime_admin)
    response = _export(client, [opportunity])
    assert isinstance(response, StreamingHttpResponse)
    assert "no-store" in response["Cache-Control"]
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("Oferta tecnológica,Robots de ordeña,")
    assert "Rosa Autora Vega" in lines[1]
    assert lines[1].endswith(",1")  # one interest
    assert "@" not in "\n".join(lines)
    assert "Nos interesa mucho" not in "\n".join(lines)
    log = StaffAccess.objects.get(kind=StaffAccess.Kind.EXPORT, viewer=ime_admin)
    assert log.rows == 1
    assert log.detail == {"source": "projects_opportunities", "format": "csv"}


def test_the_export_is_for_ime_only(client, opportunity, pncs_staff, member):
    for user in (pncs_staff, member.user):
        login(client, user)
        response = _export(client, [opportunity])
        assert response.status_code in (302, 403)
        assert not isinstance(response, StreamingHttpResponse)
    assert not StaffAccess.objects.filter(kind=StaffAccess.Kind.EXPORT).exists()


def test_the_lists_take_the_same_queries_whatever_the_rows(
    client, ime_admin, opportunity, django_assert_max_num_queries
):
    login(client, ime_admin)

    def counts():
        found = {}
        for name in ("opportunity", "digestsubscriber"):
            with django_assert_max_num_queries(40) as queries:
                _page(client, f"{name}_changelist")
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
        make_opportunity(f"Oportunidad {number}", sectors=("tic", "salud"))
        digest.unsubscribe(make_member(f"Lectora {number}").user_id)
    assert counts() == before
