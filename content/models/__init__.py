"""The content app's models, one module per feature: the site's editable texts and the contact
form's messages (site.py). News will live in news.py."""

from .news import NewsChange, NewsItem, NewsLanguage, NewsScope, NewsStatus
from .site import ContactMessage, ContactSubject, SiteText, SiteTextKey

__all__ = [
    "ContactMessage",
    "ContactSubject",
    "NewsChange",
    "NewsItem",
    "NewsLanguage",
    "NewsScope",
    "NewsStatus",
    "SiteText",
    "SiteTextKey",
]
