"""The Jornadas' certificates, issued through certificates.services (the portal's one mechanism):
attendance for every person checked in at an edition, speaking for every member on a session's
speakers. Idempotent: issuing again issues only to those who have none yet (people checked in
since, speakers added since); a certificate IME revoked stays revoked.

Source keys: "edition:<pk>" for attendance, "edition:<pk>:session:<pk>" for speaking at a session,
so that an edition's certificates are found with one prefix. The texts are stored in Spanish, the
portal's source language: a certificate reads as it was issued, whoever opens it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates.models import Certificate, Kind
from certificates.services import issue_many

from .models import SessionSpeaker, SpeakerRole

SOURCE_APP = "jornadas"


class NotYet(Exception):
    """The edition cannot have certificates yet; `str()` says why, for IME."""


@dataclass
class Issued:
    attendance: int = 0
    speaking: int = 0


def attendance_key(edition):
    return f"edition:{edition.pk}"


def speaking_key(edition, session):
    return f"edition:{edition.pk}:session:{session.pk}"


def place_of(edition):
    if edition.is_online and not edition.city:
        return _("En línea")
    return ", ".join(part for part in (edition.venue, edition.city) if part)


def _issued(kind, source_key):
    """Whether the account in the query already has this certificate (valid or revoked)."""
    return Exists(
        Certificate.objects.filter(
            holder=OuterRef("pk"), kind=kind, source_app=SOURCE_APP, source_key=source_key
        )
    )


def _check(edition, today):
    if edition.starts_on is None:
        raise NotYet(
            _("«%(title)s» no tiene fechas: los certificados las llevan.")
            % {"title": edition.title}
        )
    if edition.starts_on > today:
        raise NotYet(
            _("«%(title)s» aún no empieza: sus certificados se emiten desde su primer día.")
            % {"title": edition.title}
        )


@transaction.atomic
def issue_certificates(*, edition, today=None):
    """Issues the edition's attendance and speaking certificates, all or none. Returns the new
    ones counted (an Issued); raises NotYet for an edition without dates or not started."""
    today = today or timezone.localdate()
    _check(edition, today)
    issued = Issued()
    User = get_user_model()
    with translation.override(settings.LANGUAGE_CODE):
        common = {
            "title": edition.title,
            "starts_on": edition.starts_on,
            "ends_on": edition.ends_on,
            "place": place_of(edition),
            "source_app": SOURCE_APP,
        }
        key = attendance_key(edition)
        # Those who have it already are left out here, so that a second run costs one query;
        # issue_many would skip them anyway (and does, for a run at the same moment).
        attendees = (
            User.objects.filter(
                jornadas_registrations__edition=edition,
                jornadas_registrations__checked_in_at__isnull=False,
            )
            .exclude(_issued(Kind.ATTENDANCE, key))
            .only("pk", "full_name")
            .order_by("pk")
        )
        issued.attendance = len(
            issue_many(
                kind=Kind.ATTENDANCE,
                holders=attendees.iterator(chunk_size=1000),
                source_key=key,
                **common,
            )
        )
        speakers = (
            SessionSpeaker.objects.filter(session__edition=edition, member__isnull=False)
            .select_related("session", "member__user")
            .order_by("session_id", "role", "pk")
        )
        groups = {}
        for row in speakers:
            groups.setdefault((row.session, row.role), []).append(row.member.user)
        for (session, role), holders in groups.items():
            line = (
                _("Moderación de «%(session)s»")
                if role == SpeakerRole.MODERATOR
                else _("Ponente en «%(session)s»")
            ) % {"session": session.title}
            day = timezone.localdate(session.starts_at)
            issued.speaking += len(
                issue_many(
                    kind=Kind.SPEAKING,
                    holders=holders,
                    source_key=speaking_key(edition, session),
                    **{**common, "role": line, "starts_on": day, "ends_on": None},
                )
            )
    return issued


def certificates_of(user, edition=None):
    """`user`'s certificates from the Jornadas (of `edition` only, when given), latest first."""
    certificates = Certificate.objects.held_by(user).filter(source_app=SOURCE_APP)
    if edition is not None:
        key = attendance_key(edition)
        certificates = certificates.filter(Q(source_key=key) | Q(source_key__startswith=f"{key}:"))
    return certificates.only(
        "public_id", "kind", "title", "role", "starts_on", "ends_on", "revoked_at", "source_key"
    ).order_by("-starts_on", "kind", "pk")
