"""bench_certificates (make bench-certificates) with a handful of certificates: the figures
printed with their targets, and nothing left behind."""

import re
from io import StringIO

from django.core.management import call_command

from certificates.models import Certificate
from members.models import User
from tests.certificates.helpers import make_certificate


def test_the_benchmark_prints_time_and_memory_against_targets_and_cleans_up(member):
    kept = make_certificate(member.user)
    out = StringIO()

    call_command("bench_certificates", count=10, stdout=out)

    text = out.getvalue()
    assert text.startswith("Certificates, 10 issued in bulk and rendered to PDF:")
    assert re.search(r"^  issue_many +\d+\.\d s$", text, re.M), text
    assert re.search(r"^  render +\d+\.\d s \(\d+\.\d ms each, \d+\.\d MB of PDF\)$", text, re.M)
    assert re.search(r"^  total +\d+\.\d s \(target ≤ 120 s\): (met|MISS)$", text, re.M)
    for rendered in (2, 5, 10):
        assert re.search(
            rf"^  peak RSS at {rendered} +\d+\.\d MB \(now \d+\.\d MB\)$", text, re.M
        ), text
    assert re.search(r"^  growth 2 → 10: -?\d+\.\d MB \(target < 20 MB\): (met|MISS)$", text, re.M)
    assert list(Certificate.objects.all()) == [kept]
    assert not User.objects.filter(email__endswith="@bench-certificates.invalid").exists()
