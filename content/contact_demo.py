"""Demo data for the contact form (called by the seed_demo command): a few synthetic messages,
new and answered, as visitors send them, and the editable site texts with their defaults. Stored
directly, so that no email leaves. Running it twice changes nothing."""

import datetime

from django.utils import timezone

from .models import ContactMessage
from .site_texts import ensure_all

MESSAGES = [
    ("Laura Demo Contreras", "membership", "new",
     "Vivo en Toronto y quisiera saber si puedo registrarme aunque todavía no hay capítulo."),
    ("Ricardo Demo Salinas", "chapters", "answered",
     "Somos un grupo en Madrid y nos interesa formar un capítulo. ¿Qué necesitamos?"),
    ("Universidad Demo del Bajío", "sectors", "new",
     "Buscamos expertos en materiales compuestos para un proyecto con la industria automotriz."),
    ("Elena Demo Quiroga", "privacy", "answered",
     "¿Cómo descargo mis datos y cómo retiro mi consentimiento al directorio público?"),
]  # fmt: skip


def seed_contact(*, now=None):
    """Adds the demo messages that are missing; returns how many it added."""
    ensure_all()
    now = now or timezone.now()
    added = 0
    for days, (name, subject, status, text) in enumerate(MESSAGES, start=1):
        email = f"contacto{days:02d}@redtalentos.example"
        _message, created = ContactMessage.objects.get_or_create(
            email=email,
            name=name,
            defaults={"subject": subject, "status": status, "message": text},
        )
        if created:
            # auto_now_add ignores a given value: the date is moved back afterwards.
            ContactMessage.objects.filter(pk=_message.pk).update(
                created_at=now - datetime.timedelta(days=days * 3)
            )
            added += 1
    return added
