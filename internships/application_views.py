"""The student's pages: apply to a posting (a draft, or sent at once), Mis solicitudes, an
application (its state, what to do next, its history), edit and send a draft, withdraw, reorder
the preferences of a cycle, and the CV (for the student, the posting's host and IME, logged).
Every change is a POST that ends with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.models import Language
from redtalentos.lib.documents import DocumentNotStored, serve_document

from . import applications as service
from . import offers
from .application_forms import DRAFT, SEND, ApplicationForm, RankForm
from .models import Application, CVAccess, Cycle, Placement, Posting, TransitionRefused
from .permissions import get_application_for_cv, get_application_for_student, require_participant
from .placements import certificates_of

LANGUAGES = dict(Language.choices)


def _base_url(request):
    return request.build_absolute_uri("/")


def _sending(request):
    return request.POST.get("accion") == SEND


def _saved_message(status):
    if status == Application.Status.DRAFT:
        return _(
            "Guardamos tu borrador. Envíalo antes del cierre para que la persona anfitriona lo vea."
        )
    return _("Enviamos tu postulación. Te escribiremos cada vez que cambie de estado.")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def apply(request, slug):
    require_participant(request)
    posting = get_object_or_404(Posting.objects.published().select_related("cycle"), slug=slug)
    existing = Application.objects.filter(student=request.user, posting=posting).first()
    if existing is not None:
        messages.info(request, str(service.ALREADY_APPLIED))
        return redirect(existing)
    refusal = service.can_apply_refusal(request.user, posting)
    if refusal:
        if request.method == "POST":
            messages.error(request, refusal)
            return redirect("internships:my_applications")
        return render(
            request,
            "internships/application_form.html",
            {"posting": posting, "cycle": posting.cycle, "form": None, "refusal": refusal},
        )
    ranks = service.free_ranks(request.user, posting.cycle)
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, ranks=ranks, sending=_sending(request))
        if form.is_valid():
            try:
                application = service.apply(
                    student=request.user,
                    posting=posting,
                    details=form.cleaned_data,
                    upload=form.cleaned_data["cv"],
                    send=form.sending,
                    base_url=_base_url(request),
                )
            except DocumentNotStored as error:
                form.add_error("cv", error.message)
                status = 503
            except service.ApplicationRefused as refused:
                if refused.field is None:
                    messages.error(request, refused.message)
                    return redirect("internships:my_applications")
                form.add_error(refused.field, refused.message)
            else:
                messages.success(request, _saved_message(application.status))
                return redirect(application)
    else:
        form = ApplicationForm(ranks=ranks)
    return render(
        request,
        "internships/application_form.html",
        {"posting": posting, "cycle": posting.cycle, "form": form, "send": SEND, "draft": DRAFT},
        status=status,
    )


@require_safe
@login_required
def my_applications(request):
    require_participant(request)
    rows = list(
        Application.objects.filter(student=request.user)
        .select_related("cycle", "posting")
        .order_by("-cycle__applications_open", "cycle_id", "rank", "-created_at")
    )
    cycles = []
    for application in rows:
        if not cycles or cycles[-1]["cycle"].pk != application.cycle_id:
            cycles.append({"cycle": application.cycle, "applications": []})
        cycles[-1]["applications"].append(application)
    for group in cycles:
        active = [a for a in group["applications"] if a.status != Application.Status.WITHDRAWN]
        group["open"] = group["cycle"].accepts_applications()
        group["can_rerank"] = group["open"] and len(active) > 1
    return render(request, "internships/my_applications.html", {"cycles": cycles})


@require_safe
@login_required
def application_detail(request, uuid):
    application = get_application_for_student(request, uuid)
    history = list(application.history.all())
    placement = Placement.objects.filter(application=application).first()
    return render(
        request,
        "internships/application_detail.html",
        {
            "application": application,
            "posting": application.posting,
            "cycle": application.cycle,
            "history": history,
            "languages": [LANGUAGES.get(code, code) for code in application.languages],
            "can_withdraw": application.allows(Application.Status.WITHDRAWN),
            "is_draft": application.is_editable,
            "open": application.cycle.accepts_applications(),
            "missing": service.missing_to_send(application) if application.is_editable else [],
            "placement": placement,
            "certificate": certificates_of([placement]).get(placement.pk) if placement else None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def application_edit(request, uuid):
    application = get_application_for_student(request, uuid)
    if not application.is_editable:
        messages.info(request, _("Esta postulación ya fue enviada y no se puede cambiar."))
        return redirect(application)
    if not application.cycle.accepts_applications():
        messages.error(request, str(service.CLOSED))
        return redirect(application)
    ranks = service.free_ranks(request.user, application.cycle, keep=application.rank)
    status = 200
    if request.method == "POST":
        form = ApplicationForm(
            request.POST,
            request.FILES,
            ranks=ranks,
            sending=_sending(request),
            has_cv=bool(application.cv),
        )
        if form.is_valid():
            try:
                service.edit_draft(
                    application=application,
                    details=form.cleaned_data,
                    upload=form.cleaned_data["cv"],
                    send=form.sending,
                    base_url=_base_url(request),
                )
            except DocumentNotStored as error:
                form.add_error("cv", error.message)
                status = 503
            except service.ApplicationRefused as refused:
                if refused.field is None:
                    messages.error(request, refused.message)
                    return redirect(application)
                form.add_error(refused.field, refused.message)
            else:
                messages.success(request, _saved_message(application.status))
                return redirect(application)
    else:
        form = ApplicationForm(
            ranks=ranks,
            has_cv=bool(application.cv),
            initial={
                "rank": application.rank,
                "motivation": application.motivation,
                "university": application.university,
                "programme": application.programme,
                "semester": application.semester,
                "languages": application.languages,
            },
        )
    return render(
        request,
        "internships/application_form.html",
        {
            "posting": application.posting,
            "cycle": application.cycle,
            "application": application,
            "form": form,
            "send": SEND,
            "draft": DRAFT,
        },
        status=status,
    )


@require_POST
@login_required
def application_send(request, uuid):
    application = get_application_for_student(request, uuid)
    try:
        service.send_draft(application=application, base_url=_base_url(request))
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _saved_message(Application.Status.SUBMITTED))
    return redirect(application)


@require_POST
@login_required
def application_withdraw(request, uuid):
    application = get_application_for_student(request, uuid)
    try:
        offers.withdraw(application=application, base_url=_base_url(request))
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _(
                "Retiraste tu postulación a «%(title)s». Su preferencia quedó libre para otra "
                "plaza del ciclo."
            )
            % {"title": application.posting.title},
        )
    return redirect(application)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def application_ranks(request, slug):
    require_participant(request)
    cycle = get_object_or_404(Cycle, slug=slug)
    applications = list(
        Application.objects.active()
        .filter(student=request.user, cycle=cycle)
        .select_related("posting")
        .order_by("rank")
    )
    if not applications:
        raise Http404
    open_ = cycle.accepts_applications()
    form = RankForm(request.POST if request.method == "POST" else None, applications=applications)
    if request.method == "POST":
        if not open_:
            messages.error(request, str(service.CLOSED))
            return redirect("internships:my_applications")
        if form.is_valid():
            try:
                service.rerank(student=request.user, cycle=cycle, ranks=form.ranks())
            except TransitionRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Guardamos el nuevo orden de tus preferencias."))
                return redirect("internships:my_applications")
    return render(
        request,
        "internships/application_ranks.html",
        {"cycle": cycle, "form": form, "open": open_},
    )


@require_safe
def application_cv(request, uuid):
    """The CV, for the student, the posting's host (sent applications) and IME; each fetch is
    logged. A visitor is asked to sign in; anybody else gets 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application, role = get_application_for_cv(request, uuid)

    def log():
        CVAccess.objects.create(application=application, viewer=request.user, role=role)

    name = application.cv_filename or "CV"
    return serve_document(request, application.cv, download_name=name, log=log)
