"""State machines: the engine every workflow with a status moves through (internship postings,
applications and placements, mentoring requests and mentorships, news, calls and proposals,
projects, visits, opportunities, missions, Jornadas editions, work programme activities). Seat
requests have their own, with a waitlist, in redtalentos.lib.capacity.

A workflow declares, in its model module, its table of allowed changes as a `Workflow`; its model
takes `Stateful` (a `status` field and `workflow` naming that table) and its history is a subclass
of `StatusChange` with a foreign key to it, `related_name="history"`. Every change goes through
`Workflow.move` under the caller's row lock: a change outside the table is refused with a message,
every other one is kept in the history, which the admin shows through `HistoryInline`. A form
that sets the status (the admin's, the workspace's) offers only the table's next statuses
(`limit_status_choices`) and refuses any other with its message (`clean_status_change`).
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .admin_parts import ReadOnlyInline


class Refused(Exception):
    """An action the rules do not allow; `message` (and `str()`) says why, for the person who
    asked."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class TransitionRefused(Refused):
    """A change of status that its workflow's table does not allow."""


class Workflow:
    """The allowed changes of a status: `transitions` ({status: statuses it may go to}) over the
    TextChoices `statuses`. `refused` says why any other change is refused (with %(current)s and
    %(wanted)s); `refusals` ({(current, wanted): message}) says it better for particular ones."""

    def __init__(self, statuses, transitions, *, refused, refusals=None):
        self.statuses = statuses
        self.transitions = transitions
        self.refused = refused
        self.refusals = refusals or {}

    def allows(self, current, wanted):
        return wanted in self.transitions.get(current, ())

    def next_statuses(self, current):
        """The statuses `current` may change to, in the order of the choices."""
        return [status for status in self.statuses if self.allows(current, status)]

    def refusal(self, current, wanted):
        """Why `current` may not change to `wanted`, or None when it may."""
        if self.allows(current, wanted):
            return None
        if (current, wanted) in self.refusals:
            return str(self.refusals[(current, wanted)])
        return str(self.refused) % {
            "current": self._label(current),
            "wanted": self._label(wanted),
        }

    def form_refusal(self, current, wanted):
        """Why a form may not set `wanted` over the saved `current`, or None: a form may also keep
        the status, or give a new subject (`current` empty) its first one."""
        if not current or current == wanted:
            return None
        return self.refusal(current, wanted)

    def check(self, current, wanted):
        """Raises TransitionRefused unless `current` may change to `wanted`: for a change that
        sets more than the status, before it sets anything."""
        refusal = self.refusal(current, wanted)
        if refusal:
            raise TransitionRefused(refusal)

    def _label(self, status):
        return self.statuses(status).label if status in self.statuses.values else status

    def move(self, subject, wanted, *, actor=None, note="", at=None, update_fields=None):
        """Changes `subject`'s status to `wanted` as the table allows and keeps the change in its
        history; raises TransitionRefused otherwise. Saves the status and `update_fields` (every
        field when None). The caller holds the subject's row lock and has set, before, whatever
        else the change sets."""
        self.check(subject.status, wanted)
        previous, subject.status = subject.status, wanted
        subject.save(update_fields=None if update_fields is None else ["status", *update_fields])
        return record(subject, previous, actor=actor, note=note, at=at)


def record(subject, previous, *, actor=None, note="", at=None):
    """A line of `subject`'s history, from `previous` to its status now: for its creation
    (`previous` = "") and for a change checked against the table by the caller (Workflow.move,
    an admin form that checks it in its validation)."""
    return subject.history.create(
        actor=actor,
        from_status=previous,
        to_status=subject.status,
        note=note,
        at=at or timezone.now(),
    )


def limit_status_choices(form):
    """A form editing a Stateful instance (a model form, or the admin's) offers its status and
    those it may change to; a new one every status. Only the widget is narrowed: the field still
    knows every status, so that a forged one gets the table's message (clean_status_change)
    rather than "not one of the choices"."""
    if form.instance.pk and "status" in form.fields:
        allowed = {form.instance.status, *form.instance.next_statuses}
        field = form.fields["status"]
        field.widget.choices = [choice for choice in field.choices if choice[0] in allowed]


def clean_status_change(form):
    """The status chosen, if the table allows it from the saved one; keeping it is always
    allowed. For a form's clean_status: the instance is still the saved one then (the view reads
    it for each request; whatever saves it checks again under its lock)."""
    status = form.cleaned_data["status"]
    instance = form.instance
    refusal = instance.workflow.form_refusal(instance.status if instance.pk else "", status)
    if refusal:
        raise forms.ValidationError(refusal)
    return status


class Stateful:
    """A model with a `status` that moves along its class's `workflow`."""

    workflow = None

    def allows(self, wanted):
        return self.workflow.allows(self.status, wanted)

    @property
    def next_statuses(self):
        return self.workflow.next_statuses(self.status)


class StatusChange(models.Model):
    """One change of a status: who (empty for the system), from, to, why, when. Subclasses add the
    foreign key to their subject with `related_name="history"`, and give both statuses their
    choices."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vacío: el sistema."),
    )
    from_status = models.CharField(_("de"), max_length=14, blank=True)
    to_status = models.CharField(_("a"), max_length=14)
    note = models.TextField(_("nota"), max_length=3000, blank=True)
    at = models.DateTimeField(_("cuándo"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class HistoryInline(ReadOnlyInline):
    """A workflow's history on its subject's admin page: every change writes it. Subclasses name
    the `model`."""

    fields = ["at", "from_status", "to_status", "who", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("quién"))
    def who(self, change):
        if change.actor is None:
            return _("el sistema")
        return change.actor.get_full_name() or "—"
