"""Writes to the work programme that keep its status history: saving an activity from a form and
changing its status. Both lock the activity's row, so two people changing it at once are counted
one after the other against ACTIVITY_TRANSITIONS (pncs.models)."""

from django.db import transaction
from django.utils.translation import gettext as _

from .models import ActivityStatusChange, WorkProgrammeActivity, status_refusal


class StatusRefused(Exception):
    """A change of status the table does not allow; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def _lock(activity):
    return WorkProgrammeActivity.objects.select_for_update().only("status").get(pk=activity.pk)


def save_activity(*, form, actor):
    """Saves a valid ActivityForm (pncs.forms) or an activity form of a higher app built on
    it: a new activity's first status, or a change checked again under the row lock, goes into
    the history. Raises StatusRefused when someone changed the status since the form was shown
    and the change no longer holds."""
    with transaction.atomic():
        before = ""
        if form.instance.pk:
            before = _lock(form.instance).status
            refusal = status_refusal(before, form.instance.status)
            if refusal:
                raise StatusRefused(refusal)
        activity = form.save()
        if activity.status != before:
            ActivityStatusChange.objects.create(
                activity=activity, actor=actor, from_status=before, to_status=activity.status
            )
    return activity


def record_change(*, activity, before, actor):
    """A line of the history, for a write that checked the table itself (the admin) or an
    activity created outside a form (`before` = "": by a higher app)."""
    ActivityStatusChange.objects.create(
        activity=activity, actor=actor, from_status=before, to_status=activity.status
    )


def change_status(*, activity, status, actor):
    """Moves `activity` to `status` if the table allows it from its current status, and keeps
    the change in its history. Raises StatusRefused otherwise (also for an unknown status)."""
    if status not in WorkProgrammeActivity.Status.values:
        raise StatusRefused(_("Ese estado no existe."))
    with transaction.atomic():
        before = _lock(activity).status
        if before == status:
            raise StatusRefused(
                _("La actividad ya está «%(status)s».")
                % {"status": WorkProgrammeActivity.Status(status).label}
            )
        refusal = status_refusal(before, status)
        if refusal:
            raise StatusRefused(refusal)
        activity.status = status
        activity.save(update_fields=["status", "updated_at"])
        ActivityStatusChange.objects.create(
            activity=activity, actor=actor, from_status=before, to_status=status
        )
    return activity
