"""New-chapter proposals: a member proposes, IME approves in the admin, the chapter is born."""

import pytest

from chapters.models import Chapter, ChapterProposal, ChapterRole
from chapters.services import ChapterActionRefused, approve_proposal
from tests.chapters.helpers import as_user
from tests.conftest import login, make_member

URL = "/capitulos/proponer/"
VALID = {
    "city": "Madrid",
    "country": "ES",
    "founding_members": "Lucía Hernández, Marco Salinas",
    "purpose": "Reunir a la comunidad científica mexicana en Madrid.",
}


# Where the new chapters go on the map (IME confirms one when approving).
POSITION = {"latitude": 40.42, "longitude": -3.7, "base_url": "http://testserver/"}


def _admin_action(client, action, proposals):
    data = {"action": action, "_selected_action": [p.pk for p in proposals]}
    if action == "approve":  # the position page, confirmed with the country's centre it offers
        data["confirm"] = "yes"
        for p in proposals:
            data.update({f"p{p.pk}-latitude": "40.46", f"p{p.pk}-longitude": "-3.75"})
    return client.post("/admin/chapters/chapterproposal/", data, follow=True)


def test_member_proposes_a_chapter(client, member):
    login(client, member.user)
    assert client.get(URL).status_code == 200
    response = client.post(URL, VALID)
    assert response.status_code == 302
    proposal = ChapterProposal.objects.get()
    assert (proposal.proposer, proposal.city, proposal.country.code) == (member, "Madrid", "ES")
    assert proposal.status == ChapterProposal.Status.PENDING
    html = client.get(URL).content.decode()
    assert "está en revisión" in html
    assert '<form method="post" class="form' not in html


def test_second_pending_proposal_is_refused(client, member):
    login(client, member.user)
    client.post(URL, VALID)
    client.post(URL, {**VALID, "city": "París", "country": "FR"})
    assert ChapterProposal.objects.count() == 1
    with pytest.raises(ChapterActionRefused):
        from chapters.services import submit_proposal

        submit_proposal(proposer=member, **{**VALID, "city": "Roma", "country": "IT"})


def test_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/login/")


@pytest.mark.parametrize("persona", ["participant", "pncs_staff", "ime_admin"])
def test_accounts_without_a_member_profile_get_403(client, persona, request):
    login(client, as_user(request.getfixturevalue(persona)))
    assert client.get(URL).status_code == 403
    assert client.post(URL, VALID).status_code == 403
    assert not ChapterProposal.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {**VALID, "country": "XX"},
        {**VALID, "country": "<script>"},
        {**VALID, "city": "x" * 121},
        {**VALID, "purpose": "p" * 3001},
        {**VALID, "founding_members": "nulo \x00"},
        {**VALID, "country": ["ES", "XX"]},  # the last value counts
    ],
)
def test_garbage_proposal_gets_form_errors(client, member, data):
    login(client, member.user)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ChapterProposal.objects.exists()


def test_admin_approve_action_creates_chapter_in_formation_with_coordinator(
    client, member, ime_admin
):
    proposal = ChapterProposal.objects.create(proposer=member, **VALID)
    login(client, ime_admin)
    response = _admin_action(client, "approve", [proposal])
    assert response.status_code == 200
    chapter = Chapter.objects.get(slug="madrid")
    assert chapter.status == Chapter.Status.IN_FORMATION
    assert (chapter.city, chapter.country.code) == ("Madrid", "ES")
    role = ChapterRole.objects.get(chapter=chapter)
    assert (role.user, role.role) == (member.user, ChapterRole.Role.COORDINATOR)
    proposal.refresh_from_db()
    assert proposal.status == ChapterProposal.Status.APPROVED
    assert (proposal.reviewed_by, proposal.chapter) == (ime_admin, chapter)
    # The coordinator runs the new chapter's page at once.
    login(client, member.user)
    assert client.get("/capitulos/madrid/editar/").status_code == 200
    assert "En formación" in client.get("/capitulos/").content.decode()


def test_approving_twice_creates_one_chapter(client, member, ime_admin):
    proposal = ChapterProposal.objects.create(proposer=member, **VALID)
    login(client, ime_admin)
    _admin_action(client, "approve", [proposal])
    response = _admin_action(client, "approve", [proposal])
    assert "ya fue revisada" in response.content.decode()
    assert Chapter.objects.filter(city="Madrid").count() == 1


def test_approval_never_reuses_a_name_or_takes_a_reserved_slug(member, ime_admin, other_member):
    Chapter.objects.create(name="Houston 2", slug="houston-2", city="X", country="US")
    first = ChapterProposal.objects.create(
        proposer=member, **{**VALID, "city": "Houston", "country": "US"}
    )
    chapter = approve_proposal(proposal=first, reviewer=ime_admin, **POSITION)
    assert (chapter.name, chapter.slug) == ("Houston (Estados Unidos)", "houston-estados-unidos")
    second = ChapterProposal.objects.create(
        proposer=other_member, **{**VALID, "city": "Proponer", "country": "MX"}
    )
    assert approve_proposal(proposal=second, reviewer=ime_admin, **POSITION).slug == "proponer-2"


def test_approval_of_proposals_with_a_long_city_never_reuses_a_name(
    member, ime_admin, other_member
):
    city = "Área metropolitana " + "x" * 101  # the longest city the form accepts (120)
    chapters = []
    # A proposer coordinates the chapter they proposed, and no other: four people.
    for proposer in (member, other_member, make_member("Tercera"), make_member("Cuarto")):
        proposal = ChapterProposal.objects.create(proposer=proposer, **{**VALID, "city": city})
        chapters.append(approve_proposal(proposal=proposal, reviewer=ime_admin, **POSITION))
    names = [chapter.name for chapter in chapters]
    assert len(set(names)) == 4
    assert all(len(name) <= 120 for name in names)


def test_admin_reject_action(client, member, ime_admin):
    proposal = ChapterProposal.objects.create(proposer=member, **VALID)
    login(client, ime_admin)
    _admin_action(client, "reject", [proposal])
    proposal.refresh_from_db()
    assert proposal.status == ChapterProposal.Status.REJECTED
    assert not Chapter.objects.filter(city="Madrid").exists()
    # With the first one answered the member may propose again.
    login(client, member.user)
    client.post(URL, VALID)
    assert ChapterProposal.objects.filter(status="pending").count() == 1
