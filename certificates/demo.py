"""Demo certificates (called by the seed_demo command): the demo member's attendance and speaking
at synthetic recent Jornadas, a mentoring certificate, and one that IME revoked. Running it twice
changes nothing. (Past editions are jornadas' reference data: nothing here pretends to be them.)"""

import datetime

from .models import Certificate, Kind
from .services import issue, revoke

SOURCE_APP = "demo"
CERTIFICATES = [
    {
        "kind": Kind.ATTENDANCE,
        "source_key": "jornada-2024",
        "title": "Jornada Informativa 2024 — Tecnologías de la Información y Comunicación",
        "starts_on": datetime.date(2024, 11, 14),
        "place": "Ciudad de México",
    },
    {
        "kind": Kind.SPEAKING,
        "source_key": "jornada-2025",
        "title": "Jornada Informativa 2025 — Alimentos, Agricultura y Biotecnología",
        "role": "Ponente en «Robótica para la agricultura de precisión»",
        "starts_on": datetime.date(2025, 10, 16),
        "ends_on": datetime.date(2025, 10, 17),
        "place": "Ciudad de México",
    },
    {
        "kind": Kind.MENTORING,
        "source_key": "mentoria-2025",
        "title": "Mentoría a una empresa mexicana de robótica",
        "role": "Mentora de un equipo de ingeniería de Guadalajara durante seis meses",
        "starts_on": datetime.date(2025, 2, 1),
        "ends_on": datetime.date(2025, 7, 31),
        "place": "En línea",
    },
    {
        "kind": Kind.ATTENDANCE,
        "source_key": "taller-2025",
        "title": "Taller de vinculación 2025 — Sector automotriz",
        "starts_on": datetime.date(2025, 6, 5),
        "place": "Ciudad de México",
        "revoked": "Emitido por error: la asistencia no se registró en el control de acceso.",
    },
]


def seed_certificates(*, holder, revoked_by):
    """Issues the demo certificates to `holder`; returns how many are new."""
    before = Certificate.objects.filter(source_app=SOURCE_APP, holder=holder).count()
    for entry in CERTIFICATES:
        fields = dict(entry)
        reason = fields.pop("revoked", None)
        certificate = issue(holder=holder, source_app=SOURCE_APP, **fields)
        if reason:
            revoke(certificate=certificate, by=revoked_by, reason=reason)  # once: then a no-op
    return Certificate.objects.filter(source_app=SOURCE_APP, holder=holder).count() - before
