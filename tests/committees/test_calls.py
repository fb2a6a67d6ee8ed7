"""The calls' pages: the list, opening and changing a call, its status, criteria, required
documents and phases, and who may do each (committees.call_views)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from committees.models import Call, Criterion, Proposal, RequiredDocument, ReviewPhase
from members.data_rights import delete_account
from pncs.models import Sector
from redtalentos.lib import personal_data
from tests.committees.helpers import make_call, make_proposal
from tests.conftest import give_totp, login, make_member, make_pncs_staff, make_user

CS = Call.Status


def staff(sectors=("tic",), name="PNCS TIC"):
    user = make_pncs_staff(None, sectors=sectors, name=name)
    give_totp(user)
    return user


def signed_in(client, user):
    login(client, user)
    return client


def said(response):
    """The messages waiting to be shown (those of earlier redirects not followed included)."""
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def url(name, call, **kwargs):
    return reverse(f"committees:{name}", kwargs={"slug": call.slug, **kwargs})


def call_data(**overrides):
    data = {
        "title": "Innovación en salud digital",
        "slug": "",
        "description": "Proyectos de salud digital con hospitales mexicanos.",
        "sectors": [Sector.objects.get(slug="tic").pk],
        "opens_at": "2030-01-10T09:00",
        "closes_at": "2030-03-10T18:00",
        "blind": "on",
        "reviewers_per_proposal": "3",
        "max_per_reviewer": "10",
        "languages": ["es", "en"],
    }
    data.update(overrides)
    return data


# The list


def test_visitors_see_published_and_decided_calls_newest_deadline_first(client, db):
    later = make_call(title="La de fecha lejana")
    decided = make_call(title="La decidida", status=CS.DECIDED, closed=True)
    make_call(title="El borrador", status=CS.DRAFT)
    make_proposal(later)
    make_proposal(later)
    response = client.get(reverse("committees:call_list"))
    assert response.status_code == 200
    assert [call.pk for call in response.context["calls"]] == [later.pk, decided.pk]
    assert response.context["calls"][0].proposal_count == 2
    assert "El borrador" not in response.text
    assert "Abrir una convocatoria" not in response.text


def test_staff_see_their_sectors_drafts_and_the_way_to_open_one(client, db):
    make_call(title="Borrador de TIC", status=CS.DRAFT)
    make_call(title="Borrador de salud", status=CS.DRAFT, sectors=("salud",))
    response = signed_in(client, staff()).get(reverse("committees:call_list"))
    assert "Borrador de TIC" in response.text
    assert "Borrador de salud" not in response.text
    assert "Abrir una convocatoria" in response.text


def test_the_list_is_empty_politely_and_renders_in_english(client, db):
    assert "No hay convocatorias" in client.get(reverse("committees:call_list")).text
    make_call(title="Una convocatoria")
    assert client.get("/en/convocatorias/").status_code == 200


# Measured: the session, the account and its second factor, the staff member's sectors (for
# the list and for the link), the count, the page and its sectors, the session saved, whatever
# the list's size.
QUERIES = 11


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_costs_the_same_queries_whatever_its_size(
    client, db, size, django_assert_num_queries
):
    for _number in range(size):
        call = make_call(sectors=("tic", "salud"))
        make_proposal(call)
    signed_in(client, staff())
    with django_assert_num_queries(QUERIES) as captured:
        response = client.get(reverse("committees:call_list"))
    assert response.status_code == 200
    assert len(response.context["calls"]) == size
    assert captured


def test_the_list_paginates_and_a_garbage_page_shows_the_first(client, db):
    for _number in range(23):
        make_call()
    second = client.get(reverse("committees:call_list"), {"pagina": "2"})
    assert len(second.context["calls"]) == 3
    garbage = client.get(reverse("committees:call_list"), {"pagina": "x'; DROP TABLE--"})
    assert garbage.status_code == 200
    assert garbage.context["page"].number == 1


# Opening a call


def test_ime_opens_a_draft_whose_slug_comes_from_its_title(client, db, ime_admin):
    response = signed_in(client, ime_admin).post(reverse("committees:call_create"), call_data())
    call = Call.objects.get()
    assert response.status_code == 302
    assert response.url == call.get_absolute_url()
    assert call.slug == "innovacion-en-salud-digital"
    assert call.status == CS.DRAFT
    assert call.opened_by == ime_admin
    assert call.languages == ["es", "en"]
    assert "borrador" in said(response)


def test_a_second_call_with_the_same_title_gets_its_own_slug(client, db, ime_admin):
    make_call(slug="innovacion-en-salud-digital")
    signed_in(client, ime_admin).post(reverse("committees:call_create"), call_data())
    assert Call.objects.filter(slug="innovacion-en-salud-digital-2").exists()


def test_pncs_staff_open_calls_only_in_their_sectors(client, db):
    pncs = staff()
    signed_in(client, pncs)
    health = Sector.objects.get(slug="salud").pk
    refused = client.post(reverse("committees:call_create"), call_data(sectors=[health]))
    assert refused.status_code == 200
    assert "sectors" in refused.context["form"].errors
    assert not Call.objects.exists()
    client.post(reverse("committees:call_create"), call_data())
    assert Call.objects.get().opened_by == pncs


@pytest.mark.parametrize("who", ["member", "participant", "pncs_without_mfa"])
def test_others_may_not_open_a_call(client, db, who):
    users = {
        "member": lambda: make_member("Mara Miembro").user,
        "participant": lambda: make_user(account_type="institution"),
        "pncs_without_mfa": lambda: make_pncs_staff(None),
    }
    client.force_login(users[who]())
    assert client.get(reverse("committees:call_create")).status_code == 403
    assert client.post(reverse("committees:call_create"), call_data()).status_code == 403
    assert not Call.objects.exists()


def test_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("committees:call_create"))
    assert response.status_code == 302
    assert "/cuenta/" in response.url or "login" in response.url


@pytest.mark.parametrize(
    "field,value",
    [
        ("closes_at", "2030-01-01T09:00"),
        ("closes_at", "2030-01-10T09:00"),
        ("opens_at", "mañana temprano"),
        ("closes_at", "2030-02-31T10:00"),
        ("sectors", ["999999"]),
        ("sectors", ["tic"]),
        ("reviewers_per_proposal", "0"),
        ("reviewers_per_proposal", "10"),
        ("max_per_reviewer", "201"),
        ("max_per_reviewer", str(10**30)),
        ("languages", []),
        ("languages", ["fr"]),
        ("slug", "nueva"),
        ("slug", "<script>alert(1)</script>"),
        ("title", ""),
    ],
)
def test_bad_input_gets_a_form_error_never_a_500(client, db, ime_admin, field, value):
    response = signed_in(client, ime_admin).post(
        reverse("committees:call_create"), call_data(**{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors or field == "sectors"
    assert response.context["form"].errors
    assert not Call.objects.exists()


def test_closing_before_opening_says_so(client, db, ime_admin):
    response = signed_in(client, ime_admin).post(
        reverse("committees:call_create"), call_data(closes_at="2030-01-01T09:00")
    )
    assert "posterior a la apertura" in response.text


# A call's page


def test_a_draft_does_not_exist_for_visitors_but_its_staff_see_it(client, db):
    draft = make_call(status=CS.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert signed_in(client, staff()).get(draft.get_absolute_url()).status_code == 200


def test_a_published_call_shows_its_rules_and_invites_applicants(client, db):
    call = make_call(description="Buscamos sensores para el campo.")
    RequiredDocument.objects.create(call=call, name="Carta del rector")
    ReviewPhase.objects.create(call=call, name="Primera ronda")
    applicant = make_user(account_type="institution")
    response = signed_in(client, applicant).get(call.get_absolute_url())
    assert response.status_code == 200
    for text in ("Buscamos sensores", "Calidad científica", "Carta del rector", "Primera ronda"):
        assert text in response.text
    assert url("proposal_create", call) in response.text
    assert url("call_edit", call) not in response.text


def test_a_closed_call_offers_no_way_to_propose(client, db):
    call = make_call(closed=True)
    response = signed_in(client, make_user(account_type="institution")).get(call.get_absolute_url())
    assert url("proposal_create", call) not in response.text
    assert "no recibe propuestas" in response.text


def test_the_calls_staff_see_the_management_links(client, db):
    pncs = staff()
    call = make_call(opened_by=pncs)
    response = signed_in(client, pncs).get(call.get_absolute_url())
    assert url("call_edit", call) in response.text
    assert "Gestión de la convocatoria" in response.text


def test_a_decided_call_lists_its_accepted_proposals_only(client, db):
    call = make_call(status=CS.DECIDED, closed=True)
    make_proposal(call, title="Riego inteligente", status=Proposal.Status.ACCEPTED)
    make_proposal(call, title="Propuesta rechazada", status=Proposal.Status.REJECTED)
    response = client.get(call.get_absolute_url())
    assert "Riego inteligente" in response.text
    assert "Propuesta rechazada" not in response.text
    assert client.get("/en" + call.get_absolute_url()).status_code == 200


# Changing a call


def test_the_opener_changes_the_call_and_keeps_its_address(client, db):
    pncs = staff()
    call = make_call(opened_by=pncs, status=CS.DRAFT)
    signed_in(client, pncs)
    assert client.get(url("call_edit", call)).status_code == 200
    response = client.post(
        url("call_edit", call), call_data(title="Título nuevo", slug="otra-direccion")
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.title == "Título nuevo"
    assert call.slug.startswith("convocatoria-")
    assert "Cambios guardados." in said(response)


def test_a_bad_change_shows_the_error_and_changes_nothing(client, db):
    pncs = staff()
    call = make_call(opened_by=pncs)
    response = signed_in(client, pncs).post(
        url("call_edit", call), call_data(title="Otro", closes_at="2029-01-01T00:00")
    )
    assert response.status_code == 200
    assert "posterior a la apertura" in response.text
    call.refresh_from_db()
    assert call.title != "Otro"


def test_staff_of_the_sector_who_did_not_open_it_may_not_change_it(client, db):
    call = make_call(opened_by=staff())
    other = staff(name="PNCS TIC 2")
    signed_in(client, other)
    assert client.get(url("call_edit", call)).status_code == 403
    assert client.post(url("criterion_add", call), {"criterion-name": "X"}).status_code == 403


def test_a_member_gets_403_on_a_published_call_and_404_on_a_draft(client, db):
    published, draft = make_call(), make_call(status=CS.DRAFT)
    signed_in(client, make_member("Mara Miembro").user)
    assert client.get(url("call_edit", published)).status_code == 403
    assert client.get(url("call_edit", draft)).status_code == 404
    assert client.get(reverse("committees:call_edit", args=["no-existe"])).status_code == 404


# Status


def test_ime_publishes_a_draft_with_criteria(client, db, ime_admin):
    call = make_call(status=CS.DRAFT)
    response = signed_in(client, ime_admin).post(url("call_status", call), {"status": "published"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == CS.PUBLISHED
    assert "publicada" in said(response)


def test_a_draft_without_criteria_is_not_published_and_is_told_why(client, db, ime_admin):
    call = make_call(status=CS.DRAFT)
    call.criteria.all().delete()
    response = signed_in(client, ime_admin).post(url("call_status", call), {"status": "published"})
    call.refresh_from_db()
    assert call.status == CS.DRAFT
    assert "criterio" in said(response)


@pytest.mark.parametrize("status", ["draft", "cualquiera", ""])
def test_an_unknown_or_disallowed_status_changes_nothing(client, db, ime_admin, status):
    call = make_call()
    response = signed_in(client, ime_admin).post(url("call_status", call), {"status": status})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == CS.PUBLISHED
    assert said(response)


def test_every_change_of_a_call_is_kept_in_its_history_and_shown_to_its_staff(client, db):
    pncs = staff()
    signed_in(client, pncs)
    client.post(reverse("committees:call_create"), call_data())
    call = Call.objects.get()
    Criterion.objects.create(call=call, name="Impacto", weight=2)
    client.post(url("call_status", call), {"status": "published"})
    client.post(url("call_status", call), {"status": "draft"})  # refused: not in the table
    history = [(c.from_status, c.to_status, c.actor) for c in call.history.all()]
    assert history == [("", CS.DRAFT, pncs), (CS.DRAFT, CS.PUBLISHED, pncs)]
    page = client.get(url("call_edit", call)).content.decode()
    assert "Historial" in page
    assert f"Borrador → <strong>Publicada</strong> · {pncs.full_name}</li>" in page


def test_a_call_changed_by_someone_whose_account_is_gone_keeps_its_history(client, db):
    pncs = staff()
    call = make_call(opened_by=pncs, status=CS.DRAFT)
    signed_in(client, pncs).post(url("call_status", call), {"status": "published"})
    download = personal_data.export(user=pncs, member=None)["committees"]["committee_staff_actions"]
    assert download["call_status_changes"] == 1
    delete_account(user=pncs)
    [change] = call.history.all()
    assert (change.to_status, change.actor) == (CS.PUBLISHED, None)


def test_the_status_is_changed_by_post_only_and_by_the_rightful_staff(client, db):
    call = make_call()
    signed_in(client, make_member("Mara Miembro").user)
    assert client.get(url("call_status", call)).status_code == 405
    assert client.post(url("call_status", call), {"status": "cancelled"}).status_code == 403
    call.refresh_from_db()
    assert call.status == CS.PUBLISHED


# Criteria


def test_the_opener_adds_and_removes_a_criterion(client, db):
    pncs = staff()
    call = make_call(opened_by=pncs, status=CS.DRAFT)
    signed_in(client, pncs)
    response = client.post(
        url("criterion_add", call),
        {"criterion-name": "Viabilidad", "criterion-weight": "3", "criterion-scale_max": "5"},
    )
    assert response.status_code == 302
    added = call.criteria.get(name="Viabilidad")
    assert (added.weight, added.scale_max, added.position) == (3, 5, 2)
    response = client.post(url("criterion_remove", call, pk=added.pk))
    assert response.status_code == 302
    assert not call.criteria.filter(name="Viabilidad").exists()
    assert "Criterio quitado." in said(response)


@pytest.mark.parametrize(
    "weight,scale",
    [("0", "5"), (str(10**30), "5"), ("2", "1"), ("2", "11"), ("dos", "5"), ("-1", "5")],
)
def test_a_criterion_out_of_range_is_refused_with_the_form(client, db, ime_admin, weight, scale):
    call = make_call(status=CS.DRAFT)
    response = signed_in(client, ime_admin).post(
        url("criterion_add", call),
        {"criterion-name": "Viabilidad", "criterion-weight": weight, "criterion-scale_max": scale},
    )
    assert response.status_code == 400
    assert response.context["criterion_form"].errors
    assert not call.criteria.filter(name="Viabilidad").exists()


def test_a_criterion_of_another_call_is_not_found(client, db, ime_admin):
    call, other = make_call(), make_call()
    criterion = other.criteria.first()
    response = signed_in(client, ime_admin).post(url("criterion_remove", call, pk=criterion.pk))
    assert response.status_code == 404
    assert Criterion.objects.filter(pk=criterion.pk).exists()


# Required documents


def test_the_opener_asks_for_a_document_and_drops_it(client, db, ime_admin):
    call = make_call(status=CS.DRAFT)
    signed_in(client, ime_admin)
    response = client.post(url("required_add", call), {"document-name": "Carta del rector"})
    assert "Documento requerido agregado." in said(response)
    required = call.required_documents.get()
    client.post(url("required_remove", call, pk=required.pk))
    assert not call.required_documents.exists()


def test_documents_do_not_change_once_proposals_arrived(client, db, ime_admin):
    call = make_call()
    required = RequiredDocument.objects.create(call=call, name="Carta")
    make_proposal(call)
    signed_in(client, ime_admin)
    response = client.post(url("required_remove", call, pk=required.pk))
    assert "no se puede quitar" in said(response)
    assert RequiredDocument.objects.filter(pk=required.pk).exists()
    response = client.post(url("required_add", call), {"document-name": "Otra"})
    assert "no se puede pedir" in said(response)
    assert call.required_documents.count() == 1


def test_a_nameless_or_huge_document_name_is_refused(client, db, ime_admin):
    call = make_call(status=CS.DRAFT)
    signed_in(client, ime_admin)
    for name in ("", "x" * 5000):
        response = client.post(url("required_add", call), {"document-name": name})
        assert response.status_code == 400
    assert not call.required_documents.exists()


# Phases


def test_the_opener_adds_changes_and_activates_a_phase(client, db):
    pncs = staff()
    call = make_call(opened_by=pncs, closed=True)
    proposal = make_proposal(call)
    signed_in(client, pncs)
    client.post(
        url("phase_add", call),
        {"phase-name": "Primera ronda", "phase-can_write": "on", "phase-other_reviews": "never"},
    )
    phase = call.phases.get()
    assert (phase.can_write, phase.hide_names) == (True, False)
    assert client.get(url("phase_edit", call, pk=phase.pk)).status_code == 200
    client.post(
        url("phase_edit", call, pk=phase.pk),
        {"phase-name": "Ronda única", "phase-other_reviews": "after_own", "phase-hide_names": "on"},
    )
    phase.refresh_from_db()
    assert (phase.name, phase.other_reviews, phase.hide_names) == ("Ronda única", "after_own", True)
    response = client.post(url("phase_activate", call, pk=phase.pk))
    assert "está activa" in said(response)
    phase.refresh_from_db()
    proposal.refresh_from_db()
    assert phase.is_active
    assert proposal.status == Proposal.Status.IN_REVIEW


def test_a_phase_does_not_start_before_the_deadline(client, db, ime_admin):
    call = make_call()
    phase = ReviewPhase.objects.create(call=call, name="Ronda")
    response = signed_in(client, ime_admin).post(url("phase_activate", call, pk=phase.pk))
    assert "cierra la recepción" in said(response)
    phase.refresh_from_db()
    assert not phase.is_active


def test_a_bad_phase_is_refused_with_the_form(client, db, ime_admin):
    call = make_call(status=CS.DRAFT)
    response = signed_in(client, ime_admin).post(
        url("phase_add", call), {"phase-name": "", "phase-other_reviews": "siempre"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "other_reviews"}
    assert not call.phases.exists()


def test_phases_are_changed_only_by_the_rightful_staff(client, db):
    call = make_call(opened_by=staff(), closed=True)
    phase = ReviewPhase.objects.create(call=call, name="Ronda")
    signed_in(client, staff(name="PNCS TIC 2"))
    assert client.get(url("phase_edit", call, pk=phase.pk)).status_code == 403
    assert client.post(url("phase_activate", call, pk=phase.pk)).status_code == 403
    phase.refresh_from_db()
    assert not phase.is_active


def test_the_edit_page_renders_in_english(client, db, ime_admin):
    call = make_call()
    ReviewPhase.objects.create(call=call, name="Ronda")
    response = signed_in(client, ime_admin).get("/en" + url("call_edit", call))
    assert response.status_code == 200


def test_a_title_with_markup_is_shown_as_text(client, db, ime_admin):
    signed_in(client, ime_admin).post(
        reverse("committees:call_create"), call_data(title="<script>alert(1)</script> Salud")
    )
    call = Call.objects.get()
    assert call.slug == "scriptalert1script-salud"
    response = client.get(call.get_absolute_url())
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_a_slug_already_taken_is_a_form_error(client, db, ime_admin):
    make_call(slug="salud-digital")
    response = signed_in(client, ime_admin).post(
        reverse("committees:call_create"), call_data(slug="salud-digital")
    )
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert Call.objects.count() == 1


def test_the_form_to_open_a_call_renders_in_english(client, db, ime_admin):
    response = signed_in(client, ime_admin).get("/en" + reverse("committees:call_create"))
    assert response.status_code == 200


# The admin


def test_ime_reads_and_changes_calls_in_the_admin(client, db, ime_admin):
    call = make_call()
    RequiredDocument.objects.create(call=call, name="Carta del rector")
    ReviewPhase.objects.create(call=call, name="Primera ronda")
    signed_in(client, ime_admin)
    changelist = client.get(reverse("admin:committees_call_changelist"), {"q": "innovación\x00"})
    assert changelist.status_code == 200
    page = client.get(reverse("admin:committees_call_change", args=[call.pk]))
    assert page.status_code == 200
    assert "Carta del rector" in page.text
    assert "Primera ronda" in page.text
