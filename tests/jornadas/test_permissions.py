"""The access rules of jornadas.permissions, asked directly: each rule with the person it lets in
and the people it keeps out (visitor, member, speaker, PNCS staff of the session's sector and of
another, IME with and without the second factor in this session). The pages are tested through
the views in test_editions.py, test_checkin.py, test_materials.py and test_follow_up.py."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from jornadas.models import Edition, FollowUp, MaterialAccess, Registration, SessionMaterial
from jornadas.permissions import (
    can_check_in,
    can_delete_material,
    can_invite_speakers,
    can_manage_session,
    can_preview_drafts,
    can_read_survey_results,
    follow_up_sector_ids,
    get_edition_for_checkin,
    get_edition_for_follow_ups,
    get_edition_for_viewer,
    get_follow_up_for_staff,
    get_material,
    get_registration_for_owner,
    get_registration_for_survey,
    get_session_for_inviter,
    get_session_for_speaker,
    get_session_for_viewer,
    is_speaker_of,
    material_access,
    visible_editions,
    visible_materials,
)
from members.models import User
from pncs.models import ContactPoint, Sector
from redtalentos.lib.roles import MFA_SESSION_ATTR
from tests.conftest import make_member, make_pncs_staff
from tests.jornadas.helpers import add_speaker, make_edition, make_room, make_session, make_track
from tests.pncs.conftest import make_activity

pytestmark = pytest.mark.django_db

Role = MaterialAccess.Role
DRAFT = Edition.Status.DRAFT


def fresh(user, *, mfa=False):
    """The account as the next request loads it (marked as the staff middleware marks a session
    that passed the second factor when `mfa`)."""
    user = User.objects.get(pk=user.pk)
    setattr(user, MFA_SESSION_ATTR, mfa)
    return user


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def people(db, member, ime_admin):
    """Everyone the rules tell apart, as the next request loads them."""
    tic = make_pncs_staff("tic@example.org", sectors=("tic",), name="PNCS TIC")
    salud = make_pncs_staff("salud@example.org", sectors=("salud",), name="PNCS Salud")
    return {
        "visitor": AnonymousUser(),
        "member": fresh(member.user),
        "tic": fresh(tic, mfa=True),
        "tic_no_mfa": fresh(tic),
        "salud": fresh(salud, mfa=True),
        "ime": fresh(ime_admin, mfa=True),
        "ime_no_mfa": fresh(ime_admin),
    }


@pytest.fixture
def speaker(db):
    return make_member("Rosa Ponente Díaz", email="ponente@example.org")


def tic_session(edition, speaker=None):
    session = make_session(edition, make_track(edition, "tic"))
    if speaker:
        add_speaker(session, speaker)
    return session


def material_of(session, uploader):
    return SessionMaterial.objects.create(
        session=session, uploaded_by=uploader, title="Diapositivas", file="x/diapositivas.pdf"
    )


def test_a_draft_edition_is_only_ime_s_with_the_second_factor(people):
    draft = make_edition(status=DRAFT)
    published = make_edition()
    assert can_preview_drafts(people["ime"])
    assert get_edition_for_viewer(request_of(people["ime"]), draft.slug) == draft
    assert set(visible_editions(people["ime"])) >= {draft, published}
    for name in ("visitor", "member", "tic", "ime_no_mfa"):
        assert not can_preview_drafts(people[name])
        assert list(visible_editions(people[name]).filter(pk__in=[draft.pk, published.pk])) == [
            published
        ]
        assert get_edition_for_viewer(request_of(people[name]), published.slug) == published
        with pytest.raises(Http404):
            get_edition_for_viewer(request_of(people[name]), draft.slug)


def test_a_session_is_found_only_in_its_own_visible_edition(people):
    published, draft = make_edition(), make_edition(status=DRAFT)
    session, hidden = tic_session(published), tic_session(draft)
    visitor = request_of(people["visitor"])
    assert get_session_for_viewer(visitor, published.slug, session.pk) == session
    with pytest.raises(Http404):
        get_session_for_viewer(visitor, draft.slug, session.pk)  # another edition's slug
    with pytest.raises(Http404):
        get_session_for_viewer(visitor, draft.slug, hidden.pk)
    assert get_session_for_viewer(request_of(people["ime"]), draft.slug, hidden.pk) == hidden


def test_a_registration_is_its_owner_s_alone(people, other_member):
    edition, other = make_edition(), make_edition()
    registration = Registration.objects.create(
        edition=edition, user=people["member"], status="confirmed"
    )
    owner = request_of(people["member"])
    assert get_registration_for_owner(owner, edition.slug, registration.uuid) == registration
    for request, slug in (
        (owner, other.slug),
        (request_of(fresh(other_member.user)), edition.slug),
        (request_of(people["ime"]), edition.slug),
    ):
        with pytest.raises(Http404):
            get_registration_for_owner(request, slug, registration.uuid)


def test_a_registration_in_a_draft_edition_is_hidden_from_its_owner(people):
    draft = make_edition(status=DRAFT)
    registration = Registration.objects.create(
        edition=draft, user=people["member"], status="confirmed"
    )
    with pytest.raises(Http404):
        get_registration_for_owner(request_of(people["member"]), draft.slug, registration.uuid)


def test_check_in_is_ime_s_with_the_second_factor(people):
    edition, draft = make_edition(), make_edition(status=DRAFT)
    assert can_check_in(people["ime"])
    assert get_edition_for_checkin(request_of(people["ime"]), edition.slug) == edition
    for name in ("member", "tic", "ime_no_mfa"):
        assert not can_check_in(people[name])
        with pytest.raises(PermissionDenied):
            get_edition_for_checkin(request_of(people[name]), edition.slug)
        with pytest.raises(Http404):
            get_edition_for_checkin(request_of(people[name]), draft.slug)


def test_speakers_are_invited_by_ime_and_the_pncs_of_the_session_s_sector(people, speaker):
    edition = make_edition()
    session = tic_session(edition)
    plenary = make_session(edition, make_track(edition), hour=9)
    for name in ("ime", "tic"):
        assert can_invite_speakers(people[name], session)
        assert get_session_for_inviter(request_of(people[name]), edition.slug, session.pk) == (
            session
        )
    assert can_invite_speakers(people["ime"], plenary)
    assert not can_invite_speakers(people["tic"], plenary)
    for name in ("visitor", "member", "salud", "tic_no_mfa", "ime_no_mfa"):
        assert not can_invite_speakers(people[name], session)
    with pytest.raises(PermissionDenied):
        get_session_for_inviter(request_of(people["salud"]), edition.slug, session.pk)


def test_a_session_is_managed_by_its_speakers_and_ime(people, speaker):
    draft = make_edition(status=DRAFT)
    session = tic_session(draft, speaker)
    own = fresh(speaker.user)
    assert is_speaker_of(own, session)
    assert can_manage_session(own, session)
    assert can_manage_session(people["ime"], session)
    assert get_session_for_speaker(request_of(own), draft.slug, session.pk) == session
    for name in ("visitor", "member", "tic", "ime_no_mfa"):
        assert not is_speaker_of(people[name], session)
        assert not can_manage_session(people[name], session)
        with pytest.raises(Http404):  # a draft does not exist for them
            get_session_for_speaker(request_of(people[name]), draft.slug, session.pk)


def test_another_member_gets_403_on_a_published_session_s_management(people, speaker):
    edition = make_edition()
    session = tic_session(edition, speaker)
    with pytest.raises(PermissionDenied):
        get_session_for_speaker(request_of(people["member"]), edition.slug, session.pk)
    with pytest.raises(Http404):
        get_session_for_speaker(request_of(people["member"]), edition.slug, session.pk + 999)


def test_materials_before_they_are_published(people, speaker):
    edition = make_edition()
    session = tic_session(edition, speaker)
    material = material_of(session, speaker.user)
    assert material_access(fresh(speaker.user), material) == Role.SPEAKER
    assert material_access(people["ime"], material) == Role.IME
    assert material_access(people["tic"], material) == Role.PNCS
    for name in ("visitor", "member", "salud", "tic_no_mfa", "ime_no_mfa"):
        assert material_access(people[name], material) is None
        assert not visible_materials(people[name], session).exists()
    assert list(visible_materials(fresh(speaker.user), session)) == [material]


def test_a_plenary_s_materials_are_not_the_pncs_s(people, ime_admin):
    edition = make_edition()
    material = material_of(make_session(edition, make_track(edition)), ime_admin)
    assert material_access(people["tic"], material) is None


def test_published_materials_are_everyone_s_only_in_a_published_edition(people, speaker):
    edition = make_edition(materials_published=True)
    material = material_of(tic_session(edition, speaker), speaker.user)
    assert material_access(people["visitor"], material) == Role.PUBLIC
    assert material_access(people["member"], material) == Role.PUBLIC
    Edition.objects.filter(pk=edition.pk).update(status=DRAFT)
    material = SessionMaterial.objects.select_related("session__edition").get(pk=material.pk)
    assert material_access(people["visitor"], material) is None


def test_a_material_is_found_only_under_its_edition(speaker):
    edition, other = make_edition(), make_edition()
    material = material_of(tic_session(edition, speaker), speaker.user)
    assert get_material(edition.slug, material.uuid) == material
    with pytest.raises(Http404):
        get_material(other.slug, material.uuid)


def test_a_material_is_deleted_by_its_uploader_while_a_speaker_and_by_ime(people, speaker):
    edition = make_edition()
    session = tic_session(edition, speaker)
    co_speaker = make_member("Carla Coponente", email="coponente@example.org")
    add_speaker(session, co_speaker, order=1)
    material = material_of(session, speaker.user)
    assert can_delete_material(fresh(speaker.user), material)
    assert can_delete_material(people["ime"], material)
    assert not can_delete_material(fresh(co_speaker.user), material)
    for name in ("visitor", "member", "tic", "ime_no_mfa"):
        assert not can_delete_material(people[name], material)
    session.speakers.filter(member=speaker).delete()
    assert not can_delete_material(fresh(speaker.user), material)


def follow_up_in(edition, sector_slug):
    sector = Sector.objects.get(slug=sector_slug)
    point = ContactPoint.objects.filter(sectors=sector).first()
    return FollowUp.objects.create(
        edition=edition, sector=sector, activity=make_activity(point, title=f"Seguir {sector}")
    )


def test_follow_ups_are_kept_by_ime_and_the_pncs_of_their_sector(people):
    edition, other = make_edition(), make_edition()
    tic_follow_up = follow_up_in(edition, "tic")
    tic, salud = Sector.objects.get(slug="tic"), Sector.objects.get(slug="salud")
    assert follow_up_sector_ids(people["ime"]) == set(Sector.objects.values_list("pk", flat=True))
    assert follow_up_sector_ids(people["tic"]) == {tic.pk}
    assert get_edition_for_follow_ups(request_of(people["salud"]), edition.slug) == (
        edition,
        {salud.pk},
    )
    for name in ("ime", "tic"):
        request = request_of(people[name])
        assert get_follow_up_for_staff(request, edition.slug, tic_follow_up.pk) == tic_follow_up
        with pytest.raises(Http404):
            get_follow_up_for_staff(request, other.slug, tic_follow_up.pk)
    with pytest.raises(PermissionDenied):
        get_follow_up_for_staff(request_of(people["salud"]), edition.slug, tic_follow_up.pk)
    for name in ("member", "tic_no_mfa", "ime_no_mfa"):
        assert follow_up_sector_ids(people[name]) == set()
        with pytest.raises(PermissionDenied):
            get_edition_for_follow_ups(request_of(people[name]), edition.slug)
        with pytest.raises(PermissionDenied):
            get_follow_up_for_staff(request_of(people[name]), edition.slug, tic_follow_up.pk)


def test_the_survey_is_answered_with_a_confirmed_registration_and_read_by_ime(people):
    edition, draft = make_edition(starts_in_days=-5), make_edition(status=DRAFT)
    registration = Registration.objects.create(
        edition=edition, user=people["member"], status="confirmed"
    )
    assert get_registration_for_survey(request_of(people["member"]), edition.slug) == registration
    Registration.objects.create(edition=draft, user=people["member"], status="confirmed")
    with pytest.raises(Http404):
        get_registration_for_survey(request_of(people["member"]), draft.slug)
    with pytest.raises(PermissionDenied):
        get_registration_for_survey(request_of(people["tic"]), edition.slug)
    Registration.objects.filter(pk=registration.pk).update(status="waitlisted")
    with pytest.raises(PermissionDenied):
        get_registration_for_survey(request_of(people["member"]), edition.slug)
    assert can_read_survey_results(people["ime"])
    for name in ("member", "tic", "ime_no_mfa"):
        assert not can_read_survey_results(people[name])


def test_each_helper_finds_the_object_asked_for_not_a_neighbour(people, speaker):
    edition, other = make_edition(status=DRAFT), make_edition(status=DRAFT)
    session = tic_session(edition, speaker)
    first, second = material_of(session, speaker.user), material_of(session, speaker.user)
    assert get_material(edition.slug, second.uuid) == second
    assert get_material(edition.slug, first.uuid) == first
    with pytest.raises(Http404):  # a speaker's session under another edition's address
        get_session_for_speaker(request_of(fresh(speaker.user)), other.slug, session.pk)
    published = make_edition()
    registration = Registration.objects.create(
        edition=published, user=people["member"], status="confirmed"
    )
    with pytest.raises(Http404):
        get_registration_for_owner(request_of(people["member"]), published.slug, uuid.uuid4())
    assert get_registration_for_owner(
        request_of(people["member"]), published.slug, registration.uuid
    ) == (registration)
    tic_follow_up, salud_follow_up = (
        follow_up_in(published, "tic"),
        follow_up_in(published, "salud"),
    )
    ime = request_of(people["ime"])
    assert get_follow_up_for_staff(ime, published.slug, salud_follow_up.pk) == salud_follow_up
    assert get_follow_up_for_staff(ime, published.slug, tic_follow_up.pk) == tic_follow_up


def test_the_helpers_load_what_the_pages_read_in_their_own_query(
    people, speaker, django_assert_num_queries
):
    """The pages read the session's edition, track, sector and room, the follow-up's edition,
    sector, contact point and responsible, the registration's and material's edition: each helper
    loads them with the object, not one query each."""
    edition = make_edition()
    session = tic_session(edition, speaker)
    session.room = make_room(edition)
    session.save()
    registration = Registration.objects.create(
        edition=edition, user=people["member"], status="confirmed"
    )
    material = material_of(session, speaker.user)
    follow_up = follow_up_in(edition, "tic")
    follow_up.activity.responsible = people["tic"]
    follow_up.activity.save()
    ime, own = request_of(people["ime"]), request_of(fresh(speaker.user))
    loaded = [
        get_session_for_viewer(ime, edition.slug, session.pk),
        get_session_for_speaker(own, edition.slug, session.pk),
    ]
    found = get_follow_up_for_staff(ime, edition.slug, follow_up.pk)
    owned = get_registration_for_owner(
        request_of(people["member"]), edition.slug, registration.uuid
    )
    survey = get_registration_for_survey(request_of(people["member"]), edition.slug)
    fetched = get_material(edition.slug, material.uuid)
    listed = list(visible_materials(fresh(speaker.user), session))
    with django_assert_num_queries(0):
        for found_session in loaded:
            assert (
                found_session.edition,
                found_session.track.sector.slug,
                found_session.room.name,
            ) == (
                edition,
                "tic",
                "Sala A",
            )
        assert (found.edition, found.sector.slug) == (edition, "tic")
        assert found.activity.contact_point.name == "PNCS TIC"
        assert found.activity.responsible == people["tic"]
        assert owned.edition == survey.edition == edition
        assert owned.user == people["member"]
        assert fetched.session.edition == edition
        assert fetched.session.track.sector_id is not None
        assert listed[0].session.edition == edition
