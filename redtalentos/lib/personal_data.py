"""Who holds which personal data: each app registers its share of the data download and of the
deletion here, below every app, so that members builds both without importing the apps above it
and the apps below it (pncs, chapters) never import members.

An app registers one `Provider` in its `AppConfig.ready()`. A provider names every relation to the
account or the profile that it answers for (`covers`, as "app_label.Model.field"; a many-to-many
field by its own name, not by its table), returns its sections of the download, and erases its data
when the account, or only the profile, is deleted. A test
(tests/redtalentos/test_personal_data_coverage.py) walks every model and fails when a relation to
the account or the profile is covered by no provider.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Provider:
    """One app's share of a person's data.

    `export(user=, member=)` returns a dict of download sections (top-level keys, unique across
    apps); `member` is None for an account without a profile. Other people appear in it by name
    only, never by email address.

    `erase(user=, member=)` runs inside the deletion's transaction before the profile and the
    account rows go: with both when the person deletes their account, with `user=None` when the
    admin deletes only the profile. It deletes what was only the person's and anonymises what
    must stay; its docstring says which and why.
    """

    app: str
    covers: frozenset[str]
    export: Callable[..., dict[str, Any]]
    erase: Callable[..., None]


_providers: dict[str, Provider] = {}


def register(provider):
    """Adds (or, when an app is loaded again, replaces) an app's provider."""
    for other in _providers.values():
        shared = provider.covers & other.covers
        if other.app != provider.app and shared:
            raise ValueError(f"{sorted(shared)} already covered by {other.app}")
    _providers[provider.app] = provider


def providers():
    """The registered providers, in the order their apps were loaded (lower apps first)."""
    return list(_providers.values())


def covered():
    """{"app_label.Model.field": app} for every relation a provider answers for."""
    return {label: provider.app for provider in _providers.values() for label in provider.covers}


def export(*, user, member):
    """{app: its sections of `user`'s download}, in the providers' order; a section's name is
    used by one app only."""
    parts, seen = {}, set()
    for provider in _providers.values():
        part = provider.export(user=user, member=member)
        clash = seen & part.keys()
        if clash:
            raise ValueError(f"{provider.app} repeats the download sections {sorted(clash)}")
        seen |= part.keys()
        parts[provider.app] = part
    return parts


def erase(*, user, member):
    """Lets every provider erase its data (called inside the deletion's transaction)."""
    for provider in _providers.values():
        provider.erase(user=user, member=member)


# Small helpers for the providers' sections, so that every app writes values the same way.


def date(value):
    return value.isoformat() if value else None


def choice(value, label):
    """A coded value and its label in the reader's language (one for tools, one for people)."""
    return {"value": value, "label": str(label)} if value else None


def person_name(user):
    """What a download says about another account: its name, never its email address."""
    return (user.get_full_name() or None) if user is not None else None
