"""The pages each role opens on a site with the demo data, derived from the role contract.

Every GET URL of `tests/redtalentos/test_roles_by_url.CONTRACT` that a role may open (200) is a
page of that role, with its parameters taken from the demo data; a new URL in the contract joins
the checks unasked. The account pages (allauth, outside the contract) come from the URLconf.
"""

import os
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from tests.conftest import login
from tests.redtalentos.test_roles_by_url import CONTRACT

# Small and fixed: enough for result cards, leaders, news and activities, and quick to load.
DEMO_MEMBERS = 24

# A results page beside the plain page (query strings are not in the URLconf).
QUERIES = {
    "members:directory": "?q=ingeniería",
    "members:expert_search": "?q=datos",
}

# Pages of allauth that every signed-in person must find (the rest of allauth's parameterless
# pages are checked too when they answer a page).
REQUIRED_ACCOUNT_PAGES = ("account_email", "account_change_password", "mfa_index")
# Of the Django admin, which only the IME admin opens: its index and the largest changelist.
ADMIN_PAGES = ("admin:index", "admin:members_member_changelist")


@dataclass
class Persona:
    """Someone browsing the demo site: the contract role it plays, and its account."""

    name: str
    role: str  # the contract's column that says which pages it may open
    user: object = None
    extra: tuple = ()  # (url name, kwargs) of pages outside the contract, e.g. its own profile

    @property
    def signed_in(self):
        return self.user is not None


@dataclass
class PageList:
    """Paths per persona and language, and what stopped a contract URL from becoming a page."""

    # persona name -> [(url name, path, whether it must answer 200)]: contract pages must, of
    # allauth's pages those answering a page are checked (others send a signed-in person on).
    paths: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def contract_pages(persona, values, contract=CONTRACT):
    """[(url name, kwargs)] of the contract that `persona` may open, and the errors.

    `values` maps the contract's placeholders ("houston", "activity"...) to demo objects' slugs
    and ids (the rightful actors' objects are the personas' own: the leader's chapter, the PNCS
    staff's contact point). A page whose placeholder has no demo value is an error, never a
    silent skip.
    """
    pages, errors = [], []
    for name, (kwargs, answers) in contract.items():
        if answers[persona.role] != 200:
            continue
        missing = sorted({value for value in kwargs.values() if value not in values})
        if missing:
            errors.append(
                f"{name}: {persona.name} may open it, but the demo data gives no value for "
                f"{', '.join(repr(value) for value in missing)} (its kwargs {kwargs}): add demo "
                "data for it and map the placeholder in tests/e2e/role_pages.demo_values()"
            )
            continue
        pages.append((name, {key: values[value] for key, value in kwargs.items()}))
    return pages, errors


def account_page_names(patterns=None):
    """allauth's parameterless URL names (account_*, mfa_*): the account pages."""
    names = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace is None:  # allauth's names are not namespaced
                names |= set(account_page_names(entry.url_patterns))
        elif (entry.name or "").startswith(("account_", "mfa_")) and not entry.pattern.regex.groups:
            names.add(entry.name)
    return sorted(names)


def page_list(personas, values, contract=CONTRACT):
    """Every page of every persona, in both languages: paths with their language prefix."""
    result = PageList()
    accounts = account_page_names()
    for persona in personas:
        pages, errors = contract_pages(persona, values, contract)
        result.errors.extend(errors)
        pages += list(persona.extra)
        if persona.role == "ime_admin":
            pages += [(name, {}) for name in ADMIN_PAGES]
        pages = [(name, kwargs, True) for name, kwargs in pages]
        if persona.signed_in:
            pages += [(name, {}, name in REQUIRED_ACCOUNT_PAGES) for name in accounts]
        paths = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for name, kwargs, required in pages:
                    path = reverse(name, kwargs=kwargs)
                    paths.append((name, path, required))
                    if name in QUERIES:
                        paths.append((name, path + QUERIES[name], required))
        result.paths[persona.name] = paths
    return result


def session_cookie(user):
    """The session cookie of `user` signed in as the sign-in page leaves it (with the second
    factor passed, for an account with an authenticator app)."""
    client = Client()
    login(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def demo_world():
    """Loads the demo data (small, fixed size) and returns (personas, placeholder values).

    Each persona is someone the demo data has: its member, a chapter leader, its PNCS staff and
    IME admin (both with an authenticator app, as staff pages require), and a student in Mexico.
    """
    from django.core.management import call_command

    from certificates.models import Certificate
    from chapters.models import ChapterNews, ChapterRole, JoinRequest
    from jornadas.agenda_demo import DEMO_EDITION
    from jornadas.models import Edition, FollowUp, SessionMaterial
    from jornadas.past_demo import PAST_EDITION
    from members.models import AccountType, Education, IntroductionRequest, Member, User
    from pncs.models import ContactPoint
    from redtalentos.management.demo_accounts import (
        DEMO_CONTACT_POINT,
        DEMO_IME,
        DEMO_MEMBER,
        DEMO_PNCS,
    )
    from tests.conftest import give_totp, make_user

    call_command("seed_demo", members=DEMO_MEMBERS, stdout=open(os.devnull, "w"))  # noqa: SIM115
    member = Member.objects.get(user__email=DEMO_MEMBER["email"])
    role = ChapterRole.objects.filter(chapter__news__isnull=False).order_by("pk").first()
    contact_point = ContactPoint.objects.get(name=DEMO_CONTACT_POINT)
    pncs, ime = (User.objects.get(email=account["email"]) for account in (DEMO_PNCS, DEMO_IME))
    for staff in (pncs, ime):
        give_totp(staff)
    # As in the role contract's world: staff of a contact point work for an institution.
    User.objects.filter(pk=pncs.pk).update(account_type=AccountType.INSTITUTION)
    other = Member.objects.listed_publicly().exclude(pk=member.pk).order_by("pk").first()
    leader = Member.objects.get(user=role.user)
    values = {
        "houston": role.chapter.slug,
        "noticia": ChapterNews.objects.filter(chapter=role.chapter).order_by("pk")[0].slug,
        "salud": contact_point.sectors.order_by("position")[0].slug,
        "pncs-salud": contact_point.slug,
        "activity": contact_point.activities.order_by("pk")[0].pk,
        "marta": other.slug,
        "education": Education.objects.filter(member=member).order_by("pk")[0].pk,
    }
    certificate = Certificate.objects.filter(revoked_at__isnull=True).order_by("pk")[0]
    values["certificate"] = certificate.public_id
    edition = Edition.objects.get(number=DEMO_EDITION["number"])
    values["contrato"] = edition.slug
    values["jornada_session"] = edition.sessions.order_by("pk")[0].pk
    # A session of the PNCS staff's sector (its staff invite speakers there) with a material.
    session = edition.sessions.filter(track__sector__in=contact_point.sectors.all()).order_by("pk")[
        0
    ]
    values["speaker_session"] = session.pk
    values["material"] = (
        SessionMaterial.objects.filter(session__edition=edition).order_by("pk")[0].uuid
    )
    # A follow-up of the edition in the PNCS staff's sector; last year's edition for its survey.
    values["follow_up"] = (
        FollowUp.objects.filter(edition=edition, sector__in=contact_point.sectors.all())
        .order_by("pk")[0]
        .pk
    )
    values["contrato-pasado"] = Edition.objects.get(number=PAST_EDITION["number"]).slug
    join_request = JoinRequest.objects.filter(chapter=role.chapter).order_by("pk").first()
    if join_request is not None:
        values["join_request"] = join_request.pk
    introduction = IntroductionRequest.objects.filter(member=member).order_by("pk").first()
    if introduction is not None:
        values["introduction"] = introduction.pk
    participant = make_user(
        "estudiante@redtalentos.example",
        full_name="Paola Estudiante (demo)",
        account_type=AccountType.STUDENT,
    )
    values.update(_internship_selection(participant))
    values.update(_internship_applications(participant))
    values.update(_internship_placement(participant))
    values.update(_mentoring(participant, contact_point))
    values.update(_projects(member, contact_point))
    values.update(_missions_and_visits(participant, contact_point))
    values.update(_committees(participant, contact_point, pncs))
    values.update(_news(pncs))
    # Internship postings: the demo cycle; the demo member's published, draft and sent postings
    # (the last one of the PNCS staff's sector, waiting for their review).
    values.update(
        {
            "plazas-contrato": "verano-2027",
            "plaza-publicada": "demo-propia-1",
            "plaza-en-borrador": "demo-propia-3",
            "plaza-en-revision": "demo-propia-4",
        }
    )
    own_profile = ("members:member_detail", {"slug": member.slug})
    personas = [
        Persona("visitor", "visitor"),
        Persona("participant", "participant", participant),
        Persona("member", "member", member.user, extra=(own_profile,)),
        Persona("chapter leader", "leader", leader.user),
        Persona("PNCS staff", "pncs_salud", pncs),
        Persona("IME admin", "ime_admin", ime),
    ]
    return personas, values


def _internship_selection(student):
    """A published posting of the demo cycle with a sent application (the demo student's, made
    here when the demo has none) and a matching run of the cycle, for the host's and IME's
    selection pages."""
    from django.utils import timezone

    from internships.models import Application, MatchingRun, Posting
    from internships.postings_demo import DEMO_CYCLE

    posting = Posting.objects.filter(
        cycle__slug=DEMO_CYCLE["slug"], status="approved", host__isnull=False
    ).order_by("pk")[0]
    application = posting.applications.exclude(status="draft").order_by("pk").first()
    if application is None:
        application = Application.objects.create(
            cycle=posting.cycle,
            posting=posting,
            student=student,
            rank=1,
            status="submitted",
            submitted_at=timezone.now(),
        )
    run = MatchingRun.objects.filter(cycle=posting.cycle).order_by("pk").first()
    if run is None:
        run = MatchingRun.objects.create(cycle=posting.cycle, result={"pairs": [], "unmatched": []})
    return {
        "plaza-seleccion": posting.slug,
        "host_application": application.uuid,
        "ciclo-seleccion": posting.cycle.slug,
        "matching_run": run.uuid,
    }


def _internship_applications(student):
    """The demo cycle (open for applications whenever the demo is seeded), a published posting of
    it the demo student has not applied to, and a draft of theirs with its CV (made here when
    the demo has none), for the student's application pages."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from internships.models import Application, Posting
    from internships.postings_demo import DEMO_CYCLE

    postings = Posting.objects.filter(cycle__slug=DEMO_CYCLE["slug"], status="approved").order_by(
        "pk"
    )
    draft = Application.objects.filter(student=student, status="draft").first()
    if draft is None:
        taken = set(Application.objects.filter(student=student).values_list("posting", flat=True))
        ranks = set(Application.objects.filter(student=student).values_list("rank", flat=True))
        posting = postings.exclude(pk__in=taken)[0]
        draft = Application(
            cycle=posting.cycle,
            posting=posting,
            student=student,
            rank=min({1, 2, 3} - ranks),
            status="draft",
            motivation="Quiero aprender de este equipo.",
            university="UNAM",
            languages=["es", "en"],
            cv_filename="cv.pdf",
            decided_at=timezone.now(),
        )
        draft.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        draft.save()
    applied = Application.objects.filter(student=student).values("posting")
    return {
        "ciclo-abierto": DEMO_CYCLE["slug"],
        "plaza-abierta": postings.exclude(pk__in=applied)[0].slug,
        "draft_application": draft.uuid,
    }


def _internship_placement(student):
    """A placement of last year's demo cycle (over) for the demo student, made here when they
    have none, for the placement's page."""
    from internships.models import Application, Placement, Posting
    from internships.past_demo import PAST_CYCLE

    placement = Placement.objects.filter(application__student=student).first()
    if placement is None:
        posting = Posting.objects.filter(cycle__slug=PAST_CYCLE["slug"]).order_by("pk")[0]
        application = Application.objects.create(
            cycle=posting.cycle,
            posting=posting,
            student=student,
            rank=1,
            status="accepted",
            university="UNAM",
            languages=["es"],
        )
        placement = Placement.objects.create(
            application=application,
            starts_on=posting.cycle.placement_start,
            ends_on=posting.cycle.placement_end,
        )
    return {"placement": placement.uuid}


def _mentoring(student, contact_point):
    """The demo cohort (opened by the demo PNCS), and a request of the demo student in the PNCS
    staff's sector with an active mentorship of a demo mentor (made here when they have none),
    for the request's and the mentorship's pages."""
    from django.utils import timezone

    from mentoring.models import Cohort, MentorOffer, Mentorship, Request
    from mentoring.offers_demo import COHORT

    sector = contact_point.sectors.order_by("position")[0]
    mentorship = Mentorship.objects.filter(request__mentee=student, status="active").first()
    if mentorship is None:
        offer = MentorOffer.objects.filter(sectors=sector).order_by("pk")[0]
        request = Request.objects.create(
            mentee=student,
            goal="Preparar la solicitud de un posgrado.",
            sector=sector,
            topics="posgrado, investigación",
            languages=["es"],
            status="matched",
        )
        mentorship = Mentorship.objects.create(
            request=request,
            mentor=offer.member,
            status="active",
            started_on=timezone.localdate(),
            expires_at=timezone.now(),
        )
    return {
        "grupo-contrato": Cohort.objects.get(name=COHORT["name"]).slug,
        "mentoring_request": mentorship.request.uuid,
        "mentorship": mentorship.uuid,
    }


def _projects(member, contact_point):
    """A published opportunity, one sent for review in the PNCS staff's sector, a digest's
    unsubscribe token, and a project of that sector with a document (made here when the demo has
    none), for the opportunities' and the projects' pages."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from projects.digest import unsubscribe_token
    from projects.models import Opportunity, Project, ProjectDocument

    sector = contact_point.sectors.order_by("position")[0]
    # Not one of the PNCS staff's own: nobody reviews what they wrote.
    submitted = (
        Opportunity.objects.filter(status="submitted", sectors=sector)
        .exclude(author__contact_points=contact_point)
        .first()
    )
    if submitted is None:
        submitted = Opportunity.objects.create(
            author=member.user,
            kind="rd_partner",
            title="Socios para un laboratorio",
            summary="Buscamos un socio de investigación.",
            description="Un proyecto de investigación aplicada.",
            status="submitted",
            sector_ids=[sector.pk],
        )
        submitted.sectors.set([sector])
    project = Project.objects.filter(sectors=sector).order_by("pk").first()
    if project is None:
        project = Project.objects.create(
            slug="proyecto-demo-e2e",
            title="Proyecto de prueba",
            summary="Resumen.",
            objectives="Objetivos.",
            created_by=member.user,
            created_at=timezone.now(),
        )
        project.sectors.set([sector])
    document = ProjectDocument.objects.filter(project=project).first()
    if document is None:
        document = ProjectDocument(project=project, title="Convenio", uploaded_by=member.user)
        document.file.save("convenio.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return {
        "opportunity_published": Opportunity.objects.published().order_by("pk")[0].uuid,
        "opportunity_submitted": submitted.uuid,
        "digest_token": unsubscribe_token(member.user_id),
        "proyecto-contrato": project.slug,
        "project_document": document.uuid,
    }


def _missions_and_visits(student, contact_point):
    """A published mission of the PNCS staff's sector, and two visit requests of the demo student
    there: one confirmed with its visit, one in review (made here when the demo has none), for
    the missions' and the visits' pages."""
    import datetime

    from django.utils import timezone

    from projects.models import Mission, Visit, VisitRequest

    sector = contact_point.sectors.order_by("position")[0]
    mission = Mission.objects.filter(sector=sector, status="published").order_by("pk").first()
    if mission is None:
        start = timezone.localdate() + datetime.timedelta(days=60)
        mission = Mission.objects.create(
            slug="mision-demo-e2e",
            title="Misión de prueba",
            kind="trade",
            direction="to_mexico",
            sector=sector,
            destination_city="Monterrey",
            destination_country="MX",
            organiser="IME",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=3),
            capacity=10,
            status="published",
        )
    start = timezone.localdate() + datetime.timedelta(days=30)

    def request(status, institution):
        found = VisitRequest.objects.filter(requester=student, status=status).first()
        return found or VisitRequest.objects.create(
            requester=student,
            institution=institution,
            city="Puebla",
            sector=sector,
            objectives="Un taller para el claustro.",
            expertise="ciencia de datos",
            window_start=start,
            window_end=start + datetime.timedelta(days=21),
            status=status,
        )

    confirmed = request("confirmed", "Universidad de prueba")
    Visit.objects.get_or_create(
        request=confirmed,
        defaults={
            "arrives_on": start + datetime.timedelta(days=2),
            "leaves_on": start + datetime.timedelta(days=9),
        },
    )
    return {
        "mision-contrato": mission.slug,
        "visit_request": confirmed.uuid,
        "visit_review": request("in_review", "Hospital de prueba").uuid,
    }


def _committees(student, contact_point, pncs):
    """Two calls of the PNCS staff's sector opened by them: one receiving proposals, one in review
    (an active phase) with a proposal of the demo student and its PDF, for the calls', the
    proposals' and the committee's pages."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from committees.models import Call, Criterion, Proposal, ProposalDocument, ReviewPhase

    sector = contact_point.sectors.order_by("position")[0]
    now = timezone.now()

    def call(slug, closes_at):
        made, created = Call.objects.get_or_create(
            slug=slug,
            defaults={
                "title": f"Convocatoria de prueba {slug}",
                "description": "Proyectos de innovación con instituciones mexicanas.",
                "opens_at": now - datetime.timedelta(days=30),
                "closes_at": closes_at,
                "status": "published",
                "languages": ["es"],
                "opened_by": pncs,
            },
        )
        if created:
            made.sectors.set([sector])
            Criterion.objects.create(call=made, name="Calidad", weight=2, scale_max=5)
        return made

    receiving = call("convocatoria-e2e-abierta", now + datetime.timedelta(days=30))
    in_review = call("convocatoria-e2e", now - datetime.timedelta(days=7))
    phase, _created = ReviewPhase.objects.get_or_create(
        call=in_review, name="Primera fase", defaults={"is_active": True}
    )
    proposal = Proposal.objects.create(
        call=in_review,
        applicant=student,
        applicant_name=student.get_full_name(),
        organisation="Universidad de prueba",
        email_domain="redtalentos.example",
        title="Sensores para riego de precisión",
        summary="Una red de sensores de humedad para pequeños productores.",
        status="in_review",
    )
    document = ProposalDocument(proposal=proposal, name="Carta de la institución")
    document.file.save("carta.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return {
        "open_call": receiving.slug,
        "committee_call": in_review.slug,
        "proposal": proposal.uuid,
        "proposal_document": document.uuid,
        "phase": phase.pk,
    }


def _news(pncs):
    """A published national item of the demo, a draft of the PNCS staff's sector news (theirs to
    edit), and the feeds' languages."""
    from django.utils import timezone

    from content.models import NewsItem

    published = (
        NewsItem.objects.filter(
            status="published", scope="national", published_at__lte=timezone.now()
        )
        .exclude(publish_at__gt=timezone.now())
        .order_by("pk")[0]
    )
    draft = NewsItem.objects.filter(status="draft", scope="sector", author=pncs).order_by("pk")[0]
    return {
        "noticia-nacional": published.slug,
        "noticia-borrador-salud": draft.slug,
        "es": "es",
        "en": "en",
        **_open_data(),
    }


def _open_data():
    """The demo's open-data snapshot (the quarter before seed_demo ran) and a file kind."""
    from content.models import DataSnapshot

    return {"2026-T2": DataSnapshot.objects.order_by("-ends_on")[0].period, "csv": "csv"}
