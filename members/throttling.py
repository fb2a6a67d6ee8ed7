"""Sign-in slows down for an account that is being guessed at, instead of locking it.

allauth refuses sign-in per address and per account-and-address (members.adapters); neither
stops guesses spread over many addresses. Those are held back here: once an account has had a
few failed sign-ins in the last minutes, every further attempt on it, from anywhere, waits a
little longer, up to a ceiling. Its owner still gets in (later by at most that ceiling), which a
lock would refuse. Failures are kept per submitted address, registered or not, so that the wait
tells nothing about which addresses have an account; in the default cache, which every worker
shares.
"""

import hashlib
import time
from time import sleep

from django.core.cache import cache

# Failures an account may have in WINDOW_SECONDS before attempts on it wait (typos are free).
FREE_FAILURES = 5
FIRST_DELAY_SECONDS = 0.25
MAX_DELAY_SECONDS = 2.0
WINDOW_SECONDS = 15 * 60
# More failures than it takes to reach the ceiling change nothing: no need to keep them.
_KEPT = FREE_FAILURES + 8


def _cache_key(login):
    digest = hashlib.sha256(login.strip().lower().encode()).hexdigest()
    return f"members:login-failures:{digest}"


def _recent_failures(key, now):
    return [moment for moment in cache.get(key, []) if moment > now - WINDOW_SECONDS]


def delay_for(failures):
    """Seconds to wait before an attempt on an account with this many recent failures."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES))


def slow_down(login):
    """Waits as long as the account's recent failures ask, before its password is checked."""
    delay = delay_for(len(_recent_failures(_cache_key(login), time.time())))
    if delay:
        sleep(delay)


def record_failure(login):
    key, now = _cache_key(login), time.time()
    failures = _recent_failures(key, now)[-(_KEPT - 1) :]
    cache.set(key, [*failures, now], WINDOW_SECONDS)
