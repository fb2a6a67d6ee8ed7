"""Expires the mentoring proposals a mentor did not answer in time: the mentor's place is freed,
the introduction request is marked expired, the request goes back to the queue and the mentee is
told; and the cohort places offered and not taken in time, which pass to the next in line. A
scheduler runs it every hour or so; running it twice changes nothing."""

from django.core.management.base import BaseCommand

from mentoring.cohort_services import expire_cohort_offers
from mentoring.services import expire_proposals


class Command(BaseCommand):
    help = (
        "Vence las propuestas de mentoría sin respuesta en el plazo (MENTORING_PROPOSAL_DAYS): "
        "libera el lugar del mentor, devuelve la solicitud a la fila y avisa a quien la pidió; "
        "vence también los lugares de grupo ofrecidos y no tomados a tiempo, que pasan a la "
        "siguiente persona en la fila. Idempotente."
    )

    def handle(self, *args, **options):
        expired = expire_proposals()
        places, offered = expire_cohort_offers()
        self.stdout.write(
            f"expire_mentoring_proposals: {expired} proposals expired, {places} cohort places "
            f"expired, {offered} offered to the next in line"
        )
