"""Every change of an opportunity goes through here: saving and sending for review, the staff's
review, withdrawal, expiry (with a reminder to the author) and renewal, and expressions of
interest through the brokered channel. The allowed status changes are the table in
projects.models.opportunities; every other one is refused with a message."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.introductions import IntroductionRefused, request_introduction
from members.models import IntroductionRequest, Member
from redtalentos.lib.roles import is_ime_admin
from redtalentos.lib.workflows import Refused

from . import notifications
from .models import Opportunity, OpportunityInterest, OpportunityStatus

OS = OpportunityStatus
REMIND_DAYS = 14  # the author hears this many days before their opportunity expires


class OpportunityRefused(Refused):
    """A change of an opportunity that the rules refuse."""


def lifetime():
    return datetime.timedelta(days=round(30.44 * settings.OPPORTUNITY_MONTHS))


def _locked(opportunity):
    return (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("author")
        .get(pk=opportunity.pk)
    )


def _move(opportunity, status, *, actor=None, note=""):
    if not opportunity.allows(status):
        raise OpportunityRefused(
            _("Esta oportunidad está «%(status)s»: ese cambio no es posible.")
            % {"status": opportunity.get_status_display()}
        )
    now = timezone.now()
    fields = ["updated_at"]
    if status == OS.PUBLISHED:
        if opportunity.status == OS.SUBMITTED:
            opportunity.published_at = now
            fields.append("published_at")
        opportunity.expires_at = now + lifetime()
        opportunity.reminded_at = None
        fields += ["expires_at", "reminded_at"]
    opportunity.workflow.move(opportunity, status, actor=actor, note=note, update_fields=fields)
    return opportunity


@transaction.atomic
def save_opportunity(*, form, author, submit=False):
    """Saves the form (a new draft, or an edit of a draft or a returned one); with `submit`,
    sends it to the staff of its sectors for review."""
    opportunity = form.save(commit=False)
    if opportunity.pk is None:
        opportunity.author = author
    elif not _locked(opportunity).is_editable:
        raise OpportunityRefused(_("Esta oportunidad ya no se puede editar."))
    opportunity.save()
    form.save_m2m()
    opportunity.sector_ids = sorted(sector.pk for sector in form.cleaned_data["sectors"])
    opportunity.save(update_fields=["sector_ids"])
    if submit:
        _move(opportunity, OS.SUBMITTED, actor=author)
        notifications.opportunity_status(opportunity)
    return opportunity


@transaction.atomic
def submit(*, opportunity, actor):
    opportunity = _locked(opportunity)
    _move(opportunity, OS.SUBMITTED, actor=actor)
    notifications.opportunity_status(opportunity)
    return opportunity


@transaction.atomic
def review(*, opportunity, reviewer, approve, comment=""):
    """Publishes it (for settings.OPPORTUNITY_MONTHS months) or returns it with the comment."""
    opportunity = _locked(opportunity)
    if opportunity.author_id == reviewer.pk and not is_ime_admin(reviewer):
        raise OpportunityRefused(
            _("Otra persona del personal revisa las oportunidades que tú publicas.")
        )
    if opportunity.status != OS.SUBMITTED:
        raise OpportunityRefused(
            _("Esta oportunidad ya no espera revisión (%(status)s).")
            % {"status": opportunity.get_status_display().lower()}
        )
    _move(opportunity, OS.PUBLISHED if approve else OS.RETURNED, actor=reviewer, note=comment)
    opportunity.review_comment = "" if approve else comment
    opportunity.reviewed_by = reviewer
    opportunity.save(update_fields=["review_comment", "reviewed_by"])
    notifications.opportunity_status(opportunity)
    return opportunity


@transaction.atomic
def withdraw(*, opportunity, actor):
    opportunity = _locked(opportunity)
    _move(opportunity, OS.WITHDRAWN, actor=actor)
    return opportunity


@transaction.atomic
def renew(*, opportunity, actor):
    """The author keeps a published or expired opportunity up for another full period (an
    expired one comes back without a new review: it was approved and nothing changed)."""
    opportunity = _locked(opportunity)
    if opportunity.status not in (OS.PUBLISHED, OS.EXPIRED):
        raise OpportunityRefused(_("Solo se renueva una oportunidad publicada o vencida."))
    return _move(opportunity, OS.PUBLISHED, actor=actor, note=_("Renovada"))


def expire(*, now=None):
    """Expires the published opportunities past their date and reminds the authors of those
    that expire within REMIND_DAYS days (once per period). Returns (expired, reminded)."""
    now = now or timezone.now()
    expired = reminded = 0
    due = Opportunity.objects.filter(status=OS.PUBLISHED, expires_at__lte=now)
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            opportunity = _locked(Opportunity(pk=pk))
            if opportunity.status == OS.PUBLISHED and opportunity.expires_at <= now:
                _move(opportunity, OS.EXPIRED, note=_("Venció"))
                notifications.opportunity_status(opportunity)
                expired += 1
    soon = Opportunity.objects.filter(
        status=OS.PUBLISHED,
        expires_at__gt=now,
        expires_at__lte=now + datetime.timedelta(days=REMIND_DAYS),
        reminded_at__isnull=True,
    )
    for pk in soon.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            opportunity = _locked(Opportunity(pk=pk))
            if opportunity.reminded_at is None:
                opportunity.reminded_at = now
                opportunity.save(update_fields=["reminded_at"])
                notifications.opportunity_expiring(opportunity)
                reminded += 1
    return expired, reminded


# Interest


def author_member(opportunity):
    return Member.objects.filter(user_id=opportunity.author_id).first()


def interest_refusal(*, opportunity, person):
    if not opportunity.is_live:
        return _("Esta oportunidad ya no está publicada: venció o la retiraron.")
    if opportunity.deadline and opportunity.deadline < timezone.localdate():
        return _("La fecha límite de esta oportunidad ya pasó.")
    if opportunity.author_id == person.pk:
        return _("Es tu propia oportunidad.")
    if OpportunityInterest.objects.filter(opportunity=opportunity, person=person).exists():
        return _("Ya expresaste tu interés en esta oportunidad; te avisaremos cuando respondan.")
    return None


@transaction.atomic
def express_interest(*, opportunity, person, message, base_url):
    """Records `person`'s interest. A member author receives it as an introduction request
    (their budget and pause count; addresses only on acceptance); a staff author answers it on
    the opportunity's page."""
    opportunity = _locked(opportunity)
    reason = interest_refusal(opportunity=opportunity, person=person)
    if reason:
        raise OpportunityRefused(reason)
    introduction = None
    member = author_member(opportunity)
    if member is not None:
        text = _("Sobre tu oportunidad «%(title)s»: %(message)s") % {
            "title": opportunity.title,
            "message": message,
        }
        try:
            introduction = request_introduction(
                requester=person,
                member=member,
                purpose=IntroductionRequest.Purpose.COLLABORATION,
                message=text[:1000],
                base_url=base_url,
                may_ask=True,
            )
        except IntroductionRefused as refused:
            raise OpportunityRefused(refused.message) from refused
    interest = OpportunityInterest.objects.create(
        opportunity=opportunity, person=person, message=message, introduction=introduction
    )
    if member is None:
        notifications.interest_received(interest)
    return interest


def interest_answered(sender, *, introduction, accepted, **kwargs):
    """members.introductions.introduction_answered: the interest follows the member's answer
    (the introductions' emails share the addresses)."""
    OpportunityInterest.objects.filter(introduction=introduction).update(
        status=OpportunityInterest.Status.ACCEPTED
        if accepted
        else OpportunityInterest.Status.DECLINED,
        answered_at=timezone.now(),
    )


@transaction.atomic
def answer_interest(*, interest, author, accept):
    """A staff author answers an interest on the opportunity's page; accepting emails both
    sides the other's address (the only place it appears)."""
    interest = (
        OpportunityInterest.objects.select_for_update(of=("self",))
        .select_related("opportunity", "person")
        .get(pk=interest.pk)
    )
    if interest.opportunity.author_id != author.pk or interest.introduction_id is not None:
        raise OpportunityRefused(_("Este interés no se responde aquí."))
    if interest.status != OpportunityInterest.Status.PENDING:
        raise OpportunityRefused(
            _("Ya respondiste a este interés (%(status)s).")
            % {"status": interest.get_status_display().lower()}
        )
    interest.status = (
        OpportunityInterest.Status.ACCEPTED if accept else OpportunityInterest.Status.DECLINED
    )
    interest.answered_at = timezone.now()
    interest.save(update_fields=["status", "answered_at"])
    notifications.interest_answered(interest, author=author)
    return interest
