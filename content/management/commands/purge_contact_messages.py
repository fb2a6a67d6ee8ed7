"""Deletes the contact messages older than the privacy notice says they are kept (two years)."""

from django.core.management.base import BaseCommand

from content.services import purge_old_messages


class Command(BaseCommand):
    help = "Deletes contact messages received more than two years ago (the privacy notice's term)."

    def handle(self, *args, **options):
        deleted = purge_old_messages()
        self.stdout.write(f"Contact messages: {deleted} older than two years deleted.")
