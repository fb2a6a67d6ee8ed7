"""How many contact messages one client address may send: a few an hour, so that the form can
flood neither IME's mailbox nor, through the confirmations, anyone else's. Counted in the default
cache, which every worker shares; the address as allauth reads it (its proxy settings included)."""

import hashlib
import time

from allauth.core.internal.ratelimit import get_ip
from django.core.cache import cache

MESSAGES_PER_WINDOW = 5
WINDOW_SECONDS = 60 * 60


def _key(request):
    digest = hashlib.sha256(get_ip(request).encode()).hexdigest()
    return f"content:contact-sent:{digest}"


def _recent(key, now):
    return [moment for moment in cache.get(key, []) if moment > now - WINDOW_SECONDS]


def is_limited(request):
    return len(_recent(_key(request), time.time())) >= MESSAGES_PER_WINDOW


def record_sent(request):
    key, now = _key(request), time.time()
    cache.set(key, [*_recent(key, now), now][-MESSAGES_PER_WINDOW:], WINDOW_SECONDS)
