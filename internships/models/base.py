"""What every part of the internships models shares: the language the names are shown in."""

from django.utils.translation import get_language


def _in_english():
    return (get_language() or "").startswith("en")
