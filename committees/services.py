"""What happens to calls, proposals, committees and reviews. Every refusal is a CommitteeRefused
with the message the person reads; the status tables are in committees.models."""

from contextlib import ExitStack
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import FloatField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import services as certificates
from certificates.models import Kind
from members.introductions import IntroductionRefused, request_introduction
from members.models import IntroductionRequest, Member
from redtalentos.lib.documents import stored_documents
from redtalentos.lib.workflows import Refused, record

from . import notifications
from .models import (
    Assignment,
    Call,
    CallStatus,
    Conflict,
    ConflictSource,
    Criterion,
    Declaration,
    Proposal,
    ProposalDocument,
    ProposalStatus,
    RequiredDocument,
    Review,
    Reviewer,
    ReviewPhase,
    Score,
)

CS = CallStatus
PS = ProposalStatus
ACTIVE = (PS.SUBMITTED, PS.IN_REVIEW)


class CommitteeRefused(Refused):
    """A step of a call, a proposal or a review that the rules refuse."""


# Calls


@transaction.atomic
def save_call(*, form, actor):
    """Saves CallForm (new or changed); a new call is a draft opened by `actor`."""
    call = form.save(commit=False)
    new = call.pk is None
    if new:
        call.opened_by = actor
    call.save()
    form.save_m2m()
    if new:
        record(call, "", actor=actor)
    return call


def call_refusal(call, status):
    refusal = call.workflow.refusal(call.status, status)
    if refusal:
        return refusal
    if status == CS.PUBLISHED and not call.criteria.exists():
        return _("Agrega al menos un criterio de evaluación antes de publicarla.")
    if status == CS.DECIDED and call.proposals.filter(status__in=ACTIVE).exists():
        return _("Decide todas las propuestas en revisión antes de publicar los resultados.")
    return None


@transaction.atomic
def move_call(*, call, status, actor):
    """Publishes, cancels or closes a call; closing it (results published) issues the
    certificates of the reviewers who submitted at least one review."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    reason = call_refusal(call, status)
    if reason:
        raise CommitteeRefused(reason)
    call.workflow.move(call, status, actor=actor, update_fields=[])
    if status == CS.DECIDED:
        issue_certificates(call)
    return call


def issue_certificates(call):
    reviewers = Reviewer.objects.filter(
        call=call, assignments__review__submitted_at__isnull=False
    ).distinct()
    for reviewer in reviewers.select_related("member__user"):
        certificates.issue(
            kind=Kind.REVIEWING,
            holder=reviewer.member.user,
            title=call.title,
            role=_("Evaluador(a) del comité"),
            starts_on=timezone.localdate(call.closes_at),
            ends_on=timezone.localdate(),
            source_app="committees",
            source_key=f"reviewer:{reviewer.pk}",
        )


@transaction.atomic
def add_criterion(*, call, name, description, weight, scale_max):
    call = Call.objects.select_for_update().get(pk=call.pk)
    if Review.objects.filter(assignment__proposal__call=call).exists():
        raise CommitteeRefused(_("Los criterios ya no cambian: hay evaluaciones escritas."))
    position = call.criteria.count()
    return Criterion.objects.create(
        call=call,
        name=name,
        description=description,
        weight=weight,
        scale_max=scale_max,
        position=position,
    )


@transaction.atomic
def remove_criterion(*, criterion):
    if Score.objects.filter(criterion=criterion).exists():
        raise CommitteeRefused(_("Este criterio ya tiene puntuaciones; no se puede quitar."))
    criterion.delete()


@transaction.atomic
def add_required_document(*, call, name):
    """A PDF every proposal must carry; not once proposals were sent without it."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.proposals.exists():
        raise CommitteeRefused(
            _("Ya hay propuestas enviadas sin este documento; no se puede pedir ahora.")
        )
    return RequiredDocument.objects.create(
        call=call, name=name, position=call.required_documents.count()
    )


@transaction.atomic
def remove_required_document(*, required):
    call = Call.objects.select_for_update().get(pk=required.call_id)
    if call.proposals.exists():
        raise CommitteeRefused(
            _("Ya hay propuestas que entregaron este documento; no se puede quitar.")
        )
    required.delete()


@transaction.atomic
def save_phase(*, form, call):
    phase = form.save(commit=False)
    phase.call = call
    if phase.pk is None:
        phase.position = call.phases.count()
    phase.save()
    return phase


@transaction.atomic
def activate_phase(*, phase):
    """Makes `phase` the call's active one; the first activation starts the review: the
    proposals sent move to "en revisión"."""
    call = Call.objects.select_for_update().get(pk=phase.call_id)
    if call.status != CS.PUBLISHED:
        raise CommitteeRefused(_("Solo una convocatoria publicada tiene fases activas."))
    if timezone.now() < call.closes_at:
        raise CommitteeRefused(_("La evaluación empieza cuando cierra la recepción de propuestas."))
    ReviewPhase.objects.filter(call=call, is_active=True).update(is_active=False)
    ReviewPhase.objects.filter(pk=phase.pk).update(is_active=True)
    for proposal in call.proposals.filter(status=PS.SUBMITTED).select_for_update():
        _change(proposal, PS.IN_REVIEW, None, _("Inicia la evaluación."))


def active_phase(call):
    return ReviewPhase.objects.filter(call=call, is_active=True).first()


# Proposals


def _change(proposal, status, actor, note=""):
    proposal.workflow.move(proposal, status, actor=actor, note=note, update_fields=[])


def submission_refusal(call, user, now=None):
    """Why `user` may not submit a proposal to `call` now, or None."""
    now = now or timezone.now()
    if call.status != CS.PUBLISHED or now < call.opens_at:
        return _("Esta convocatoria aún no recibe propuestas.")
    if now >= call.closes_at:
        return _("La fecha límite de esta convocatoria ya pasó; no recibe más propuestas.")
    return None


def submit_proposal(*, call, applicant, form, uploads):
    """Records the proposal with its PDFs ({RequiredDocument: checked upload}). The files are
    written first (a full disk raises DocumentNotStored and nothing is kept); then, under the
    call's lock, the deadline is read once for everyone."""
    missing = [
        required.name for required in call.required_documents.all() if not uploads.get(required)
    ]
    if missing:
        raise CommitteeRefused(_("Faltan documentos: %(names)s.") % {"names": ", ".join(missing)})
    proposal = form.save(commit=False)
    documents = [
        (
            ProposalDocument(
                required=required, name=required.name, size=upload.size, pages=upload.pdf.pages
            ),
            upload,
        )
        for required, upload in uploads.items()
    ]
    with ExitStack() as stack:
        for document, upload in documents:
            stack.enter_context(stored_documents(document, {"file": upload}))
        with transaction.atomic():
            call = Call.objects.select_for_update().get(pk=call.pk)
            reason = submission_refusal(call, applicant)
            if reason:
                raise CommitteeRefused(reason)
            proposal.call = call
            proposal.applicant = applicant
            proposal.applicant_name = applicant.get_full_name()
            proposal.email_domain = applicant.email.rsplit("@", 1)[-1].lower()
            proposal.save()
            for document, _upload in documents:
                document.proposal = proposal
                document.save()
            record(proposal, "", actor=applicant)
            notifications.proposal_received(proposal)
    return proposal


@transaction.atomic
def withdraw(*, proposal, actor):
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.allows(PS.WITHDRAWN):
        raise CommitteeRefused(
            _("Una propuesta «%(status)s» ya no se puede retirar.")
            % {"status": proposal.get_status_display()}
        )
    _change(proposal, PS.WITHDRAWN, actor, _("Retirada por quien la propuso."))
    return proposal


@transaction.atomic
def decide(*, proposal, accept, rationale, actor):
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    status = PS.ACCEPTED if accept else PS.REJECTED
    if not proposal.allows(status):
        raise CommitteeRefused(
            _("Solo se decide una propuesta en revisión; esta está «%(status)s».")
            % {"status": proposal.get_status_display()}
        )
    if not rationale.strip():
        raise CommitteeRefused(_("Escribe el fundamento de la decisión."))
    proposal.rationale = rationale.strip()
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["rationale", "decided_by", "decided_at"])
    _change(proposal, status, actor, proposal.rationale)
    notifications.proposal_decided(proposal)
    return proposal


# The committee


def candidates(call):
    """The experts staff may invite: they consented to the PNCS search, in a sector of the call."""
    return Member.objects.findable_by_pncs().filter(
        sector_ids__overlap=list(call.sectors.values_list("pk", flat=True))
    )


SUGGESTED = 5


def suggestions(call):
    """Up to five candidates not invited to the committee yet, in one query, ranked by how well
    their staff-visible profile (members' search_staff) matches any word of the call's title and
    description, in Spanish or English; ties by name (projects.visits.suggestions' ranking)."""
    words = f"{call.title} {call.description}"
    # plainto_tsquery requires every word; any of them makes an expert worth suggesting.
    rank = RawSQL(
        "ts_rank(members_member.search_staff, "
        "replace(plainto_tsquery('rt_es', %s)::text, '&', '|')::tsquery || "
        "replace(plainto_tsquery('rt_en', %s)::text, '&', '|')::tsquery)",
        [words, words],
        output_field=FloatField(),
    )
    invited = Reviewer.objects.filter(call=call).values("member_id")
    return list(
        candidates(call)
        .exclude(pk__in=invited)
        .annotate(rank=rank)
        .order_by("-rank", "sort_name", "pk")[:SUGGESTED]
    )


@transaction.atomic
def invite(*, call, member, inviter, message, base_url):
    """Invites `member` to the committee through the introductions (their budget and pause
    count); they join when they accept."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status in (CS.DECIDED, CS.CANCELLED):
        raise CommitteeRefused(_("Esta convocatoria ya terminó."))
    if Reviewer.objects.filter(call=call, member=member).exists():
        raise CommitteeRefused(
            _("%(name)s ya fue invitado a este comité.") % {"name": member.full_name}
        )
    if not candidates(call).filter(pk=member.pk).exists():
        raise CommitteeRefused(_("Esa persona no está entre los expertos que puedes invitar."))
    try:
        introduction = request_introduction(
            requester=inviter,
            member=member,
            purpose=IntroductionRequest.Purpose.EVALUATION,
            message=message,
            base_url=base_url,
            may_ask=True,
        )
    except IntroductionRefused as refused:
        raise CommitteeRefused(refused.message) from refused
    return Reviewer.objects.create(
        call=call, member=member, introduction=introduction, invited_by=inviter
    )


def invitation_answered(sender, *, introduction, accepted, **kwargs):
    """members.introductions.introduction_answered: the expert joins the committee or not."""
    Reviewer.objects.filter(introduction=introduction, status=Reviewer.Status.INVITED).update(
        status=Reviewer.Status.ACCEPTED if accepted else Reviewer.Status.DECLINED
    )


@transaction.atomic
def add_declaration(*, member, kind, name):
    name = " ".join(name.split())
    if not name:
        raise CommitteeRefused(_("Escribe el nombre de la institución o de la persona."))
    if member.conflict_declarations.filter(kind=kind, name__iexact=name).exists():
        raise CommitteeRefused(_("Ya está en tu declaración."))
    return Declaration.objects.create(member=member, kind=kind, name=name)


@transaction.atomic
def declare_conflict(*, reviewer, proposal, reason):
    """The reviewer declares a conflict with a proposal: it leaves their assignments (with a
    review not submitted yet) and will not come back unless staff waive it."""
    reason = reason.strip()
    if not reason:
        raise CommitteeRefused(_("Di en pocas palabras cuál es el conflicto."))
    Assignment.objects.filter(
        reviewer=reviewer, proposal=proposal, review__submitted_at__isnull=True
    ).delete()
    conflict, _created = Conflict.objects.update_or_create(
        reviewer=reviewer,
        proposal=proposal,
        source=ConflictSource.DECLARED,
        defaults={
            "detail": reason[:300],
            "waived_at": None,
            "waived_by": None,
            "waiver_reason": "",
        },
    )
    return conflict


@transaction.atomic
def waive(*, conflict, actor, reason):
    reason = reason.strip()
    if not reason:
        raise CommitteeRefused(_("Escribe por qué se dispensa este conflicto; queda registrado."))
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    conflict.waived_by = actor
    conflict.waived_at = timezone.now()
    conflict.waiver_reason = reason
    conflict.save(update_fields=["waived_by", "waived_at", "waiver_reason"])
    return conflict


@transaction.atomic
def assign(*, reviewer, proposal, actor):
    """Assigns by hand: refused for a conflict not waived, a reviewer who has not accepted, or
    one at the call's cap."""
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    if reviewer.call_id != call.pk or reviewer.status != Reviewer.Status.ACCEPTED:
        raise CommitteeRefused(_("Solo se asigna a quien aceptó ser parte de este comité."))
    if proposal.status not in ACTIVE:
        raise CommitteeRefused(_("Esta propuesta ya no se evalúa."))
    if Conflict.objects.filter(
        reviewer=reviewer, proposal=proposal, waived_at__isnull=True
    ).exists():
        raise CommitteeRefused(
            _("Hay un conflicto de interés sin dispensa entre esta persona y la propuesta.")
        )
    if Assignment.objects.filter(reviewer=reviewer, proposal=proposal).exists():
        raise CommitteeRefused(_("Ya tiene asignada esta propuesta."))
    if Assignment.objects.filter(reviewer=reviewer).count() >= call.max_per_reviewer:
        raise CommitteeRefused(
            _("Ya tiene el máximo de %(max)d propuestas de esta convocatoria.")
            % {"max": call.max_per_reviewer}
        )
    return Assignment.objects.create(reviewer=reviewer, proposal=proposal, assigned_by=actor)


@transaction.atomic
def unassign(*, assignment):
    if Review.objects.filter(assignment=assignment, submitted_at__isnull=False).exists():
        raise CommitteeRefused(_("Esta evaluación ya se envió; la asignación se queda."))
    assignment.delete()


# Reviews


def weighted_total(scores):
    """{criterion: value} → 0 to 100: each score over its scale, by its weight."""
    weights = sum(criterion.weight for criterion in scores)
    if not weights:
        return None
    total = sum(
        Decimal(value) / criterion.scale_max * criterion.weight
        for criterion, value in scores.items()
    )
    return (total * 100 / weights).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def review_refusal(assignment):
    """Why the reviewer may not write this review now, or None."""
    proposal = assignment.proposal
    if proposal.status != PS.IN_REVIEW:
        return _("Esta propuesta no está en revisión.")
    phase = active_phase(proposal.call)
    if phase is None or not phase.can_write:
        return _("La fase de evaluación en curso no admite escribir evaluaciones.")
    if Conflict.objects.filter(
        reviewer_id=assignment.reviewer_id, proposal=proposal, waived_at__isnull=True
    ).exists():
        return _("Hay un conflicto de interés con esta propuesta.")
    return None


@transaction.atomic
def save_review(*, assignment, scores, comment_to_applicant, comment_to_committee, submit):
    """Saves the reviewer's scores ({criterion: value}, each within its scale) and comments;
    `submit` sends it (every criterion scored). The assignment row is locked."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("proposal__call")
        .get(pk=assignment.pk)
    )
    reason = review_refusal(assignment)
    if reason:
        raise CommitteeRefused(reason)
    criteria = list(assignment.proposal.call.criteria.all())
    for criterion, value in scores.items():
        if value is not None and not 0 <= value <= criterion.scale_max:
            raise CommitteeRefused(
                _("«%(name)s» se califica de 0 a %(max)d.")
                % {"name": criterion.name, "max": criterion.scale_max}
            )
    complete = all(scores.get(criterion) is not None for criterion in criteria)
    if submit and not complete:
        raise CommitteeRefused(_("Califica todos los criterios antes de enviar la evaluación."))
    review, _created = Review.objects.get_or_create(assignment=assignment)
    Score.objects.filter(review=review).delete()
    Score.objects.bulk_create(
        [
            Score(review=review, criterion=criterion, value=value)
            for criterion, value in scores.items()
            if value is not None
        ]
    )
    review.comment_to_applicant = comment_to_applicant
    review.comment_to_committee = comment_to_committee
    review.total = weighted_total(scores) if complete else None
    if submit and review.submitted_at is None:
        review.submitted_at = timezone.now()
    review.save()
    return review
