"""Ends the internship offers past their time and passes each seat on to the host's next free
candidate; then offers any seat an approval left free. A scheduler runs it every few minutes;
running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from internships.offers import expire_offers, fill_free_seats


class Command(BaseCommand):
    help = (
        "Vence las ofertas de pasantía cuyo plazo pasó (quedan «no seleccionada») y ofrece cada "
        "plaza libre a la siguiente candidatura libre de la persona anfitriona, mientras duren "
        "las ofertas del ciclo. Idempotente."
    )

    def handle(self, *args, **options):
        base_url = settings.SITE_URL.rstrip("/") + "/"
        expired, offered = expire_offers(base_url=base_url)
        offered += fill_free_seats(base_url=base_url)
        self.stdout.write(
            f"expire_internship_offers: {expired} offers expired, {offered} seats offered"
        )
