"""Writes of the chapters app that touch several rows or send mail (for views and the admin)."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from redtalentos.lib import emails, images
from redtalentos.lib.workflows import Refused

from . import notifications
from .models import RESERVED_SLUGS, Chapter, ChapterNews, ChapterProposal, ChapterRole, JoinRequest


class ChapterActionRefused(Refused):
    """A chapter action the rules do not allow."""


def _send_after_commit(send, *args, **kwargs):
    # The callback may run after the request's language is gone: keep the one of this moment.
    language = translation.get_language()

    def callback():
        with translation.override(language):
            send(*args, **kwargs)

    transaction.on_commit(callback)


# Paths under /capitulos/<slug>/noticias/ that are not news items.
RESERVED_NEWS_SLUGS = frozenset({"nueva"})


def _unique_slug(base, taken, *, max_length, fallback, reserved):
    """`base` slugified, with -2, -3... until `taken(slug)` is false and it is not reserved."""
    root = slugify(base)[: max_length - 4].strip("-") or fallback
    slug, n = root, 1
    while slug in reserved or taken(slug):
        n += 1
        slug = f"{root[: max_length - len(str(n)) - 1]}-{n}"
    return slug


def led_role(user):
    """`user`'s role in a chapter's leadership (the oldest, should there be several), or None."""
    return (
        ChapterRole.objects.filter(user=user).select_related("chapter").order_by("since", "pk")
    ).first()


def _leadership_refusal(role, chapter):
    """Why the leader holding `role` may not join `chapter`: a leader belongs to the chapter they
    lead, and to no other while they lead it."""
    if role.chapter_id == chapter.pk:
        return _(
            "Formas parte de la directiva de este capítulo. Si tu perfil aún no lo muestra como tu "
            "capítulo, pide al equipo del IME que lo actualice."
        )
    if role.role == ChapterRole.Role.COORDINATOR:
        text = _(
            "Coordinas el capítulo %(name)s: mientras lo coordines no puedes unirte a otro "
            "capítulo."
        )
    else:
        text = _(
            "Formas parte de la directiva del capítulo %(name)s: mientras sigas en ella no puedes "
            "unirte a otro capítulo."
        )
    return text % {"name": role.chapter.name}


def refusal_to_join(*, member, chapter):
    """Why `member` may not ask to join `chapter` now, or None."""
    if member.chapter_id == chapter.pk:
        return _("Ya eres miembro de este capítulo.")
    role = led_role(member.user_id)
    if role is not None:
        return _leadership_refusal(role, chapter)
    pending = JoinRequest.objects.filter(member=member, status=JoinRequest.Status.PENDING)
    pending = pending.select_related("chapter").first()
    if pending is not None:
        if pending.chapter_id == chapter.pk:
            return _(
                "Ya enviaste una solicitud a este capítulo; espera la respuesta de su directiva."
            )
        return _(
            "Ya tienes una solicitud pendiente con el capítulo %(name)s. Espera su respuesta antes "
            "de pedir unirte a otro."
        ) % {"name": pending.chapter.name}
    return None


@transaction.atomic
def request_to_join(*, member, chapter, base_url, message=""):
    """Records `member`'s request to join `chapter` and tells each of its leaders by email (after
    the commit); ChapterActionRefused when a rule says no."""
    Member = type(member)
    # Row lock on the member: two clicks at once cannot create two pending requests.
    member = Member.objects.select_for_update().get(pk=member.pk)
    reason = refusal_to_join(member=member, chapter=chapter)
    if reason:
        raise ChapterActionRefused(reason)
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                member=member, chapter=chapter, message=message
            )
    except IntegrityError as error:  # the one-pending constraint, should a lock be bypassed
        raise ChapterActionRefused(_("Ya tienes una solicitud pendiente.")) from error
    notifications.join_requested(join_request, base_url=base_url)
    return join_request


@transaction.atomic
def decide_join_request(*, join_request, decided_by, approve, base_url):
    """Approves (the member joins the chapter) or declines a pending request; the member is told
    by email after the commit."""
    join_request = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("chapter", "member__user")
        .get(pk=join_request.pk)
    )
    if join_request.status != JoinRequest.Status.PENDING:
        raise ChapterActionRefused(
            _("Esta solicitud ya fue respondida (%(status)s); no cambió nada.")
            % {"status": join_request.get_status_display().lower()}
        )
    if approve:
        role = led_role(join_request.member.user_id)
        if role is not None and role.chapter_id != join_request.chapter_id:
            raise ChapterActionRefused(
                _(
                    "%(name)s forma parte de la directiva del capítulo %(chapter)s: no puede "
                    "unirse a otro mientras siga en ella. Puedes declinar la solicitud."
                )
                % {"name": join_request.member.full_name, "chapter": role.chapter.name}
            )
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = decided_by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    member = join_request.member
    if approve:
        member.chapter = join_request.chapter
        # save(), not update(): the members app keeps its search data current on save.
        member.save(update_fields=["chapter", "updated_at"])
    if member.user.is_active:
        _send_after_commit(emails.send_join_request_decided, join_request, base_url=base_url)
    return join_request


def _news_slug_taken(chapter):
    return lambda slug: ChapterNews.objects.filter(chapter=chapter, slug=slug).exists()


def publish_news(*, chapter, author, title, body, image=None, image_description=""):
    """Publishes a news item. `image` is a redtalentos.lib.images.Version (already checked and
    re-encoded by the form), or None. Raises images.ImageNotStored when the picture cannot be
    written (full disk): then nothing is published and no file is left."""
    news = ChapterNews(
        chapter=chapter,
        author=author,
        title=title,
        body=body,
        image_description=image_description if image is not None else "",
    )
    if image is not None:
        news.image_width, news.image_height = image.width, image.height
    new_files = {"image": image} if image is not None else {}
    with images.stored_versions(news, new_files), transaction.atomic():
        news.slug = _unique_slug(
            title,
            _news_slug_taken(chapter),
            max_length=220,
            fallback="noticia",
            reserved=RESERVED_NEWS_SLUGS,
        )
        news.save()
    return news


@transaction.atomic
def submit_proposal(*, proposer, city, country, founding_members, purpose):
    """Records a member's proposal for a new chapter; one pending proposal per member."""
    Member = type(proposer)
    Member.objects.select_for_update().filter(pk=proposer.pk).first()
    if ChapterProposal.objects.filter(
        proposer=proposer, status=ChapterProposal.Status.PENDING
    ).exists():
        raise ChapterActionRefused(
            _(
                "Ya tienes una propuesta de capítulo en revisión. El equipo del IME te responderá "
                "antes de que puedas enviar otra."
            )
        )
    return ChapterProposal.objects.create(
        proposer=proposer,
        city=city,
        country=country,
        founding_members=founding_members,
        purpose=purpose,
        # The decision is mailed in the language the proposal was written in.
        language=(translation.get_language() or settings.LANGUAGE_CODE)[:10],
    )


def _chapter_name(proposal):
    """The city, or the city with its country when another chapter already has that name."""
    # Each candidate is checked as it will be stored (cut to the field's 120 characters): a long
    # city would otherwise pass the check and then collide with an existing name.
    for name in (proposal.city, f"{proposal.city} ({proposal.country.name})"):
        if not Chapter.objects.filter(name__iexact=name[:120]).exists():
            return name[:120]
    n = 2
    while Chapter.objects.filter(name__iexact=f"{proposal.city[:110]} {n}").exists():
        n += 1
    return f"{proposal.city[:110]} {n}"


@transaction.atomic
def approve_proposal(*, proposal, reviewer, latitude, longitude, base_url):
    """Creates the chapter in formation at (`latitude`, `longitude`) on the map, with the proposer
    as its member and its coordinator, all or nothing; the proposer hears by email after the
    commit. A pending request of theirs to join another chapter is withdrawn."""
    if latitude is None or longitude is None:
        raise ValueError("A new chapter needs its position on the map.")
    proposal = (
        ChapterProposal.objects.select_for_update(of=("self",))
        .select_related("proposer__user")
        .get(pk=proposal.pk)
    )
    if proposal.status != ChapterProposal.Status.PENDING:
        raise ChapterActionRefused(
            _("La propuesta de %(city)s ya fue revisada.") % {"city": proposal.city}
        )
    proposer = proposal.proposer
    if proposer is None or not proposer.user.is_active:
        raise ChapterActionRefused(
            _(
                "Quien propuso el capítulo de %(city)s ya no tiene cuenta activa: no hay quien lo "
                "coordine. Rechaza la propuesta."
            )
            % {"city": proposal.city}
        )
    # Locked like request_to_join does: no request of theirs slips in while they become leader.
    proposer = type(proposer).objects.select_for_update().select_related("user").get(pk=proposer.pk)
    role = led_role(proposer.user_id)
    if role is not None:
        raise ChapterActionRefused(
            _(
                "%(name)s ya forma parte de la directiva del capítulo %(chapter)s: quita antes ese "
                "cargo para que coordine el capítulo de %(city)s."
            )
            % {"name": proposer.full_name, "chapter": role.chapter.name, "city": proposal.city}
        )
    name = _chapter_name(proposal)
    chapter = Chapter.objects.create(
        name=name,
        slug=_unique_slug(
            name,
            lambda slug: Chapter.objects.filter(slug=slug).exists(),
            max_length=80,
            fallback="capitulo",
            reserved=RESERVED_SLUGS,
        ),
        city=proposal.city,
        country=proposal.country,
        status=Chapter.Status.IN_FORMATION,
        latitude=latitude,
        longitude=longitude,
    )
    ChapterRole.objects.create(
        chapter=chapter, user=proposer.user, role=ChapterRole.Role.COORDINATOR
    )
    JoinRequest.objects.filter(member=proposer, status=JoinRequest.Status.PENDING).delete()
    proposer.chapter = chapter
    # save(), not update(): the members app keeps its search data current on save.
    proposer.save(update_fields=["chapter", "updated_at"])
    proposal.status = ChapterProposal.Status.APPROVED
    proposal.reviewed_by = reviewer
    proposal.reviewed_at = timezone.now()
    proposal.chapter = chapter
    proposal.proposer = proposer
    proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "chapter"])
    notifications.proposal_decided(proposal, base_url=base_url)
    return chapter


@transaction.atomic
def reject_proposal(*, proposal, reviewer, base_url):
    """Declines a pending proposal; the proposer hears by email after the commit."""
    updated = ChapterProposal.objects.filter(
        pk=proposal.pk, status=ChapterProposal.Status.PENDING
    ).update(
        status=ChapterProposal.Status.REJECTED, reviewed_by=reviewer, reviewed_at=timezone.now()
    )
    if not updated:
        raise ChapterActionRefused(
            _("La propuesta de %(city)s ya fue revisada.") % {"city": proposal.city}
        )
    proposal = ChapterProposal.objects.select_related("proposer__user").get(pk=proposal.pk)
    notifications.proposal_decided(proposal, base_url=base_url)
