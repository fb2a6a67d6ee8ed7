"""The staff's cycles: the list of every cycle with where it is and what it holds, and the form
with which IME or a PNCS opens a cycle or moves its dates. The public sees a cycle's own page
(posting_views.cycle_detail)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from redtalentos.lib.roles import is_ime_admin

from . import cycles as service
from .cycle_forms import CycleForm
from .models import Application, ApplicationStatus, Cycle, Placement, Posting, PostingStatus
from .permissions import can_edit_cycle, get_cycle_for_editor, require_cycle_staff

PER_PAGE = 20


def _count(queryset, cycle="cycle"):
    """A per-cycle count of `queryset` (`cycle` names the path to the cycle), 0 for none."""
    counted = queryset.filter(**{cycle: OuterRef("pk")}).values(cycle).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


@require_safe
@login_required
def cycle_list(request):
    require_cycle_staff(request)
    cycles = Cycle.objects.annotate(
        published_count=_count(Posting.objects.filter(status=PostingStatus.APPROVED)),
        waiting_count=_count(Posting.objects.filter(status=PostingStatus.SUBMITTED)),
        sent=_count(Application.objects.exclude(status=ApplicationStatus.DRAFT)),
        placement_count=_count(Placement.objects.all(), cycle="application__cycle"),
    )
    page = Paginator(cycles.order_by("-applications_open", "name"), PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    # Who may change a cycle depends only on who opened it, and a PNCS's own rights cost a
    # query: ask once per opener, not once per row.
    editable_by_opener = {}
    for cycle in page.object_list:
        opener = cycle.created_by_id
        if opener not in editable_by_opener:
            editable_by_opener[opener] = can_edit_cycle(request.user, cycle)
        cycle.editable = editable_by_opener[opener]
    return render(
        request,
        "internships/cycle_list.html",
        {"page": page, "is_ime": is_ime_admin(request.user)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cycle_create(request):
    require_cycle_staff(request)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = service.save_cycle(form=form, actor=request.user)
        messages.success(
            request,
            _("Abrimos el ciclo «%(name)s». Quienes ofrecen pasantías ya pueden proponer plazas.")
            % {"name": cycle.name},
        )
        return redirect(cycle)
    return render(request, "internships/cycle_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cycle_edit(request, slug):
    cycle = get_cycle_for_editor(request, slug)
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        service.save_cycle(form=form, actor=request.user)
        messages.success(request, _("Guardamos los cambios del ciclo."))
        return redirect(cycle)
    return render(request, "internships/cycle_form.html", {"form": form, "cycle": cycle})
