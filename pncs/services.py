"""Writes to the work programme that keep its status history: saving an activity from a form and
changing its status. Both lock the activity's row, so two people changing it at once are counted
one after the other against ACTIVITY_TRANSITIONS (pncs.models)."""

from django.db import transaction
from django.utils.translation import gettext as _

from redtalentos.lib.workflows import TransitionRefused, record

from .models import ACTIVITY_WORKFLOW, WorkProgrammeActivity


def _lock(activity):
    return WorkProgrammeActivity.objects.select_for_update().only("status").get(pk=activity.pk)


def save_activity(*, form, actor):
    """Saves a valid ActivityForm (pncs.forms) or an activity form of a higher app built on
    it: a new activity's first status, or a change checked again under the row lock, goes into
    the history. Raises TransitionRefused when someone changed the status since the form was shown
    and the change no longer holds."""
    with transaction.atomic():
        before = ""
        if form.instance.pk:
            before = _lock(form.instance).status
            refusal = ACTIVITY_WORKFLOW.form_refusal(before, form.instance.status)
            if refusal:
                raise TransitionRefused(refusal)
        activity = form.save()
        if activity.status != before:
            record(activity, before, actor=actor)
    return activity


def change_status(*, activity, status, actor):
    """Moves `activity` to `status` if the table allows it from its current status, and keeps
    the change in its history. Raises TransitionRefused otherwise (also for an unknown status)."""
    if status not in WorkProgrammeActivity.Status.values:
        raise TransitionRefused(_("Ese estado no existe."))
    with transaction.atomic():
        before = _lock(activity).status
        if before == status:
            raise TransitionRefused(
                _("La actividad ya está «%(status)s».")
                % {"status": WorkProgrammeActivity.Status(status).label}
            )
        activity.status = before
        activity.workflow.move(activity, status, actor=actor, update_fields=["updated_at"])
    return activity
