"""Demo mentoring, the requests and their stories: people in Mexico ask for a mentor, and each ask
ends where its story says (waiting, proposed, declined, active with check-ins, completed with a
certificate), its dates moved back to when it happened. Part of mentoring.demo."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from certificates.models import Certificate
from members.introductions import answer_introduction
from members.models import AccountType, IntroductionRequest, User
from pncs.models import Sector

from . import checkin_services, matching, services
from .forms import RequestForm
from .models import (
    CheckIn,
    MentorOffer,
    Mentorship,
    MentorshipChange,
    MentorshipStatus,
    Request,
)
from .offers_demo import DEMO_MEMBER_EMAIL, _at, _months_ago, _staff_for

MENTEE_EMAIL = "mentoria{:02d}@redtalentos.example"


@dataclass
class Ask:
    """A person in Mexico and what they ask for; `story` says what happens to the request."""

    name: str
    account_type: str
    sector: str
    topics: str
    goal: str
    organisation: str
    story: str  # open, declined, proposed, active, overdue, completed, cohort, cohort-proposed
    languages: tuple = ("es",)
    time_zone: str = "America/Mexico_City"
    hours: tuple = (9, 17)
    months: int = 0  # active: months since it started; completed: months it lasted
    demo_mentor: bool = False  # the demo member is the mentor (proposed, active, completed)


STUDENT, INSTITUTION = AccountType.STUDENT, AccountType.INSTITUTION
AGRO = "alimentos-agricultura-biotecnologia"
# fmt: off
ASKS = [
    # Completed months ago, certificates issued.
    Ask("Karla Jiménez Ortega", STUDENT, "tic", "robótica, visión por computadora",
        "Terminar mi tesis de maestría sobre robots de inspección y prepararme para un "
        "doctorado en el extranjero.", "Universidad de Guadalajara", "completed", ("es", "en"),
        months=4, demo_mentor=True),
    Ask("Rogelio Sandoval Pineda", INSTITUTION, AGRO, "exportación, inocuidad alimentaria",
        "Preparar a nuestra cooperativa de aguacate para su primera auditoría de inocuidad "
        "y para exportar a Canadá.", "Cooperativa Aguacatera de Tancítaro (demo)", "completed",
        months=4),
    Ask("Daniela Cortés Villa", STUDENT, "salud", "investigación clínica, bioestadística",
        "Diseñar el protocolo de un estudio clínico para mi residencia y publicarlo en inglés.",
        "Universidad Autónoma de Nuevo León", "completed", ("es", "en"), "America/Monterrey",
        (7, 14), months=3),
    # Active, with their monthly check-ins (one with last month's missing: overdue).
    Ask("Emilio Navarro Lugo", STUDENT, "tic", "desarrollo de software, robótica",
        "Construir el prototipo de un brazo robótico de bajo costo para laboratorios de "
        "preparatoria.", "Instituto Politécnico Nacional", "active", ("es", "en"), months=3,
        demo_mentor=True),
    Ask("Fabiola Ríos Mejía", INSTITUTION, "medio-ambiente-cambio-climatico",
        "gestión del agua, economía circular",
        "Diseñar el plan de reúso de agua tratada de nuestro parque industrial.",
        "Parque Industrial del Bajío (demo)", "active", months=4),
    Ask("Ulises Carrillo Bernal", INSTITUTION, "automotriz",
        "manufactura esbelta, control de calidad",
        "Reducir los rechazos de nuestra línea de arneses antes de la auditoría de un cliente "
        "de Detroit.", "Arneses y Conexiones del Norte (demo)", "overdue", ("es", "en"),
        "America/Monterrey", (7, 15), months=2),
    Ask("Abril Santos Medina", STUDENT, "hidrocarburos-energias-alternativas",
        "energía solar, redes eléctricas",
        "Dimensionar la instalación solar de mi universidad como proyecto de titulación.",
        "Universidad de Sonora", "active", ("es",), "America/Hermosillo", (8, 14), months=2),
    Ask("Mateo Ibáñez Quiroga", STUDENT, "transporte-aeronautica",
        "materiales compuestos, ingeniería aeroespacial",
        "Elegir un posgrado en ingeniería aeroespacial y preparar mi solicitud.",
        "Universidad Autónoma de Querétaro", "active", ("es", "en"), months=1),
    # Waiting for the mentor's answer (the first one: the demo member's).
    Ask("Sofía Arreola Camacho", STUDENT, "tic",
        "visión por computadora, posgrado en el extranjero",
        "Aprender visión por computadora para clasificar frutas con cámaras baratas y "
        "solicitar una maestría en Estados Unidos.", "Universidad de Guanajuato", "proposed",
        ("es", "en"), demo_mentor=True),
    Ask("Gerardo Uribe Salas", INSTITUTION, "nanotecnologia-nuevos-materiales",
        "propiedad intelectual, transferencia de tecnología",
        "Licenciar a una empresa la patente de un recubrimiento que desarrolló nuestro "
        "laboratorio.", "Centro de Innovación en Materiales de Saltillo (demo)", "proposed"),
    Ask("Itzel Morales Cano", STUDENT, "cooperacion-internacional",
        "financiamiento internacional, gestión de proyectos",
        "Conseguir financiamiento internacional para un proyecto de agua potable en mi "
        "comunidad.", "Universidad Autónoma Benito Juárez de Oaxaca", "proposed"),
    # In the queue: never proposed, or declined by a mentor and back.
    Ask("Rodrigo Velasco Tirado", INSTITUTION, "tic", "ciberseguridad, computación en la nube",
        "Llevar a la nube los sistemas de nuestra universidad tecnológica sin descuidar la "
        "seguridad.", "Universidad Tecnológica de la Mixteca (demo)", "declined", ("es", "en")),
    Ask("Luz María Pacheco Rivas", STUDENT, "tic", "ciencia de datos, inteligencia artificial",
        "Hacer mi primer proyecto de ciencia de datos con datos abiertos de salud.",
        "Universidad Veracruzana", "open", ("es",), hours=(16, 21)),
    Ask("Brenda Olmos Zepeda", INSTITUTION, "salud", "dispositivos médicos, regulación sanitaria",
        "Registrar ante la autoridad sanitaria el monitor de glucosa que fabricamos.",
        "Biomédica del Pacífico (demo)", "open", ("es", "en"), "America/Mazatlan"),
    Ask("Tomás Aguirre Lozano", STUDENT, "transporte-aeronautica",
        "mantenimiento aeronáutico, logística",
        "Entender cómo se certifica un taller de mantenimiento aeronáutico.",
        "Universidad Aeronáutica en Querétaro", "open"),
    Ask("Alma Delia Fuentes", INSTITUTION, "cooperacion-internacional",
        "vinculación internacional, evaluación de programas",
        "Evaluar el programa de becas de movilidad de nuestro estado.",
        "Secretaría de Educación de Zacatecas (demo)", "open", ("es",), hours=(10, 14)),
    # The cohort of agri-food SMEs: places taken, one of them already picked a mentor.
    Ask("Esperanza Torres Luna", INSTITUTION, AGRO, "exportación, certificación orgánica",
        "Certificar como orgánico nuestro café de altura y venderlo en Europa.",
        "Café de la Sierra Norte de Puebla (demo)", "cohort-proposed"),
    Ask("Joaquín Herrera Bravo", INSTITUTION, AGRO, "cadena de frío, exportación",
        "Mejorar la cadena de frío de nuestras berries para llegar en buen estado a Texas.",
        "Berries del Valle de Zamora (demo)", "cohort", ("es", "en")),
    Ask("Nayeli Cruz Santiago", INSTITUTION, "tic", "comercio electrónico, producto digital",
        "Vender en línea los moles de nuestra cooperativa de mujeres.",
        "Cooperativa Sabores de Oaxaca (demo)", "cohort"),
    Ask("Armando Gil Espinosa", INSTITUTION, AGRO, "agricultura de precisión, biotecnología",
        "Usar sensores y datos para regar mejor nuestros invernaderos de jitomate.",
        "Invernaderos Altos de Jalisco (demo)", "cohort", ("es",), hours=(7, 13)),
]
# fmt: on
PROGRESS = [
    "Revisamos el plan de trabajo y acordamos las metas del mes; avancé con la primera.",
    "Terminé la parte que acordamos y preparé preguntas para la siguiente sesión.",
    "Este mes fue difícil por el trabajo, pero cumplí con lo principal del plan.",
    "Presenté los avances a mi equipo y nos dieron buenas ideas para seguir.",
]
FEEDBACK = [
    "Buen avance. Le recomendé dos lecturas y definimos el siguiente entregable.",
    "Va por buen camino; le pedí concretar el calendario de las próximas semanas.",
    "Trabajamos en la presentación de resultados; hay que cuidar el alcance.",
    "Muy constante. Revisamos juntos el documento y quedó listo para enviarse.",
]
COMPLETED_NOTE = "Cumplimos el plan de trabajo: la persona alcanzó el objetivo que se propuso."


# Requests and their stories


def _mentee(number, ask):
    user, _created = User.objects.get_or_create(
        email=MENTEE_EMAIL.format(number),
        defaults={"full_name": ask.name, "account_type": ask.account_type},
    )
    return user  # no usable password: demo people who never sign in


def _request(ask, mentee, cohort):
    form = RequestForm(
        data={
            "goal": ask.goal,
            "organisation": ask.organisation,
            "sector": str(Sector.objects.get(slug=ask.sector).pk),
            "topics": ask.topics,
            "languages": list(ask.languages),
            "time_zone": ask.time_zone,
            "hours_from": ask.hours[0],
            "hours_to": ask.hours[1],
        },
        cohort=cohort,
    )
    if not form.is_valid():
        raise ValueError(f"Demo request of {ask.name}: {form.errors.as_json()}")
    return services.create_request(form=form, mentee=mentee, cohort=cohort)


def _propose(request, *, actor, demo_offer, skip=()):
    """Proposes the demo member (`demo_offer`) or the best suggestion of the matching, with
    its reasons, as staff do from the request's page."""
    suggestions = matching.suggestions(request, limit=10)
    if demo_offer is not None:
        chosen = next((s for s in suggestions if s.offer.pk == demo_offer.pk), None)
        choices = [(demo_offer, chosen.reasons() if chosen else [])]
    else:
        choices = [(s.offer, s.reasons()) for s in suggestions if s.offer.member_id not in skip]
    for offer, reasons in choices:
        try:
            return services.propose(request=request, offer=offer, actor=actor, reasons=reasons)
        except services.MentoringRefused:
            continue  # e.g. the mentor's introductions of the month are used up: the next one
    return None


def _answer(mentorship, *, accept):
    mentorship.refresh_from_db()
    answer_introduction(
        introduction=mentorship.introduction,
        member=mentorship.mentor,
        accept=accept,
        base_url=settings.SITE_URL,
    )


def _backdate(mentorship, *, proposed, started=None, ended=None):
    """Moves a mentorship's history back to when it happened: asked, proposed, answered, begun,
    ended, as the pages and the certificates show it."""
    proposed_at = _at(proposed, 10)
    Request.objects.filter(pk=mentorship.request_id).update(
        created_at=proposed_at - datetime.timedelta(days=6)
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(
        proposed_at=proposed_at,
        expires_at=proposed_at + datetime.timedelta(days=settings.MENTORING_PROPOSAL_DAYS),
        **({"started_on": started} if started else {}),
        **({"ended_on": ended} if ended else {}),
    )
    answered = started or ended or proposed
    IntroductionRequest.objects.filter(pk=mentorship.introduction_id).update(
        created_at=proposed_at,
        **({"answered_at": _at(answered, 18)} if started or ended else {}),
    )
    for change in mentorship.history.all():
        if change.to_status == MentorshipStatus.PROPOSED:
            when = proposed_at
        elif change.to_status == MentorshipStatus.ACTIVE:
            when = _at(started, 18)
        else:
            when = _at(ended or proposed, 18)
        MentorshipChange.objects.filter(pk=change.pk).update(at=when)


def _check_ins(rng, mentorship, today, *, until=None, last_missing=False):
    """The check-ins of every month of the mentorship up to last month (this month's is still to
    come) or to the month it ended (`until`); `last_missing`: the last one lacks the mentor's
    feedback (overdue)."""
    mentorship.refresh_from_db()
    last = services.month_of(until) if until else services.month_of(today) - datetime.timedelta(1)
    months = sorted(m for m in checkin_services.check_in_months(mentorship, today) if m <= last)
    for index, month in enumerate(months):
        checkin_services.record_check_in(
            mentorship=mentorship, side="mentee", month=month, text=rng.choice(PROGRESS)
        )
        written = {"progress_at": _at(month + datetime.timedelta(days=24), 20)}
        if not (last_missing and index == len(months) - 1):
            checkin_services.record_check_in(
                mentorship=mentorship,
                side="mentor",
                month=month,
                text=rng.choice(FEEDBACK),
                hours=Decimal(rng.choice(["2", "2.5", "3", "4"])),
            )
            written["feedback_at"] = _at(month + datetime.timedelta(days=26), 19)
        CheckIn.objects.filter(mentorship=mentorship, month=month).update(**written)
    return len(months)


def _completed(rng, ask, mentorship, *, staff, today, counts):
    """A mentorship that began five months ago and ended after `ask.months` months, with its
    check-ins and both certificates (services.complete), dated when it ended."""
    started = _months_ago(today, 5) + datetime.timedelta(days=rng.randint(2, 9))
    ended = min(started + datetime.timedelta(days=30 * ask.months), today - datetime.timedelta(15))
    proposed = started - datetime.timedelta(days=4)
    _backdate(mentorship, proposed=proposed, started=started)
    counts["check-ins"] += _check_ins(rng, mentorship, today, until=ended)
    services.complete(mentorship=mentorship, actor=staff, note=COMPLETED_NOTE)
    _backdate(mentorship, proposed=proposed, started=started, ended=ended)
    Certificate.objects.filter(
        source_app="mentoring", source_key=f"mentorship:{mentorship.pk}"
    ).update(ends_on=ended, issued_at=_at(ended, 19))
    counts["completed"] += 1


def _story(rng, ask, request, *, staff, demo_offer, today, counts):
    """Plays what happens to `request` after it was made, as `ask.story` says."""
    story = ask.story
    if story in ("open", "cohort"):
        Request.objects.filter(pk=request.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 20), hours=3)
        )
        return
    actor = request.mentee if story == "cohort-proposed" else staff
    # The demo member mentors only those meant for them: their pages show one of each.
    offer = demo_offer if ask.demo_mentor else None
    skip = {demo_offer.member_id} if demo_offer is not None else set()
    mentorship = _propose(request, actor=actor, demo_offer=offer, skip=skip)
    if mentorship is None:
        return
    if story == "declined":
        _answer(mentorship, accept=False)
        _backdate(
            mentorship,
            proposed=today - datetime.timedelta(days=12),
            ended=today - datetime.timedelta(days=9),
        )
        counts["declined"] += 1
    elif story in ("proposed", "cohort-proposed"):
        _backdate(mentorship, proposed=today - datetime.timedelta(days=rng.randint(1, 5)))
        counts["proposals waiting"] += 1
    elif story == "completed":
        _answer(mentorship, accept=True)
        _completed(rng, ask, mentorship, staff=staff, today=today, counts=counts)
    else:  # active, overdue
        _answer(mentorship, accept=True)
        started = _months_ago(today, ask.months) + datetime.timedelta(days=rng.randint(2, 9))
        _backdate(mentorship, proposed=started - datetime.timedelta(days=5), started=started)
        counts["check-ins"] += _check_ins(rng, mentorship, today, last_missing=story == "overdue")
        counts["active"] += 1


def seed_requests(rng, *, cohort, pncs, ime):
    """The requests of ASKS, each with its story. Only a run that finds none of them adds them."""
    counts = {
        "requests": 0,
        "proposals waiting": 0,
        "declined": 0,
        "active": 0,
        "completed": 0,
        "check-ins": 0,
    }
    emails_ = [MENTEE_EMAIL.format(number) for number in range(1, len(ASKS) + 1)]
    if Request.objects.filter(mentee__email__in=emails_).exists():
        return counts
    demo_offer = MentorOffer.objects.filter(member__user__email=DEMO_MEMBER_EMAIL).first()
    today = timezone.localdate()
    for number, ask in enumerate(ASKS, start=1):
        if ask.demo_mentor and demo_offer is None:
            continue
        mentee = _mentee(number, ask)
        in_cohort = ask.story.startswith("cohort")
        request = _request(ask, mentee, cohort if in_cohort else None)
        counts["requests"] += 1
        _story(
            rng,
            ask,
            request,
            staff=_staff_for(ask.sector, pncs=pncs, ime=ime),
            demo_offer=demo_offer,
            today=today,
            counts=counts,
        )
    return counts
