"""IME's check-in page at the door: one field for what the QR scanner gives (or the code typed),
the answer in large type, and the count of people checked in. Phone-sized, without JavaScript."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from . import checkin
from .forms import CheckInForm
from .permissions import get_edition_for_checkin


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def checkin_page(request, slug):
    """GET shows the form (filled in with `?codigo=` when a phone's camera opened the URL of a QR
    code: nothing is recorded until staff press the button); POST checks the person in."""
    edition = get_edition_for_checkin(request, slug)
    result = None
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            result = checkin.check_in(
                edition=edition, text=form.cleaned_data["codigo"], by=request.user
            )
            form = CheckInForm()  # empty again for the next person
    else:
        scanned = request.GET.get(checkin.CODE_PARAMETER, "")
        form = CheckInForm(initial={"codigo": checkin.code_from(scanned) or ""})
    checked_in, confirmed = checkin.counts(edition)
    return render(
        request,
        "jornadas/checkin.html",
        {
            "edition": edition,
            "form": form,
            "result": result,
            "Outcome": checkin.Outcome,
            "checked_in": checked_in,
            "confirmed": confirmed,
            "recent": checkin.recent_checkins(edition),
        },
    )
