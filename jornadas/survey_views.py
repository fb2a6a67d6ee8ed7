"""The feedback survey: attendees answer it once after the edition; IME reads the results
(without names)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .permissions import (
    can_read_survey_results,
    get_edition_for_viewer,
    get_registration_for_survey,
)
from .survey import (
    AlreadyAnswered,
    comments,
    has_answered,
    is_over,
    results,
    save_answer,
    sessions_to_rate,
)
from .survey_forms import SurveyForm

COMMENTS_PER_PAGE = 50


def _answered_before(request):
    messages.info(request, _("Ya habías respondido la encuesta; guardamos tu primera respuesta."))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def survey(request, slug):
    registration = get_registration_for_survey(request, slug)
    edition = registration.edition
    context = {"edition": edition}
    if not is_over(edition):
        return render(request, "jornadas/survey_closed.html", context)
    if has_answered(registration):
        if request.method == "POST":
            _answered_before(request)
            return redirect(edition)
        return render(request, "jornadas/survey_answered.html", context)
    sessions = sessions_to_rate(registration)
    form = SurveyForm(request.POST if request.method == "POST" else None, sessions=sessions)
    if form.is_bound and form.is_valid():
        try:
            save_answer(
                registration=registration,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                session_ratings=form.session_ratings(),
            )
        except AlreadyAnswered:
            _answered_before(request)
        else:
            messages.success(request, _("Gracias por responder la encuesta."))
        return redirect(edition)
    return render(request, "jornadas/survey_form.html", {**context, "form": form})


@require_safe
@login_required
def survey_results(request, slug):
    edition = get_edition_for_viewer(request, slug)
    if not can_read_survey_results(request.user):
        raise PermissionDenied
    page = Paginator(comments(edition), COMMENTS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "jornadas/survey_results.html",
        {"edition": edition, "results": results(edition), "page": page},
    )
