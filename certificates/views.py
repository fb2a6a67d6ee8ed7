"""Certificate pages: the public check of a certificate, its PDF, and the holder's list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .models import Certificate
from .permissions import can_download, get_certificate_for_holder
from .services import render_pdf

CERTIFICATES_PER_PAGE = 20


@require_safe
def verify(request, public_id):
    """Anyone with the link (or the QR) sees whether the certificate is genuine or revoked."""
    certificate = get_object_or_404(Certificate, public_id=public_id)
    response = render(
        request,
        "certificates/certificate_detail.html",
        {"certificate": certificate, "can_download": can_download(request.user, certificate)},
    )
    # Each page names a person: checked by those who have the link, never listed by a search engine.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@login_required
def certificate_pdf(request, public_id):
    certificate = get_certificate_for_holder(request, public_id)
    if certificate.is_revoked:
        messages.error(
            request,
            _("El IME revocó este certificado: ya no puede descargarse."),
        )
        return redirect(certificate)
    body = render_pdf(certificate, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificado-{certificate.public_id}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@login_required
def my_certificates(request):
    certificates = Certificate.objects.held_by(request.user).only(
        "public_id", "kind", "title", "role", "starts_on", "ends_on", "place", "revoked_at"
    )
    page = Paginator(certificates, CERTIFICATES_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "certificates/certificate_list.html", {"page": page})
