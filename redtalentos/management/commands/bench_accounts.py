"""bench_accounts: whether the sign-up page tells new addresses from registered ones by its time.

Posts the sign-up form through the whole Django stack (django.test.Client) for new addresses and
for addresses that already have an account, taking turns, with the password hasher production
uses (Django's default, PBKDF2) whatever the environment configures, and prints both medians side
by side, their ratio and whether they are within the target. Each request comes from its own
address and each registered address is tried once, so that no rate limit or email cooldown makes
one path cheaper than the other. Runs on any database: the accounts it creates are deleted.
"""

import secrets
import statistics
import time

from django.conf import global_settings
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.core.management.base import BaseCommand
from django.test import Client, override_settings
from django.urls import reverse

from members.models import User

# The slower path may take at most this much longer than the faster one (median to median).
RATIO_TARGET = 1.2
# Every address this command uses ends with this: leftovers of an interrupted run go too.
DOMAIN = "bench-signup.invalid"


class Command(BaseCommand):
    help = "Times sign-up for new and for registered addresses with the production hasher."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15, help="Timed sign-ups per path.")

    def handle(self, *args, **options):
        runs = max(1, options["runs"])
        settings = {
            "PASSWORD_HASHERS": global_settings.PASSWORD_HASHERS,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "ALLOWED_HOSTS": ["testserver"],
        }
        self._delete_accounts()
        try:
            with override_settings(**settings):
                results = self._measure(runs)
        finally:
            self._delete_accounts()
        self._print(results, runs)

    def _delete_accounts(self):
        User.objects.filter(email__endswith=f"@{DOMAIN}").delete()

    def _measure(self, runs):
        run_id = secrets.token_hex(4)
        password = secrets.token_urlsafe(16)
        # One more of each: the first pair warms the code paths and is not timed.
        registered = [f"registrada-{run_id}-{i}@{DOMAIN}" for i in range(runs + 1)]
        for email in registered:
            user = User(email=email)
            user.set_unusable_password()  # setting up is not what is timed
            user.save()
            user.emailaddress_set.create(email=email, primary=True, verified=True)
        times = {"new": [], "existing": []}
        emails = {"new": [], "existing": []}
        for i in range(runs + 1):
            for path, email in (
                ("new", f"nueva-{run_id}-{i}@{DOMAIN}"),
                ("existing", registered[i]),
            ):
                address = f"198.51.100.{i % 250 + 1}"
                seconds, sent = self._sign_up(email, password, address=address)
                if i:
                    times[path].append(seconds * 1000)
                    emails[path].append(sent)
        return {
            "hasher": get_hasher().algorithm,
            "new": statistics.median(times["new"]),
            "existing": statistics.median(times["existing"]),
            "emails": {path: sorted(set(sent)) for path, sent in emails.items()},
        }

    def _sign_up(self, email, password, *, address):
        # A new person each time (own session, own address): the per-address sign-up limit
        # would otherwise answer 429 after twenty.
        client = Client(REMOTE_ADDR=address)
        mail.outbox = []
        data = {"email": email, "password1": password, "password2": password}
        started = time.perf_counter()
        response = client.post(reverse("account_signup"), data)
        seconds = time.perf_counter() - started
        if response.status_code != 302:
            errors = response.context["form"].errors if response.context else ""
            raise RuntimeError(f"sign-up answered {response.status_code} for {email} {errors}")
        return seconds, sum(1 for message in mail.outbox if message.to == [email])

    def _print(self, results, runs):
        new, existing = results["new"], results["existing"]
        ratio = max(new, existing) / min(new, existing)
        met = "met" if ratio <= RATIO_TARGET else "MISS"
        self.stdout.write(f"Sign-up, {runs} requests per path, hasher {results['hasher']}:")
        self.stdout.write(f"  {'':18} {'median ms':>10} {'emails each':>12}")
        for path, label in (("new", "new address"), ("existing", "registered address")):
            sent = ", ".join(str(n) for n in results["emails"][path])
            self.stdout.write(f"  {label:18} {results[path]:10.1f} {sent:>12}")
        self.stdout.write(
            f"  ratio {ratio:.2f} (target ≤ {RATIO_TARGET:.2f}, same time either way): {met}"
        )
