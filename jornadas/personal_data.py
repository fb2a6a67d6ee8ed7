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
"""

from redtalentos.lib.personal_data import Provider, choice, date

from .models import Registration, SessionChoice, SessionSpeaker


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


def erase(*, user, member):
    if member is not None:
        SessionSpeaker.objects.filter(member=member).delete()
    if user is not None:
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
            "jornadas.RegistrationLog.actor",
            "jornadas.SessionChoiceLog.actor",
        }
    ),
    export=export,
    erase=erase,
)
