"""Demo data for the expert visits (called by the seed_demo command after the binational
projects' demo), synthetic only: four requests of Mexican hosts in several states, asked for by
the PNCS of their sector (IME when a sector has no staff): one just received, one in review, one
confirmed with its expert, dates and activities, and one completed with the expert's report.

Everything goes through the request form and projects.visits as people do it (requested,
reviewed, the first suggested expert invited through the brokered channel and accepting); then
the completed visit's dates are moved back to when it happened. No email leaves. Running it
twice changes nothing."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from members.introductions import answer_introduction
from members.introductions import muted as introductions_muted
from pncs.models import ContactPoint, Sector

from . import visits
from .models import Visit, VisitActivity, VisitChange, VisitRequest, VisitStatus
from .visit_forms import VisitRequestForm

VS = VisitStatus


@dataclass
class Story:
    institution: str
    city: str
    sector: str
    objectives: str
    expertise: str
    status: str
    covers: tuple = ("covers_lodging",)


STORIES = [
    Story(
        "Universidad Autónoma de Sinaloa",
        "Culiacán",
        "alimentos-agricultura-biotecnologia",
        "Un curso de dos días sobre riego de precisión y una visita a los campos experimentales.",
        "agricultura de precisión, riego",
        VS.SUBMITTED,
        ("covers_lodging", "covers_local_transport"),
    ),
    Story(
        "Hospital General de Mérida",
        "Mérida",
        "salud",
        "Asesoría para montar una unidad de telemedicina con las clínicas rurales del estado.",
        "telemedicina, salud digital",
        VS.IN_REVIEW,
        ("covers_lodging", "covers_per_diem"),
    ),
    Story(
        "Instituto Tecnológico de Tijuana",
        "Tijuana",
        "tic",
        "Un taller de ciberseguridad para el cuerpo académico y charlas con los estudiantes.",
        "ciberseguridad, redes, software",
        VS.CONFIRMED,
        ("covers_lodging", "covers_per_diem", "covers_local_transport"),
    ),
    Story(
        "Universidad de Sonora",
        "Hermosillo",
        "hidrocarburos-energias-alternativas",
        "Formar al laboratorio en celdas solares y revisar su plan de investigación.",
        "energía solar, celdas fotovoltaicas",
        VS.COMPLETED,
        ("covers_lodging",),
    ),
]
ACTIVITIES = [
    (VisitActivity.Kind.TALK, "Charla: el oficio de la ciberseguridad", 1, "Auditorio"),
    (VisitActivity.Kind.MEETING, "Reunión con el cuerpo académico", 2, "Sala de juntas"),
    (VisitActivity.Kind.MENTORING, "Mentoría a estudiantes de posgrado", 3, "Laboratorio"),
    (VisitActivity.Kind.JORNADAS, "Sesión de las Jornadas Informativas", 4, "Aula magna"),
]


def _staff(sector, ime):
    for contact_point in ContactPoint.objects.filter(sectors=sector).order_by("pk"):
        staff = contact_point.staff.order_by("pk").first()
        if staff is not None:
            return staff
    return ime


def _request(story, sector, requester, start):
    data = {
        "institution": story.institution,
        "city": story.city,
        "sector": sector.pk,
        "objectives": story.objectives,
        "expertise": story.expertise,
        "window_start": start.isoformat(),
        "window_end": (start + datetime.timedelta(days=28)).isoformat(),
        **dict.fromkeys(story.covers, "on"),
    }
    form = VisitRequestForm(data=data)
    if not form.is_valid():
        raise ValueError(f"{story.institution}: {form.errors.as_json()}")
    return visits.submit(form=form, requester=requester)


def _confirm(visit_request, staff, base_url):
    """The staff invite the first suggested expert; they accept. None when nobody fits."""
    suggested = visits.suggestions(visit_request)
    for expert in suggested:
        try:
            invitation = visits.invite(
                visit_request=visit_request,
                inviter=staff,
                member=expert,
                message=visits.default_invitation(visit_request),
                base_url=base_url,
            )
        except visits.VisitRefused:
            continue  # the brokered channel's rules (a pause, a budget) said no
        answer_introduction(
            introduction=invitation.introduction, member=expert, accept=True, base_url=base_url
        )
        return Visit.objects.get(request=visit_request)
    return None


def seed_visits(*, ime):
    """Adds the demo's expert visits once. Returns what was created."""
    institutions = [story.institution for story in STORIES]
    if VisitRequest.objects.filter(institution__in=institutions).exists():
        return {"requests": 0, "visits": 0, "activities": 0}
    base_url = settings.SITE_URL.rstrip("/") + "/"
    made = {"requests": 0, "visits": 0, "activities": 0}
    today = timezone.localdate()
    with introductions_muted(), transaction.atomic():
        for number, story in enumerate(STORIES):
            sector = Sector.objects.get(slug=story.sector)
            staff = _staff(sector, ime)
            start = today + datetime.timedelta(days=20 + 10 * number)
            visit_request = _request(story, sector, staff, start)
            made["requests"] += 1
            if story.status == VS.SUBMITTED:
                continue
            visits.move(
                visit_request=visit_request,
                status=VS.IN_REVIEW,
                actor=staff,
                as_requester=False,
                as_staff=True,
            )
            if story.status == VS.IN_REVIEW:
                continue
            visit = _confirm(visit_request, staff, base_url)
            if visit is None:
                continue
            made["visits"] += 1
            visit.arrives_on = start + datetime.timedelta(days=3)
            visit.leaves_on = start + datetime.timedelta(days=9)
            visit.itinerary = (
                "Día 1: llegada y recorrido por las instalaciones.\n"
                "Días 2 a 5: taller, reuniones y mentorías.\n"
                "Día 6: cierre con las autoridades y regreso."
            )
            visit.save()
            for kind, title, day, place in ACTIVITIES:
                when = timezone.make_aware(
                    datetime.datetime.combine(
                        visit.arrives_on + datetime.timedelta(days=day), datetime.time(10)
                    )
                )
                visits.add_activity(visit=visit, kind=kind, title=title, when=when, place=place)
                made["activities"] += 1
            if story.status == VS.COMPLETED:
                _happened(visit_request, visit, days=70)
                visits.write_report(
                    visit=visit,
                    member=visit.expert,
                    report=(
                        "Impartimos el taller a doce investigadores y revisamos el plan del "
                        "laboratorio. Queda pendiente una estancia corta de dos estudiantes."
                    ),
                )
                visits.move(
                    visit_request=visit_request,
                    status=VS.COMPLETED,
                    actor=staff,
                    as_requester=False,
                    as_staff=True,
                )
    return made


def _happened(visit_request, visit, *, days):
    """Moves the request, its visit, activities and history back `days` days."""
    back = datetime.timedelta(days=days)
    VisitRequest.objects.filter(pk=visit_request.pk).update(
        window_start=visit_request.window_start - back,
        window_end=visit_request.window_end - back,
        created_at=visit_request.created_at - back - datetime.timedelta(days=40),
    )
    Visit.objects.filter(pk=visit.pk).update(
        arrives_on=visit.arrives_on - back, leaves_on=visit.leaves_on - back
    )
    for activity in VisitActivity.objects.filter(visit=visit):
        VisitActivity.objects.filter(pk=activity.pk).update(when=activity.when - back)
    for change in VisitChange.objects.filter(request=visit_request):
        VisitChange.objects.filter(pk=change.pk).update(at=change.at - back)
    visit.refresh_from_db()
    visit_request.refresh_from_db()
