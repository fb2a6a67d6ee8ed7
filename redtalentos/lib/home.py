"""The sections of a signed-in person's home (/perfil/): each app says there what it holds for the
person (their registrations, their certificates, …) by registering a section here, in its
AppConfig.ready(). The registry sits below every app, as personal_data does, so that members
renders the page without importing the apps above it, and the apps below it (certificates,
chapters, pncs) never import members.

A section is a template and a function `context(user) -> dict | None` (None: nothing to say this
time, and the section stays out), its place on the page and the homes it appears on. The
template gets the function's dict as `section`, with the page's context (the request, the CSRF
token). Each function runs a fixed number of queries whatever the person holds: the page's query
count is the sum of its sections'.

One home exists today, the participants' (students and institution contacts in Mexico); the
homes of members, chapter leaders, PNCS staff and IME will be further names in `homes`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PARTICIPANT = "participant"


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable[[Any], dict | None]
    homes: frozenset[str]
    order: int = 100


_sections: dict[str, Section] = {}


def register(section):
    """Adds (or, when an app is loaded again, replaces) the section called `section.name`."""
    _sections[section.name] = section


def sections_for(home, user):
    """[(template, context)] of the sections of `home` that have something to say to `user`, in
    their order."""
    shown = []
    for section in sorted(_sections.values(), key=lambda section: (section.order, section.name)):
        if home not in section.homes:
            continue
        context = section.context(user)
        if context is not None:
            shown.append((section.template, context))
    return shown
