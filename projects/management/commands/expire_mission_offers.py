"""Expires the missions' waitlist offers past their time and passes each place on (the capacity
engine's expire_offers for the delegates). A scheduler runs it every few minutes, next to the
Jornadas' expire_offers; running it twice changes nothing."""

from django.core.management.base import BaseCommand

from projects.models import Delegate
from redtalentos.lib.capacity import expire_offers


class Command(BaseCommand):
    help = (
        "Vence las ofertas de lugar en las misiones cuyo plazo pasó y ofrece cada lugar libre a "
        "la siguiente persona en la fila. Idempotente."
    )

    def handle(self, *args, **options):
        expired, offered = expire_offers(model=Delegate)
        self.stdout.write(
            f"expire_mission_offers: {expired} offers expired, {offered} places offered"
        )
