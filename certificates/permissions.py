"""Who may do what with a certificate. Every view of the certificates app asks here.

The public check is open to anyone who has the link; the PDF is for its holder and IME.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from redtalentos.lib.roles import is_ime_admin

from .models import Certificate


def can_download(user, certificate):
    if not user.is_authenticated or not user.is_active:
        return False
    return certificate.holder_id == user.pk or is_ime_admin(user)


def get_certificate_for_holder(request, public_id):
    """The certificate `public_id` for its holder or IME; 404 for everyone else, as for an unknown
    id: whether a certificate exists is no secret (its check is public), but its PDF is."""
    certificate = get_object_or_404(Certificate, public_id=public_id)
    if not can_download(request.user, certificate):
        raise Http404
    return certificate
