"""Introduction requests: ask from a profile, answer and follow them at /perfil/solicitudes/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.forms.introductions import IntroductionRequestForm
from members.introductions import (
    IntroductionRefused,
    answer_introduction,
    refusal_reason,
    request_introduction,
    requester_summary,
    requests_this_month,
)
from members.models import IntroductionRequest
from members.permissions import (
    can_request_introduction,
    get_member_for_viewer,
    is_pncs_staff,
    member_of,
    require_member,
)

PER_PAGE = 20


def _base_url(request):
    return request.build_absolute_uri("/")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def introduction_request(request, slug):
    member, _level = get_member_for_viewer(request, slug)
    if not can_request_introduction(request.user):
        raise PermissionDenied
    form = IntroductionRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                request_introduction(
                    requester=request.user,
                    member=member,
                    purpose=form.cleaned_data["purpose"],
                    message=form.cleaned_data["message"],
                    base_url=_base_url(request),
                )
            except IntroductionRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    _("Enviamos tu solicitud a %(name)s. Te avisaremos por correo cuando responda.")
                    % {"name": member.full_name},
                )
                return redirect(member)
        closed = None
    else:
        closed = refusal_reason(requester=request.user, member=member)
    return render(
        request,
        "members/introduction_form.html",
        {"member": member, "form": form, "closed": closed},
    )


def _page(request, queryset, parameter):
    """One page of `queryset` chosen by the query parameter `parameter`, with links to its
    neighbours that keep the other parameters (two lists page independently)."""
    # get_page turns garbage, negative and too-large numbers into a valid page.
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get(parameter))

    def url(number):
        query = request.GET.copy()
        query[parameter] = number
        return "?" + query.urlencode()

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page


def _with_summaries(page):
    for introduction in page:
        introduction.sender = requester_summary(introduction.requester)
    return page


@require_safe
@login_required
def introduction_list(request):
    own_member = member_of(request.user)
    sends = own_member is not None or is_pncs_staff(request.user)
    if not sends:
        raise PermissionDenied
    context = {"own_member": own_member}
    if own_member is not None:
        received = (
            IntroductionRequest.objects.filter(member=own_member)
            .select_related("requester", "requester__member")
            .prefetch_related("requester__contact_points")
            .order_by(
                Case(
                    When(status=IntroductionRequest.Status.PENDING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                "-created_at",
            )
        )
        context["received"] = _with_summaries(_page(request, received, "pagina"))
        context["received_this_month"] = requests_this_month(own_member)
    sent = (
        IntroductionRequest.objects.filter(requester=request.user)
        .select_related("member")
        .order_by("-created_at")
    )
    context["sent"] = _page(request, sent, "pagina_enviadas")
    return render(request, "members/introduction_list.html", context)


@require_POST
@login_required
def introduction_answer(request, pk):
    member = require_member(request)
    introduction = get_object_or_404(IntroductionRequest, pk=pk, member=member)
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Elige aceptar o declinar la solicitud."))
        return redirect("members:introduction_list")
    accept = decision == "accept"
    try:
        introduction = answer_introduction(
            introduction=introduction, member=member, accept=accept, base_url=_base_url(request)
        )
    except IntroductionRefused as refused:
        messages.info(request, refused.message)
        return redirect("members:introduction_list")
    sender = requester_summary(introduction.requester)["name"]
    if accept:
        text = _(
            "Aceptaste la solicitud de %(name)s. Les enviamos a ambos un correo con sus "
            "direcciones para que conversen directamente."
        )
    else:
        text = _("Declinaste la solicitud de %(name)s. Le avisaremos con un mensaje amable.")
    messages.success(request, text % {"name": sender})
    return redirect("members:introduction_list")
