"""A binational project's documents: its coordinators upload PDFs (checked and stored privately
by redtalentos.lib.documents), and whoever may see the project downloads them, each view logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from redtalentos.lib.documents import DocumentNotStored, serve_document, stored_documents

from .models import (
    DocumentAccess,
    ProjectDocument,
)
from .project_forms import DocumentForm
from .project_permissions import get_document_for_viewer
from .project_views import _coordinated, _rerender


def _add_document(*, project, uploader, title, upload):
    """Stores a checked PDF (documents.PDFField) as the project's. A full disk raises
    documents.DocumentNotStored before anything is written to the database."""
    document = ProjectDocument(
        project=project,
        uploaded_by=uploader,
        title=title,
        size=upload.size,
        pages=upload.pdf.pages,
    )
    with stored_documents(document, {"file": upload}), transaction.atomic():
        document.save()
    return document


@require_POST
@login_required
def document_upload(request, slug):
    project, _access, refused = _coordinated(request, slug)
    if refused:
        return refused
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("No subimos el documento: revisa el archivo."))
        return _rerender(request, project, document_form=form)
    try:
        document = _add_document(
            project=project,
            uploader=request.user,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
    except DocumentNotStored as error:
        form.add_error("file", error.message)
        return _rerender(request, project, status=503, document_form=form)
    messages.success(request, _("Subimos «%(title)s».") % {"title": document.title})
    return redirect(project)


@require_safe
def document_download(request, slug, uuid):
    """The PDF, for the team, the staff of its sectors and IME; every fetch is logged."""
    document, _project = get_document_for_viewer(request, slug, uuid)
    viewer = request.user if request.user.is_authenticated else None

    def log():
        DocumentAccess.objects.create(document=document, viewer=viewer)

    return serve_document(
        request, document.file, download_name=document.title, log=log, inline=True
    )
