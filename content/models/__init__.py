"""The content app's models, one module per feature: the site's editable texts and the contact
form's messages (site.py), the news (news.py), the published statistics and open-data
snapshots (statistics.py)."""

from .news import NewsChange, NewsItem, NewsLanguage, NewsScope, NewsStatus
from .site import ContactMessage, ContactSubject, SiteText, SiteTextKey
from .statistics import DataSnapshot, FigureCell, FigureTable, Marking

__all__ = [
    "ContactMessage",
    "ContactSubject",
    "DataSnapshot",
    "FigureCell",
    "FigureTable",
    "Marking",
    "NewsChange",
    "NewsItem",
    "NewsLanguage",
    "NewsScope",
    "NewsStatus",
    "SiteText",
    "SiteTextKey",
]
