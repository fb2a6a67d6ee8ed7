"""bench_committees (make bench-committees) with tiny numbers: the call built once from experts
who consented to the PNCS search, the figures printed with their target, and a second run that
adds nothing."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from committees.models import Assignment, Call, Conflict, Declaration, Proposal, Reviewer
from members.models import Consent
from redtalentos.management.commands.bench_committees import INSTITUTIONS
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def _run():
    out = StringIO()
    call_command("bench_committees", proposals=40, reviewers=8, runs=2, stdout=out)
    return out.getvalue()


def test_the_benchmark_builds_its_call_once_and_prints_its_figures():
    experts = [
        make_member(
            f"Experta Bench {number}",
            sectors=("tic",),
            consents=(Consent.Purpose.PNCS_SEARCH,),
            organisation=INSTITUTIONS[number],
            languages=["es", "en"],
        )
        for number in range(10)
    ]
    hidden = make_member("Sin consentimiento", sectors=("tic",), consents=())
    for number in range(3):  # applicants from the network
        make_member(f"Miembro Propone {number}", sectors=("salud",))

    text = _run()

    call = Call.objects.get(slug="bench-comites")
    reviewers = Reviewer.objects.filter(call=call)
    assert reviewers.count() == 8
    assert set(reviewers.values_list("status", flat=True)) == {"accepted"}
    assert hidden.pk not in reviewers.values_list("member_id", flat=True)
    assert {reviewer.member_id for reviewer in reviewers} <= {expert.pk for expert in experts}
    assert Proposal.objects.filter(call=call).count() == 40
    assert Declaration.objects.filter(member__committee_seats__call=call).exists()
    assert re.search(r"^built: 40 proposals, 8 reviewers, \d+ declarations in \d+ s$", text, re.M)
    conflicts = Conflict.objects.filter(proposal__call=call).count()
    assert conflicts > 0  # members of the committee work where some proposals come from
    assert re.search(
        rf"^conflicts\.detect: p50 \d+\.\d\d s, max \d+\.\d\d s \({conflicts} conflicts found: ",
        text,
        re.M,
    ), text
    assert re.search(
        r"^assignment\.propose: p50 \d+\.\d\d s, max \d+\.\d\d s \(\d+ pairs proposed, "
        r"\d+ shortfalls, \d+ reviewers missing\)$",
        text,
        re.M,
    ), text
    saved = Assignment.objects.filter(proposal__call=call).count()
    assert saved > 0
    assert f"({saved} assignments)" in text
    assert re.search(
        r"^detection \+ proposal: p50 \d+\.\d\d s, max \d+\.\d\d s over 2 runs, \d+ conflicts in "
        r"all \(target ≤ 10 s\) (met|MISS)$",
        text,
        re.M,
    ), text

    again = _run()
    assert Proposal.objects.filter(call=call).count() == 40
    assert Reviewer.objects.filter(call=call).count() == 8
    assert "built: 40 proposals, 8 reviewers" in again
    assert Assignment.objects.filter(proposal__call=call).count() == saved
