"""A relationship brought to a state the way people do it: staff propose a mentor, the mentor
accepts through the brokered channel (members.introductions)."""

from members.introductions import answer_introduction
from mentoring import services

from .helpers import reload


def proposed(commit, request, offer, staff):
    return commit(services.propose, request=request, offer=offer, actor=staff)


def active(commit, request, offer, staff):
    mentorship = proposed(commit, request, offer, staff)
    commit(
        answer_introduction,
        introduction=mentorship.introduction,
        member=offer.member,
        accept=True,
        base_url="http://testserver/",
    )
    return reload(mentorship)
