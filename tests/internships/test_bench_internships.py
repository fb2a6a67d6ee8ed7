"""bench_internships (make bench-internships) with tiny numbers: the figures printed with their
targets, and nothing left behind."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from internships.models import Application, Cycle, Posting
from members.models import User


@pytest.mark.django_db
def test_the_benchmark_prints_its_figures_against_targets_and_cleans_up():
    users = User.objects.count()
    out = StringIO()

    call_command("bench_internships", postings=12, applications=40, requests=3, stdout=out)

    text = out.getvalue()
    assert re.search(r"^built: 12 postings, 40 applications of \d+ students$", text, re.M), text
    assert re.search(
        r"^matching: \d+\.\d\d s \(inputs read \d+\.\d\d s, deferred acceptance \d+\.\d\d s\), "
        r"\d+ of \d+ seats filled \(target ≤ 5 s\) (met|MISS)$",
        text,
        re.M,
    ), text
    for page in ("visitor", "signed in"):
        pattern = (
            rf"^postings list with filters \({page}\): median \d+\.\d ms, p95 \d+\.\d ms "
            r"\(target ≤ 50 ms\) (met|MISS)$"
        )
        assert re.search(pattern, text, re.M), text
    assert not Cycle.objects.filter(slug__startswith="bench-internships-").exists()
    assert not Posting.objects.exists()
    assert not Application.objects.exists()
    assert User.objects.count() == users
