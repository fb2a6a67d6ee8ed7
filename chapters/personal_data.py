"""The chapters' share of a person's data download and of its deletion (registered in
redtalentos.lib.personal_data by ChaptersConfig.ready).

What a deletion does, and why:
- Leadership roles and join requests were the person's own: they are deleted. A role without its
  person would show an empty seat on the chapter page; a join request is only their wish and
  their message.
- News they wrote belongs to the chapter that published it: it stays, without its author.
- A proposal still pending was only the person's wish: it is deleted. A reviewed one is IME's
  record of a decision (and of how a chapter began): it stays with its place, status and dates, and
  loses its proposer, its purpose and the founding members it named.
- Decisions they took on others' join requests and proposals stay, without who took them.
"""

from redtalentos.lib.personal_data import Provider, choice, date, person_name

from .models import ChapterNews, ChapterProposal, ChapterRole, JoinRequest


def export(*, user, member):
    own_requests = JoinRequest.objects.none()
    own_proposals = ChapterProposal.objects.none()
    if member is not None:
        own_requests = JoinRequest.objects.filter(member=member)
        own_proposals = ChapterProposal.objects.filter(proposer=member)
    return {
        "chapters": {
            "roles": [
                {
                    "chapter": role.chapter.name,
                    "role": choice(role.role, role.get_role_display()),
                    "since": date(role.since),
                }
                for role in ChapterRole.objects.filter(user=user).select_related("chapter")
            ],
            "join_requests": [
                {
                    "chapter": request.chapter.name,
                    "message": request.message,
                    "status": choice(request.status, request.get_status_display()),
                    "created_at": date(request.created_at),
                    "decided_at": date(request.decided_at),
                    "decided_by": person_name(request.decided_by),
                }
                for request in own_requests.select_related("chapter", "decided_by").order_by(
                    "created_at"
                )
            ],
            "join_requests_decided": [
                {
                    "chapter": request.chapter.name,
                    "member": request.member.full_name,
                    "status": choice(request.status, request.get_status_display()),
                    "decided_at": date(request.decided_at),
                }
                for request in JoinRequest.objects.filter(decided_by=user)
                .select_related("chapter", "member")
                .order_by("decided_at")
            ],
            "news_written": [
                {
                    "chapter": news.chapter.name,
                    "title": news.title,
                    "url": news.get_absolute_url(),
                    "published_at": date(news.published_at),
                }
                for news in ChapterNews.objects.filter(author=user)
                .select_related("chapter")
                .order_by("published_at")
            ],
            "proposals": [
                {
                    "city": proposal.city,
                    "country": choice(proposal.country.code, proposal.country.name),
                    "founding_members": proposal.founding_members,
                    "purpose": proposal.purpose,
                    "language_of_the_emails": proposal.language or None,
                    "status": choice(proposal.status, proposal.get_status_display()),
                    "created_at": date(proposal.created_at),
                    "reviewed_at": date(proposal.reviewed_at),
                    "reviewed_by": person_name(proposal.reviewed_by),
                    "chapter": proposal.chapter.name if proposal.chapter else None,
                }
                for proposal in own_proposals.select_related("reviewed_by", "chapter").order_by(
                    "created_at"
                )
            ],
            "proposals_reviewed": [
                {
                    "city": proposal.city,
                    "country": choice(proposal.country.code, proposal.country.name),
                    "proposer": proposal.proposer.full_name if proposal.proposer else None,
                    "status": choice(proposal.status, proposal.get_status_display()),
                    "reviewed_at": date(proposal.reviewed_at),
                }
                for proposal in ChapterProposal.objects.filter(reviewed_by=user)
                .select_related("proposer")
                .order_by("reviewed_at")
            ],
        }
    }


def erase(*, user, member):
    if member is not None:
        JoinRequest.objects.filter(member=member).delete()
        ChapterProposal.objects.filter(
            proposer=member, status=ChapterProposal.Status.PENDING
        ).delete()
        ChapterProposal.objects.filter(proposer=member).update(
            proposer=None, founding_members="", purpose=""
        )
    if user is not None:
        ChapterRole.objects.filter(user=user).delete()
        ChapterNews.objects.filter(author=user).update(author=None)
        JoinRequest.objects.filter(decided_by=user).update(decided_by=None)
        ChapterProposal.objects.filter(reviewed_by=user).update(reviewed_by=None)


PROVIDER = Provider(
    app="chapters",
    covers=frozenset(
        {
            "chapters.ChapterRole.user",
            "chapters.JoinRequest.member",
            "chapters.JoinRequest.decided_by",
            "chapters.ChapterNews.author",
            "chapters.ChapterProposal.proposer",
            "chapters.ChapterProposal.reviewed_by",
        }
    ),
    export=export,
    erase=erase,
)
