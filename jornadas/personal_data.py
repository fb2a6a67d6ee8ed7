"""The Jornadas' share of a person's data download and of its deletion (registered in
redtalentos.lib.personal_data by JornadasConfig.ready).

What a deletion does, and why: a speaker's place on an agenda is the only personal data here, and
it names the person on a public page. It is deleted with the profile: the session stays on the
agenda (it took place, others spoke at it) without them. Keeping the row with the name blanked
would leave an empty speaker on the page and say nothing true. Guests typed by name have no account
and are not touched.
"""

from redtalentos.lib.personal_data import Provider, choice

from .models import SessionSpeaker


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
            ]
        }
    }


def erase(*, user, member):
    if member is not None:
        SessionSpeaker.objects.filter(member=member).delete()


PROVIDER = Provider(
    app="jornadas",
    covers=frozenset({"jornadas.SessionSpeaker.member"}),
    export=export,
    erase=erase,
)
