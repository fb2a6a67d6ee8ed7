"""rebuild_search_index: recomputes the search vector of every profile (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Recomputes the search data of every profile from its current fields."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=20000, help="Profiles per transaction (default 20000)."
        )

    def handle(self, *args, batch=20000, **options):
        batch = max(1, batch)
        done = 0
        last_id = 0
        with connection.cursor() as cursor:
            while True:
                # Setting the vector to NULL fires the trigger that recomputes it.
                cursor.execute(
                    "WITH chunk AS (SELECT id FROM members_member WHERE id > %s ORDER BY id "
                    "LIMIT %s) UPDATE members_member m SET search_vector = NULL FROM chunk "
                    "WHERE m.id = chunk.id RETURNING m.id",
                    [last_id, batch],
                )
                ids = [row[0] for row in cursor.fetchall()]
                if not ids:
                    break
                done += len(ids)
                last_id = max(ids)
        self.stdout.write(f"Search index rebuilt: {done} profiles.")
