"""bench_accounts (make bench-accounts) with one timed sign-up per path: both medians side by side
with the production hasher, one email each, the target checked, and no account left behind."""

import re
from io import StringIO

from django.core.management import call_command

from members.models import User
from tests.conftest import make_user


def test_the_sign_up_benchmark_prints_both_medians_and_leaves_no_account(db):
    someone = make_user("alguien@example.org")
    out = StringIO()

    call_command("bench_accounts", runs=1, stdout=out)

    text = out.getvalue()
    assert "hasher pbkdf2_sha256" in text  # production's, not the tests' MD5
    for label in ("new address", "registered address"):
        assert re.search(rf"^  {label} +\d+\.\d +1$", text, re.M), text
    assert re.search(r"ratio \d+\.\d\d \(target ≤ 1\.20, .*\): (met|MISS)$", text, re.M)
    assert list(User.objects.all()) == [someone]
