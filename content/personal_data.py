"""The content app's share of a person's data download and deletion (placeholder)."""

from redtalentos.lib.personal_data import Provider

from .news_personal_data import COVERS as NEWS_COVERS
from .news_personal_data import erase_news, export_news

PROVIDER = Provider(
    app="content",
    covers=frozenset({"content.SiteText.updated_by"}) | NEWS_COVERS,
    export=lambda *, user, member: {"news": export_news(user=user, member=member)},
    erase=erase_news,
)
