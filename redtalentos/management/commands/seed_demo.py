"""seed_demo: a small synthetic demo for local development (idempotent)."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.models import User

# Synthetic accounts only: the .example domain is reserved and never delivers mail.
DEMO_PASSWORD = "demo-red-talentos-2026"  # noqa: S105 (local demo only, printed by make run)
DEMO_ACCOUNTS = [
    {"email": "demo@redtalentos.example", "full_name": "Ana Demo Ruiz", "admin": False},
    {"email": "ime@redtalentos.example", "full_name": "Administración IME (demo)", "admin": True},
]


class Command(BaseCommand):
    help = "Adds the synthetic demo accounts. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DJANGO_ENV=production (never on a real site).",
        )

    @transaction.atomic
    def handle(self, *args, allow_production=False, **options):
        if settings.IS_PRODUCTION and not allow_production:
            raise CommandError("seed_demo adds accounts with known passwords: not in production.")
        created = 0
        for account in DEMO_ACCOUNTS:
            user, was_created = User.objects.get_or_create(
                email=account["email"],
                defaults={
                    "full_name": account["full_name"],
                    "is_staff": account["admin"],
                    "is_superuser": account["admin"],
                },
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        self.stdout.write(f"Demo data: {created} accounts created, {len(DEMO_ACCOUNTS)} in all.")
        for account in DEMO_ACCOUNTS:
            role = "IME admin" if account["admin"] else "user"
            self.stdout.write(f"  {role}: {account['email']} / {DEMO_PASSWORD}")
