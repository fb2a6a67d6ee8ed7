"""Sends the weekly digest of new opportunities to the members who hold the news consent
(projects.digest). A scheduler runs it once a week; running it again within the week sends
nothing twice, and a run that starts while another is sending leaves at once."""

from django.core.management.base import BaseCommand

from projects.digest import send_digest


class Command(BaseCommand):
    help = (
        "Envía el resumen semanal de oportunidades: a cada miembro con el consentimiento de "
        "noticias, las oportunidades publicadas en sus sectores desde su último resumen (la "
        "última semana, la primera vez); a nadie un correo vacío. Idempotente en la semana."
    )

    def handle(self, *args, **options):
        summary = send_digest()
        if summary.skipped:
            self.stdout.write("send_opportunity_digest: another run is sending; nothing done")
            return
        self.stdout.write(
            f"send_opportunity_digest: {summary.sent} digests sent to {summary.members} members "
            f"considered, {summary.opportunities} new opportunities"
        )
