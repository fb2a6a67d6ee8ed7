"""The world of the role contracts (tests/redtalentos/test_*_by_url.py): the objects every URL
names, the rightful actors of each write and the outsiders who must be refused."""

import io
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from reportlab.pdfgen import canvas

from certificates.services import issue
from chapters.models import Chapter, ChapterNews, ChapterRole, JoinRequest
from committees.models import (
    Assignment,
    Call,
    Conflict,
    Criterion,
    Declaration,
    Proposal,
    ProposalDocument,
    RequiredDocument,
    Reviewer,
    ReviewPhase,
)
from content.models import NewsChange, NewsItem
from internships.models import Application, Cycle, MatchingRun, Placement, Posting
from jornadas.follow_ups import add_follow_up
from jornadas.models import (
    Edition,
    EditionStatus,
    Registration,
    Session,
    SessionKind,
    SessionMaterial,
    SessionSpeaker,
    Track,
)
from members.models import AccountType, Consent, Education, IntroductionRequest
from mentoring.models import Cohort, CohortPlace, MentorOffer, Mentorship
from mentoring.models import Request as MentoringRequest
from pncs.models import Sector, WorkProgrammeActivity
from projects.digest import unsubscribe_token
from projects.models import (
    Delegate,
    Institution,
    Meeting,
    Milestone,
    Mission,
    MissionHost,
    Opportunity,
    OpportunityInterest,
    Project,
    ProjectDocument,
    TeamMember,
    Visit,
    VisitActivity,
    VisitRequest,
)
from tests.conftest import give_totp, make_chapter_leader, make_member, make_pncs_staff, make_user

# Outsiders: a visitor; a student in Mexico; a member abroad; the leader of another chapter
# (Detroit); PNCS staff of another sector (automotive, with MFA); an IME admin (with MFA).
# Rightful actors: Marta, the owner of the profile, introduction and education at stake; the
# leader of Houston, the chapter at stake; PNCS staff of health (with MFA), the sector at stake,
# and a new colleague of theirs who has not set up an authenticator app yet.
# The contract's Jornada is always a few months ahead, so that its registration stays open.
EDITION_DAY = date.today() + timedelta(days=120)

ROLES = [
    "visitor",
    "participant",
    "member",
    "leader_other",
    "pncs_other",
    "ime_admin",
    "owner",
    "leader",
    "pncs_salud",
    "pncs_no_mfa",
]
LOGIN = "login"  # a redirect to the sign-in page


class To(str):
    """A redirect (302) to this path."""


class Under(str):
    """A redirect (302) to a path under this one (the page of an object just created)."""


ENROL = To("/perfil/verificacion/")  # staff without an authenticator app ask for an enrolment link


def answer_matches(response, expected):
    """Whether `response` is the `expected` answer: a status, LOGIN, To(path) or Under(path)."""
    if expected == LOGIN:
        return response.status_code == 302 and "/cuenta/login/" in response["Location"]
    if isinstance(expected, To):
        return response.status_code == 302 and response["Location"] == expected
    if isinstance(expected, Under):
        return response.status_code == 302 and response["Location"].startswith(expected)
    return response.status_code == expected


def _pncs_staff(sector, name, *, mfa=True):
    user = make_pncs_staff(sectors=(sector,), name=name)
    user.account_type = AccountType.INSTITUTION
    user.save(update_fields=["account_type"])
    if mfa:
        give_totp(user)
    return user


@pytest.fixture
def world(db, settings, tmp_path_factory):
    """(people by role, ids by name): the ids fill the URLs' placeholders."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private")
    houston = Chapter.objects.get(slug="houston")
    detroit = Chapter.objects.get(slug="detroit")
    marta = make_member(
        "Marta",
        sectors=("salud",),
        chapter=houston,
        consents=(Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH),
    )
    marta.slug = "marta"
    marta.save(update_fields=["slug"])
    leader_other = make_member("Lalo Líder", chapter=detroit)
    ChapterRole.objects.create(chapter=detroit, user=leader_other.user, role="president")
    ChapterNews.objects.create(
        chapter=houston, title="Noticia", slug="noticia", body="Texto", author=marta.user
    )
    pncs_salud = _pncs_staff("salud", "PNCS Salud")
    pncs_other = _pncs_staff("automotriz", "PNCS Automotriz")
    applicant = make_member("Ana Aspirante")
    ids = {
        "join_request": JoinRequest.objects.create(chapter=houston, member=applicant).pk,
        "activity": WorkProgrammeActivity.objects.create(
            contact_point=pncs_salud.contact_points.get(),
            title="Pasantías 2027",
            line_of_work=WorkProgrammeActivity.LineOfWork.INTERNSHIPS,
            starts_on="2027-01-10",
        ).pk,
        "education": Education.objects.create(
            member=marta, degree="master", field="Biología", institution="UNAM"
        ).pk,
        "introduction": IntroductionRequest.objects.create(
            requester=applicant.user, member=marta, purpose="mentoring", message="Hola"
        ).pk,
        "marta": "marta",
        "certificate": issue(
            kind="asistencia",
            holder=marta.user,
            title="Jornada del contrato",
            starts_on=EDITION_DAY,
            source_app="jornadas",
            source_key="edition:contrato",
        ).public_id,
    }
    edition = Edition.objects.create(
        number=900,
        slug="contrato",
        title="Jornada del contrato",
        year=EDITION_DAY.year,
        starts_on=EDITION_DAY,
        ends_on=EDITION_DAY + timedelta(days=1),
        status=EditionStatus.PUBLISHED,
    )
    mexico_city = ZoneInfo("America/Mexico_City")

    def at(hour):
        return datetime.combine(EDITION_DAY, time(hour), tzinfo=mexico_city)

    ids["jornada_session"] = Session.objects.create(
        edition=edition,
        track=Track.objects.create(edition=edition, name="Plenarias"),
        kind=SessionKind.TALK,
        title="Sesión del contrato",
        starts_at=at(10),
        ends_at=at(11),
    ).pk
    # Speakers and materials: Marta speaks at a session of the health track and uploaded its
    # material (not published yet); Sara, of health and findable by the PNCS, can be invited.
    health_session = Session.objects.create(
        edition=edition,
        track=Track.objects.create(edition=edition, sector=Sector.objects.get(slug="salud")),
        kind=SessionKind.TALK,
        title="Sesión de salud del contrato",
        starts_at=at(12),
        ends_at=at(13),
    )
    SessionSpeaker.objects.create(session=health_session, member=marta)
    material = SessionMaterial(session=health_session, uploaded_by=marta.user, title="Láminas")
    material.file.save("laminas.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    sara = make_member(
        "Sara Salud",
        sectors=("salud",),
        consents=(Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH),
    )
    sara.slug = "sara"
    sara.save(update_fields=["slug"])
    ids.update(speaker_session=health_session.pk, material=material.uuid)
    # Registration is open; Marta is registered (confirmed, no session yet), and a seat of a
    # second edition is offered to her.
    edition.registration_opens_at = timezone.now() - timedelta(days=1)
    edition.save(update_fields=["registration_opens_at"])
    ids["registration"] = Registration.objects.create(
        edition=edition, user=marta.user, status="confirmed", role="member_abroad", priority=2
    ).uuid
    second = Edition.objects.create(
        number=901,
        slug="contrato-dos",
        title="Segunda jornada del contrato",
        year=(EDITION_DAY + timedelta(days=180)).year,
        starts_on=EDITION_DAY + timedelta(days=180),
        status=EditionStatus.PUBLISHED,
        registration_opens_at=timezone.now() - timedelta(days=1),
        capacity=1,
    )
    ids["offered_registration"] = Registration.objects.create(
        edition=second,
        user=marta.user,
        status="offered",
        offer_expires_at=timezone.now() + timedelta(days=2),
    ).uuid
    # After the edition: a follow-up of health for "contrato", in the health PNCS' programme; a
    # past edition that Marta attended (confirmed), whose survey is open to her.
    ids["follow_up"] = add_follow_up(
        edition=edition,
        contact_point=pncs_salud.contact_points.get(),
        sector=Sector.objects.get(slug="salud"),
        actor=pncs_salud,
        details={"title": "Convenio de seguimiento", "due_on": date(2099, 1, 1)},
    ).pk
    past = Edition.objects.create(
        number=902,
        slug="contrato-pasado",
        title="Jornada pasada del contrato",
        year=2020,
        starts_on=date(2020, 3, 10),
        ends_on=date(2020, 3, 11),
        status=EditionStatus.PUBLISHED,
    )
    Registration.objects.create(edition=past, user=marta.user, status="confirmed")
    ime = make_user(is_staff=True, is_superuser=True)
    give_totp(ime)
    participant = make_user(account_type=AccountType.STUDENT)
    ids.update(_internship_selection(marta, participant))
    ids.update(_internship_applications(marta, participant))
    _internship_postings(marta)
    Cycle.objects.filter(slug="plazas-contrato").update(created_by=pncs_salud)  # theirs to change
    ids.update(_internship_placement(marta, participant))
    ids.update(_mentoring(marta, participant, pncs_salud))
    ids.update(_opportunities(marta.user, pncs_salud, participant))
    ids.update(_binational_projects(marta))
    ids.update(_missions(marta))
    ids.update(_expert_visits(marta, participant))
    ids.update(_committees(marta, participant, pncs_salud))
    _news(ime, pncs_salud)
    _statistics()
    people = {
        "visitor": None,
        "participant": participant,
        "member": make_member("Mario Miembro").user,
        "leader_other": leader_other.user,
        "pncs_other": pncs_other,
        "ime_admin": ime,
        "owner": marta.user,
        "leader": make_chapter_leader("houston"),
        "pncs_salud": pncs_salud,
        "pncs_no_mfa": _pncs_staff("salud", "PNCS Salud", mfa=False),
    }
    return people, ids


def _missions(marta):
    """Missions: "mision-contrato" (of health, published, 2099-03-01 to 03-04, two places, both
    taken) has Marta (owner) and Dalia ("mission_delegate") as confirmed delegates and a host;
    Dalia asked Marta for a meeting ("mission_meeting", requested). In "mision-oferta" (of
    health, one place) that place is offered to Marta."""
    health = Sector.objects.get(slug="salud")
    mission = Mission.objects.create(
        slug="mision-contrato",
        title="Misión del contrato",
        kind="trade",
        direction="to_mexico",
        sector=health,
        destination_city="Monterrey",
        destination_country="MX",
        organiser="IME",
        starts_on=date(2099, 3, 1),
        ends_on=date(2099, 3, 4),
        capacity=2,
        status="published",
    )
    MissionHost.objects.create(mission=mission, name="Anfitrión del contrato")
    mine = Delegate.objects.create(
        mission=mission, user=marta.user, organisation="UNAM", status="confirmed"
    )
    dalia = Delegate.objects.create(
        mission=mission,
        user=make_member("Dalia Delegada").user,
        organisation="Acme",
        status="confirmed",
    )
    mexico_city = ZoneInfo("America/Mexico_City")
    meeting = Meeting.objects.create(
        mission=mission,
        requester=dalia,
        with_delegate=mine,
        starts_at=datetime(2099, 3, 2, 10, tzinfo=mexico_city),
        ends_at=datetime(2099, 3, 2, 11, tzinfo=mexico_city),
    )
    offer = Mission.objects.create(
        slug="mision-oferta",
        title="Misión con oferta",
        kind="learning",
        direction="from_mexico",
        sector=health,
        destination_city="Toronto",
        destination_country="CA",
        organiser="PNCS Salud",
        starts_on=date(2099, 5, 1),
        ends_on=date(2099, 5, 2),
        capacity=1,
        status="published",
    )
    Delegate.objects.create(
        mission=offer,
        user=marta.user,
        organisation="UNAM",
        status="offered",
        offer_expires_at=timezone.now() + timedelta(days=2),
    )
    return {"mission_meeting": meeting.pk, "mission_delegate": dalia.pk}


def _committees(marta, participant, pncs_salud):
    """Evaluation committees. "convocatoria-abierta" (health) receives proposals.
    "convocatoria-contrato" (health, opened by the health PNCS) closed last week and is in review
    (its phase "fase" active: reviewers write, see the others' reviews after their own, names
    hidden): the participant's proposal "proposal" (with a PDF, "proposal_document") is assigned
    to Marta (owner), a reviewer of its committee ("assignment"); a second proposal
    ("conflicted_proposal", of Marta's own organisation) is in conflict with her ("conflict").
    Rosa, a second reviewer who accepted ("committee_spare"), has nothing assigned yet.
    Marta keeps a standing declaration ("declaration"). Its criteria ("criterion"), required
    document ("required_document"), a second phase not active yet ("next_phase"). The open call's
    required document ("open_required_document") may go: no proposal yet. A proposal is seen by
    its applicant, the call's staff (health PNCS, IME) and its reviewers without a conflict; for
    everyone else it does not exist (404)."""
    now = timezone.now()
    health = Sector.objects.get(slug="salud")

    def call(slug, *, closes_at):
        made = Call.objects.create(
            slug=slug,
            title=f"Convocatoria {slug}",
            description="Descripción del contrato.",
            opens_at=now - timedelta(days=30),
            closes_at=closes_at,
            status="published",
            languages=["es"],
            opened_by=pncs_salud,
        )
        made.sectors.set([health])
        return made

    open_call = call("convocatoria-abierta", closes_at=now + timedelta(days=30))
    open_required = RequiredDocument.objects.create(call=open_call, name="Carta de la institución")
    Criterion.objects.create(call=open_call, name="Calidad", weight=1, scale_max=5)
    closed = call("convocatoria-contrato", closes_at=now - timedelta(days=7))
    criterion = Criterion.objects.create(call=closed, name="Calidad", weight=2, scale_max=5)
    Criterion.objects.create(call=closed, name="Impacto", weight=1, scale_max=10)
    required = RequiredDocument.objects.create(call=closed, name="Carta de la institución")
    phase = ReviewPhase.objects.create(
        call=closed, name="Fase", is_active=True, other_reviews="after_own", hide_names=True
    )
    next_phase = ReviewPhase.objects.create(call=closed, name="Fase siguiente", position=1)
    marta.organisation = "Instituto del Contrato"
    marta.save(update_fields=["organisation"])

    def proposal(title, organisation, number):
        return Proposal.objects.create(
            uuid=uuid.UUID(f"c0de0000-0000-4000-8000-00000000000{number}"),
            call=closed,
            applicant=participant,
            applicant_name=participant.get_full_name(),
            organisation=organisation,
            email_domain="example.org",
            title=title,
            summary="Resumen del contrato.",
            status="in_review",
        )

    assigned = proposal("Propuesta del contrato", "Universidad del Contrato", 1)
    document = ProposalDocument(proposal=assigned, required=required, name=required.name)
    document.file.save("carta.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    conflicted = proposal("Propuesta en conflicto", "Instituto del Contrato", 2)
    reviewer = Reviewer.objects.create(call=closed, member=marta, status="accepted")
    conflict = Conflict.objects.create(
        reviewer=reviewer, proposal=conflicted, source="organisation", detail="Instituto"
    )
    spare = Reviewer.objects.create(
        call=closed, member=make_member("Rosa Revisora", sectors=("salud",)), status="accepted"
    )
    return {
        "committee_spare": spare.pk,
        "open_call": open_call.slug,
        "committee_call": closed.slug,
        "criterion": criterion.pk,
        "required_document": required.pk,
        "phase": phase.pk,
        "next_phase": next_phase.pk,
        "open_required_document": open_required.pk,
        "proposal": assigned.uuid,
        "proposal_document": document.uuid,
        "conflicted_proposal": conflicted.uuid,
        "assignment": Assignment.objects.create(reviewer=reviewer, proposal=assigned).pk,
        "committee_reviewer": reviewer.pk,
        "conflict": conflict.pk,
        "declaration": Declaration.objects.create(
            member=marta, kind="institution", name="Instituto del Contrato"
        ).pk,
    }


def _expert_visits(marta, participant):
    """Expert visits: the participant asked for two visits of health. "visit_request" is
    confirmed, with Marta (owner) as its expert and an activity ("visit_activity"); it ended last
    week, so she may write her report. "visit_review" is in review; "visit_candidate", a member of
    health who agreed to be found, is among its suggested experts. A request is seen by its
    requester, its expert, the health PNCS and IME; for everyone else it does not exist (404)."""
    health = Sector.objects.get(slug="salud")
    start = timezone.localdate() - timedelta(days=20)

    def request(institution, status, number):
        return VisitRequest.objects.create(
            uuid=uuid.UUID(f"5e7e0000-0000-4000-8000-00000000000{number}"),
            requester=participant,
            institution=institution,
            city="Puebla",
            sector=health,
            objectives="Objetivos del contrato.",
            expertise="epidemiología",
            window_start=start,
            window_end=start + timedelta(days=21),
            status=status,
        )

    confirmed = request("Universidad del contrato", "confirmed", 1)
    visit = Visit.objects.create(
        request=confirmed,
        expert=marta,
        arrives_on=start + timedelta(days=2),
        leaves_on=start + timedelta(days=9),
    )
    activity = VisitActivity.objects.create(
        visit=visit,
        kind="talk",
        title="Charla del contrato",
        when=timezone.now() - timedelta(days=15),
        place="Auditorio",
    )
    review = request("Hospital del contrato", "in_review", 2)
    candidate = make_member(
        "Cándida Epidemióloga",
        headline="Epidemiología",
        sectors=("salud",),
        consents=(Consent.Purpose.PNCS_SEARCH,),
    )
    return {
        "visit_request": confirmed.uuid,
        "visit_review": review.uuid,
        "visit_activity": activity.pk,
        "visit_candidate": candidate.slug,
    }


def _binational_projects(marta):
    """Binational projects: Marta (owner) coordinates "proyecto-contrato" (of health, in
    evaluation: seen by its team, the health PNCS and IME; 404 for everyone else), with a
    Mexican institution and a foreign one ("project_institution", removable), a milestone
    ("project_milestone") and a document ("project_document"); "project_invitee" is a member
    who agreed to be found, whom she may invite to the team."""
    health = Sector.objects.get(slug="salud")
    project = Project.objects.create(
        slug="proyecto-contrato",
        title="Proyecto del contrato",
        summary="Resumen del contrato.",
        objectives="Objetivos del contrato.",
        status="in_evaluation",
        created_by=marta.user,
    )
    project.sectors.set([health])
    TeamMember.objects.create(project=project, member=marta, role="coordinator")
    Institution.objects.create(project=project, name="UNAM", country="MX")
    foreign = Institution.objects.create(
        project=project, name="Universidad de Toronto", country="CA"
    )
    milestone = Milestone.objects.create(project=project, title="Hito", due_on=date(2099, 1, 1))
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, "Convenio")
    sheet.showPage()
    sheet.save()
    document = ProjectDocument(project=project, title="Convenio", uploaded_by=marta.user, pages=1)
    document.file.save("convenio.pdf", ContentFile(buffer.getvalue()), save=True)
    invitee = make_member("Iván Invitable", consents=(Consent.Purpose.PNCS_SEARCH,))
    return {
        "project_institution": foreign.pk,
        "project_milestone": milestone.pk,
        "project_document": document.uuid,
        "project_invitee": invitee.slug,
    }


def _opportunities(marta, pncs_salud, participant):
    """Opportunities: Marta (owner) wrote "opportunity_published" (published, of health),
    "opportunity_draft" and "opportunity_submitted" (of health, sent for review); the health PNCS
    wrote "staff_opportunity" (published, of health), in which the participant expressed
    interest ("staff_interest", pending)."""
    health = Sector.objects.get(slug="salud")
    now = timezone.now()

    def opportunity(author, title, status):
        published = status == "published"
        created = Opportunity.objects.create(
            author=author,
            kind="tech_offer",
            title=title,
            summary="Resumen del contrato.",
            description="Descripción del contrato.",
            countries=["MX"],
            status=status,
            sector_ids=[health.pk],
            published_at=now if published else None,
            expires_at=now + timedelta(days=300) if published else None,
        )
        created.sectors.set([health])
        return created

    staff_opportunity = opportunity(pncs_salud, "Oportunidad del PNCS", "published")
    return {
        "opportunity_published": opportunity(marta, "Oportunidad publicada", "published").uuid,
        "opportunity_draft": opportunity(marta, "Oportunidad en borrador", "draft").uuid,
        "opportunity_submitted": opportunity(marta, "Oportunidad en revisión", "submitted").uuid,
        "staff_opportunity": staff_opportunity.uuid,
        # The one-click unsubscribe of Marta's weekly digest (no sign-in: the token is the key).
        "digest_token": unsubscribe_token(marta.pk),
        "staff_interest": OpportunityInterest.objects.create(
            opportunity=staff_opportunity, person=participant, message="Nos interesa."
        ).pk,
    }


def _mentoring(mentor, mentee, pncs_salud):
    """Mentoring: Marta (owner) mentors the participant ("mentorship", active, of health; its
    request "mentoring_request"); the participant also waits for a mentor ("open_request", of
    health, for which Marta is a suggestion) and holds a place offered in the full cohort
    "grupo-lleno" ("offered_place"); "grupo-contrato" (health, open) was opened by the health
    PNCS."""
    health = Sector.objects.get(slug="salud")
    mentor.intro_monthly_limit = 20
    mentor.save(update_fields=["intro_monthly_limit"])
    offer = MentorOffer.objects.create(
        member=mentor,
        capacity=3,
        topics="Biotecnología, ensayos clínicos",
        languages=["es", "en"],
        time_zone="America/Chicago",
        formats=["video"],
        sector_ids=[health.pk],
        load=1,
    )
    offer.sectors.set([health])
    today = timezone.localdate()

    def request(goal, **fields):
        return MentoringRequest.objects.create(
            mentee=mentee,
            goal=goal,
            sector=health,
            topics="biotecnología",
            languages=["es"],
            **fields,
        )

    matched = request("Escalar un laboratorio", status="matched")
    mentorship = Mentorship.objects.create(
        request=matched,
        mentor=mentor,
        status="active",
        started_on=today - timedelta(days=40),
        expires_at=timezone.now(),
    )
    open_request = request("Validar un prototipo")
    for slug, places in (("grupo-contrato", 5), ("grupo-lleno", 1)):
        cohort = Cohort.objects.create(
            name=f"Grupo {slug}",
            slug=slug,
            description="Acompañamiento.",
            places=places,
            applications_close=today + timedelta(days=20),
            starts_on=today + timedelta(days=30),
            ends_on=today + timedelta(days=120),
            created_by=pncs_salud,
        )
        cohort.sectors.set([health])
    full = Cohort.objects.get(slug="grupo-lleno")
    waiting = request("Entrar al grupo", cohort=full, status="waitlisted")
    CohortPlace.objects.create(
        cohort=full,
        request=waiting,
        status="offered",
        offer_expires_at=timezone.now() + timedelta(days=2),
    )
    return {
        "mentor_offer": offer.pk,
        "mentorship": mentorship.uuid,
        "mentoring_request": matched.uuid,
        "open_request": open_request.uuid,
        "offered_place": waiting.uuid,
    }


def _internship_applications(host, student):
    """Applications: "ciclo-abierto" takes applications; Marta (owner) hosts its two postings;
    the participant keeps a draft (with its CV) to "plaza-borrador" and may still apply to
    "plaza-abierta"."""
    today = timezone.localdate()
    day = timedelta(days=1)
    cycle = Cycle.objects.create(
        name="Ciclo abierto del contrato",
        slug="ciclo-abierto",
        postings_open=today - 20 * day,
        applications_open=today - 5 * day,
        applications_close=today + 25 * day,
        selection_on=today + 35 * day,
        offers_until=today + 50 * day,
        placement_start=today + 60 * day,
        placement_end=today + 120 * day,
    )
    postings = [
        Posting.objects.create(
            cycle=cycle,
            host=host,
            title=title,
            slug=slug,
            organisation="Laboratorio del contrato",
            country="US",
            duration_weeks=8,
            description="Trabajo de laboratorio.",
            learning_outcomes="Métodos.",
            status="approved",
            published_at=timezone.now(),
        )
        for title, slug in [
            ("Plaza abierta", "plaza-abierta"),
            ("Plaza borrador", "plaza-borrador"),
        ]
    ]
    draft = Application(
        cycle=cycle,
        posting=postings[1],
        student=student,
        rank=1,
        status="draft",
        motivation="Me interesa.",
        university="UNAM",
        programme="Biología",
        semester=6,
        languages=["es"],
        cv_filename="cv.pdf",
    )
    draft.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    draft.save()
    return {"draft_application": draft.uuid, "draft_application_pk": draft.pk}


def _internship_postings(host):
    """Postings: "plazas-contrato" receives postings; Marta (owner) hosts "plaza-publicada"
    (published), "plaza-en-revision" (of health, sent for review) and "plaza-en-borrador"."""
    today = timezone.localdate()
    day = timedelta(days=1)
    cycle = Cycle.objects.create(
        name="Ciclo de plazas del contrato",
        slug="plazas-contrato",
        postings_open=today - 5 * day,
        applications_open=today + 10 * day,
        applications_close=today + 40 * day,
        selection_on=today + 50 * day,
        offers_until=today + 60 * day,
        placement_start=today + 80 * day,
        placement_end=today + 160 * day,
    )
    for slug, status in [
        ("plaza-publicada", "approved"),
        ("plaza-en-revision", "submitted"),
        ("plaza-en-borrador", "draft"),
    ]:
        posting = Posting.objects.create(
            cycle=cycle,
            host=host,
            title=f"Plaza {slug}",
            slug=slug,
            organisation="Clínica del contrato",
            country="CA",
            duration_weeks=10,
            description="Investigación clínica.",
            learning_outcomes="Métodos clínicos.",
            status=status,
            published_at=timezone.now() if status == "approved" else None,
        )
        posting.sectors.set(Sector.objects.filter(slug="salud"))


def _internship_selection(host, student):
    """Selection: Marta (owner) hosts "plaza-seleccion" (two seats) in "ciclo-seleccion", past its
    selection day and open to direct offers; Sofía, who is none of the roles, applied to it; the
    participant holds an offer of it; IME ran the cycle's matching (a draft to review)."""
    today = timezone.localdate()
    day = timedelta(days=1)
    cycle = Cycle.objects.create(
        name="Ciclo de selección del contrato",
        slug="ciclo-seleccion",
        postings_open=today - 60 * day,
        applications_open=today - 50 * day,
        applications_close=today - 20 * day,
        selection_on=today - day,
        offers_until=today + 14 * day,
        placement_start=today + 30 * day,
        placement_end=today + 120 * day,
        allow_direct_offers=True,
    )
    posting = Posting.objects.create(
        cycle=cycle,
        host=host,
        title="Plaza de selección del contrato",
        slug="plaza-seleccion",
        organisation="Hospital del contrato",
        country="US",
        duration_weeks=8,
        seats=2,
        description="Trabajo clínico.",
        learning_outcomes="Investigación clínica.",
        status="approved",
        published_at=timezone.now(),
    )
    posting.sectors.set(Sector.objects.filter(slug="salud"))
    now = timezone.now()
    sofia = make_user(full_name="Sofía Solicitante", account_type=AccountType.STUDENT)
    candidate = Application.objects.create(
        cycle=cycle, posting=posting, student=sofia, rank=1, status="submitted", submitted_at=now
    )
    offer = Application.objects.create(
        cycle=cycle,
        posting=posting,
        student=student,
        rank=1,
        status="offer",
        submitted_at=now,
        offer_expires_at=now + 3 * day,
    )
    run = MatchingRun.objects.create(cycle=cycle, inputs={}, result={"pairs": [], "unmatched": []})
    return {"host_application": candidate.uuid, "offer": offer.uuid, "matching_run": run.uuid}


def _internship_placement(host, student):
    """Placement: in "ciclo-concluido", over since yesterday, the participant did an internship
    at Marta's (owner) "plaza-concluida"; neither side has evaluated it yet."""
    today = timezone.localdate()
    day = timedelta(days=1)
    cycle = Cycle.objects.create(
        name="Ciclo concluido del contrato",
        slug="ciclo-concluido",
        postings_open=today - 200 * day,
        applications_open=today - 190 * day,
        applications_close=today - 160 * day,
        selection_on=today - 150 * day,
        offers_until=today - 140 * day,
        placement_start=today - 90 * day,
        placement_end=today - day,
    )
    posting = Posting.objects.create(
        cycle=cycle,
        host=host,
        title="Plaza concluida del contrato",
        slug="plaza-concluida",
        organisation="Instituto del contrato",
        country="US",
        duration_weeks=12,
        description="Trabajo de campo.",
        learning_outcomes="Métodos de campo.",
        status="approved",
        published_at=timezone.now() - 180 * day,
    )
    application = Application.objects.create(
        cycle=cycle,
        posting=posting,
        student=student,
        rank=1,
        status="accepted",
        submitted_at=timezone.now() - 170 * day,
    )
    placement = Placement.objects.create(
        application=application, starts_on=cycle.placement_start, ends_on=cycle.placement_end
    )
    return {"placement": placement.uuid}


def _news(ime, pncs_salud):
    """IME's published national item and the health PNCS' sector draft (content's news)."""
    national = NewsItem.objects.create(
        title="Noticia nacional",
        slug="noticia-nacional",
        summary="Resumen nacional.",
        body="Texto nacional.",
        scope="national",
        status="published",
        published_at=timezone.now() - timedelta(days=1),
        author=ime,
    )
    NewsChange.objects.create(news=national, actor=ime, from_status="draft", to_status="published")
    NewsItem.objects.create(
        title="Noticia de salud",
        slug="noticia-borrador-salud",
        summary="Resumen de salud.",
        body="Texto de salud.",
        scope="sector",
        sector=Sector.objects.get(slug="salud"),
        author=pncs_salud,
    )


def _statistics():
    """An open-data snapshot already published (2026-T2); the figures are not computed yet, so
    that IME's refresh has something to do."""
    from content.statistics import snapshots

    snapshots.publish("2026-T2")


def resolve_kwargs(kwargs, ids):
    return {key: ids.get(value, value) for key, value in kwargs.items()}
