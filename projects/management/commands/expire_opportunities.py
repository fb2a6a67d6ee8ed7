"""Expires the published opportunities past their date (the author is told) and reminds the
authors of those that expire within two weeks, once per period (projects.opportunities.expire).
A scheduler runs it once a day; running it again changes nothing and sends nothing twice."""

from django.core.management.base import BaseCommand

from projects.opportunities import expire


class Command(BaseCommand):
    help = (
        "Vence las oportunidades publicadas cuya fecha pasó (avisa a quien las publicó) y "
        "recuerda una sola vez a quien publicó las que vencen en las próximas dos semanas. "
        "Idempotente."
    )

    def handle(self, *args, **options):
        expired, reminded = expire()
        self.stdout.write(
            f"expire_opportunities: {expired} opportunities expired, {reminded} authors reminded"
        )
