"""Every URL that takes a form, posted by every role: the rightful actor's write happens, every
other role gets the designed answer, and a refused write changes nothing in the database and sends
no email.

The table below is the write contract. A URL of the role contract (test_roles_by_url.py) that takes
POST fails `test_post_answers_405_unless_the_url_is_in_the_write_contract`
(test_methods_by_url.py) until it is added here.

Each post runs in a savepoint that is rolled back: every role meets the same world, and each
write is checked on its own. "Nothing changed" compares a fingerprint of every table (row counts
and a hash of the rows) before and after the post.
"""

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from psycopg import sql
from reportlab.pdfgen import canvas

from chapters.models import Chapter, ChapterNews, ChapterProposal, JoinRequest
from committees import models as committee_models
from committees.models import Call, Criterion, Proposal, RequiredDocument, ReviewPhase
from content.models import DataSnapshot, FigureTable, NewsItem
from content.statistics.snapshots import previous_quarter
from internships.models import (
    Application,
    ApplicationNote,
    Cycle,
    Evaluation,
    MatchingRun,
    Placement,
    Posting,
)
from jornadas.models import (
    FollowUp,
    Registration,
    Session,
    SessionChoice,
    SessionMaterial,
    SpeakerInvitation,
    SurveyResponse,
)
from members.models import Consent, Education, IntroductionRequest, Member, User
from mentoring.models import CheckIn, Cohort, MentorOffer, Mentorship
from mentoring.models import Request as MentoringRequest
from pncs.models import ContactPoint, Sector, WorkProgrammeActivity
from projects.models import (
    DigestSubscriber,
    Institution,
    Meeting,
    Milestone,
    Mission,
    Opportunity,
    OpportunityInterest,
    Project,
    TeamInvitation,
    Visit,
    VisitActivity,
    VisitInvitation,
    VisitRequest,
)
from tests.conftest import PASSWORD, login
from tests.redtalentos.conftest import (
    ENROL,
    LOGIN,
    ROLES,
    To,
    Under,
    answer_matches,
    resolve_kwargs,
)


@dataclass
class Write:
    kwargs: dict
    data: object  # a dict, or a function of the world's ids returning one (fresh uploads)
    answers: dict  # role -> status, LOGIN or To(path)
    succeeds: tuple  # the roles whose write happens
    happened: object  # function(user, ids) -> bool: the rightful actor's change is there


def signed_in(default, **answers):
    """Visitors are sent to sign in; signed-in roles get `default` unless named in `answers`."""
    return {"visitor": LOGIN, **dict.fromkeys(ROLES[1:], default), **answers}


LAST_QUARTER = previous_quarter()[0]
MEMBERS = ("member", "leader_other", "owner", "leader")
NOT_MEMBERS = {"participant": 403, "pncs_other": 403, "pncs_salud": 403, "pncs_no_mfa": 403}
TYPED = tuple(role for role in ROLES[1:] if role != "ime_admin")  # accounts with a type chosen
ONBOARDING = To("/perfil/bienvenida/")  # an account without a type chooses one first
# Writes whose rightful actor is not one of the roles: tested on their own below.
NEWCOMER_WRITES = {"members:onboarding"}


HOST_APPLICATION = {"slug": "plaza-seleccion", "uuid": "host_application"}
HOST_PAGES = Under("/pasantias/mis-plazas/plaza-seleccion/solicitudes/")
MATCHING_RUN = {"slug": "ciclo-seleccion", "uuid": "matching_run"}
MATCHING = Under("/pasantias/ciclos/ciclo-seleccion/emparejamiento/")


def _application(ids, name):
    return Application.objects.get(uuid=ids[name])


def _photo(_ids):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), (30, 120, 60)).save(buffer, "JPEG")
    return {"photo": SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")}


def _profile(_ids):
    return {
        "full_name": "Nombre Cambiado",
        "headline": "Titular cambiado por su dueño",
        "bio": "",
        "city": "Houston",
        "country": "US",
        "state_of_origin": "JAL",
        "organisation": "",
        "position": "",
        "sectors": [Sector.objects.get(slug="salud").pk],
        "skills": "Biología",
        "availability": "limited",
        "languages": ["es"],
        "intro_monthly_limit": "4",
        **{f"visibility_{group}": "members" for group in Member.FIELD_GROUPS},
    }


def _activity(title):
    def data(_ids):
        return {
            "contact_point": ContactPoint.objects.get(slug="pncs-salud").pk,
            "title": title,
            "line_of_work": "internships",
            "status": "planned",
            "description": "Diez lugares.",
            "starts_on": "2027-06-01",
            "ends_on": "2027-08-31",
            "outcomes": "",
            "members": "",
        }

    return data


def _posting(_ids):
    return {
        "cycle": Cycle.objects.get(slug="plazas-contrato").pk,
        "title": "Plaza nueva",
        "organisation": "Laboratorio de Toronto",
        "city": "Toronto",
        "country": "CA",
        "duration_weeks": "10",
        "seats": "1",
        "sectors": [Sector.objects.get(slug="salud").pk],
        "skills": "Python",
        "languages": ["es"],
        "description": "Investigación.",
        "learning_outcomes": "Métodos.",
        "accion": "borrador",
    }


def _cycle(_ids):
    today = date.today()
    return {
        "name": "Ciclo nuevo del contrato",
        **{
            field: (today + timedelta(days=10 * number)).isoformat()
            for number, field in enumerate(Cycle.MILESTONE_ORDER, start=1)
        },
        "offer_days": "7",
    }


def _offer(_ids):
    return {
        "capacity": "2",
        "sectors": [Sector.objects.get(slug="salud").pk],
        "topics": "Tema del contrato",
        "languages": ["es"],
        "time_zone": "America/Chicago",
        "hours_from": "9",
        "hours_to": "17",
        "formats": ["video"],
        "hours_per_month": "3",
    }


def _mentoring_request(_ids):
    return {
        "goal": "Objetivo del contrato",
        "sector": Sector.objects.get(slug="salud").pk,
        "topics": "biotecnología",
        "languages": ["es"],
        "time_zone": "America/Mexico_City",
        "hours_from": "9",
        "hours_to": "17",
    }


def _cohort(_ids):
    today = date.today()
    return {
        "name": "Grupo nuevo del contrato",
        "description": "Acompañamiento.",
        "sectors": [Sector.objects.get(slug="salud").pk],
        "places": "10",
        "applications_close": (today + timedelta(days=10)).isoformat(),
        "starts_on": (today + timedelta(days=20)).isoformat(),
        "ends_on": (today + timedelta(days=90)).isoformat(),
    }


def _request_status(name):
    return lambda ids: MentoringRequest.objects.get(uuid=ids[name]).status


def _mentorship(ids):
    return Mentorship.objects.get(uuid=ids["mentorship"])


OPEN_REQUEST = {"uuid": "open_request"}
OPEN_REQUEST_PAGE = Under("/mentorias/solicitudes/")
MENTORSHIP = {"uuid": "mentorship"}
MENTORSHIP_PAGE = Under("/mentorias/relaciones/")
REQUEST_SIDES = {
    "participant": 403,
    "pncs_salud": OPEN_REQUEST_PAGE,
    "ime_admin": OPEN_REQUEST_PAGE,
}
ANY_PNCS = ("pncs_other", "pncs_salud", "ime_admin")


OPPORTUNITIES = Under("/proyectos/oportunidades/")
PUBLISHERS = (*MEMBERS, "pncs_other", "pncs_salud", "ime_admin")
PUBLISHED = {"uuid": "opportunity_published"}
DRAFT_OPPORTUNITY = {"uuid": "opportunity_draft"}


def _opportunity(_ids):
    return {
        "kind": "rd_partner",
        "title": "Oportunidad nueva",
        "summary": "Buscamos socios.",
        "description": "Un proyecto de investigación.",
        "sectors": [Sector.objects.get(slug="salud").pk],
        "countries": ["MX"],
        "deadline": "",
        "organisation": "Laboratorio de Toronto",
        "accion": "borrador",
    }


def _opportunity_field(name, field):
    return lambda ids: getattr(Opportunity.objects.get(uuid=ids[name]), field)


SALUD_DRAFT = {"slug": "noticia-borrador-salud"}
SALUD_DRAFT_PAGE = "/noticias/noticia-borrador-salud/"


def _news(title):
    def data(_ids):
        return {
            "title": title,
            "summary": "Resumen.",
            "body": "Texto de la noticia.",
            "language": "es",
            "scope": "sector",
            "sector": Sector.objects.get(slug="salud").pk,
            "publish_at": "",
        }

    return data


MISSION = {"slug": "mision-contrato"}
MISSION_PAGE = To("/proyectos/misiones/mision-contrato/")
MISSION_AGENDA = To("/proyectos/misiones/mision-contrato/agenda/")
MISSION_DELEGATION = To("/proyectos/misiones/mision-contrato/delegados/")
MISSION_STAFF = signed_in(403, pncs_salud=MISSION_PAGE, ime_admin=MISSION_PAGE)
MISSION_MEETING = {**MISSION, "pk": "mission_meeting"}


def _mission(title):
    def data(_ids):
        return {
            "title": title,
            "kind": "trade",
            "direction": "to_mexico",
            "sector": Sector.objects.get(slug="salud").pk,
            "destination_city": "Monterrey",
            "destination_country": "MX",
            "organiser": "IME",
            "starts_on": "2099-03-01",
            "ends_on": "2099-03-04",
            "registration_closes_on": "",
            "capacity": "2",
            "description": "",
        }

    return data


def _contract_mission():
    return Mission.objects.get(slug="mision-contrato")


def _meeting_status(ids):
    return Meeting.objects.get(pk=ids["mission_meeting"]).status


VISIT = {"uuid": "visit_request"}
VISIT_PAGE = To("/proyectos/visitas/5e7e0000-0000-4000-8000-000000000001/")
VISIT_RECORD = To("/proyectos/visitas/5e7e0000-0000-4000-8000-000000000001/visita/")
REVIEW_PAGE = To("/proyectos/visitas/5e7e0000-0000-4000-8000-000000000002/")
VISIT_STAFF = signed_in(
    404, participant=403, owner=403, pncs_salud=VISIT_PAGE, ime_admin=VISIT_PAGE
)
RECORD_STAFF = signed_in(
    404, participant=403, owner=403, pncs_salud=VISIT_RECORD, ime_admin=VISIT_RECORD
)


def _visit_request(_ids):
    start = timezone.localdate() + timedelta(days=30)
    return {
        "institution": "Instituto nuevo",
        "city": "Oaxaca",
        "sector": Sector.objects.get(slug="salud").pk,
        "objectives": "Un taller.",
        "expertise": "epidemiología",
        "window_start": start.isoformat(),
        "window_end": (start + timedelta(days=21)).isoformat(),
        "covers_lodging": "on",
    }


def _visit_dates(_ids):
    start = VisitRequest.objects.get(institution="Universidad del contrato").window_start
    return {
        "arrives_on": (start + timedelta(days=1)).isoformat(),
        "leaves_on": (start + timedelta(days=8)).isoformat(),
        "itinerary": "Itinerario nuevo",
    }


def _visit_activity(_ids):
    visit = Visit.objects.get(request__institution="Universidad del contrato")
    return {
        "kind": "meeting",
        "title": "Reunión nueva",
        "when": f"{(visit.arrives_on + timedelta(days=1)).isoformat()}T10:00",
        "place": "Sala",
    }


def _contract_visit():
    return Visit.objects.get(request__institution="Universidad del contrato")


PROJECT = {"slug": "proyecto-contrato"}
PROJECT_PAGE = To("/proyectos/proyecto-contrato/")
PROJECT_COORDINATORS = signed_in(404, owner=PROJECT_PAGE, pncs_salud=403, ime_admin=403)


def _project(_ids):
    return {
        "title": "Proyecto nuevo",
        "summary": "Resumen nuevo.",
        "objectives": "Objetivos nuevos.",
        "sectors": [Sector.objects.get(slug="salud").pk],
        "starts_on": "",
        "ends_on": "",
    }


def _project_document(_ids):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, "Informe")
    sheet.showPage()
    sheet.save()
    upload = SimpleUploadedFile("informe.pdf", buffer.getvalue(), content_type="application/pdf")
    return {"title": "Informe nuevo", "file": upload}


def _committee_proposal(_ids):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, "Carta")
    sheet.showPage()
    sheet.save()
    required = RequiredDocument.objects.get(call__slug="convocatoria-abierta")
    return {
        "organisation": "Universidad Nueva",
        "title": "Propuesta nueva",
        "summary": "Resumen de la propuesta nueva.",
        "language": "es",
        f"documento_{required.pk}": SimpleUploadedFile(
            "carta.pdf", buffer.getvalue(), content_type="application/pdf"
        ),
    }


def _contract_project():
    return Project.objects.get(slug="proyecto-contrato")


SESSIONS = Under("/jornadas/contrato/sesiones/")  # a session's page, or its materials
FOLLOW_UPS = Under("/jornadas/contrato/seguimiento/")  # the follow-ups, or one of them


def _follow_up(_ids):
    health = ContactPoint.objects.get(slug="pncs-salud")
    return {
        "destination": f"{health.pk}-{Sector.objects.get(slug='salud').pk}",
        "title": "Nueva acción de seguimiento",
        "due_on": "2099-01-01",
    }


def _material(_ids):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, "Láminas nuevas")
    sheet.showPage()
    sheet.save()
    pdf = SimpleUploadedFile("laminas.pdf", buffer.getvalue(), content_type="application/pdf")
    return {"title": "Láminas nuevas", "file": pdf}


def _cv_application(ids):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, "Currículum")
    sheet.showPage()
    sheet.save()
    cv = SimpleUploadedFile("mi cv.pdf", buffer.getvalue(), content_type="application/pdf")
    return {
        "rank": "2",
        "motivation": "Quiero aprender en su laboratorio.",
        "university": "UNAM",
        "programme": "Química",
        "semester": "5",
        "languages": ["es", "en"],
        "cv": cv,
        "accion": "enviar",
    }


def _draft(ids):
    return Application.objects.get(uuid=ids["draft_application"])


PARTICIPANT_ONLY = signed_in(403, participant=Under("/pasantias/solicitudes/"))
DRAFT = {"uuid": "draft_application"}
DRAFT_PAGE = Under("/pasantias/solicitudes/")


def _consent(user, purpose):
    return Consent.objects.filter(user=user, purpose=purpose).order_by("-pk").first()


def _review_drafted(_user, ids):
    from committees.models import Review

    return Review.objects.filter(
        assignment_id=ids["assignment"],
        comment_to_committee="Borrador del contrato",
        scores__criterion_id=ids["criterion"],
        scores__value=4,
        submitted_at__isnull=True,
    ).exists()


def _conflict_declared(_user, ids):
    from committees.models import Conflict

    return Conflict.objects.filter(
        reviewer_id=ids["committee_reviewer"], proposal__uuid=ids["proposal"], source="declared"
    ).exists()


def _declared(user, _ids):
    from committees.models import Declaration

    return Declaration.objects.filter(
        member__user=user, kind="person", name="Persona del contrato"
    ).exists()


def _declaration_gone(_user, ids):
    from committees.models import Declaration

    return not Declaration.objects.filter(pk=ids["declaration"]).exists()


COMMITTEE_CALL = {"slug": "committee_call"}
COMMITTEE_CONFLICTS = To("/convocatorias/convocatoria-contrato/conflictos/")
COMMITTEE_ASSIGNMENT = To("/convocatorias/convocatoria-contrato/asignacion/")


def committee_staff(answer):
    """The call's staff (health PNCS, IME) get `answer`; every other signed-in role 403."""
    return signed_in(403, pncs_salud=answer, ime_admin=answer)


WRITE_CONTRACT = {
    # Internship applications: the participant applies to "plaza-abierta" and acts on their
    # draft; members abroad and staff get 403 on applying, everyone else 404 on the draft.
    "internships:apply": Write(
        {"slug": "plaza-abierta"},
        _cv_application,
        PARTICIPANT_ONLY,
        ("participant",),
        lambda user, ids: Application.objects.filter(
            student=user, posting__slug="plaza-abierta", status="submitted", rank=2
        ).exists(),
    ),
    "internships:application_edit": Write(
        DRAFT,
        {"rank": "1", "motivation": "Lo reescribí.", "accion": "borrador"},
        signed_in(404, participant=DRAFT_PAGE),
        ("participant",),
        lambda user, ids: _draft(ids).motivation == "Lo reescribí.",
    ),
    "internships:application_send": Write(
        DRAFT,
        {},
        signed_in(404, participant=DRAFT_PAGE),
        ("participant",),
        lambda user, ids: _draft(ids).status == "submitted",
    ),
    "internships:application_withdraw": Write(
        DRAFT,
        {},
        signed_in(404, participant=DRAFT_PAGE),
        ("participant",),
        lambda user, ids: _draft(ids).status == "withdrawn",
    ),
    "internships:application_ranks": Write(
        {"slug": "ciclo-abierto"},
        lambda ids: {f"rank_{ids['draft_application_pk']}": "2"},
        signed_in(403, participant=To("/pasantias/mis-solicitudes/")),
        ("participant",),
        lambda user, ids: _draft(ids).rank == 2,
    ),
    "members:onboarding": Write(
        {},
        {"account_type": "student", "full_name": "Persona Nueva"},
        # Once chosen, the account type stays: the page sends on to the consents; staff never
        # enter the onboarding. Its rightful actor is a newcomer, outside the roles
        # (test_a_newcomer_chooses_their_account_type).
        signed_in(To("/perfil/bienvenida/privacidad/"), ime_admin=To("/inicio/")),
        (),
        lambda user, ids: User.objects.get(pk=user.pk).account_type == "student",
    ),
    "members:onboarding_consents": Write(
        {},
        {"news": "on"},
        # Talents go on to fill in their profile and participants to their home (both at
        # /perfil/), staff to their home.
        signed_in(
            To("/"),
            ime_admin=To("/inicio/"),
            participant=To("/perfil/"),
            **dict.fromkeys(MEMBERS, To("/perfil/")),
        ),
        TYPED,
        lambda user, ids: _consent(user, Consent.Purpose.NEWS).granted,
    ),
    "members:privacy_settings": Write(
        {},
        {"purpose": "news", "granted": "1"},
        signed_in(To("/perfil/privacidad/")),
        tuple(ROLES[1:]),
        lambda user, ids: _consent(user, Consent.Purpose.NEWS).granted,
    ),
    "members:profile_edit": Write(
        {},
        _profile,
        signed_in(To("/perfil/"), ime_admin=ONBOARDING, **NOT_MEMBERS),
        MEMBERS,
        lambda user, ids: Member.objects.get(user=user).headline == "Titular cambiado por su dueño",
    ),
    "members:photo": Write(
        {},
        _photo,
        signed_in(To("/perfil/"), ime_admin=ONBOARDING, **NOT_MEMBERS),
        MEMBERS,
        lambda user, ids: bool(Member.objects.get(user=user).photo),
    ),
    "members:education_add": Write(
        {},
        {
            "education-degree": "doctorate",
            "education-field": "Física",
            "education-institution": "Universidad de Toronto",
            "education-year": "2012",
        },
        signed_in(To("/perfil/"), ime_admin=ONBOARDING, **NOT_MEMBERS),
        MEMBERS,
        lambda user, ids: Education.objects.filter(member__user=user, field="Física").exists(),
    ),
    "members:education_delete": Write(
        {"pk": "education"},
        {},
        # Another member's education row does not exist for them.
        signed_in(404, owner=To("/perfil/"), ime_admin=ONBOARDING, **NOT_MEMBERS),
        ("owner",),
        lambda user, ids: not Education.objects.filter(pk=ids["education"]).exists(),
    ),
    "members:introduction_request": Write(
        {"slug": "marta"},
        {"purpose": "mentoring", "message": "Me gustaría conversar sobre su laboratorio."},
        # Marta cannot ask for an introduction to herself: the form says why. Staff ask as staff
        # only after the second factor.
        signed_in(
            To("/miembros/marta/"), participant=403, ime_admin=403, owner=200, pncs_no_mfa=403
        ),
        ("member", "leader_other", "leader", "pncs_other", "pncs_salud"),
        lambda user, ids: IntroductionRequest.objects.filter(
            requester=user, member__slug="marta"
        ).exists(),
    ),
    "members:introduction_answer": Write(
        {"pk": "introduction"},
        {"decision": "accept"},
        # Someone else's request does not exist for a member; accounts without a profile get 403.
        signed_in(404, owner=To("/perfil/solicitudes/"), ime_admin=403, **NOT_MEMBERS),
        ("owner",),
        lambda user, ids: (
            IntroductionRequest.objects.get(pk=ids["introduction"]).status
            == IntroductionRequest.Status.ACCEPTED
        ),
    ),
    "members:mfa_enrol": Write(
        {},
        {},
        # Accounts that have an app, or need none, are sent to allauth's MFA page.
        signed_in(To("/cuenta/2fa/"), pncs_no_mfa=ENROL),
        ("pncs_no_mfa",),
        lambda user, ids: [message.to for message in mail.outbox] == [[user.email]],
    ),
    "members:account_delete": Write(
        {},
        {"password": PASSWORD},
        signed_in(To("/")),
        tuple(ROLES[1:]),
        lambda user, ids: not User.objects.filter(pk=user.pk).exists(),
    ),
    # Registration: everyone signed in registers for "contrato" (sent on to their registration);
    # Marta, registered already, is sent to hers with a message. Her registration is hers alone.
    "jornadas:register": Write(
        {"slug": "contrato"},
        {"attendance": "in_person"},
        signed_in(Under("/jornadas/contrato/registro/")),
        tuple(role for role in ROLES[1:] if role != "owner"),
        lambda user, ids: Registration.objects.filter(
            user=user, edition__slug="contrato", status="confirmed"
        ).exists(),
    ),
    "jornadas:registration_cancel": Write(
        {"slug": "contrato", "uuid": "registration"},
        {},
        signed_in(404, owner=Under("/jornadas/contrato/registro/")),
        ("owner",),
        lambda user, ids: Registration.objects.get(uuid=ids["registration"]).status == "cancelled",
    ),
    "jornadas:registration_accept": Write(
        {"slug": "contrato-dos", "uuid": "offered_registration"},
        {},
        signed_in(404, owner=Under("/jornadas/contrato-dos/registro/")),
        ("owner",),
        lambda user, ids: (
            Registration.objects.get(uuid=ids["offered_registration"]).status == "confirmed"
        ),
    ),
    "jornadas:session_choice": Write(
        {"slug": "contrato", "uuid": "registration", "pk": "jornada_session"},
        {"accion": "elegir"},
        signed_in(404, owner=Under("/jornadas/contrato/registro/")),
        ("owner",),
        lambda user, ids: SessionChoice.objects.filter(
            registration__uuid=ids["registration"],
            session_id=ids["jornada_session"],
            status="confirmed",
        ).exists(),
    ),
    # Check-in: IME scans Marta's code and she is checked in; nobody else may.
    "jornadas:checkin": Write(
        {"slug": "contrato"},
        lambda ids: {"codigo": Registration.objects.get(uuid=ids["registration"]).checkin_code},
        signed_in(403, ime_admin=200),
        ("ime_admin",),
        lambda user, ids: Registration.objects.filter(
            uuid=ids["registration"], checked_in_at__isnull=False, checked_in_by=user
        ).exists(),
    ),
    # After the edition: IME and the health PNCS add, edit and move health's follow-ups (the
    # automotive PNCS is offered no health choice: a form error); Marta answers the survey.
    "jornadas:follow_up_list": Write(
        {"slug": "contrato"},
        _follow_up,
        signed_in(403, pncs_other=200, pncs_salud=FOLLOW_UPS, ime_admin=FOLLOW_UPS),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: FollowUp.objects.filter(
            created_by=user, activity__title="Nueva acción de seguimiento"
        ).exists(),
    ),
    "jornadas:follow_up_detail": Write(
        {"slug": "contrato", "pk": "follow_up"},
        {"title": "Convenio cambiado", "due_on": "2099-01-01"},
        signed_in(403, pncs_salud=FOLLOW_UPS, ime_admin=FOLLOW_UPS),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            FollowUp.objects.get(pk=ids["follow_up"]).activity.title == "Convenio cambiado"
        ),
    ),
    "jornadas:follow_up_status": Write(
        {"slug": "contrato", "pk": "follow_up"},
        {"estado": "in_progress"},
        signed_in(403, pncs_salud=FOLLOW_UPS, ime_admin=FOLLOW_UPS),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            FollowUp.objects.get(pk=ids["follow_up"]).activity.status == "in_progress"
        ),
    ),
    "jornadas:survey": Write(
        {"slug": "contrato-pasado"},
        {"rating": "5", "comment": "Muy útil."},
        signed_in(403, owner=To("/jornadas/contrato-pasado/")),
        ("owner",),
        lambda user, ids: SurveyResponse.objects.filter(registration__user=user).exists(),
    ),
    "jornadas:speaker_invite": Write(
        {"slug": "contrato", "pk": "speaker_session"},
        {"member": "sara", "role": "speaker", "message": "¿Nos acompañas como ponente?"},
        signed_in(403, pncs_salud=SESSIONS, ime_admin=SESSIONS),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: SpeakerInvitation.objects.filter(
            session_id=ids["speaker_session"],
            introduction__member__slug="sara",
            introduction__requester=user,
        ).exists(),
    ),
    "jornadas:session_abstract": Write(
        {"slug": "contrato", "pk": "speaker_session"},
        {"abstract": "Resumen escrito por su ponente."},
        signed_in(403, owner=SESSIONS, ime_admin=SESSIONS),
        ("owner", "ime_admin"),
        lambda user, ids: (
            Session.objects.get(pk=ids["speaker_session"]).abstract
            == "Resumen escrito por su ponente."
        ),
    ),
    "jornadas:session_materials": Write(
        {"slug": "contrato", "pk": "speaker_session"},
        _material,
        signed_in(403, owner=SESSIONS, ime_admin=SESSIONS),
        ("owner", "ime_admin"),
        lambda user, ids: SessionMaterial.objects.filter(
            uploaded_by=user, title="Láminas nuevas"
        ).exists(),
    ),
    "jornadas:material_delete": Write(
        {"slug": "contrato", "uuid": "material"},
        {},
        signed_in(403, owner=SESSIONS, ime_admin=SESSIONS),
        ("owner", "ime_admin"),
        lambda user, ids: not SessionMaterial.objects.filter(uuid=ids["material"]).exists(),
    ),
    # Internship selection: Marta (owner) hosts "plaza-seleccion", IME may act on it too; for
    # everyone else its applications do not exist. The matching is IME's; the offer is the
    # participant's alone.
    "internships:host_application_stage": Write(
        HOST_APPLICATION,
        {"status": "in_review"},
        signed_in(404, owner=HOST_PAGES, ime_admin=HOST_PAGES),
        ("owner", "ime_admin"),
        lambda user, ids: _application(ids, "host_application").status == "in_review",
    ),
    "internships:host_application_note": Write(
        HOST_APPLICATION,
        {"text": "Muy buena entrevista."},
        signed_in(404, owner=HOST_PAGES, ime_admin=HOST_PAGES),
        ("owner", "ime_admin"),
        lambda user, ids: ApplicationNote.objects.filter(
            author=user, text="Muy buena entrevista."
        ).exists(),
    ),
    "internships:host_application_order": Write(
        HOST_APPLICATION,
        {"host_rank": "1", "host_choice": "primary"},
        signed_in(404, owner=HOST_PAGES, ime_admin=HOST_PAGES),
        ("owner", "ime_admin"),
        lambda user, ids: _application(ids, "host_application").host_rank == 1,
    ),
    "internships:host_application_offer": Write(
        HOST_APPLICATION,
        {},
        signed_in(404, owner=HOST_PAGES, ime_admin=HOST_PAGES),
        ("owner", "ime_admin"),
        lambda user, ids: _application(ids, "host_application").status == "offer",
    ),
    "internships:matching": Write(
        {"slug": "ciclo-seleccion"},
        {},
        signed_in(403, ime_admin=MATCHING),
        ("ime_admin",),
        lambda user, ids: MatchingRun.objects.filter(run_by=user).exists(),
    ),
    "internships:matching_run_approve": Write(
        MATCHING_RUN,
        {},
        signed_in(403, ime_admin=MATCHING),
        ("ime_admin",),
        lambda user, ids: MatchingRun.objects.get(uuid=ids["matching_run"]).status == "approved",
    ),
    "internships:matching_run_discard": Write(
        MATCHING_RUN,
        {},
        signed_in(403, ime_admin=To(MATCHING)),
        ("ime_admin",),
        lambda user, ids: MatchingRun.objects.get(uuid=ids["matching_run"]).status == "discarded",
    ),
    "internships:application_accept": Write(
        {"uuid": "offer"},
        {},
        signed_in(404, participant=Under("/pasantias/solicitudes/")),
        ("participant",),
        lambda user, ids: Placement.objects.filter(application__uuid=ids["offer"]).exists(),
    ),
    "internships:application_decline": Write(
        {"uuid": "offer"},
        {},
        signed_in(404, participant=Under("/pasantias/solicitudes/")),
        ("participant",),
        lambda user, ids: _application(ids, "offer").status == "withdrawn",
    ),
    # A placement over since yesterday: its student (participant) and its host (owner) each
    # evaluate it; IME reads it but does not evaluate (403); for anybody else it does not exist.
    "internships:placement_evaluate": Write(
        {"uuid": "placement"},
        {"rating": "5", "comment": "Muy buena estancia."},
        signed_in(
            404,
            participant=Under("/pasantias/estancias/"),
            owner=Under("/pasantias/estancias/"),
            ime_admin=403,
        ),
        ("participant", "owner"),
        lambda user, ids: Evaluation.objects.filter(author=user, rating=5).exists(),
    ),
    # Internship postings: members post a place (a draft, on its page); Marta (owner) edits and
    # sends her draft and closes her published posting; the health PNCS and IME review hers.
    # Binational projects: members propose one (they coordinate it, on its page); Marta (owner)
    # coordinates "proyecto-contrato" (health, in evaluation) and changes it; the health PNCS
    # and IME approve it (Marta's own approval is refused with a message: not the team's move).
    # Expert visits: participants and PNCS staff ask for one (on its page; a PNCS of another
    # sector may not pick health, the form says so); the participant asked for "visit_request"
    # (health, confirmed, ended last week), whose expert is Marta (owner): the health PNCS and
    # IME mark it completed, record its dates and activities and invite an expert to
    # "visit_review" (in review); the requester may only withdraw (completing it is refused with
    # a message); Marta writes her report.
    # Missions: IME and the PNCS create missions in their sectors (the other PNCS gets the form
    # back: health is not among its sectors); the health PNCS and IME edit "mision-contrato",
    # call it off (its delegates' places go with it) and add its hosts; every signed-in account
    # registers (waitlisted: both places are taken), Marta (owner), already registered, is sent
    # back with a message; she cancels her place, accepts
    # the place offered to her in "mision-oferta", asks Dalia for a meeting (the staff, not
    # delegates, are sent back with a message), answers Dalia's request and cancels it (the
    # staff of the mission cancel it too).
    "projects:mission_create": Write(
        {},
        _mission("Misión nueva"),
        signed_in(
            403,
            pncs_other=200,
            pncs_salud=Under("/proyectos/misiones/"),
            ime_admin=Under("/proyectos/misiones/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: Mission.objects.filter(title="Misión nueva", created_by=user).exists(),
    ),
    "projects:mission_edit": Write(
        MISSION,
        _mission("Misión editada"),
        MISSION_STAFF,
        ("pncs_salud", "ime_admin"),
        lambda user, ids: _contract_mission().title == "Misión editada",
    ),
    "projects:mission_status": Write(
        MISSION,
        {"status": "cancelled", "note": "Se pospone al otoño."},
        MISSION_STAFF,
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            _contract_mission().status == "cancelled"
            and not _contract_mission().delegates.active().exists()
            and _contract_mission().history.get(actor=user).note == "Se pospone al otoño."
        ),
    ),
    "projects:mission_host_add": Write(
        MISSION,
        {"name": "Anfitrión nuevo", "contact_name": "", "description": ""},
        MISSION_STAFF,
        ("pncs_salud", "ime_admin"),
        lambda user, ids: _contract_mission().hosts.filter(name="Anfitrión nuevo").exists(),
    ),
    "projects:mission_register": Write(
        MISSION,
        {"organisation": "Organización nueva", "role": "", "interests": ""},
        signed_in(MISSION_PAGE),
        tuple(role for role in ROLES[1:] if role != "owner"),
        lambda user, ids: (
            _contract_mission()
            .delegates.filter(user=user, organisation="Organización nueva", status="waitlisted")
            .exists()
        ),
    ),
    "projects:mission_registration_cancel": Write(
        MISSION,
        {},
        signed_in(404, owner=MISSION_PAGE),
        ("owner",),
        lambda user, ids: _contract_mission().delegates.get(user=user).status == "cancelled",
    ),
    "projects:mission_registration_accept": Write(
        {"slug": "mision-oferta"},
        {},
        signed_in(404, owner=To("/proyectos/misiones/mision-oferta/")),
        ("owner",),
        lambda user, ids: (
            Mission.objects.get(slug="mision-oferta").delegates.get(user=user).status == "confirmed"
        ),
    ),
    "projects:mission_meeting_request": Write(
        MISSION,
        lambda ids: {
            "with_": f"d{ids['mission_delegate']}",
            "day": "2099-03-03",
            "starts": "10:00",
            "ends": "11:00",
            "note": "",
        },
        signed_in(
            403,
            owner=MISSION_AGENDA,
            pncs_salud=MISSION_DELEGATION,
            ime_admin=MISSION_DELEGATION,
        ),
        ("owner",),
        lambda user, ids: Meeting.objects.filter(
            requester__user=user, with_delegate=ids["mission_delegate"]
        ).exists(),
    ),
    "projects:mission_meeting_answer": Write(
        MISSION_MEETING,
        {"answer": "accept"},
        signed_in(404, owner=MISSION_AGENDA),
        ("owner",),
        lambda user, ids: _meeting_status(ids) == "accepted",
    ),
    "projects:mission_meeting_cancel": Write(
        MISSION_MEETING,
        {},
        signed_in(
            404,
            owner=MISSION_AGENDA,
            pncs_salud=MISSION_DELEGATION,
            ime_admin=MISSION_DELEGATION,
        ),
        ("owner", "pncs_salud", "ime_admin"),
        lambda user, ids: _meeting_status(ids) == "cancelled",
    ),
    "projects:visit_request_create": Write(
        {},
        _visit_request,
        signed_in(
            403,
            participant=Under("/proyectos/visitas/"),
            pncs_salud=Under("/proyectos/visitas/"),
            pncs_other=200,
        ),
        ("participant", "pncs_salud"),
        lambda user, ids: VisitRequest.objects.filter(
            requester=user, institution="Instituto nuevo"
        ).exists(),
    ),
    "projects:visit_status": Write(
        VISIT,
        {"status": "completed", "note": ""},
        signed_in(
            404, participant=VISIT_PAGE, owner=403, pncs_salud=VISIT_PAGE, ime_admin=VISIT_PAGE
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            _contract_visit().request.history.filter(actor=user, to_status="completed").exists()
        ),
    ),
    "projects:visit_invite": Write(
        {"uuid": "visit_review"},
        lambda ids: {"member": ids["visit_candidate"], "message": ""},
        signed_in(404, participant=403, owner=404, pncs_salud=REVIEW_PAGE, ime_admin=REVIEW_PAGE),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: VisitInvitation.objects.filter(
            introduction__requester=user, introduction__member__slug=ids["visit_candidate"]
        ).exists(),
    ),
    "projects:visit_edit": Write(
        VISIT,
        _visit_dates,
        VISIT_STAFF,
        ("pncs_salud", "ime_admin"),
        lambda user, ids: _contract_visit().itinerary == "Itinerario nuevo",
    ),
    "projects:visit_activity_add": Write(
        VISIT,
        _visit_activity,
        RECORD_STAFF,
        ("pncs_salud", "ime_admin"),
        lambda user, ids: _contract_visit().activities.filter(title="Reunión nueva").exists(),
    ),
    "projects:visit_activity_remove": Write(
        {**VISIT, "pk": "visit_activity"},
        {},
        RECORD_STAFF,
        ("pncs_salud", "ime_admin"),
        lambda user, ids: not VisitActivity.objects.filter(pk=ids["visit_activity"]).exists(),
    ),
    "projects:visit_report": Write(
        VISIT,
        {"report": "Informe nuevo"},
        signed_in(404, participant=403, owner=VISIT_PAGE, pncs_salud=403, ime_admin=403),
        ("owner",),
        lambda user, ids: _contract_visit().report == "Informe nuevo",
    ),
    "projects:project_create": Write(
        {},
        _project,
        signed_in(Under("/proyectos/"), ime_admin=403, **NOT_MEMBERS),
        MEMBERS,
        lambda user, ids: Project.objects.filter(
            title="Proyecto nuevo", team__member__user=user, team__role="coordinator"
        ).exists(),
    ),
    "projects:project_edit": Write(
        PROJECT,
        _project,
        PROJECT_COORDINATORS,
        ("owner",),
        lambda user, ids: _contract_project().title == "Proyecto nuevo",
    ),
    "projects:project_status": Write(
        PROJECT,
        {"status": "approved", "note": "Aprobado por el comité."},
        signed_in(404, owner=PROJECT_PAGE, pncs_salud=PROJECT_PAGE, ime_admin=PROJECT_PAGE),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            _contract_project().history.filter(actor=user, to_status="approved").exists()
        ),
    ),
    "projects:institution_add": Write(
        PROJECT,
        {"name": "Instituto nuevo", "country": "MX", "role": ""},
        PROJECT_COORDINATORS,
        ("owner",),
        lambda user, ids: _contract_project().institutions.filter(name="Instituto nuevo").exists(),
    ),
    "projects:institution_remove": Write(
        {**PROJECT, "pk": "project_institution"},
        {},
        PROJECT_COORDINATORS,
        ("owner",),
        lambda user, ids: not Institution.objects.filter(pk=ids["project_institution"]).exists(),
    ),
    "projects:milestone_add": Write(
        PROJECT,
        {"title": "Hito nuevo", "due_on": "2099-06-01", "status": "planned", "progress": "0"},
        PROJECT_COORDINATORS,
        ("owner",),
        lambda user, ids: _contract_project().milestones.filter(title="Hito nuevo").exists(),
    ),
    "projects:milestone_update": Write(
        {**PROJECT, "pk": "project_milestone"},
        {"status": "underway", "progress": "50"},
        PROJECT_COORDINATORS,
        ("owner",),
        lambda user, ids: Milestone.objects.get(pk=ids["project_milestone"]).progress == 50,
    ),
    "projects:milestone_remove": Write(
        {**PROJECT, "pk": "project_milestone"},
        {},
        PROJECT_COORDINATORS,
        ("owner",),
        lambda user, ids: not Milestone.objects.filter(pk=ids["project_milestone"]).exists(),
    ),
    "projects:team_invite": Write(
        PROJECT,
        lambda ids: {"member": ids["project_invitee"], "role": "researcher", "message": "Únete."},
        PROJECT_COORDINATORS,
        ("owner",),
        lambda user, ids: TeamInvitation.objects.filter(
            introduction__member__slug=ids["project_invitee"], introduction__requester=user
        ).exists(),
    ),
    "projects:document_upload": Write(
        PROJECT,
        _project_document,
        PROJECT_COORDINATORS,
        ("owner",),
        lambda user, ids: _contract_project().documents.filter(title="Informe nuevo").exists(),
    ),
    "projects:opportunity_create": Write(
        {},
        _opportunity,
        signed_in(OPPORTUNITIES, participant=403, pncs_no_mfa=403),
        PUBLISHERS,
        lambda user, ids: Opportunity.objects.filter(
            author=user, title="Oportunidad nueva"
        ).exists(),
    ),
    "projects:opportunity_edit": Write(
        DRAFT_OPPORTUNITY,
        _opportunity,
        signed_in(404, owner=OPPORTUNITIES),
        ("owner",),
        lambda user, ids: (
            _opportunity_field("opportunity_draft", "title")(ids) == "Oportunidad nueva"
        ),
    ),
    "projects:opportunity_submit": Write(
        DRAFT_OPPORTUNITY,
        {},
        signed_in(404, owner=OPPORTUNITIES),
        ("owner",),
        lambda user, ids: _opportunity_field("opportunity_draft", "status")(ids) == "submitted",
    ),
    "projects:opportunity_withdraw": Write(
        PUBLISHED,
        {},
        signed_in(403, owner=OPPORTUNITIES),
        ("owner",),
        lambda user, ids: _opportunity_field("opportunity_published", "status")(ids) == "withdrawn",
    ),
    "projects:opportunity_renew": Write(
        PUBLISHED,
        {},
        signed_in(403, owner=OPPORTUNITIES),
        ("owner",),
        lambda user, ids: (
            _opportunity_field("opportunity_published", "expires_at")(ids)
            > timezone.now() + timedelta(days=330)
        ),
    ),
    "projects:opportunity_review": Write(
        {"uuid": "opportunity_submitted"},
        {"decision": "approve", "comment": ""},
        signed_in(
            404,
            owner=403,
            pncs_salud=To("/proyectos/oportunidades/revision/"),
            ime_admin=To("/proyectos/oportunidades/revision/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: _opportunity_field("opportunity_submitted", "status")(ids) == "published",
    ),
    "projects:opportunity_interest": Write(
        PUBLISHED,
        {"message": "Nos interesa colaborar en esto."},
        signed_in(OPPORTUNITIES, owner=403),
        tuple(role for role in ROLES[1:] if role != "owner"),
        lambda user, ids: OpportunityInterest.objects.filter(
            opportunity__uuid=ids["opportunity_published"], person=user
        ).exists(),
    ),
    # Without signing in: the signed token in the address is the key, whoever holds it.
    "projects:digest_unsubscribe": Write(
        {"token": "digest_token"},
        {},
        dict.fromkeys(ROLES, 200),
        tuple(ROLES),
        lambda user, ids: DigestSubscriber.objects.filter(unsubscribed_at__isnull=False).exists(),
    ),
    "projects:interest_answer": Write(
        {"uuid": "staff_opportunity", "pk": "staff_interest"},
        {"decision": "accept"},
        signed_in(403, pncs_salud=OPPORTUNITIES),
        ("pncs_salud",),
        lambda user, ids: (
            OpportunityInterest.objects.get(pk=ids["staff_interest"]).status == "accepted"
        ),
    ),
    "mentoring:offer_edit": Write(
        {},
        _offer,
        signed_in(To("/mentorias/mis-mentorias/"), ime_admin=403, **NOT_MEMBERS),
        MEMBERS,
        lambda user, ids: MentorOffer.objects.filter(
            member__user=user, topics="Tema del contrato"
        ).exists(),
    ),
    "mentoring:request_create": Write(
        {},
        _mentoring_request,
        signed_in(403, participant=OPEN_REQUEST_PAGE),
        ("participant",),
        lambda user, ids: MentoringRequest.objects.filter(
            mentee=user, goal="Objetivo del contrato"
        ).exists(),
    ),
    "mentoring:cohort_apply": Write(
        {"slug": "grupo-contrato"},
        _mentoring_request,
        signed_in(403, participant=OPEN_REQUEST_PAGE),
        ("participant",),
        lambda user, ids: MentoringRequest.objects.filter(
            mentee=user, cohort__slug="grupo-contrato"
        ).exists(),
    ),
    "mentoring:request_propose": Write(
        OPEN_REQUEST,
        lambda ids: {"offer": ids["mentor_offer"]},
        signed_in(404, **REQUEST_SIDES),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: Mentorship.objects.filter(
            request__uuid=ids["open_request"], status="proposed"
        ).exists(),
    ),
    "mentoring:request_withdraw": Write(
        OPEN_REQUEST,
        {},
        signed_in(404, participant=OPEN_REQUEST_PAGE, pncs_salud=403, ime_admin=403),
        ("participant",),
        lambda user, ids: _request_status("open_request")(ids) == "withdrawn",
    ),
    "mentoring:request_close": Write(
        OPEN_REQUEST,
        {"note": "No hay mentores disponibles."},
        signed_in(404, **REQUEST_SIDES),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: _request_status("open_request")(ids) == "closed",
    ),
    "mentoring:place_accept": Write(
        {"uuid": "offered_place"},
        {},
        signed_in(404, participant=OPEN_REQUEST_PAGE, pncs_salud=403, ime_admin=403),
        ("participant",),
        lambda user, ids: _request_status("offered_place")(ids) == "open",
    ),
    "mentoring:check_in": Write(
        MENTORSHIP,
        lambda ids: {
            "month": timezone.localdate().replace(day=1).isoformat(),
            "text": "Avance del contrato",
            "hours": "2",
        },
        signed_in(
            404,
            participant=MENTORSHIP_PAGE,
            owner=MENTORSHIP_PAGE,
            pncs_salud=403,
            ime_admin=403,
        ),
        ("participant", "owner"),
        lambda user, ids: CheckIn.objects.filter(
            Q(progress="Avance del contrato") | Q(feedback="Avance del contrato"),
            mentorship__uuid=ids["mentorship"],
        ).exists(),
    ),
    "mentoring:mentorship_complete": Write(
        MENTORSHIP,
        {"concluir-note": "Objetivo cumplido."},
        signed_in(
            404,
            participant=403,
            owner=MENTORSHIP_PAGE,
            pncs_salud=MENTORSHIP_PAGE,
            ime_admin=MENTORSHIP_PAGE,
        ),
        ("owner", "pncs_salud", "ime_admin"),
        lambda user, ids: _mentorship(ids).status == "completed",
    ),
    "mentoring:mentorship_cancel": Write(
        MENTORSHIP,
        {"cancelar-note": "Cambio de planes."},
        signed_in(
            404,
            participant=MENTORSHIP_PAGE,
            owner=MENTORSHIP_PAGE,
            pncs_salud=MENTORSHIP_PAGE,
            ime_admin=MENTORSHIP_PAGE,
        ),
        ("participant", "owner", "pncs_salud", "ime_admin"),
        lambda user, ids: _mentorship(ids).status == "cancelled",
    ),
    "mentoring:cohort_create": Write(
        {},
        _cohort,
        signed_in(403, **dict.fromkeys(ANY_PNCS, Under("/mentorias/grupos/"))),
        ANY_PNCS,
        lambda user, ids: Cohort.objects.filter(
            name="Grupo nuevo del contrato", created_by=user
        ).exists(),
    ),
    "mentoring:cohort_edit": Write(
        {"slug": "grupo-contrato"},
        _cohort,
        signed_in(
            403,
            pncs_salud=To("/mentorias/grupos/grupo-contrato/"),
            ime_admin=To("/mentorias/grupos/grupo-contrato/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            Cohort.objects.get(slug="grupo-contrato").name == "Grupo nuevo del contrato"
        ),
    ),
    "internships:cycle_create": Write(
        {},
        _cycle,
        signed_in(
            403,
            pncs_other=Under("/pasantias/ciclos/"),
            pncs_salud=Under("/pasantias/ciclos/"),
            ime_admin=Under("/pasantias/ciclos/"),
        ),
        ("pncs_other", "pncs_salud", "ime_admin"),
        lambda user, ids: Cycle.objects.filter(
            name="Ciclo nuevo del contrato", created_by=user
        ).exists(),
    ),
    "internships:cycle_edit": Write(
        {"slug": "plazas-contrato"},
        _cycle,
        signed_in(
            403,
            pncs_salud=To("/pasantias/ciclos/plazas-contrato/"),
            ime_admin=To("/pasantias/ciclos/plazas-contrato/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            Cycle.objects.get(slug="plazas-contrato").name == "Ciclo nuevo del contrato"
        ),
    ),
    "internships:posting_create": Write(
        {},
        _posting,
        signed_in(Under("/pasantias/"), ime_admin=403, **NOT_MEMBERS),
        MEMBERS,
        lambda user, ids: Posting.objects.filter(host__user=user, title="Plaza nueva").exists(),
    ),
    "internships:posting_edit": Write(
        {"slug": "plaza-en-borrador"},
        _posting,
        signed_in(404, owner=To("/pasantias/plaza-en-borrador/"), ime_admin=403, **NOT_MEMBERS),
        ("owner",),
        lambda user, ids: Posting.objects.get(slug="plaza-en-borrador").title == "Plaza nueva",
    ),
    "internships:posting_submit": Write(
        {"slug": "plaza-en-borrador"},
        {},
        signed_in(404, owner=To("/pasantias/plaza-en-borrador/"), ime_admin=403, **NOT_MEMBERS),
        ("owner",),
        lambda user, ids: Posting.objects.get(slug="plaza-en-borrador").status == "submitted",
    ),
    "internships:posting_close": Write(
        {"slug": "plaza-publicada"},
        {},
        signed_in(403, owner=To("/pasantias/plaza-publicada/")),
        ("owner",),
        lambda user, ids: Posting.objects.get(slug="plaza-publicada").status == "closed",
    ),
    "internships:posting_review": Write(
        {"slug": "plaza-en-revision"},
        {"decision": "approve", "comment": ""},
        signed_in(
            404,
            owner=403,
            pncs_other=403,
            pncs_salud=To("/pasantias/revision/"),
            ime_admin=To("/pasantias/revision/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: Posting.objects.get(slug="plaza-en-revision").status == "approved",
    ),
    "chapters:proposal_create": Write(
        {},
        {
            "city": "Madrid",
            "country": "ES",
            "founding_members": "Lucía Hernández, Marco Salinas",
            "purpose": "Reunir a la comunidad científica mexicana en Madrid.",
        },
        signed_in(To("/capitulos/"), ime_admin=403, **NOT_MEMBERS),
        MEMBERS,
        lambda user, ids: ChapterProposal.objects.filter(proposer__user=user).exists(),
    ),
    "chapters:chapter_join": Write(
        {"slug": "houston"},
        {"message": "Vivo en Houston desde 2020."},
        # A member of another chapter may ask to move; Houston's own members are told that they
        # are in it already, the leader of another chapter that they lead one (a message, no
        # change).
        signed_in(To("/capitulos/houston/"), ime_admin=403, **NOT_MEMBERS),
        ("member",),
        lambda user, ids: JoinRequest.objects.filter(
            member__user=user, chapter__slug="houston"
        ).exists(),
    ),
    "chapters:chapter_edit": Write(
        {"slug": "houston"},
        {
            "description": "Somos el capítulo de **Houston**.",
            "areas_of_interest": "- Energía",
            "action_lines": "- Mentorías",
        },
        signed_in(403, leader=To("/capitulos/houston/"), ime_admin=To("/capitulos/houston/")),
        ("leader", "ime_admin"),
        lambda user, ids: Chapter.objects.get(slug="houston").areas_of_interest == "- Energía",
    ),
    "chapters:news_create": Write(
        {"slug": "houston"},
        {"title": "Reunión de otoño", "body": "Nos vemos en octubre."},
        signed_in(
            403,
            leader=Under("/capitulos/houston/noticias/"),
            ime_admin=Under("/capitulos/houston/noticias/"),
        ),
        ("leader", "ime_admin"),
        lambda user, ids: ChapterNews.objects.filter(
            author=user, title="Reunión de otoño"
        ).exists(),
    ),
    "chapters:join_request_decide": Write(
        {"slug": "houston", "pk": "join_request"},
        {"decision": "approve"},
        signed_in(
            403,
            leader=To("/capitulos/houston/solicitudes/"),
            ime_admin=To("/capitulos/houston/solicitudes/"),
        ),
        ("leader", "ime_admin"),
        lambda user, ids: (
            JoinRequest.objects.get(pk=ids["join_request"]).status == JoinRequest.Status.APPROVED
        ),
    ),
    "pncs_workspace:activity_create": Write(
        {},
        _activity("Estancias de investigación"),
        signed_in(
            403,
            pncs_no_mfa=ENROL,
            pncs_other=Under("/pncs/programa/"),
            pncs_salud=Under("/pncs/programa/"),
            ime_admin=Under("/pncs/programa/"),
        ),
        ("pncs_other", "pncs_salud", "ime_admin"),
        lambda user, ids: WorkProgrammeActivity.objects.filter(
            title="Estancias de investigación"
        ).exists(),
    ),
    "pncs_workspace:activity_edit": Write(
        {"pk": "activity"},
        _activity("Pasantías 2027, segunda ronda"),
        signed_in(
            403,
            pncs_no_mfa=ENROL,
            pncs_salud=Under("/pncs/programa/"),
            ime_admin=Under("/pncs/programa/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            WorkProgrammeActivity.objects.get(pk=ids["activity"]).title
            == "Pasantías 2027, segunda ronda"
        ),
    ),
    # Committees, the applicant's side: participants and members propose to "open_call" with its
    # required PDF (staff may not); only the participant, its applicant, withdraws "proposal"
    # (its reviewer and staff are refused, everyone else does not see it).
    "committees:proposal_create": Write(
        {"slug": "open_call"},
        _committee_proposal,
        signed_in(
            Under("/convocatorias/propuestas/"),
            pncs_other=403,
            pncs_salud=403,
            pncs_no_mfa=403,
            ime_admin=403,
        ),
        ("participant", *MEMBERS),
        lambda user, ids: Proposal.objects.filter(applicant=user, title="Propuesta nueva").exists(),
    ),
    "committees:proposal_withdraw": Write(
        {"uuid": "proposal"},
        {},
        signed_in(
            404,
            participant=To("/convocatorias/propuestas/c0de0000-0000-4000-8000-000000000001/"),
            owner=403,
            pncs_salud=403,
            ime_admin=403,
        ),
        ("participant",),
        lambda user, ids: Proposal.objects.get(uuid=ids["proposal"]).status == "withdrawn",
    ),
    # Committees, the reviewer's side: Marta (owner) reviews "proposal" (a draft with one score)
    # and may declare a conflict with it; its applicant and the call's staff are refused (403),
    # everyone else does not see it (404). Members keep a standing declaration of conflicts;
    # only its owner removes a line of it.
    "committees:review_edit": Write(
        {"uuid": "proposal"},
        lambda ids: {
            f"criterio_{ids['criterion']}": "4",
            "comment_to_committee": "Borrador del contrato",
            "accion": "borrador",
        },
        signed_in(
            404,
            owner=To("/convocatorias/propuestas/c0de0000-0000-4000-8000-000000000001/evaluacion/"),
            participant=403,
            pncs_salud=403,
            ime_admin=403,
        ),
        ("owner",),
        _review_drafted,
    ),
    "committees:conflict_declare": Write(
        {"uuid": "proposal"},
        {"reason": "Fui asesora de esa universidad"},
        signed_in(
            404,
            owner=To("/convocatorias/mis-evaluaciones/"),
            participant=403,
            pncs_salud=403,
            ime_admin=403,
        ),
        ("owner",),
        _conflict_declared,
    ),
    "committees:declarations": Write(
        {},
        {"kind": "person", "name": "Persona del contrato"},
        signed_in(To("/convocatorias/conflictos/"), ime_admin=403, **NOT_MEMBERS),
        MEMBERS,
        _declared,
    ),
    "committees:declaration_delete": Write(
        {"pk": "declaration"},
        {},
        signed_in(404, owner=To("/convocatorias/conflictos/")),
        ("owner",),
        _declaration_gone,
    ),
    # Committees, the staff's side: the health PNCS and IME, staff of "committee_call", invite
    # Sara (health, findable by the PNCS), detect the conflicts again (Marta's standing
    # declaration names the conflicted proposal's institution), waive "conflict", apply the
    # automatic assignment (Rosa, "committee_spare", takes "proposal"), assign by hand, remove
    # Marta's "assignment" and decide "proposal"; everyone else signed in gets 403.
    "committees:reviewer_invite": Write(
        COMMITTEE_CALL,
        lambda ids: {"member": Member.objects.get(slug="sara").pk, "message": ""},
        committee_staff(To("/convocatorias/convocatoria-contrato/comite/")),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: committee_models.Reviewer.objects.filter(
            call__slug="convocatoria-contrato", member__slug="sara", invited_by=user
        ).exists(),
    ),
    "committees:conflicts_detect": Write(
        COMMITTEE_CALL,
        {},
        committee_staff(COMMITTEE_CONFLICTS),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: committee_models.Conflict.objects.filter(
            proposal__uuid=ids["conflicted_proposal"], source="standing"
        ).exists(),
    ),
    "committees:conflict_waive": Write(
        {**COMMITTEE_CALL, "pk": "conflict"},
        {"reason": "Dejó el instituto hace años."},
        committee_staff(COMMITTEE_CONFLICTS),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: committee_models.Conflict.objects.filter(
            pk=ids["conflict"], waived_by=user, waiver_reason="Dejó el instituto hace años."
        ).exists(),
    ),
    "committees:assignment_plan": Write(
        COMMITTEE_CALL,
        {},
        committee_staff(COMMITTEE_ASSIGNMENT),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: committee_models.Assignment.objects.filter(
            reviewer=ids["committee_spare"], automatic=True, assigned_by=user
        ).exists(),
    ),
    "committees:assignment_add": Write(
        COMMITTEE_CALL,
        lambda ids: {"reviewer": ids["committee_spare"], "proposal": str(ids["proposal"])},
        committee_staff(COMMITTEE_ASSIGNMENT),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: committee_models.Assignment.objects.filter(
            reviewer=ids["committee_spare"], proposal__uuid=ids["proposal"], assigned_by=user
        ).exists(),
    ),
    "committees:assignment_remove": Write(
        {**COMMITTEE_CALL, "pk": "assignment"},
        {},
        committee_staff(COMMITTEE_ASSIGNMENT),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            not committee_models.Assignment.objects.filter(pk=ids["assignment"]).exists()
        ),
    ),
    "committees:proposal_decide": Write(
        {"uuid": "proposal"},
        {"decision": "accept", "rationale": "Sólida y bien evaluada."},
        committee_staff(To("/convocatorias/convocatoria-contrato/resultados/")),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: committee_models.Proposal.objects.filter(
            uuid=ids["proposal"], status="accepted", decided_by=user
        ).exists(),
    ),
    # Committees, the calls: IME and PNCS staff open calls (a PNCS of another sector may not
    # choose health: the form answers with its error); "committee_call" and "open_call" (health,
    # opened by the health PNCS) are changed by their opener and IME only; everyone else signed
    # in gets 403 and nothing changes.
    "committees:call_create": Write(
        {},
        lambda ids: {
            "title": "Convocatoria nueva del contrato",
            "description": "Descripción nueva.",
            "sectors": [Sector.objects.get(slug="salud").pk],
            "opens_at": "2099-01-10T09:00",
            "closes_at": "2099-03-10T18:00",
            "reviewers_per_proposal": "3",
            "max_per_reviewer": "10",
            "languages": ["es"],
        },
        signed_in(
            403,
            pncs_other=200,
            pncs_salud=Under("/convocatorias/"),
            ime_admin=Under("/convocatorias/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: Call.objects.filter(
            title="Convocatoria nueva del contrato", opened_by=user, status="draft"
        ).exists(),
    ),
    "committees:call_edit": Write(
        {"slug": "committee_call"},
        lambda ids: {
            "title": "Título cambiado del contrato",
            "description": "Descripción del contrato.",
            "sectors": [Sector.objects.get(slug="salud").pk],
            "opens_at": "2020-01-10T09:00",
            "closes_at": "2020-03-10T18:00",
            "reviewers_per_proposal": "2",
            "max_per_reviewer": "10",
            "languages": ["es"],
        },
        signed_in(
            403,
            pncs_salud=To("/convocatorias/convocatoria-contrato/editar/"),
            ime_admin=To("/convocatorias/convocatoria-contrato/editar/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: Call.objects.filter(
            slug=ids["committee_call"], title="Título cambiado del contrato"
        ).exists(),
    ),
    "committees:call_status": Write(
        {"slug": "open_call"},
        {"status": "cancelled"},
        signed_in(
            403,
            pncs_salud=To("/convocatorias/convocatoria-abierta/"),
            ime_admin=To("/convocatorias/convocatoria-abierta/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: Call.objects.get(slug=ids["open_call"]).status == "cancelled",
    ),
    "committees:criterion_add": Write(
        {"slug": "open_call"},
        {"criterion-name": "Viabilidad", "criterion-weight": "2", "criterion-scale_max": "5"},
        signed_in(
            403,
            pncs_salud=To("/convocatorias/convocatoria-abierta/editar/"),
            ime_admin=To("/convocatorias/convocatoria-abierta/editar/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: Criterion.objects.filter(
            call__slug=ids["open_call"], name="Viabilidad"
        ).exists(),
    ),
    "committees:criterion_remove": Write(
        {"slug": "committee_call", "pk": "criterion"},
        {},
        signed_in(
            403,
            pncs_salud=To("/convocatorias/convocatoria-contrato/editar/"),
            ime_admin=To("/convocatorias/convocatoria-contrato/editar/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: not Criterion.objects.filter(pk=ids["criterion"]).exists(),
    ),
    "committees:required_add": Write(
        {"slug": "open_call"},
        {"document-name": "Presupuesto"},
        signed_in(
            403,
            pncs_salud=To("/convocatorias/convocatoria-abierta/editar/"),
            ime_admin=To("/convocatorias/convocatoria-abierta/editar/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: RequiredDocument.objects.filter(
            call__slug=ids["open_call"], name="Presupuesto"
        ).exists(),
    ),
    "committees:required_remove": Write(
        {"slug": "open_call", "pk": "open_required_document"},
        {},
        signed_in(
            403,
            pncs_salud=To("/convocatorias/convocatoria-abierta/editar/"),
            ime_admin=To("/convocatorias/convocatoria-abierta/editar/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            not RequiredDocument.objects.filter(pk=ids["open_required_document"]).exists()
        ),
    ),
    "committees:phase_add": Write(
        {"slug": "committee_call"},
        {"phase-name": "Fase final", "phase-other_reviews": "never"},
        signed_in(
            403,
            pncs_salud=To("/convocatorias/convocatoria-contrato/editar/"),
            ime_admin=To("/convocatorias/convocatoria-contrato/editar/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: ReviewPhase.objects.filter(
            call__slug=ids["committee_call"], name="Fase final"
        ).exists(),
    ),
    "committees:phase_edit": Write(
        {"slug": "committee_call", "pk": "phase"},
        {"phase-name": "Fase renombrada", "phase-can_write": "on", "phase-other_reviews": "never"},
        signed_in(
            403,
            pncs_salud=To("/convocatorias/convocatoria-contrato/editar/"),
            ime_admin=To("/convocatorias/convocatoria-contrato/editar/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: ReviewPhase.objects.get(pk=ids["phase"]).name == "Fase renombrada",
    ),
    "committees:phase_activate": Write(
        {"slug": "committee_call", "pk": "next_phase"},
        {},
        signed_in(
            403,
            pncs_salud=To("/convocatorias/convocatoria-contrato/editar/"),
            ime_admin=To("/convocatorias/convocatoria-contrato/editar/"),
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: ReviewPhase.objects.get(pk=ids["next_phase"]).is_active,
    ),
    # News: IME and the health PNCS write health news (a PNCS of another sector gets the
    # form's error); the health draft is theirs to change and publish; Houston's leaders (and
    # IME) propose Houston's chapter news item for the national front page.
    "content:news_create": Write(
        {},
        _news("Noticia nueva"),
        signed_in(
            403, pncs_other=200, pncs_salud=Under("/noticias/"), ime_admin=Under("/noticias/")
        ),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: NewsItem.objects.filter(author=user, title="Noticia nueva").exists(),
    ),
    "content:news_edit": Write(
        SALUD_DRAFT,
        _news("Noticia cambiada"),
        signed_in(404, pncs_salud=To(SALUD_DRAFT_PAGE), ime_admin=To(SALUD_DRAFT_PAGE)),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: (
            NewsItem.objects.get(slug="noticia-borrador-salud").title == "Noticia cambiada"
        ),
    ),
    "content:news_status": Write(
        SALUD_DRAFT,
        {"accion": "publicar"},
        signed_in(404, pncs_salud=To(SALUD_DRAFT_PAGE), ime_admin=To(SALUD_DRAFT_PAGE)),
        ("pncs_salud", "ime_admin"),
        lambda user, ids: NewsItem.objects.get(slug="noticia-borrador-salud").is_live,
    ),
    "content:news_propose": Write(
        {"chapter_slug": "houston", "news_slug": "noticia"},
        {"idioma": "es"},
        signed_in(
            403,
            leader=To("/capitulos/houston/noticias/noticia/"),
            ime_admin=To("/capitulos/houston/noticias/noticia/"),
        ),
        ("leader", "ime_admin"),
        lambda user, ids: NewsItem.objects.filter(
            source_news__slug="noticia", status="in_review", author=user
        ).exists(),
    ),
    # The contact form: anyone writes, the visitor included (a fresh signed token, as the
    # form hands out); the message is stored, IME is told and the sender gets a confirmation.
    "content:contact": Write(
        {},
        lambda _ids: _contact_form(),
        dict.fromkeys(ROLES, To("/contacto/enviado/")),
        ROLES,
        lambda user, ids: _contact_received(),
    ),
    # IME recomputes the statistics and publishes the last quarter's snapshot (the world has
    # no figures yet and only 2026-T2 published).
    "content:statistics_refresh": Write(
        {},
        {},
        signed_in(403, ime_admin=To("/estadisticas/ime/")),
        ("ime_admin",),
        lambda user, ids: FigureTable.objects.filter(key="members_by_country").exists(),
    ),
    "content:snapshot_publish": Write(
        {},
        {},
        signed_in(403, ime_admin=To(f"/datos/{LAST_QUARTER}/")),
        ("ime_admin",),
        lambda user, ids: DataSnapshot.objects.filter(period=LAST_QUARTER).exists(),
    ),
}


def _contact_received():
    from content.models import ContactMessage

    return ContactMessage.objects.filter(name="Remitente del contrato").exists() and [
        message.to for message in mail.outbox
    ][-1:] == [["remitente@example.org"]]


def _contact_form():
    import time

    from content.forms import make_token

    return {
        "name": "Remitente del contrato",
        "email": "remitente@example.org",
        "subject": "general",
        "message": "Una pregunta para el IME.",
        "consent": "on",
        "website": "",
        "token": make_token(time.time() - 10),
    }


def _tables():
    """Every table of every installed app (sessions aside: signing in writes one), and the page
    generation, which the database raises with any change to what visitors' pages show."""
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    tables.discard("django_session")
    return sorted(tables | {"rt_page_generation"})


def fingerprint():
    """{table: (rows, hash of the rows)} in one query."""
    count = sql.SQL(
        "SELECT {name}, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
        "FROM {table} AS t"
    )
    query = sql.SQL(" UNION ALL ").join(
        count.format(name=sql.Literal(table), table=sql.Identifier(table)) for table in _tables()
    )
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(connection.connection))
        return {table: (rows, digest) for table, rows, digest in cursor.fetchall()}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_expected_answer_to_every_write(
    world, media, role, django_capture_on_commit_callbacks
):
    people, ids = world
    user = people[role]
    unexpected = []
    # Account deletion goes last, in case a rollback is ever left out.
    names = sorted(WRITE_CONTRACT, key=lambda name: name == "members:account_delete")
    for name in names:
        write = WRITE_CONTRACT[name]
        path = reverse(name, kwargs=resolve_kwargs(write.kwargs, ids))
        data = write.data(ids) if callable(write.data) else write.data
        expected = write.answers[role]
        with transaction.atomic():
            try:
                client = Client()
                if user is not None:
                    login(client, user)
                mail.outbox.clear()
                before = fingerprint()
                with django_capture_on_commit_callbacks() as after_commit:
                    response = client.post(path, data)
                after = fingerprint()
                where = f"{name} {path}: {response.status_code} {response.get('Location', '')}"
                if not answer_matches(response, expected):
                    unexpected.append(f"{where} != {expected}")
                if role in write.succeeds:
                    for callback in after_commit:  # the emails, as the commit would send them
                        callback()
                    if not write.happened(user, ids):
                        unexpected.append(f"{where}: the write did not happen")
                else:
                    changed = sorted(table for table in after if after[table] != before[table])
                    if changed:
                        unexpected.append(f"{where}: a refused write changed {changed}")
                    if after_commit or mail.outbox:
                        unexpected.append(f"{where}: a refused write sends email")
            finally:
                transaction.set_rollback(True)
    assert not unexpected, "\n".join(unexpected)


def test_every_write_has_a_rightful_actor_and_an_answer_for_every_role():
    for name, write in WRITE_CONTRACT.items():
        assert write.succeeds or name in NEWCOMER_WRITES, name
        assert set(write.answers) == set(ROLES), name
        assert set(write.succeeds) <= set(ROLES), name


def test_a_newcomer_chooses_their_account_type(world, client):
    """The rightful actor of the onboarding: an account without a type, not staff."""
    newcomer = User.objects.create_user(email="nueva@example.org", password=PASSWORD)
    login(client, newcomer)
    write = WRITE_CONTRACT["members:onboarding"]
    response = client.post(reverse("members:onboarding"), write.data)
    assert answer_matches(response, To("/perfil/bienvenida/privacidad/"))
    assert write.happened(newcomer, {})


def test_the_fingerprint_sees_a_change_to_any_row(world):
    _people, ids = world
    before = fingerprint()
    assert fingerprint() == before
    Education.objects.filter(pk=ids["education"]).update(institution="IPN")
    after = fingerprint()
    # The member's search vector and the page generation follow the education row.
    changed = {table for table in after if after[table] != before[table]}
    assert changed == {"members_education", "members_member", "rt_page_generation"}
