"""Public pages of the Jornadas Informativas: the editions, each edition's agenda, each session,
and their .ics files."""

from urllib.parse import urlencode

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from redtalentos.lib.calendars import calendar_host, ics_response

from .agenda import (
    days_of,
    default_day,
    group_by_day_and_track,
    sessions_for_agenda,
    sessions_of_day,
    speakers_for_agenda,
    tracks_of,
)
from .calendar import edition_calendar, session_calendar
from .follow_ups import follow_ups_for
from .forms import AgendaFilterForm
from .models import Edition, SessionMaterial
from .permissions import (
    can_invite_speakers,
    can_manage_session,
    can_preview_drafts,
    can_read_survey_results,
    follow_up_sector_ids,
    get_edition_for_viewer,
    get_session_for_viewer,
    visible_materials,
)
from .registration_views import registration_box
from .survey import survey_invitation


@require_safe
def edition_list(request):
    today = timezone.localdate()
    context = {
        "upcoming": list(Edition.objects.upcoming(today).prefetch_related("sectors")),
        "past": list(Edition.objects.past(today).prefetch_related("sectors")),
    }
    if can_preview_drafts(request.user):
        context["drafts"] = list(
            Edition.objects.exclude(status=Edition.Status.PUBLISHED).order_by("-year", "-number")
        )
    return render(request, "jornadas/edition_list.html", context)


def published_materials(edition):
    """The edition's materials once it publishes them, in agenda order (one query)."""
    if not edition.materials_published:
        return []
    return list(
        SessionMaterial.objects.filter(session__edition=edition).select_related("session__edition")
    )


@require_safe
def edition_detail(request, slug):
    """The edition and its agenda one day at a time (?dia=, the first day or today's while the
    edition runs), optionally one track (?eje=); the whole agenda is in the .ics."""
    edition = get_edition_for_viewer(request, slug)
    tracks = tracks_of(edition)
    days = days_of(edition)
    form = AgendaFilterForm(request.GET or None, days=days, tracks=tracks)
    chosen_day = chosen_track = None
    if form.is_bound:
        form.is_valid()  # a bad value is shown as an error and leaves its filter out
        chosen_day = form.cleaned_data.get("dia")
        chosen_track = form.cleaned_data.get("eje")
    shown_day = chosen_day or default_day(days, timezone.localdate())
    track_query = {"eje": chosen_track.pk} if chosen_track else {}
    return render(
        request,
        "jornadas/edition_detail.html",
        {
            "edition": edition,
            "sectors": list(edition.sectors.all()),
            "shown_day": shown_day,
            "day_links": [
                {"date": each, "query": urlencode({"dia": each.isoformat(), **track_query})}
                for each in days
            ],
            "agenda": group_by_day_and_track(
                sessions_of_day(edition, shown_day, tracks=tracks, track=chosen_track)
            )
            if shown_day
            else [],
            "chosen_track": chosen_track,
            "has_agenda": bool(days),
            "form": form,
            "show_calendar": bool(days) or edition.starts_on is not None,
            "materials": published_materials(edition),
            "registration": registration_box(request, edition),
            **_after_the_edition(request, edition),
        },
    )


def _after_the_edition(request, edition):
    """The follow-ups of the sectors the viewer keeps (IME, PNCS staff; nothing for anyone
    else), the invitation to answer the survey, and IME's link to its results."""
    sector_ids = follow_up_sector_ids(request.user)
    return {
        "keeps_follow_ups": bool(sector_ids),
        "follow_ups": follow_ups_for(edition, sector_ids) if sector_ids else [],
        "survey": survey_invitation(request.user, edition),
        "survey_results": can_read_survey_results(request.user),
    }


@require_safe
def session_detail(request, slug, pk):
    session = get_session_for_viewer(request, slug, pk)
    return render(
        request,
        "jornadas/session_detail.html",
        {
            "session": session,
            "edition": session.edition,
            "speakers": list(speakers_for_agenda().filter(session=session)),
            "can_invite": can_invite_speakers(request.user, session),
            "can_manage": can_manage_session(request.user, session),
            "materials": list(visible_materials(request.user, session)),
        },
    )


@require_safe
def edition_ics(request, slug):
    edition = get_edition_for_viewer(request, slug)
    sessions = list(sessions_for_agenda(edition).select_related("edition"))
    if not sessions and edition.starts_on is None:
        raise Http404  # nothing to put in a calendar: an empty VCALENDAR is not valid
    content = edition_calendar(
        edition,
        sessions,
        host=calendar_host(request),
        url_for=lambda session: request.build_absolute_uri(session.get_absolute_url()),
        edition_url=request.build_absolute_uri(edition.get_absolute_url()),
    )
    return ics_response(content, f"jornada-{edition.slug}.ics")


@require_safe
def session_ics(request, slug, pk):
    session = get_session_for_viewer(request, slug, pk)
    prefetch_related_objects([session], Prefetch("speakers", queryset=speakers_for_agenda()))
    content = session_calendar(
        session,
        host=calendar_host(request),
        url=request.build_absolute_uri(session.get_absolute_url()),
    )
    return ics_response(content, f"jornada-{session.edition.slug}-sesion-{session.pk}.ics")
