"""The news' share of a person's data download and deletion (joined into content.personal_data).

What a deletion does, and why: the news items a person wrote, reviewed or moved stay, without
who did it (on_delete SET_NULL). A news item speaks for IME, a PNCS or a chapter, not for its
writer, and readers, feeds and links keep pointing at it. Nothing is left to erase by hand.

The download lists the news items the person wrote and reviewed, and the changes they made.
"""

from redtalentos.lib.personal_data import choice, date

from .models import NewsChange, NewsItem

COVERS = frozenset(
    {"content.NewsItem.author", "content.NewsItem.reviewed_by", "content.NewsChange.actor"}
)


def export_news(*, user, member):
    if user is None:
        return {"written": [], "reviewed": [], "changes_made": []}
    return {
        "written": [_item(row) for row in NewsItem.objects.filter(author=user).order_by("pk")],
        "reviewed": [
            _item(row) for row in NewsItem.objects.filter(reviewed_by=user).order_by("pk")
        ],
        "changes_made": [
            {
                "news": row.news.title,
                "from": row.from_status or None,
                "to": row.to_status,
                "note": row.note or None,
                "at": date(row.at),
            }
            for row in NewsChange.objects.filter(actor=user).select_related("news")
        ],
    }


def _item(row):
    return {
        "title": row.title,
        "summary": row.summary,
        "body": row.body,
        "language": row.language,
        "scope": choice(row.scope, row.get_scope_display()),
        "status": choice(row.status, row.get_status_display()),
        "review_comment": row.review_comment or None,
        "published_at": date(row.published_at),
        "created_at": date(row.created_at),
        "url": row.get_absolute_url(),
    }


def erase_news(*, user, member):
    """Nothing by hand: the account's links become empty through SET_NULL (see above)."""
