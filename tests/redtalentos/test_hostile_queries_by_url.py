"""Every page that renders for a role still answers without a 500 when its query string is hostile.

House rule: bad input never gets a 500. Each page of the role contract (test_roles_by_url.py)
that answers 200 to a role is opened by that role with every query parameter the portal reads set
to garbage at once: injection strings, a null byte, 10,000 characters, numbers too big or
negative, wrong types, invalid UTF-8 and repeated keys. Any answer below 500 is fine (the page
ignores or refuses the value); a 200 in HTML must be the whole page, unless the view renders a
partial (an htmx fragment) by design.

The client re-raises a view's exception (Django's default, stated below): a crash fails the test
with the exception, whichever role and query caused it.
"""

import traceback
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.redtalentos.conftest import resolve_kwargs
from tests.redtalentos.test_roles_by_url import CONTRACT

# Every query parameter the portal reads (request.GET in the views, the django-filter FilterSets
# and the forms bound to request.GET): a view that reads a new one should add it here.
PARAMETERS = [
    "pagina",  # every paginated list
    "pagina_enviadas",  # members: introductions sent
    "q",  # search boxes: FilterSets, candidate searches, directory, skill suggestions
    "skills",  # members: skill suggestions (htmx)
    "next",  # members: onboarding
    "descargar",  # members: data download
    "status",  # pncs: ActivityFilter
    "line_of_work",
    "contact_point",
    "tipo",  # projects: OpportunityFilter
    "sector",  # several filters; mentoring's request queue reads it by hand
    "pais",
    "estado",  # projects: ProjectFilter; mentoring: request queue
    "ciclo",  # internships: PostingFilter
    "idioma",
    "modalidad",
    "ofrece",  # a MultipleChoiceFilter: read as a list
    "capitulo",  # content: NewsFilterForm; members: DirectoryForm
    "origen",  # committees: ConflictFilterForm
    "dia",  # jornadas: AgendaFilterForm
    "eje",
    "codigo",  # jornadas: check-in (the QR code's parameter)
    "ciudad",  # members: DirectoryForm
    "aporte",
    "habilidad",
    "disponibilidad",
    "verificado",
    "orden",
    "despues",  # the directory's cursor
]

# Each variant gives every parameter these values, in this order, as repeated keys: a view that
# reads one value sees the last, one that reads a list sees them all.
HOSTILE_QUERIES = {
    # A negative number, wrong types, then SQL injection, a null byte and 10,000 characters in
    # one value.
    "injection": [b"-1", b"[]", b"1e309", b"' OR 1=1 --\x00" + b"A" * 10_000],
    # Repeated keys (page=1&page=x), markup in invalid UTF-8, then a number no column or page
    # holds.
    "encoding": [b"1", b"x", b"<script>alert(1)</script>\xff\xfe", b"9999999999999999999999"],
}


def query_string(values):
    return "&".join(
        f"{name}={quote_from_bytes(value, safe='')}" for name in PARAMETERS for value in values
    )


QUERIES = {variant: query_string(values) for variant, values in HOSTILE_QUERIES.items()}
RENDERING_ROLES = {
    name: [role for role, expected in answers.items() if type(expected) is int and expected == 200]
    for name, (_kwargs, answers) in CONTRACT.items()
}
URL_NAMES = [name for name, roles in RENDERING_ROLES.items() if roles]


def _where(exc):
    """The exception and the last frames of its traceback in the portal's own code."""
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.startswith(str(settings.BASE_DIR))
        and "/.venv/" not in frame.filename
        and "/tests/" not in frame.filename
    ]
    lines = [f"{type(exc).__name__}: {str(exc)[:300]}"]
    for frame in frames[-3:]:
        path = Path(frame.filename).relative_to(settings.BASE_DIR)
        lines.append(f"    at {path}:{frame.lineno} in {frame.name}: {frame.line}")
    return "\n".join(lines)


def _problem(response):
    """What is wrong with an answer to a hostile query, or None. A streamed body (exports,
    files) is read to its end: it may fail halfway."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    html = response.status_code == 200 and response["Content-Type"].startswith("text/html")
    if html and b"</html>" not in body and not _is_partial(response):
        return "answered 200 with HTML that is not a whole page"
    return None


def _is_partial(response):
    """Whether the view rendered a partial (an htmx fragment): its template's name starts with
    "_", as every partial's does (STYLE.md), and it is no whole page by design."""
    templates = getattr(response, "templates", None) or []
    return bool(templates) and Path(templates[0].name or "").name.startswith("_")


@pytest.mark.parametrize("name", URL_NAMES)
def test_hostile_query_strings_never_get_a_500(world, name):
    people, ids = world
    kwargs, _answers = CONTRACT[name]
    path = reverse(name, kwargs=resolve_kwargs(kwargs, ids))
    problems = []
    for role in RENDERING_ROLES[name]:
        # raise_request_exception (the default) re-raises what a view raises, instead of
        # turning it into a 500 page.
        client = Client(raise_request_exception=True)
        if people[role] is not None:
            login(client, people[role])
        for variant, query in QUERIES.items():
            try:
                problem = _problem(client.get(f"{path}?{query}"))
            except Exception as exc:
                problem = _where(exc)
            if problem:
                problems.append(f"{name} as {role}, {variant} query: {problem}")
    assert not problems, "\n".join(problems)
