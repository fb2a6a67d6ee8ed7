"""bench_jornadas (make bench-jornadas) with tiny numbers: the figures printed with their targets,
registrations posted to a real gunicorn with none oversold and no errors, and nothing left behind.
Transactional: gunicorn's workers must see the data the command writes."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from jornadas.models import Edition, Registration
from members.models import User
from tests.conftest import restore_reference_data


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_prints_its_figures_against_targets_and_cleans_up():
    restore_reference_data()
    editions = Edition.objects.count()
    out = StringIO()

    call_command(
        "bench_jornadas",
        registrations=40,
        sessions=12,
        requests=3,
        clients=3,
        load_registrations=12,
        workers=1,
        stdout=out,
    )

    text = out.getvalue()
    assert "built: 40 registrations, 12 sessions, 160 session choices" in text
    for page in ("edition page (visitor)", "edition page (registered)", "personal agenda"):
        pattern = rf"^{re.escape(page)}: median \d+\.\d ms, p95 \d+\.\d ms \(target ≤ 50 ms\) "
        assert re.search(pattern + r"(met|MISS)$", text, re.M), text
    assert re.search(
        r"^registrations under load: 12 in \d+\.\d s = \d+/s with 3 clients, gunicorn 1 workers "
        r"\(target ≥ 100/s\) (met|MISS)$",
        text,
        re.M,
    ), text
    assert re.search(
        r"^stored 12, confirmed 6 of 6 seats, oversold 0, errors 0 (met|MISS)$", text, re.M
    ), text
    assert Edition.objects.count() == editions
    assert not Registration.objects.exists()
    assert not User.objects.filter(email__endswith="@bench-jornadas.invalid").exists()
