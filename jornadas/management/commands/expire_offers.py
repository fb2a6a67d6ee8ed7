"""Expires the waitlist offers past their time and passes each seat on (Jornadas editions and
sessions). A scheduler runs it every few minutes; running it twice changes nothing."""

from django.core.management.base import BaseCommand

from jornadas.models import Registration, SessionChoice
from redtalentos.lib.capacity import expire_offers


class Command(BaseCommand):
    help = (
        "Vence las ofertas de lugar cuyo plazo pasó y ofrece cada lugar libre a la siguiente "
        "persona en la fila (ediciones y sesiones de las Jornadas). Idempotente."
    )

    def handle(self, *args, **options):
        expired = offered = 0
        for model in (Registration, SessionChoice):
            done = expire_offers(model=model)
            expired += done[0]
            offered += done[1]
        self.stdout.write(f"expire_offers: {expired} offers expired, {offered} seats offered")
