"""bench_projects (make bench-projects) with tiny numbers: the figures printed with their
targets, and nothing left behind."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from members.models import Consent, Member, User
from projects.models import DigestSubscriber, Opportunity, Project


@pytest.mark.django_db
def test_the_benchmark_prints_its_figures_against_targets_and_cleans_up():
    counts = [model.objects.count() for model in (User, Member, Consent, DigestSubscriber)]
    out = StringIO()

    call_command(
        "bench_projects",
        opportunities=60,
        members=40,
        projects=30,
        requests=3,
        in_process=True,
        stdout=out,
    )

    text = out.getvalue()
    assert re.search(r"^built: 60 opportunities, 40 members$", text, re.M), text
    for name in ("query alone .*", "visitor", "signed-in member"):
        pattern = (
            rf"^board.*{name}.*: median \d+\.\d ms, p95 \d+\.\d ms \(target ≤ 50 ms\) (met|MISS)$"
        )
        assert re.search(pattern, text, re.M), text
    assert re.search(
        r"^weekly digest: \d+ emails built for \d+ members .* in \d+\.\d s "
        r"\(target ≤ 120 s\) (met|MISS)$",
        text,
        re.M,
    ), text
    assert re.search(r"^digest RSS, peak \(current\): before \d+ \(\d+\) MB, ", text, re.M), text
    assert re.search(r"^built: 30 binational projects in \d+ s$", text, re.M), text
    for name in ("visitor", "signed-in member"):
        pattern = (
            rf"^projects' board with filters and search \({name}\): median \d+\.\d ms, "
            rf"p95 \d+\.\d ms \(target ≤ 50 ms\) (met|MISS)$"
        )
        assert re.search(pattern, text, re.M), text
    assert "not measured yet" not in text
    assert not Opportunity.objects.exists()
    assert not Project.objects.exists()
    assert [model.objects.count() for model in (User, Member, Consent, DigestSubscriber)] == counts
