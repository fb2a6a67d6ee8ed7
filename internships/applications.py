"""A student's applications: apply (a draft, or sent at once), send a draft, edit it, reorder
the ranks, withdraw; and `move_application`, the one way any status change is made and mailed.

Every write that decides how many applications a student holds in a cycle, or which ranks are
free, locks the student's account row first: two requests of the same student (two tabs, a
double click) run one after the other, so a 4th application or a rank taken twice gets a
message, not an IntegrityError (the database refuses both anyway). Students do not wait on one
another: the cycle's row is not locked.

The status email goes after the commit, in the language the student last used on the portal
(stored on the application as `language`: accounts have no language of their own).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from members.models import User
from redtalentos.lib import emails
from redtalentos.lib.documents import safe_download_name, stored_documents
from redtalentos.lib.workflows import record

from .models import (
    MAX_APPLICATIONS_PER_CYCLE,
    Application,
    ApplicationStatus,
    Posting,
    TransitionRefused,
)

AS = ApplicationStatus
RANKS = range(1, MAX_APPLICATIONS_PER_CYCLE + 1)
# What a complete application holds; a draft may lack any of them.
REQUIRED_TO_SEND = ("motivation", "university", "programme", "semester", "languages", "cv")

TOO_MANY = _(
    "Ya tienes %(limit)s postulaciones en este ciclo, el máximo. Para postularte a esta plaza "
    "retira primero una de las otras desde Mis solicitudes."
)
ALREADY_APPLIED = _("Ya te postulaste a esta plaza; la encuentras en Mis solicitudes.")
CLOSED = _("Las postulaciones de este ciclo no están abiertas: no se pueden enviar ni cambiar.")
NOT_PUBLISHED = _("Esta plaza ya no recibe postulaciones.")
RANK_TAKEN = _("Ya usaste la preferencia %(rank)s en otra postulación de este ciclo: elige otra.")
INCOMPLETE = _("Completa tu postulación antes de enviarla: falta %(fields)s.")
RANKS_INVALID = _("Cada postulación necesita una preferencia distinta, de 1 a %(limit)s.")


class ApplicationRefused(TransitionRefused):
    """A refused write; `message` is for the student. `field` names the form field it is about."""

    def __init__(self, message, *, field=None):
        super().__init__(str(message))
        self.field = field


def student_language():
    """The language of the request being answered, as stored on the application."""
    return (get_language() or settings.LANGUAGE_CODE)[:10]


def _lock_student(student):
    User.objects.select_for_update().only("pk").get(pk=student.pk)


def taken_ranks(student, cycle):
    return set(
        Application.objects.active()
        .filter(student=student, cycle=cycle)
        .values_list("rank", flat=True)
    )


def free_ranks(student, cycle, *, keep=None):
    """The ranks the student may still give in `cycle` (with `keep`, one they hold already)."""
    taken = taken_ranks(student, cycle) - {keep}
    return [rank for rank in RANKS if rank not in taken]


def can_apply_refusal(student, posting, *, today=None):
    """Why `student` cannot apply to `posting` now, or None (no lock: the write checks again)."""
    if posting.status != Posting.Status.APPROVED:
        return str(NOT_PUBLISHED)
    if not posting.cycle.accepts_applications(today):
        return str(CLOSED)
    if Application.objects.filter(student=student, posting=posting).exists():
        return str(ALREADY_APPLIED)
    if not free_ranks(student, posting.cycle):
        return gettext(TOO_MANY) % {"limit": MAX_APPLICATIONS_PER_CYCLE}
    return None


def missing_to_send(application):
    """The labels of what a draft still lacks to be sent."""
    return [
        str(Application._meta.get_field(name).verbose_name)
        for name in REQUIRED_TO_SEND
        if not getattr(application, name)
    ]


def _check_sendable(application):
    missing = missing_to_send(application)
    if missing:
        raise ApplicationRefused(gettext(INCOMPLETE) % {"fields": ", ".join(missing)})


def _details_into(application, details, upload):
    for name in ("motivation", "university", "programme", "semester", "languages"):
        if name in details:
            setattr(application, name, details[name])
    if upload:
        application.cv_size = upload.size
        application.cv_filename = safe_download_name(upload.name)[:200]


def apply(*, student, posting, details, upload=None, send, base_url):
    """Creates the student's application to `posting` with `details` (the form's cleaned data:
    rank, motivation, ...) and the checked CV `upload`, as a draft or sent (`send`). Raises
    ApplicationRefused (after the close, twice to one posting, a 4th, a rank taken, incomplete
    when sent) or documents.DocumentNotStored (full disk): then nothing is kept, file included."""
    cycle = posting.cycle
    refusal = can_apply_refusal(student, posting)
    if refusal:  # before writing the file: most refusals need no lock
        raise ApplicationRefused(refusal)
    application = Application(
        cycle=cycle,
        posting=posting,
        student=student,
        rank=details["rank"],
        language=student_language(),
    )
    _details_into(application, details, upload)
    if send:
        # The file is not written yet; what the form sent counts.
        missing = [
            str(Application._meta.get_field(name).verbose_name)
            for name in REQUIRED_TO_SEND
            if not (upload if name == "cv" else getattr(application, name))
        ]
        if missing:
            raise ApplicationRefused(gettext(INCOMPLETE) % {"fields": ", ".join(missing)})
    uploads = {"cv": upload} if upload else {}
    with stored_documents(application, uploads), transaction.atomic():
        _lock_student(student)
        refusal = can_apply_refusal(student, posting)
        if refusal:
            raise ApplicationRefused(refusal)
        if application.rank not in free_ranks(student, cycle):
            raise ApplicationRefused(gettext(RANK_TAKEN) % {"rank": application.rank}, field="rank")
        now = timezone.now()
        application.status = AS.SUBMITTED if send else AS.DRAFT
        application.submitted_at = now if send else None
        application.decided_at = now
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as error:  # a posting deleted meanwhile, or a race outside a lock
            raise ApplicationRefused(ALREADY_APPLIED) from error
        record(application, "", actor=student, at=now)
        if send:
            _mail_after_commit(application, base_url)
    return application


def edit_draft(*, application, details, upload=None, send, base_url):
    """Saves a draft's new details (and a new CV), keeping it a draft or sending it. The CV it
    replaces leaves the storage after the commit."""
    previous_cv = application.cv.name
    _details_into(application, details, upload)
    uploads = {"cv": upload} if upload else {}
    with stored_documents(application, uploads), transaction.atomic():
        _lock_student(application.student)
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status != AS.DRAFT:
            raise ApplicationRefused(gettext("Esta postulación ya no es un borrador."))
        if not application.cycle.accepts_applications():
            raise ApplicationRefused(CLOSED)
        rank = details.get("rank", current.rank)
        if rank not in free_ranks(application.student, application.cycle, keep=current.rank):
            raise ApplicationRefused(gettext(RANK_TAKEN) % {"rank": rank}, field="rank")
        application.rank = rank
        application.language = student_language()
        if send:
            _check_sendable(application)
        application.save()
        if send:
            _move(application, AS.SUBMITTED, actor=application.student, base_url=base_url)
        if upload and previous_cv:
            storage = application.cv.storage
            transaction.on_commit(lambda: storage.delete(previous_cv))
    return application


def send_draft(*, application, base_url):
    """Sends a complete draft before the close."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("cycle").get(pk=application.pk)
        )
        if application.status == AS.DRAFT and not application.cycle.accepts_applications():
            raise ApplicationRefused(CLOSED)
        if application.status == AS.DRAFT:
            _check_sendable(application)
        application.language = student_language()
        _move(application, AS.SUBMITTED, actor=application.student, base_url=base_url)
    return application


def withdraw(*, application, base_url):
    """The student withdraws (any state the table allows); the rank becomes free."""
    with transaction.atomic():
        _lock_student(application.student)
        application = (
            Application.objects.select_for_update().select_related("cycle").get(pk=application.pk)
        )
        application.language = student_language()
        _move(application, AS.WITHDRAWN, actor=application.student, base_url=base_url)
    return application


def rerank(*, student, cycle, ranks):
    """Gives the student's active applications of `cycle` new ranks: `ranks` maps an
    application's pk to its rank, a permutation of distinct ranks within 1..3. Only while the
    cycle takes applications (the matching reads the ranks at its close)."""
    with transaction.atomic():
        _lock_student(student)
        if not cycle.accepts_applications():
            raise ApplicationRefused(CLOSED)
        applications = list(
            Application.objects.active()
            .select_for_update()
            .filter(student=student, cycle=cycle)
            .order_by("rank")
        )
        wanted = [ranks.get(application.pk) for application in applications]
        if (
            set(ranks) != {application.pk for application in applications}
            or len(set(wanted)) != len(wanted)
            or any(rank not in RANKS for rank in wanted)
        ):
            raise ApplicationRefused(gettext(RANKS_INVALID) % {"limit": MAX_APPLICATIONS_PER_CYCLE})
        language = student_language()
        for application, rank in zip(applications, wanted, strict=True):
            if application.rank != rank or application.language != language:
                application.rank, application.language = rank, language
                application.save(update_fields=["rank", "language", "updated_at"])
    # The unique ranks are checked at the commit (deferred), which the lock makes safe.
    return applications


def move_application(*, application, to, actor, note="", base_url):
    """Moves an application along APPLICATION_TRANSITIONS under a row lock, keeps the change in
    its history and emails the student after the commit. Raises TransitionRefused (its
    `message` says why). For hosts, IME and the offers; the student's own changes have theirs."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("cycle").get(pk=application.pk)
        )
        _move(application, to, actor=actor, note=note, base_url=base_url)
    return application


def _move(application, to, *, actor, base_url, note=""):
    application.move_to(to, actor=actor, note=note)
    _mail_after_commit(application, base_url)


def _mail_after_commit(application, base_url):
    pk = application.pk
    transaction.on_commit(
        lambda: emails.send_application_status(
            Application.objects.select_related("student", "posting", "cycle").get(pk=pk), base_url
        )
    )
