"""The content app's share of a person's data download and of its deletion (registered in
redtalentos.lib.personal_data by ContentConfig.ready).

- Contact messages are not tied to an account (anyone may write): they are matched by the
  account's email address, whatever its case. The download lists them; the deletion removes them
  (they were only the person's, and IME's answer is in its mailbox, not here).
- A site text keeps its wording when its last editor goes, without who edited it
  (SiteText.updated_by, SET_NULL).
- Deleting only the profile (user=None) touches none of these: both belong to the account.
- News: see news_personal_data.
"""

from redtalentos.lib.personal_data import Provider, choice, date

from .models import ContactMessage
from .news_personal_data import COVERS as NEWS_COVERS
from .news_personal_data import erase_news, export_news


def export(*, user, member):
    return {"news": export_news(user=user, member=member), **_contact_messages(user)}


def _contact_messages(user):
    if user is None or not user.email:
        return {"contact_messages": []}
    return {
        "contact_messages": [
            {
                "sent_at": date(message.created_at),
                "name": message.name,
                "subject": choice(message.subject, message.get_subject_display()),
                "message": message.message,
                "status": choice(message.status, message.get_status_display()),
            }
            for message in ContactMessage.objects.sent_by(user.email).order_by("created_at")
        ]
    }


def erase(*, user, member):
    erase_news(user=user, member=member)
    if user is not None and user.email:
        ContactMessage.objects.sent_by(user.email).delete()


PROVIDER = Provider(
    app="content",
    covers=frozenset({"content.SiteText.updated_by"}) | NEWS_COVERS,
    export=export,
    erase=erase,
)
