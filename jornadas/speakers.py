"""Speaker invitations and materials: the writes behind the speakers' pages.

An invitation is not a channel of its own: it is an introduction request of members' brokered
channel (members.introductions), so the member's monthly budget, pause and pending requests count
the same, the member answers it on their introductions page, and addresses are shared only by the
acceptance emails. The jornadas side is the SpeakerInvitation row that names the session, and
`speaker_invitation_answered`, which makes the member a speaker in the same transaction as the
acceptance.
"""

import unicodedata

from django.db import transaction
from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _

from members.introductions import IntroductionRefused, request_introduction
from members.models import IntroductionRequest, Member
from members.permissions import pncs_sector_ids
from redtalentos.lib.documents import stored_documents
from redtalentos.lib.roles import is_ime_admin

from .models import SessionMaterial, SessionSpeaker, SpeakerInvitation
from .permissions import can_invite_speakers

MATERIAL_MAX_BYTES = 20 * 1024 * 1024
CANDIDATES_SHOWN = 20


def invitation_candidates(*, inviter, session):
    """The members `inviter` may invite: those who agreed to be found by the PNCS (their consent
    to expert search) and, for PNCS staff, work in one of the PNCS's sectors, as the expert search
    shows them. Speakers of the session already are left out."""
    members = Member.objects.findable_by_pncs().exclude(jornadas_sessions__session=session)
    if not is_ime_admin(inviter):
        members = members.filter(sectors__in=pncs_sector_ids(inviter)).distinct()
    return members


def _without_accents(word):
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_candidates(candidates, words):
    """Candidates whose name holds every word, accents and case aside (gonz finds González)."""
    for word in words.split()[:5]:
        candidates = candidates.filter(full_name__unaccent__icontains=_without_accents(word))
    return candidates.order_by("full_name", "pk")


def default_message(session):
    start = formats.date_format(session.starts_at, "DATE_FORMAT")
    return _(
        "Te invitamos a participar como ponente en la sesión «%(session)s» de %(edition)s, el "
        "%(date)s. Si aceptas, te escribiremos para ponernos de acuerdo."
    ) % {"session": session.title, "edition": session.edition.display_title, "date": start}


def invite_speaker(*, inviter, session, member, message, role, base_url):
    """Sends the invitation through the introductions (IntroductionRefused with the reason when a
    rule says no: not the inviter's session or member, already a speaker, the member's pause or
    budget, too many requests waiting)."""
    if not can_invite_speakers(inviter, session):
        raise IntroductionRefused(_("No puedes invitar ponentes a esta sesión."))
    if SessionSpeaker.objects.filter(session=session, member=member).exists():
        raise IntroductionRefused(
            _("%(name)s ya es ponente de esta sesión.") % {"name": member.full_name}
        )
    may_ask = invitation_candidates(inviter=inviter, session=session).filter(pk=member.pk).exists()
    with transaction.atomic():
        introduction = request_introduction(
            requester=inviter,
            member=member,
            purpose=IntroductionRequest.Purpose.EVENT,
            message=message,
            base_url=base_url,
            may_ask=may_ask,
        )
        return SpeakerInvitation.objects.create(
            introduction=introduction, session=session, role=role
        )


def speaker_invitation_answered(sender, *, introduction, accepted, **kwargs):
    """members.introductions.introduction_answered: an accepted speaker invitation puts the member
    on the session's agenda, last among its speakers. A declined one changes nothing."""
    if not accepted or introduction.member_id is None:
        return
    invitation = SpeakerInvitation.objects.filter(introduction=introduction).first()
    if invitation is None:
        return
    session = invitation.session
    last = SessionSpeaker.objects.filter(session=session).aggregate(last=Max("order"))["last"]
    SessionSpeaker.objects.get_or_create(
        session=session,
        member_id=introduction.member_id,
        defaults={"role": invitation.role, "order": 0 if last is None else last + 1},
    )


def add_material(*, session, uploader, title, upload):
    """Stores a checked PDF (documents.PDFField) as a material of the session. A full disk raises
    documents.DocumentNotStored before anything is written to the database."""
    material = SessionMaterial(
        session=session,
        uploaded_by=uploader,
        title=title,
        size=upload.size,
        pages=upload.pdf.pages,
    )
    with stored_documents(material, {"file": upload}), transaction.atomic():
        material.save()
    return material


def delete_material(*, material):
    """The row goes now, the file once the deletion commits (jornadas.signals)."""
    material.delete()
