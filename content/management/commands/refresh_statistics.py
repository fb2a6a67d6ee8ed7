"""Recomputes the published statistics (hourly): the pages read what this stores."""

from django.core.management.base import BaseCommand

from content.statistics.refresh import refresh


class Command(BaseCommand):
    help = "Recomputes every figure of /estadisticas/ and IME's analytics (run hourly)."

    def handle(self, *args, **options):
        self.stdout.write(f"Statistics: {refresh()} figures recomputed.")
