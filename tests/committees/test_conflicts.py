"""Conflicts of interest caught from what the portal holds (committees.conflicts)."""

from datetime import timedelta

from django.utils import timezone

from chapters.models import Chapter, ChapterRole
from committees import conflicts, services
from committees.models import Conflict, Declaration
from members.models import Education
from tests.committees.helpers import make_call, make_proposal, make_reviewer
from tests.conftest import make_member, make_user


def sources(call):
    return {
        (conflict.reviewer_id, conflict.proposal_id, conflict.source)
        for conflict in Conflict.objects.filter(proposal__call=call)
    }


def test_the_same_organisation_now_or_before_is_a_conflict(db):
    call = make_call()
    proposal = make_proposal(call, organisation="  Universidad de GUANAJUATO ")
    now = make_reviewer(call, organisation="Universidad de Guanajuato")
    before = make_reviewer(call, past_organisations=["Universidad de Guanajuato"])
    stranger = make_reviewer(call, organisation="MIT")
    conflicts.detect(call)
    found = sources(call)
    assert (now.pk, proposal.pk, "organisation") in found
    assert (before.pk, proposal.pk, "organisation") in found
    assert not any(reviewer == stranger.pk for reviewer, _p, _s in found)


def pairs(call, source):
    return {(r, p) for r, p, s in sources(call) if s == source}


def applicant_member(name="Paula Propone", **fields):
    """A member abroad who proposes (their profile is what ties them to a reviewer)."""
    return make_member(name, **fields)


def test_the_same_institution_in_the_reviewers_education_is_a_conflict(db):
    call = make_call()
    proposal = make_proposal(call, organisation="Universidad de Guanajuato")
    reviewer = make_reviewer(call)
    other = make_reviewer(call)
    Education.objects.create(
        member=reviewer.member,
        degree="phd",
        field="Física",
        institution="universidad de guanajuato",
    )
    Education.objects.create(member=other.member, degree="phd", field="Física", institution="MIT")
    conflicts.detect(call)
    assert pairs(call, "education") == {(reviewer.pk, proposal.pk)}


def test_a_standing_declaration_of_an_institution_or_a_person_is_a_conflict(db):
    call = make_call()
    by_institution = make_proposal(call, organisation="CINVESTAV Mérida")
    applicant = make_user("paula@cinvestav.mx", full_name="Paula Pérez Núñez")
    by_person = make_proposal(call, applicant=applicant, organisation="Otra institución")
    reviewer = make_reviewer(call)
    services.add_declaration(
        member=reviewer.member, kind=Declaration.Kind.INSTITUTION, name="cinvestav  merida"
    )
    services.add_declaration(
        member=reviewer.member, kind=Declaration.Kind.PERSON, name="Paula Perez Nunez"
    )
    clean = make_reviewer(call)
    services.add_declaration(member=clean.member, kind=Declaration.Kind.PERSON, name="Otra Persona")
    conflicts.detect(call)
    assert pairs(call, "standing") == {
        (reviewer.pk, by_institution.pk),
        (reviewer.pk, by_person.pk),
    }


def test_sharing_a_binational_project_team_or_institution_is_a_conflict(db):
    from projects.models import Institution, TeamMember
    from tests.projects.binational_data import make_project

    call = make_call()
    teammate = applicant_member()
    by_teammate = make_proposal(call, applicant=teammate.user, organisation="Sin relación")
    by_partner = make_proposal(call, organisation="Instituto Tecnológico de Sonora")
    unrelated = make_proposal(call, organisation="Otra universidad")
    reviewer = make_reviewer(call)
    project = make_project(coordinator=reviewer.member)
    TeamMember.objects.create(project=project, member=teammate, role=TeamMember.Role.RESEARCHER)
    Institution.objects.create(
        project=project, name="Instituto Tecnológico de Sonora", country="MX"
    )
    conflicts.detect(call)
    found = pairs(call, "project")
    assert found == {(reviewer.pk, by_teammate.pk), (reviewer.pk, by_partner.pk)}
    assert (reviewer.pk, unrelated.pk) not in found


def test_mentoring_either_way_is_a_conflict(db):
    from mentoring.models import Mentorship
    from tests.mentoring.helpers import make_request

    call = make_call()
    mentee = make_user("mentee@ugto.mx", full_name="Mara Mentorada", account_type="student")
    of_mentee = make_proposal(call, applicant=mentee, organisation="Sin relación")
    mentor_applicant = applicant_member("Marco Mentor")
    of_mentor = make_proposal(call, applicant=mentor_applicant.user, organisation="Otra")
    reviewer_mentor = make_reviewer(call)
    reviewer_mentee = make_reviewer(call)
    later = timezone.now() + timedelta(days=7)
    Mentorship.objects.create(
        request=make_request(mentee),
        mentor=reviewer_mentor.member,
        status="active",
        expires_at=later,
    )
    Mentorship.objects.create(
        request=make_request(reviewer_mentee.member.user),
        mentor=mentor_applicant,
        status="completed",
        expires_at=later,
    )
    declined = make_reviewer(call)
    Mentorship.objects.create(
        request=make_request(mentee), mentor=declined.member, status="declined", expires_at=later
    )
    conflicts.detect(call)
    assert pairs(call, "mentoring") == {
        (reviewer_mentor.pk, of_mentee.pk),
        (reviewer_mentee.pk, of_mentor.pk),
    }


def test_leading_the_other_persons_chapter_either_way_is_a_conflict(db):
    call = make_call()
    houston = Chapter.objects.get(slug="houston")
    detroit = Chapter.objects.get(slug="detroit")
    led_member = applicant_member("Hugo Houston", chapter=houston)
    of_chapter_member = make_proposal(call, applicant=led_member.user, organisation="Una")
    leading_applicant = applicant_member("Dora Detroit", chapter=detroit)
    ChapterRole.objects.create(chapter=detroit, user=leading_applicant.user, role="president")
    of_chapter_leader = make_proposal(call, applicant=leading_applicant.user, organisation="Dos")
    leader = make_reviewer(call)
    ChapterRole.objects.create(chapter=houston, user=leader.member.user, role="president")
    led = make_reviewer(call, chapter=detroit)
    conflicts.detect(call)
    assert pairs(call, "chapter") == {
        (leader.pk, of_chapter_member.pk),
        (led.pk, of_chapter_leader.pk),
    }


def test_an_institutional_email_domain_is_a_conflict_but_a_webmail_is_not(db):
    call = make_call()
    institutional = make_proposal(
        call, applicant=make_user("ana@itesm.mx", full_name="Ana"), organisation="Una"
    )
    webmail = make_proposal(
        call, applicant=make_user("beto@gmail.com", full_name="Beto"), organisation="Dos"
    )
    colleague = make_reviewer(call, make_member("Carla Colega", email="carla@ITESM.mx"))
    gmail_user = make_reviewer(call, make_member("Dani Gmail", email="dani@gmail.com"))
    conflicts.detect(call)
    assert pairs(call, "email_domain") == {(colleague.pk, institutional.pk)}
    assert not any(r == gmail_user.pk for r, _p, _s in sources(call))
    assert not any(p == webmail.pk for _r, p, _s in sources(call))


def test_a_waived_conflict_survives_detection_and_a_stale_unwaived_one_goes(db, pncs_staff):
    call = make_call()
    proposal = make_proposal(call, organisation="Universidad de Guanajuato")
    reviewer = make_reviewer(call, organisation="Universidad de Guanajuato")
    stranger = make_reviewer(call, organisation="MIT")
    assert conflicts.detect(call) == (1, 0)
    waived = Conflict.objects.get(reviewer=reviewer, proposal=proposal)
    services.waive(conflict=waived, actor=pncs_staff, reason="Dejó la universidad en 1990.")
    stale = Conflict.objects.create(reviewer=stranger, proposal=proposal, source="education")
    declared = services.declare_conflict(reviewer=stranger, proposal=proposal, reason="Coautora")
    reviewer.member.organisation = "Otra"
    reviewer.member.save()
    assert conflicts.detect(call) == (0, 1)
    waived.refresh_from_db()
    assert waived.waived_by == pncs_staff and waived.waiver_reason == "Dejó la universidad en 1990."
    assert not Conflict.objects.filter(pk=stale.pk).exists()
    assert Conflict.objects.filter(pk=declared.pk).exists()
    assert conflicts.detect(call) == (0, 0)
