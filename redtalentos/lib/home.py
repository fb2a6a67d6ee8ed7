"""The homes of the signed-in (/inicio/): each app says there what it holds for the person (their
registrations, their certificates, …) by registering a section here, and what waits for them (a
request to answer, a queue to review) by registering a task, in its AppConfig.ready(). The
registry sits below every app, as personal_data does, so that members renders the page without
importing the apps above it, and the apps below it (certificates, chapters, pncs) never import
members.

A person has one or more homes: a member abroad, a participant in Mexico (student or institution
contact), PNCS staff, IME; a chapter leader is a member whose sections say more. A section is a
template and a function `context(user) -> dict | None` (None: nothing to say this time, and the
section stays out), its place on the page and the homes it appears on. The template gets the
function's dict as `section`, with the page's context (the request, the CSRF token). A task is a
function `waiting(user) -> list[Waiting]`; the page lists those with something waiting, first of
all. Each function runs a fixed number of queries whatever the person holds: the page's query
count is the sum of its sections' and tasks'.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MEMBER = "member"
PARTICIPANT = "participant"
PNCS = "pncs"
IME = "ime"


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable[[Any], dict | None]
    homes: frozenset[str]
    order: int = 100


@dataclass(frozen=True)
class Waiting:
    """Something waiting for the person: `count` of what `label` names, answered at `url`. A
    count read with a cap says so (`capped`: "more than count")."""

    label: str
    count: int
    url: str
    capped: bool = False


@dataclass(frozen=True)
class Task:
    name: str
    waiting: Callable[[Any], list[Waiting]]
    homes: frozenset[str]
    order: int = 100


_sections: dict[str, Section] = {}
_tasks: dict[str, Task] = {}


def register(entry):
    """Adds (or, when an app is loaded again, replaces) the section or task of that name."""
    registry = _tasks if isinstance(entry, Task) else _sections
    registry[entry.name] = entry


def _of(registry, homes):
    entries = sorted(registry.values(), key=lambda entry: (entry.order, entry.name))
    return [entry for entry in entries if entry.homes & set(homes)]


def sections_for(homes, user):
    """[(template, context)] of the sections of any of `homes` that have something to say to
    `user`, in their order."""
    shown = []
    for section in _of(_sections, homes):
        context = section.context(user)
        if context is not None:
            shown.append((section.template, context))
    return shown


def waiting_for(homes, user):
    """[Waiting] of the tasks of any of `homes`, those with something waiting, in their order."""
    return [
        waiting for task in _of(_tasks, homes) for waiting in task.waiting(user) if waiting.count
    ]
