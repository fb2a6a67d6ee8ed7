"""A host's postings: save (a draft, or sent for review at once), send for review, the PNCS
review (approve or return with a comment), close. Every status change goes through
`Posting.move_to` (POSTING_TRANSITIONS) with the posting's row locked, so that two reviewers or a
reviewer and the host never both change it; the host's email leaves after the commit, in the
language they last wrote the posting in."""

from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.utils.text import slugify
from django.utils.translation import get_language

from members.profiles import skills_for_names
from redtalentos.lib import emails

from .models import POSTING_WORKFLOW, Posting, PostingStatus

SLUG_LENGTH = 80


def _slug_is_free(slug, exclude_pk=None):
    """Not taken by another posting and not a fixed path under /pasantias/ ("publicar", ...)."""
    path = reverse("internships:posting_detail", kwargs={"slug": slug})
    try:
        if resolve(path).url_name != "posting_detail":
            return False
    except Resolver404:  # pragma: no cover - the pattern above always resolves
        return False
    return not Posting.objects.filter(slug=slug).exclude(pk=exclude_pk).exists()


def unique_slug(title, organisation, exclude_pk=None):
    base = slugify(f"{title} {organisation}")[:SLUG_LENGTH].strip("-") or "pasantia"
    slug, number = base, 2
    while not _slug_is_free(slug, exclude_pk):
        slug = f"{base[: SLUG_LENGTH - 6]}-{number}"
        number += 1
    return slug


def _notify(posting):
    if posting.host is None:
        return
    url = emails.absolute(settings.SITE_URL, posting.get_absolute_url())
    list_url = emails.absolute(settings.SITE_URL, reverse("internships:my_postings"))
    transaction.on_commit(lambda: emails.send_posting_status(posting, url=url, list_url=list_url))


def _language():
    return (get_language() or settings.LANGUAGE_CODE)[:10]


@transaction.atomic
def save_posting(*, form, host, skill_names, submit=False):
    """Saves the posting form of `host` (a new draft, or an edit of a draft or a returned one)
    with its skills; with `submit`, sends it for review too. Returns the posting."""
    posting = form.save(commit=False)
    if posting.pk is None:
        posting.host = host
    else:
        # The host may have opened the form before a reviewer acted: edit only while editable.
        locked = Posting.objects.select_for_update().get(pk=posting.pk)
        if locked.status not in (PostingStatus.DRAFT, PostingStatus.RETURNED):
            POSTING_WORKFLOW.check(locked.status, PostingStatus.SUBMITTED)
        posting.status = locked.status
    if not posting.slug:
        posting.slug = unique_slug(posting.title, posting.organisation, posting.pk)
    posting.language = _language()
    posting.save()
    form.save_m2m()
    posting.skills.set(skills_for_names(skill_names))
    if submit:
        posting.move_to(PostingStatus.SUBMITTED, actor=host.user)
        _notify(posting)
    return posting


def _locked(posting):
    return (
        Posting.objects.select_for_update(of=("self",))
        .select_related("host__user", "cycle")
        .get(pk=posting.pk)
    )


@transaction.atomic
def submit_posting(*, posting, actor):
    """The host sends a draft (or a returned posting) for review."""
    posting = _locked(posting)
    posting.language = _language()
    posting.move_to(PostingStatus.SUBMITTED, actor=actor)
    _notify(posting)
    return posting


@transaction.atomic
def review_posting(*, posting, reviewer, approve, comment=""):
    """A reviewer approves (publishes) or returns the posting with a comment."""
    posting = _locked(posting)
    wanted = PostingStatus.APPROVED if approve else PostingStatus.RETURNED
    posting.move_to(wanted, actor=reviewer, comment=comment)
    _notify(posting)
    return posting


@transaction.atomic
def close_posting(*, posting, actor):
    """Takes a published posting off the list (the host, or IME)."""
    posting = _locked(posting)
    posting.move_to(PostingStatus.CLOSED, actor=actor)
    _notify(posting)
    return posting
