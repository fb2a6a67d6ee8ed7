"""Speakers' pages: staff invite a member to speak at a session; a session's speakers edit its
abstract and upload, list and delete its materials; anyone allowed fetches a material (logged).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.introductions import IntroductionRefused
from redtalentos.lib.documents import DocumentNotStored, serve_document

from .models import MaterialAccess
from .permissions import (
    can_delete_material,
    get_material,
    get_session_for_inviter,
    get_session_for_speaker,
    material_access,
)
from .speaker_forms import AbstractForm, CandidateSearchForm, MaterialForm, SpeakerInvitationForm
from .speakers import (
    CANDIDATES_SHOWN,
    add_material,
    default_message,
    delete_material,
    invitation_candidates,
    invite_speaker,
    search_candidates,
)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def speaker_invite(request, slug, pk):
    session = get_session_for_inviter(request, slug, pk)
    candidates = invitation_candidates(inviter=request.user, session=session)
    search = CandidateSearchForm(request.GET)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    shown = list(search_candidates(candidates, words)[:CANDIDATES_SHOWN]) if words else []
    if request.method == "POST":
        form = SpeakerInvitationForm(request.POST, candidates=candidates, shown=shown)
        if form.is_valid():
            member = form.cleaned_data["member"]
            try:
                invite_speaker(
                    inviter=request.user,
                    session=session,
                    member=member,
                    message=form.cleaned_data["message"],
                    role=form.cleaned_data["role"],
                    base_url=request.build_absolute_uri("/"),
                )
            except IntroductionRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    _(
                        "Enviamos la invitación a %(name)s. Si la acepta, aparecerá entre los "
                        "ponentes de la sesión y les llegará a ambos un correo para ponerse en "
                        "contacto."
                    )
                    % {"name": member.full_name},
                )
                return redirect(session)
        # The member picked stays in the list even when the search changed.
        chosen = form.cleaned_data.get("member") if form.is_bound else None
        if chosen is not None and chosen not in shown:
            form.fields["member"].widget.choices.append((chosen.slug, chosen.full_name))
    else:
        form = SpeakerInvitationForm(
            initial={"message": default_message(session)}, candidates=candidates, shown=shown
        )
    return render(
        request,
        "jornadas/speaker_invite.html",
        {
            "session": session,
            "edition": session.edition,
            "search": search,
            "words": words,
            "form": form,
            "shown": shown,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def session_abstract(request, slug, pk):
    session = get_session_for_speaker(request, slug, pk)
    form = AbstractForm(request.POST if request.method == "POST" else None, instance=session)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("Guardamos el resumen de la sesión."))
        return redirect(session)
    return render(
        request,
        "jornadas/session_abstract_form.html",
        {"session": session, "edition": session.edition, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def session_materials(request, slug, pk):
    session = get_session_for_speaker(request, slug, pk)
    status = 200
    if request.method == "POST":
        form = MaterialForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                add_material(
                    session=session,
                    uploader=request.user,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            except DocumentNotStored as error:
                form.add_error("file", error.message)
                status = 503
            else:
                messages.success(request, _("Subimos el material a la sesión."))
                return redirect("jornadas:session_materials", slug=slug, pk=pk)
    else:
        form = MaterialForm()
    materials = list(session.materials.select_related("uploaded_by"))
    for material in materials:
        material.deletable = can_delete_material(request.user, material)
    return render(
        request,
        "jornadas/session_materials.html",
        {"session": session, "edition": session.edition, "form": form, "materials": materials},
        status=status,
    )


@require_POST
@login_required
def material_delete(request, slug, uuid):
    material = get_material(slug, uuid)
    session = material.session
    if not can_delete_material(request.user, material):
        if not session.edition.is_published:
            raise Http404
        raise PermissionDenied
    delete_material(material=material)
    messages.success(request, _("Eliminamos el material «%(title)s».") % {"title": material.title})
    return redirect("jornadas:session_materials", slug=slug, pk=session.pk)


@require_safe
def material_download(request, slug, uuid):
    """The PDF, for whom material_access allows; every fetch is logged. A material of a draft
    edition does not exist for outsiders; a visitor is asked to sign in."""
    material = get_material(slug, uuid)
    role = material_access(request.user, material)
    if role is None:
        if not material.session.edition.is_published:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    viewer = request.user if request.user.is_authenticated else None

    def log():
        MaterialAccess.objects.create(material=material, viewer=viewer, role=role)

    return serve_document(
        request, material.file, download_name=material.title, log=log, inline=True
    )
