"""Small helpers shared by the certificates tests."""

import datetime
import io
import itertools

from pypdf import PdfReader

from certificates.models import Kind
from certificates.services import issue

_keys = itertools.count(1)

EDITION_TITLE = "Jornada Informativa 2027 — Tecnologías de la Información"


def make_certificate(holder, *, kind=Kind.ATTENDANCE, source_key=None, **fields):
    """A certificate issued to `holder` as an app above would issue it."""
    values = {
        "title": EDITION_TITLE,
        "role": "Asistente presencial",
        "starts_on": datetime.date(2027, 3, 14),
        "ends_on": datetime.date(2027, 3, 15),
        "place": "Ciudad de México",
        "source_app": "jornadas",
        **fields,
    }
    return issue(
        kind=kind, holder=holder, source_key=source_key or f"edition:{next(_keys)}", **values
    )


def pdf_text(content):
    """The text of every page of a PDF, as pypdf reads it."""
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)
