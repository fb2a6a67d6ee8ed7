"""The one switch that mutes a family of emails (redtalentos.lib.emails.Muting): demo data is
written without mailing anyone, and muting one family leaves the others' emails on."""

import pytest

from members import introductions
from members.models import IntroductionRequest
from mentoring import emails as mentoring_emails
from redtalentos.lib.roles import MFA_SESSION_ATTR
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

MESSAGE = "Hola, dirijo un laboratorio en Monterrey y me gustaría invitarte a un comité."


def _ask(requester, member, capture):
    setattr(requester, MFA_SESSION_ATTR, True)
    with capture(execute=True):
        introductions.request_introduction(
            requester=requester,
            member=member,
            purpose="collaboration",
            message=MESSAGE,
            base_url="http://testserver/",
        )


def test_a_muted_family_sends_none_of_its_emails_and_the_others_still_go(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    first, second, third = (make_member(f"Solicitante {n}").user for n in range(3))

    with mentoring_emails.muted():  # another family's switch
        _ask(first, member, capture)
    assert len(mailoutbox) == 1

    with introductions.muted():
        _ask(second, member, capture)
    assert IntroductionRequest.objects.filter(requester=second).exists()
    assert len(mailoutbox) == 1

    _ask(third, member, capture)  # the switch is off again after the block
    assert len(mailoutbox) == 2


def test_the_switch_is_off_again_when_the_block_fails():
    with pytest.raises(RuntimeError), introductions.muted():
        assert introductions.muted.active
        raise RuntimeError
    assert not introductions.muted.active
