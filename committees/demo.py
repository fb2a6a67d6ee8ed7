"""Demo data for the evaluation committees (called by the seed_demo command after the expert
visits' demo), synthetic only, opened by the demo PNCS (information technologies):

- a call in review: it closed a week ago, with two criteria, a required letter (a small PDF) and
  an active phase; six proposals by people in Mexico who asked for mentoring (institutions) and
  by synthetic members; a committee of four experts who consented to the PNCS search, the demo
  member among them, invited through the brokered channel and accepting; conflicts detected, the
  automatic assignment applied, and reviews in progress (some sent, some drafts);
- a decided call: its proposals reviewed and decided with a rationale, results published, and
  the certificates of its reviewers issued;
- an open call receiving proposals (two so far, one by the demo member).

Everything goes through committees.services, conflicts and assignment as staff, applicants and
reviewers do it; the dates of the closed calls are moved back afterwards (a proposal can only be
submitted before the deadline). No email leaves. Running it twice changes nothing."""

import datetime
import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from members.introductions import answer_introduction
from members.introductions import muted as introductions_muted
from members.models import IntroductionRequest, Member, User
from pncs.models import Sector
from redtalentos.lib.workflows import record

from . import assignment, conflicts, notifications, services
from .models import Assignment, Call, Criterion, RequiredDocument, Reviewer, ReviewPhase
from .proposal_forms import ProposalForm, document_field_name

DEMO_MEMBER_EMAIL = "demo@redtalentos.example"
MENTEE_EMAIL = "mentoria{:02d}@redtalentos.example"  # mentoring.demo's people in Mexico
DAY = datetime.timedelta(days=1)
SLUGS = {
    "review": "innovacion-digital-2026",
    "decided": "vinculacion-academica-2025",
    "open": "soluciones-tic-para-el-campo-2027",
}

# (title, organisation, summary, language)
# fmt: off
IN_REVIEW = [
    ("Telemedicina para las clínicas rurales de la Mixteca",
     "Universidad Tecnológica de la Mixteca (demo)",
     "Conectar doce clínicas rurales con especialistas de Oaxaca y del extranjero mediante una "
     "plataforma de telemedicina de bajo ancho de banda, con capacitación del personal de salud.",
     "es"),
    ("Visión por computadora para clasificar aguacate de exportación",
     "Cooperativa Aguacatera de Tancítaro (demo)",
     "Un sistema de cámaras y aprendizaje automático que clasifica el aguacate por calibre y "
     "defectos en la empacadora, para cumplir las normas de exportación a Canadá.",
     "es"),
    ("Ciberseguridad para los municipios de Jalisco",
     "Universidad de Guadalajara",
     "Un centro de respuesta a incidentes compartido por veinte municipios, con auditorías, "
     "simulacros y un diplomado para su personal de sistemas.",
     "es"),
    ("Datos abiertos para la calidad del aire en Monterrey",
     "Universidad Autónoma de Nuevo León",
     "Una red de sensores de bajo costo y un portal de datos abiertos sobre la calidad del aire "
     "del área metropolitana, con modelos de pronóstico.",
     "es"),
    ("Robótica educativa en las secundarias de Puebla",
     "Benemérita Universidad Autónoma de Puebla",
     "Kits de robótica de bajo costo, un currículo de seis meses y mentorías de ingenieros "
     "mexicanos en el exterior para cuarenta secundarias públicas.",
     "es"),
    ("Machine learning for early detection of crop disease in Sinaloa",
     "Universidad Autónoma de Sinaloa",
     "A binational pilot that trains image models on field photographs to warn growers of crop "
     "disease early, with an app that works offline.",
     "en"),
]
DECIDED = [
    ("Estancias de investigación en inteligencia artificial", "Universidad de Guanajuato",
     "Veinte estancias de tres meses de estudiantes de posgrado en laboratorios de inteligencia "
     "artificial de la red.", True),
    ("Laboratorio remoto de electrónica", "Instituto Politécnico Nacional",
     "Un laboratorio de electrónica operable a distancia, compartido con tres universidades "
     "tecnológicas.", True),
    ("Portal de vinculación con la diáspora", "Universidad Veracruzana",
     "Un portal propio de vinculación con egresados en el exterior.", False),
]
OPEN = [
    ("Sensores de humedad para el riego de pequeños productores", "Universidad de Sonora",
     "Una red de sensores de humedad del suelo y un tablero para decidir cuándo regar."),
    ("Mercado digital para cooperativas de café",
     "Universidad de Guadalajara",
     "Una tienda en línea compartida por cooperativas de café de Chiapas y Veracruz, con "
     "logística y pagos digitales."),
]
# fmt: on


def _pdf(title):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=letter)
    sheet.setTitle(title)
    sheet.drawString(72, 720, title)
    sheet.drawString(72, 700, "Documento de demostración de la Red de Talentos Mexicanos.")
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _call(slug, title, description, *, opened_by, closes_at, sectors=("tic",), **rules):
    now = timezone.now()
    call = Call.objects.create(
        slug=slug,
        title=title,
        description=description,
        opens_at=now - 40 * DAY,
        closes_at=max(closes_at, now + DAY),  # open while the proposals arrive
        status=Call.Status.DRAFT,
        languages=["es", "en"],
        opened_by=opened_by,
        **rules,
    )
    call.sectors.set(Sector.objects.filter(slug__in=sectors))
    record(call, "", actor=opened_by)  # as the form opens it (services.save_call)
    Criterion.objects.create(
        call=call,
        name="Calidad técnica",
        description="Solidez del planteamiento, del equipo y del plan de trabajo.",
        weight=2,
        scale_max=5,
        position=0,
    )
    Criterion.objects.create(
        call=call,
        name="Impacto en México",
        description="A quién beneficia y qué cambia al terminar el proyecto.",
        weight=1,
        scale_max=10,
        position=1,
    )
    RequiredDocument.objects.create(call=call, name="Carta de la institución")
    services.move_call(call=call, status=Call.Status.PUBLISHED, actor=opened_by)
    return call


def _submit(call, applicant, title, organisation, summary, language="es"):
    form = ProposalForm(
        data={
            "organisation": organisation,
            "title": title,
            "summary": summary,
            "language": language,
        },
        files={
            document_field_name(required): SimpleUploadedFile(
                "carta.pdf", _pdf(f"Carta: {title}"), content_type="application/pdf"
            )
            for required in call.required_documents.all()
        },
        call=call,
    )
    if not form.is_valid():
        raise ValueError(f"{title}: {form.errors.as_json()}")
    return services.submit_proposal(
        call=call, applicant=applicant, form=form, uploads=form.uploads()
    )


def _close(call, closes_at):
    """The deadline passes: moved back to when it happened, with the proposals' dates."""
    Call.objects.filter(pk=call.pk).update(opens_at=closes_at - 40 * DAY, closes_at=closes_at)
    call.proposals.update(submitted_at=closes_at - 2 * DAY)
    call.refresh_from_db()


def _applicants():
    """People in Mexico (mentoring's demo institutions) and synthetic members of the network."""
    institutions = list(
        User.objects.filter(
            email__in=[MENTEE_EMAIL.format(n) for n in range(1, 30)], account_type="institution"
        ).order_by("email")[:2]
    )
    members = list(
        User.objects.filter(member__isnull=False, email__endswith="@example.org")
        .exclude(member__findable_by_pncs=True)
        # Not on a binational project team: a proposal by a teammate of the demo member would
        # be one more conflict for them, and they would have nothing left to review.
        .exclude(member__project_roles__isnull=False)
        .order_by("pk")[:6]
    )
    return institutions + members


def _committee(call, *, pncs, size, base_url):
    """The demo member and synthetic experts of the call's sectors who consented to the PNCS
    search, invited through the brokered channel by the demo PNCS; each accepts."""
    demo = Member.objects.filter(user__email=DEMO_MEMBER_EMAIL).first()
    people = [demo] if demo is not None else []
    people += list(
        services.candidates(call)
        .exclude(user__email=DEMO_MEMBER_EMAIL)
        .filter(intro_paused=False, user__email__endswith="@example.org")
        .order_by("pk")[: size * 3]
    )
    reviewers = []
    for member in people:
        if len(reviewers) == size:
            break
        try:
            reviewer = services.invite(
                call=call,
                member=member,
                inviter=pncs,
                message=f"Te invitamos al comité de evaluación de «{call.title}».",
                base_url=base_url,
            )
        except services.CommitteeRefused:
            if member.user.email != DEMO_MEMBER_EMAIL:
                continue  # their introductions' budget is used up this month, or paused
            # The demo PNCS already waits on another request to the demo member: the demo
            # member joined when asked in person (staff may add a seat; it is accepted).
            reviewer, _created = Reviewer.objects.get_or_create(
                call=call,
                member=member,
                defaults={"status": Reviewer.Status.ACCEPTED, "invited_by": pncs},
            )
            reviewers.append(reviewer)
            continue
        answer_introduction(
            introduction=IntroductionRequest.objects.get(pk=reviewer.introduction_id),
            member=member,
            accept=True,
            base_url=base_url,
        )
        reviewer.refresh_from_db()
        reviewers.append(reviewer)
    return reviewers


def _scores(call, seed):
    return {
        criterion: (seed + index * 3) % (criterion.scale_max + 1) or criterion.scale_max
        for index, criterion in enumerate(call.criteria.all())
    }


def _review(assignment_, seed, *, submit):
    call = assignment_.proposal.call
    return services.save_review(
        assignment=assignment_,
        scores=_scores(call, seed),
        comment_to_applicant=(
            "La propuesta es clara y su impacto en México está bien argumentado; conviene "
            "precisar el calendario del segundo año."
        ),
        comment_to_committee="Equipo sólido; el presupuesto de equipo parece alto.",
        submit=submit,
    )


def _in_review(pncs, applicants, base_url, counts):
    now = timezone.now()
    call = _call(
        SLUGS["review"],
        "Innovación digital para instituciones mexicanas 2026",
        "Proyectos de innovación digital de universidades, hospitales y cooperativas en México, "
        "con la participación de expertos mexicanos en el exterior.",
        opened_by=pncs,
        closes_at=now - 7 * DAY,
        reviewers_per_proposal=2,
        max_per_reviewer=4,
    )
    for index, (title, organisation, summary, language) in enumerate(IN_REVIEW):
        _submit(call, applicants[index % len(applicants)], title, organisation, summary, language)
        counts["proposals"] += 1
    _close(call, now - 7 * DAY)
    phase = ReviewPhase.objects.create(
        call=call,
        name="Evaluación individual",
        can_write=True,
        other_reviews=ReviewPhase.OtherReviews.AFTER_OWN,
        hide_names=True,
    )
    services.activate_phase(phase=phase)
    reviewers = _committee(call, pncs=pncs, size=4, base_url=base_url)
    counts["reviewers"] += len(reviewers)
    added, _removed = conflicts.detect(call)
    counts["conflicts"] += added
    plan = assignment.apply(call, by=pncs)
    counts["assignments"] += len(plan.pairs)
    # The demo member reviews two proposals (one sent, one in draft below): by hand where the
    # automatic proposal gave them fewer.
    demo = next((r for r in reviewers if r.member.user.email == DEMO_MEMBER_EMAIL), None)
    if demo is not None:
        blocked = conflicts.blocking(call)
        for proposal in call.proposals.order_by("pk"):
            if demo.assignments.count() >= 2:
                break
            if (demo.pk, proposal.pk) in blocked:
                continue
            try:
                services.assign(reviewer=demo, proposal=proposal, actor=pncs)
            except services.CommitteeRefused:
                continue  # already theirs
            counts["assignments"] += 1
    # Reviews in progress: a third sent, a third in draft, a third not started; the demo member's
    # come first (one sent, one in draft).
    for index, assigned in enumerate(
        Assignment.objects.filter(proposal__call=call).order_by("reviewer_id", "pk")
    ):
        if index % 3 == 2:
            continue  # not started yet
        _review(assigned, index, submit=index % 3 == 0)
        counts["reviews"] += 1
    return call


def _decided(pncs, applicants, base_url, counts):
    now = timezone.now()
    call = _call(
        SLUGS["decided"],
        "Vinculación académica con la diáspora 2025",
        "Estancias, laboratorios compartidos y proyectos entre universidades mexicanas y "
        "académicos mexicanos en el exterior.",
        opened_by=pncs,
        closes_at=now - 90 * DAY,
        reviewers_per_proposal=2,
        max_per_reviewer=3,
    )
    decisions = []
    for index, (title, organisation, summary, accept) in enumerate(DECIDED):
        applicant = applicants[(index + 2) % len(applicants)]
        decisions.append((_submit(call, applicant, title, organisation, summary), accept))
        counts["proposals"] += 1
    _close(call, now - 90 * DAY)
    phase = ReviewPhase.objects.create(call=call, name="Evaluación", hide_names=False)
    services.activate_phase(phase=phase)
    reviewers = _committee(call, pncs=pncs, size=3, base_url=base_url)
    counts["reviewers"] += len(reviewers)
    counts["conflicts"] += conflicts.detect(call)[0]
    counts["assignments"] += len(assignment.apply(call, by=pncs).pairs)
    for index, assigned in enumerate(Assignment.objects.filter(proposal__call=call)):
        _review(assigned, index + 1, submit=True)
        counts["reviews"] += 1
    for proposal, accept in decisions:
        services.decide(
            proposal=proposal,
            accept=accept,
            rationale=(
                "El comité la recomienda por su impacto y la solidez de su equipo."
                if accept
                else "El comité valora la idea, pero el proyecto ya existe en otra institución."
            ),
            actor=pncs,
        )
    services.move_call(call=call, status=Call.Status.DECIDED, actor=pncs)
    return call


def _open(pncs, applicants, counts):
    now = timezone.now()
    call = _call(
        SLUGS["open"],
        "Soluciones de tecnologías de la información para el campo 2027",
        "Proyectos que llevan tecnologías de la información al campo mexicano: riego, "
        "trazabilidad, comercio y financiamiento de pequeños productores.",
        opened_by=pncs,
        closes_at=now + 21 * DAY,
    )
    demo = User.objects.filter(email=DEMO_MEMBER_EMAIL).first()
    people = [applicants[0], demo or applicants[-1]]
    for applicant, (title, organisation, summary) in zip(people, OPEN, strict=True):
        _submit(call, applicant, title, organisation, summary)
        counts["proposals"] += 1
    return call


def seed_committees(*, pncs):
    """Adds the demo's calls once (the demo PNCS opens them and runs their committees). Returns
    what was created."""
    counts = dict.fromkeys(
        ["calls", "proposals", "reviewers", "conflicts", "assignments", "reviews"], 0
    )
    if Call.objects.filter(slug__in=SLUGS.values()).exists():
        return counts
    applicants = _applicants()
    if not applicants:
        return counts
    base_url = settings.SITE_URL.rstrip("/") + "/"
    with notifications.muted(), introductions_muted(), transaction.atomic():
        _in_review(pncs, applicants, base_url, counts)
        _decided(pncs, applicants, base_url, counts)
        _open(pncs, applicants, counts)
        counts["calls"] = 3
    return counts
