"""What the certificates say on a person's home (redtalentos.lib.home): how many they hold and
where to find them; nothing until they hold one. One query."""

from django.db.models import Count, Q

from .models import Certificate


def home_section(user):
    counts = Certificate.objects.held_by(user).aggregate(
        total=Count("pk"), valid=Count("pk", filter=Q(revoked_at__isnull=True))
    )
    if not counts["total"]:
        return None
    return {**counts, "revoked": counts["total"] - counts["valid"]}
