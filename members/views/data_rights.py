"""Data rights (ARCO): download my data (access) and delete my account (cancellation)."""

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..data_rights import delete_account, export_user_data
from ..forms.data_rights import AccountDeleteForm
from ..permissions import member_of

DOWNLOAD_NAME = "mis-datos-red-talentos.json"


@require_http_methods(["GET", "HEAD"])
@login_required
@never_cache
def data_download(request):
    """The page explains what the file holds; ?descargar=1 returns the file itself."""
    if request.GET.get("descargar") == "1":
        data = export_user_data(request.user)
        body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
        response = HttpResponse(body.encode(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_NAME}"'
        return response
    return render(
        request,
        "members/data_download.html",
        {"has_profile": member_of(request.user) is not None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
def account_delete(request):
    user = request.user
    # The password check must not become a way to guess the password (allauth's limit for
    # re-entering it: 10 a minute per account).
    limited = request.method == "POST" and not ratelimit.consume(
        request, action="reauthenticate", user=user
    )
    data = request.POST if request.method == "POST" and not limited else None
    form = AccountDeleteForm(data, user=user)
    if form.is_bound and form.is_valid():
        # Signing out first lets logout handlers see the account while it still exists.
        logout(request)
        delete_account(user=user)
        messages.success(
            request,
            _(
                "Eliminamos tu cuenta y tus datos personales. Gracias por haber sido parte de la "
                "Red de Talentos Mexicanos."
            ),
        )
        return redirect("home")
    return render(
        request,
        "members/account_delete.html",
        {"form": form, "has_profile": member_of(user) is not None, "rate_limited": limited},
        status=429 if limited else 200,
    )
