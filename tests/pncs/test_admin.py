"""The admin of sectors, contact points and work-programme activities (IME only)."""

import pytest

from members.models import Consent
from pncs.models import WorkProgrammeActivity
from tests.conftest import login, make_member
from tests.pncs.conftest import make_activity


@pytest.mark.parametrize(
    "path",
    [
        "/admin/pncs/sector/",
        "/admin/pncs/sector/1/change/",
        "/admin/pncs/contactpoint/",
        "/admin/pncs/workprogrammeactivity/",
        "/admin/pncs/workprogrammeactivity/add/",
    ],
)
def test_admin_pages_answer_ime(client, ime_admin, path):
    login(client, ime_admin)
    assert client.get(path).status_code == 200


def test_admin_activity_search_filters_and_garbage(client, ime_admin, tic):
    activity = make_activity(tic, title="Misión comercial a Detroit", status="done")
    login(client, ime_admin)
    url = "/admin/pncs/workprogrammeactivity/"
    assert "Misión comercial a Detroit" in client.get(url, {"q": "Detroit"}).content.decode()
    assert client.get(url, {"status__exact": "done"}).status_code == 200
    assert client.get(url, {"contact_point__id__exact": tic.pk}).status_code == 200
    assert client.get(url, {"starts_on__year": "2026"}).status_code == 200
    assert client.get(url, {"q": "\x00" + "'; DROP TABLE x; --" * 50}).status_code == 200
    assert client.get(f"{url}{activity.pk}/history/").status_code == 200


def test_admin_refuses_a_member_without_consent_to_pncs_search(client, ime_admin, tic):
    without = make_member("Sin Consentimiento", sectors=("tic",))
    with_consent = make_member(
        "Con Consentimiento", sectors=("tic",), consents=(Consent.Purpose.PNCS_SEARCH,)
    )
    login(client, ime_admin)
    data = {
        "contact_point": tic.pk,
        "title": "Desde el admin",
        "line_of_work": "mentoring",
        "status": "planned",
        "starts_on": "2026-01-10",
        "members": [without.pk],
        # The history inline's management form.
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/pncs/workprogrammeactivity/add/", data)
    assert response.status_code == 200
    assert not WorkProgrammeActivity.objects.exists()
    data["members"] = [with_consent.pk]
    response = client.post("/admin/pncs/workprogrammeactivity/add/", data)
    assert response.status_code == 302
    assert list(WorkProgrammeActivity.objects.get().members.all()) == [with_consent]


def test_pncs_staff_cannot_open_the_admin(client, tic_staff):
    login(client, tic_staff)
    response = client.get("/admin/pncs/workprogrammeactivity/")
    assert response.status_code in (302, 403)
