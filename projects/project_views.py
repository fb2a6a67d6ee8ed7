"""The binational projects' pages: the public board (sector, status and word filters; the
member's own projects), a project's page (summary, team, institutions, results timeline,
documents, history and the status buttons the viewer may use), and the coordinators' changes
(texts, institutions, milestones, team invitations, documents) and the status changes of the
team and of the staff. Every change is a POST that ends with a message; refusals come back as
messages, never as errors. Who may do what: project_permissions."""

import unicodedata
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.models import IntroductionRequest, Member
from members.permissions import member_of, require_member
from pncs.models import Sector

from . import binational
from .binational import MEXICO, ProjectRefused
from .models import (
    Institution,
    Milestone,
    Project,
    ProjectStatus,
    TeamInvitation,
    TeamMember,
)
from .project_forms import (
    CandidateSearchForm,
    DocumentForm,
    InstitutionForm,
    InvitationForm,
    MilestoneForm,
    MilestoneProgressForm,
    ProjectFilter,
    ProjectForm,
    StatusForm,
)
from .project_permissions import (
    CLOSED_STATUSES,
    PUBLIC_STATUSES,
    access_to,
    can_see,
    get_project_for_coordinator,
    get_project_for_mover,
    moves_for,
    shows_results,
)

PS = ProjectStatus
PER_PAGE = 20
CANDIDATES_SHOWN = 20
LIST_DEFERRED = ("objectives", "search")

MOVE_LABELS = {
    PS.IN_EVALUATION: gettext_lazy("Enviar a evaluación"),
    PS.APPROVED: gettext_lazy("Aprobar"),
    PS.NOT_APPROVED: gettext_lazy("No aprobar"),
    PS.PROPOSED: gettext_lazy("Devolver a propuesta"),
    PS.IN_PROGRESS: gettext_lazy("Iniciar el proyecto"),
    PS.CONCLUDED: gettext_lazy("Dar por concluido"),
    PS.WITHDRAWN: gettext_lazy("Retirar el proyecto"),
}
MOVE_DONE = {
    PS.IN_EVALUATION: gettext_lazy(
        "Enviamos el proyecto a evaluación: el personal del PNCS de sus sectores lo revisará."
    ),
    PS.APPROVED: gettext_lazy("Aprobaste el proyecto: su página ya es pública."),
    PS.NOT_APPROVED: gettext_lazy("El proyecto quedó como no aprobado."),
    PS.PROPOSED: gettext_lazy("Devolviste el proyecto a propuesta para que el equipo lo ajuste."),
    PS.IN_PROGRESS: gettext_lazy("El proyecto está en curso."),
    PS.CONCLUDED: gettext_lazy("El proyecto quedó concluido."),
    PS.WITHDRAWN: gettext_lazy("Retiraste el proyecto."),
}


def _sectors_in_order():
    return Sector.objects.order_by("position", "name")


def _page(request, queryset, query):
    # get_page turns garbage, negative and too-large numbers into a valid page.
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("pagina"))

    def url(number):
        return "?" + urlencode({**query, "pagina": number}, doseq=True)

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page


# The board


@require_safe
def project_list(request):
    sectors = list(_sectors_in_order())
    projects = (
        Project.objects.filter(status__in=PUBLIC_STATUSES)
        .defer(*LIST_DEFERRED)
        .prefetch_related(Prefetch("sectors", queryset=_sectors_in_order()))
        .order_by("-created_at", "-pk")
    )
    filterset = ProjectFilter(request.GET or None, projects, sectors=sectors)
    query = filterset.applied()
    page = _page(request, filterset.qs, query)
    member = member_of(request.user)
    mine = []
    if member is not None:
        mine = list(
            TeamMember.objects.filter(member=member)
            .select_related("project")
            .defer(*(f"project__{name}" for name in LIST_DEFERRED))
            .order_by("-project__created_at", "-project__pk")
        )
    return render(
        request,
        "projects/project_list.html",
        {
            "filterset": filterset,
            "page": page,
            "filter_query": urlencode(query, doseq=True),
            "can_create": member is not None,
            "mine": mine,
        },
    )


# A project's page


def _viewer_project(request, slug):
    """(project, Access, team) with its sectors and PNCS read; 404 when not visible."""
    project = (
        Project.objects.filter(slug=slug)
        .prefetch_related(Prefetch("sectors", queryset=_sectors_in_order()), "contact_points")
        .first()
    )
    if project is None:
        raise Http404
    team = list(project.team.select_related("member").order_by("member__full_name", "pk"))
    team.sort(key=lambda row: row.role != TeamMember.Role.COORDINATOR)  # coordinators first
    sector_ids = {sector.pk for sector in project.sectors.all()}
    access = access_to(request.user, project, sector_ids=sector_ids, team=team)
    if not can_see(project, access):
        raise Http404
    return project, access, team


def _detail(request, project, access, team, *, status=200, **forms):
    closed = project.status in CLOSED_STATUSES
    edits = access.is_coordinator and not closed
    context = {
        "project": project,
        "access": access,
        "team": team,
        "institutions": [
            (institution, institution.country.name) for institution in project.institutions.all()
        ],
        "shows_results": shows_results(project, access),
        "edits": edits,
        "closed": closed,
        "moves": [
            {"status": status_, "label": MOVE_LABELS[status_], "refusal": refusal}
            for status_, refusal in moves_for(project, access)
        ],
    }
    if context["shows_results"]:
        context["milestones"] = list(project.milestones.all())
        if edits:
            for milestone in context["milestones"]:
                milestone.form = MilestoneProgressForm(
                    instance=milestone, auto_id=f"id_hito_{milestone.pk}_%s"
                )
    if context["moves"]:
        context["status_form"] = StatusForm(auto_id="id_estado_%s")
    if access.sees_private:
        context["documents"] = list(project.documents.all())
        context["history"] = list(project.history.select_related("actor"))
    if edits:
        # Several forms on one page: each its own ids.
        for name, form_class, prefix in (
            ("institution_form", InstitutionForm, "institucion"),
            ("milestone_form", MilestoneForm, "hito"),
            ("document_form", DocumentForm, "documento"),
        ):
            form = forms.get(name) or form_class()
            form.auto_id = f"id_{prefix}_%s"
            context[name] = form
        context["invitations"] = list(
            TeamInvitation.objects.filter(
                project=project, introduction__status=IntroductionRequest.Status.PENDING
            ).select_related("introduction__member")
        )
    return render(request, "projects/project_detail.html", context, status=status)


@require_safe
def project_detail(request, slug):
    return _detail(request, *_viewer_project(request, slug))


# The coordinators' changes


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def project_create(request):
    member = require_member(request)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = binational.save_project(form=form, actor=request.user, coordinator=member)
        messages.success(
            request,
            _(
                "Creamos la propuesta y te sumamos como coordinador(a). Antes de enviarla a "
                "evaluación, agrega al menos una institución mexicana y un miembro de la red en "
                "el exterior."
            ),
        )
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form})


def _refused_when_closed(request, project):
    """A redirect with the reason when the project is closed to changes, else None."""
    if project.status not in CLOSED_STATUSES:
        return None
    messages.error(
        request,
        _("El proyecto está «%(status)s»: ya no se puede cambiar.")
        % {"status": project.get_status_display()},
    )
    return redirect(project)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def project_edit(request, slug):
    project, _access = get_project_for_coordinator(request, slug)
    refused = _refused_when_closed(request, project)
    if refused:
        return refused
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        binational.save_project(form=form, actor=request.user)
        messages.success(request, _("Guardamos los cambios del proyecto."))
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


def _coordinated(request, slug):
    """(project, access, redirect or None) for a coordinator's POST on a project open to
    changes."""
    project, access = get_project_for_coordinator(request, slug)
    return project, access, _refused_when_closed(request, project)


def _rerender(request, project, status=200, **forms):
    project, access, team = _viewer_project(request, project.slug)
    return _detail(request, project, access, team, status=status, **forms)


@require_POST
@login_required
def institution_add(request, slug):
    project, _access, refused = _coordinated(request, slug)
    if refused:
        return refused
    form = InstitutionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Revisa los datos de la institución."))
        return _rerender(request, project, institution_form=form)
    institution = binational.add_institution(project=project, **form.cleaned_data)
    messages.success(request, _("Agregamos a %(name)s al proyecto.") % {"name": institution.name})
    return redirect(project)


@require_POST
@login_required
def institution_remove(request, slug, pk):
    project, _access, refused = _coordinated(request, slug)
    if refused:
        return refused
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        institution = Institution.objects.filter(project=project, pk=pk).first()
        if institution is None:
            raise Http404
        others_in_mexico = project.institutions.filter(country=MEXICO).exclude(pk=pk).exists()
        # Past the proposal the project keeps its Mexican partner (projects.binational).
        if institution.country == MEXICO and not others_in_mexico and project.status != PS.PROPOSED:
            messages.error(
                request,
                _(
                    "No puedes quitar la única institución mexicana de un proyecto que ya salió "
                    "de la propuesta: agrega otra antes."
                ),
            )
            return redirect(project)
        institution.delete()
    messages.success(request, _("Quitamos a %(name)s del proyecto.") % {"name": institution.name})
    return redirect(project)


@require_POST
@login_required
def milestone_add(request, slug):
    project, _access, refused = _coordinated(request, slug)
    if refused:
        return refused
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Revisa los datos del hito."))
        return _rerender(request, project, milestone_form=form)
    milestone = form.save(commit=False)
    milestone.project = project
    milestone.save()
    messages.success(request, _("Agregamos el hito «%(title)s».") % {"title": milestone.title})
    return redirect(project)


def _milestone(project, pk):
    milestone = Milestone.objects.filter(project=project, pk=pk).first()
    if milestone is None:
        raise Http404
    return milestone


@require_POST
@login_required
def milestone_update(request, slug, pk):
    project, _access, refused = _coordinated(request, slug)
    if refused:
        return refused
    milestone = _milestone(project, pk)
    form = MilestoneProgressForm(request.POST, instance=milestone)
    if not form.is_valid():
        messages.error(
            request,
            _("No cambiamos el hito: elige un estado y un avance entre 0 y 100 %."),
        )
        return redirect(project)
    form.save()
    messages.success(
        request,
        _("Actualizamos el hito «%(title)s»: %(status)s, %(progress)s %%.")
        % {
            "title": milestone.title,
            "status": milestone.get_status_display(),
            "progress": milestone.progress,
        },
    )
    return redirect(project)


@require_POST
@login_required
def milestone_remove(request, slug, pk):
    project, _access, refused = _coordinated(request, slug)
    if refused:
        return refused
    milestone = _milestone(project, pk)
    milestone.delete()
    messages.success(request, _("Quitamos el hito «%(title)s».") % {"title": milestone.title})
    return redirect(project)


def invitation_candidates(project, inviter):
    """The members a coordinator may invite: those who agreed to be found (their consent to the
    PNCS's expert search), not on the team yet, not the inviter."""
    return (
        Member.objects.findable_by_pncs()
        .exclude(project_roles__project=project)
        .exclude(pk=inviter.pk)
    )


def _without_accents(word):
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_candidates(candidates, words):
    """Candidates whose name holds every word, accents and case aside (gonz finds González)."""
    for word in words.split()[:5]:
        candidates = candidates.filter(full_name__unaccent__icontains=_without_accents(word))
    return candidates.order_by("full_name", "pk")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def team_invite(request, slug):
    project, access, refused = _coordinated(request, slug)
    if refused:
        return refused
    candidates = invitation_candidates(project, access.member)
    search = CandidateSearchForm(request.GET)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    shown = list(search_candidates(candidates, words)[:CANDIDATES_SHOWN]) if words else []
    if request.method == "POST":
        form = InvitationForm(request.POST, candidates=candidates, shown=shown)
        if form.is_valid():
            member, role = form.cleaned_data["member"], form.cleaned_data["role"]
            message = form.cleaned_data["message"].strip()
            try:
                binational.invite(
                    project=project,
                    inviter=request.user,
                    member=member,
                    role=role,
                    message=message or binational.default_invitation(project, role),
                    base_url=request.build_absolute_uri("/"),
                )
            except ProjectRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _(
                        "Enviamos la invitación a %(name)s. Si la acepta, aparecerá en el equipo "
                        "y les llegará a ambos un correo para ponerse en contacto."
                    )
                    % {"name": member.full_name},
                )
                return redirect(project)
        # The member picked stays in the list even when the search changed.
        chosen = form.cleaned_data.get("member") if form.is_bound else None
        if chosen is not None and chosen not in shown:
            form.fields["member"].widget.choices.append((chosen.slug, chosen.full_name))
    else:
        form = InvitationForm(candidates=candidates, shown=shown)
    return render(
        request,
        "projects/project_invite.html",
        {"project": project, "search": search, "words": words, "form": form},
    )


# Status


@require_POST
@login_required
def project_status(request, slug):
    project, access = get_project_for_mover(request, slug)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Elige un cambio de estado de la lista."))
        return redirect(project)
    status = PS(form.cleaned_data["status"])
    try:
        binational.move(
            project=project,
            status=status,
            actor=request.user,
            as_team=access.is_coordinator,
            as_staff=access.is_staff,
            note=form.cleaned_data["note"].strip(),
        )
    except ProjectRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, MOVE_DONE[status])
    return redirect(project)
