"""Publishes the quarterly open-data snapshot (run on the first days of each quarter)."""

from django.core.management.base import BaseCommand, CommandError

from content.statistics import snapshots


class Command(BaseCommand):
    help = (
        "Publishes the open-data snapshot of the quarter that last ended (or --period 2026-T3); "
        "a published quarter is never published again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help='a quarter that has ended, e.g. "2026-T3"')

    def handle(self, *args, period=None, **options):
        if period is not None:
            try:
                snapshots.parse_period(period)
            except ValueError:
                raise CommandError(f"{period!r} is not a quarter such as 2026-T3.") from None
        try:
            snapshot = snapshots.publish(period)
        except snapshots.SnapshotRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Open data: snapshot {snapshot.period} published.")
