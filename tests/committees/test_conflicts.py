"""Conflicts of interest caught from what the portal holds (committees.conflicts)."""

from chapters.models import Chapter, ChapterRole
from committees import conflicts, services
from committees.models import Conflict, Declaration
from members.models import Education
from tests.committees.helpers import make_call, make_proposal, make_reviewer
from tests.conftest import make_member, make_user


def sources(call):
    return {
        (conflict.reviewer_id, conflict.proposal_id, conflict.source)
        for conflict in Conflict.objects.filter(proposal__call=call)
    }


def test_the_same_organisation_now_or_before_is_a_conflict(db):
    call = make_call()
    proposal = make_proposal(call, organisation="  Universidad de GUANAJUATO ")
    now = make_reviewer(call, organisation="Universidad de Guanajuato")
    before = make_reviewer(call, past_organisations=["Universidad de Guanajuato"])
    stranger = make_reviewer(call, organisation="MIT")
    conflicts.detect(call)
    found = sources(call)
    assert (now.pk, proposal.pk, "organisation") in found
    assert (before.pk, proposal.pk, "organisation") in found
    assert not any(reviewer == stranger.pk for reviewer, _p, _s in found)
