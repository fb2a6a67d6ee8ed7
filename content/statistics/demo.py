"""Demo statistics: the synthetic demo members' registrations spread over three years (so that
growth has a shape; only those registered in the last day, that is on the first run), the figures
computed and the last quarter's open-data snapshot published."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from ..models import DataSnapshot
from . import snapshots
from .refresh import refresh

SPREAD_DAYS = 3 * 365


def spread_registrations(now, email_like):
    """More members in recent months than three years ago, as a growing network has. Only the
    members whose account's email matches `email_like` (SQL LIKE) are moved."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH recent AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total
                FROM members_member
                WHERE created_at > %s
                  AND user_id IN (SELECT id FROM members_user WHERE email LIKE %s)
            )
            UPDATE members_member m
            SET created_at = %s - make_interval(
                days => (%s * power(1 - recent.n::float / (recent.total + 1), 2))::int
            )
            FROM recent WHERE m.id = recent.id
            """,
            [now - timedelta(days=1), email_like, now, SPREAD_DAYS],
        )
        return cursor.rowcount


def seed_statistics(email_like, now=None):
    now = now or timezone.now()
    spread = spread_registrations(now, email_like)
    figures = refresh(now)
    period, _starts, _ends = snapshots.previous_quarter(timezone.localdate(now))
    published = 0
    if not DataSnapshot.objects.filter(period=period).exists():
        snapshots.publish(period, now=now)
        published = 1
    return {"registrations spread": spread, "figures": figures, "snapshots": published}
