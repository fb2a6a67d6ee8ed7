"""Whole pages kept for visitors: the directory and the public profiles.

A visitor (no account, no session, no pending message) sees the same page for the same address and
language, so the rendered page is kept in the `pages` cache under a key that holds the page
generation (migration 0007_page_generation): one number that the database raises in the same commit
as any change to what these pages show. Reading it is the only query of a page served from the
cache, and a page is never served from a generation older than the data: a withdrawn consent or a
deleted account leaves every cached page at once.

Nothing here assumes a single process: each worker may keep its own copies (the default local
memory cache) or share them (PAGE_CACHE_URL), the generation comes from the database either way.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse

VARIANT_HEADERS = ("HX-Request", "HX-Target")


def generation():
    """The page generation, the sum of its stripes (migration 0021_page_generation_stripes); None
    if its rows are gone (then nothing is served from the cache)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(n) FROM rt_page_generation")
        return cursor.fetchone()[0]


def _cacheable(request):
    """Only a visitor's plain GET: anything tied to a person (a session, messages) is rendered."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def _key(request, current):
    variant = "|".join(request.headers.get(name, "") for name in VARIANT_HEADERS)
    address = f"{request.get_full_path()}|{request.LANGUAGE_CODE}|{variant}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"page:{current}:{digest}"


def _storable(request, response):
    """A page that set a CSRF token, a cookie or a message belongs to this request only."""
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (messages is not None and messages.added_new)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def cached_for_visitors(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        current = generation()
        if current is None:
            return view(request, *args, **kwargs)
        pages = caches["pages"]
        key = _key(request, current)
        kept = pages.get(key)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            pages.set(key, (response.content, dict(response.items())), settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
