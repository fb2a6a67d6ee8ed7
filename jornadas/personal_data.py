"""The Jornadas' share of a person's data download and of its deletion (registered in
redtalentos.lib.personal_data by JornadasConfig.ready).

What a deletion does, and why: a speaker's place on an agenda names the person on a public page.
It is deleted with the profile: the session stays on the agenda (it took place, others spoke at
it) without them. Keeping the row with the name blanked would leave an empty speaker on the page
and say nothing true. Guests typed by name have no account and are not touched.

Registrations (with their travel, dietary and accessibility needs), the sessions in the personal
agenda and their histories go with the account: an active registration is first cancelled, so
that its seats pass to the next in line, then deleted. In the logs of other people's
registrations, a staff member who acted on them stays as an empty "who" (on_delete SET_NULL).
A registration's check-in code and time are in the download and go with it; the check-ins a
staff member recorded stay (those people attended) without who recorded them.

Materials a person uploaded are deleted with their account, files included (once the deletion
commits): a PDF is the person's own work and carries their name, photo or contact inside, which
blanking the row would not take out of the file. IME keeps what it needs of an edition by
downloading it before; a material IME wants kept regardless is one IME uploads itself. The log of
who fetched a material keeps the fetch without the person (counts for IME). Speaker invitations
are introduction requests: members anonymises them (the message blanked, the account emptied);
the jornadas row only names the session.

After the edition: a person's answers to the feedback survey are in the download and are deleted
with the account (with the registration they hang on). The follow-up actions a person recorded
are a PNCS' work programme: they stay without who recorded them; whoever is named responsible is
the programme's (pncs.personal_data), and the status changes they made stay there without them.
So do the changes of an edition's status an IME admin made (listed in their download).
"""

from redtalentos.lib.personal_data import Provider, choice, date, person_name

from .models import (
    EditionChange,
    FollowUp,
    MaterialAccess,
    Registration,
    SessionChoice,
    SessionMaterial,
    SessionSpeaker,
    SpeakerInvitation,
    SurveyResponse,
)


def export(*, user, member):
    rows = SessionSpeaker.objects.none()
    if member is not None:
        rows = (
            SessionSpeaker.objects.filter(member=member)
            .select_related("session__edition", "session__track__sector", "session__room")
            .order_by("session__starts_at", "pk")
        )
    return {
        "jornadas": {
            "registrations": _registrations(user),
            # IME staff: how many people they checked in at the door (the people are theirs).
            "checkins_recorded": (
                Registration.objects.filter(checked_in_by=user).count() if user else 0
            ),
            # IME staff: the editions they published or took back to draft.
            "edition_status_changes": [
                {
                    "edition": row.edition.title,
                    "from": row.from_status or None,
                    "to": choice(row.to_status, row.get_to_status_display()),
                    "at": date(row.at),
                }
                for row in (
                    EditionChange.objects.filter(actor=user).select_related("edition")
                    if user
                    else []
                )
            ],
            **_speaking(user, member),
            **_after_the_edition(user),
            "sessions_as_speaker": [
                {
                    "edition": row.session.edition.title,
                    "session": row.session.title,
                    "kind": choice(row.session.kind, row.session.get_kind_display()),
                    "track": row.session.track.display_name,
                    "starts_at": row.session.starts_at.isoformat(),
                    "ends_at": row.session.ends_at.isoformat(),
                    "room": row.session.room.name if row.session.room else None,
                    "role": choice(row.role, row.get_role_display()),
                    "name_on_the_agenda": row.display_name,
                    "affiliation_on_the_agenda": row.affiliation or None,
                    "url": row.session.get_absolute_url(),
                }
                for row in rows
            ],
        }
    }


def _when(value):
    return value.isoformat() if value else None


def _registrations(user):
    if user is None:
        return []
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("edition")
        .prefetch_related("log")
        .order_by("created_at", "pk")
    )
    choices = {}
    for row in (
        SessionChoice.objects.filter(registration__user=user)
        .select_related("session")
        .order_by("session__starts_at", "pk")
    ):
        choices.setdefault(row.registration_id, []).append(row)
    return [
        {
            "edition": row.edition.title,
            "status": choice(row.status, row.get_status_display()),
            "priority_group": choice(row.role, row.get_role_display()),
            "attendance": choice(row.attendance, row.get_attendance_display()),
            "arrives_on": date(row.arrives_on),
            "departs_on": date(row.departs_on),
            "needs_invitation_letter": row.needs_invitation_letter,
            "dietary_needs": row.dietary_needs or None,
            "accessibility_needs": row.accessibility_needs or None,
            "requested_at": _when(row.requested_at),
            "offer_expires_at": _when(row.offer_expires_at),
            "checkin_code": row.checkin_code,
            "checked_in_at": _when(row.checked_in_at),
            "history": [
                {
                    "action": choice(entry.action, entry.get_action_display()),
                    "at": _when(entry.created_at),
                }
                for entry in row.log.all()
            ],
            "sessions": [
                {
                    "session": item.session.title,
                    "starts_at": _when(item.session.starts_at),
                    "status": choice(item.status, item.get_status_display()),
                }
                for item in choices.get(row.pk, [])
            ],
            "url": row.get_absolute_url(),
        }
        for row in registrations
    ]


def _invitation(row, *, other):
    introduction = row.introduction
    return {
        "edition": row.session.edition.title,
        "session": row.session.title,
        "role": choice(row.role, row.get_role_display()),
        "status": choice(introduction.status, introduction.get_status_display()),
        other: person_name(
            introduction.requester
            if other == "requester"
            else (introduction.member.user if introduction.member else None)
        ),
        "sent_at": _when(introduction.created_at),
        "answered_at": _when(introduction.answered_at),
        "url": row.session.get_absolute_url(),
    }


def _speaking(user, member):
    """Speaker invitations received and sent, materials uploaded and fetched."""
    invitations = SpeakerInvitation.objects.select_related(
        "session__edition", "introduction__requester", "introduction__member__user"
    ).order_by("created_at", "pk")
    received = invitations.filter(introduction__member=member) if member else []
    sent = invitations.filter(introduction__requester=user) if user else []
    materials = (
        SessionMaterial.objects.filter(uploaded_by=user).select_related("session__edition")
        if user
        else []
    )
    fetched = (
        MaterialAccess.objects.filter(viewer=user)
        .select_related("material__session__edition")
        .order_by("created_at", "pk")
        if user
        else []
    )
    return {
        "speaker_invitations_received": [_invitation(row, other="requester") for row in received],
        "speaker_invitations_sent": [_invitation(row, other="member") for row in sent],
        "materials_uploaded": [
            {
                "edition": row.session.edition.title,
                "session": row.session.title,
                "title": row.title,
                "bytes": row.size,
                "pages": row.pages,
                "uploaded_at": _when(row.created_at),
                "url": row.get_absolute_url(),
            }
            for row in materials
        ],
        "materials_fetched": [
            {
                "material": row.material.title,
                "session": row.material.session.title,
                "as": choice(row.role, row.get_role_display()),
                "at": _when(row.created_at),
            }
            for row in fetched
        ],
    }


def _after_the_edition(user):
    """The person's survey answers, and the follow-up actions they recorded."""
    if user is None:
        return {"survey_answers": [], "follow_ups_recorded": []}
    answers = (
        SurveyResponse.objects.filter(registration__user=user)
        .select_related("registration__edition")
        .prefetch_related("session_ratings__session")
        .order_by("created_at", "pk")
    )
    follow_ups = (
        FollowUp.objects.filter(created_by=user)
        .select_related("edition", "sector", "activity__contact_point")
        .order_by("created_at", "pk")
    )
    return {
        "survey_answers": [
            {
                "edition": row.registration.edition.title,
                "rating": row.rating,
                "comment": row.comment or None,
                "sessions": [
                    {"session": rating.session.title, "rating": rating.rating}
                    for rating in row.session_ratings.all()
                ],
                "answered_at": _when(row.created_at),
            }
            for row in answers
        ],
        "follow_ups_recorded": [
            {
                "edition": row.edition.title,
                "sector": row.sector.name,
                "contact_point": row.activity.contact_point.name,
                "action": row.activity.title,
                "recorded_at": _when(row.created_at),
            }
            for row in follow_ups
        ],
    }


def erase(*, user, member):
    if member is not None:
        SessionSpeaker.objects.filter(member=member).delete()
    if user is not None:
        # Each file leaves the storage once the deletion commits (jornadas.signals).
        for material in SessionMaterial.objects.filter(uploaded_by=user):
            material.delete()
        MaterialAccess.objects.filter(viewer=user).update(viewer=None)
        # Survey answers go with the account (they would go with the registrations anyway);
        # follow-ups recorded stay, as the PNCS' programme, without who recorded them.
        SurveyResponse.objects.filter(registration__user=user).delete()
        FollowUp.objects.filter(created_by=user).update(created_by=None)
        # Check-ins they recorded stay (the person attended) without who recorded them.
        Registration.objects.filter(checked_in_by=user).update(checked_in_by=None)
        from .services import cancel_registration

        for registration in Registration.objects.active().filter(user=user).order_by("pk"):
            cancel_registration(registration=registration, actor=None, note="cuenta eliminada")
        Registration.objects.filter(user=user).delete()


PROVIDER = Provider(
    app="jornadas",
    covers=frozenset(
        {
            "jornadas.SessionSpeaker.member",
            "jornadas.Registration.user",
            "jornadas.Registration.checked_in_by",
            "jornadas.RegistrationLog.actor",
            "jornadas.SessionChoiceLog.actor",
            "jornadas.SessionMaterial.uploaded_by",
            "jornadas.MaterialAccess.viewer",
            "jornadas.FollowUp.created_by",
            "jornadas.EditionChange.actor",
        }
    ),
    export=export,
    erase=erase,
)
