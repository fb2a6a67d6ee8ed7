"""Profile services: a member's own profile, photo, skills and education, with its history."""

import unicodedata

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from redtalentos.lib import images

from .models import MemberChange, Skill

SKILL_MAX_LENGTH = 60
SKILLS_MAX = 30


# Skills


def clean_skill_name(raw):
    """A tag as it will be shown: no control characters, single spaces, trimmed."""
    visible = "".join(" " if unicodedata.category(c).startswith("C") else c for c in str(raw))
    return " ".join(visible.split())


def skill_key(name):
    """The matching key of a tag: "Pythón ", "python" and "PYTHON" share one key."""
    decomposed = unicodedata.normalize("NFKD", clean_skill_name(name))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def split_skill_names(text):
    """The distinct tags of a comma-separated text, in the order typed (first spelling wins)."""
    names, seen = [], set()
    for part in str(text).split(","):
        name = clean_skill_name(part)
        key = skill_key(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def skills_for_names(names):
    """The Skill rows for `names`, creating the missing ones (existing spellings are kept)."""
    by_key = {skill_key(name): name for name in names}
    Skill.objects.bulk_create(
        [Skill(key=key, name=name) for key, name in by_key.items()], ignore_conflicts=True
    )
    return list(Skill.objects.filter(key__in=by_key))


# The profile form


# The organisations kept in a profile's history (newest first).
PAST_ORGANISATIONS_KEPT = 20


@transaction.atomic
def save_profile(*, form, skill_names, changed_by):
    """Saves the edit form and the skills; records which fields changed. Returns their names."""
    member = form.instance
    keys_before = {skill.key for skill in member.skills.all()}
    changed = list(form.changed_data)
    previous = (form.initial.get("organisation") or "").strip()
    if "organisation" in changed and previous:
        kept = [name for name in member.past_organisations if name.lower() != previous.lower()]
        member.past_organisations = [previous, *kept][:PAST_ORGANISATIONS_KEPT]
    if "skills" in changed:
        changed.remove("skills")  # compared by key below: "Python" → "python" is no change
    member = form.save()
    if {skill_key(name) for name in skill_names} != keys_before:
        member.skills.set(skills_for_names(skill_names))
        changed.append("skills")
    if "full_name" in changed and member.user.full_name != member.full_name:
        member.user.full_name = member.full_name
        member.user.save(update_fields=["full_name"])
    if changed:
        MemberChange.objects.create(member=member, changed_by=changed_by, fields=changed)
    return changed


# Photo


def _delete_files(storage, names):
    for name in names:
        if name:
            storage.delete(name)


def replace_photo(*, member, versions, changed_by):
    """Stores the processed versions of a new photo; the old files go once the change commits.

    Raises images.ImageNotStored when the files cannot be written (full disk): nothing is kept.
    """
    storage = member.photo.storage
    old_names = [member.photo.name, member.photo_small.name]
    new_files = {"photo": versions["large"], "photo_small": versions["small"]}
    # The new files are taken back if a write or the database change fails: no orphan files.
    with images.stored_versions(member, new_files), transaction.atomic():
        member.save(update_fields=["photo", "photo_small", "updated_at"])
        MemberChange.objects.create(member=member, changed_by=changed_by, fields=["photo"])
        transaction.on_commit(lambda: _delete_files(storage, old_names))


@transaction.atomic
def remove_photo(*, member, changed_by):
    storage = member.photo.storage
    old_names = [member.photo.name, member.photo_small.name]
    if not any(old_names):
        return False
    member.photo = member.photo_small = ""
    member.save(update_fields=["photo", "photo_small", "updated_at"])
    MemberChange.objects.create(member=member, changed_by=changed_by, fields=["photo"])
    transaction.on_commit(lambda: _delete_files(storage, old_names))
    return True


# Education


@transaction.atomic
def add_education(*, member, form, changed_by):
    education = form.save(commit=False)
    education.member = member
    education.save()
    MemberChange.objects.create(member=member, changed_by=changed_by, fields=["education"])
    return education


@transaction.atomic
def delete_education(*, education, changed_by):
    member = education.member
    education.delete()
    MemberChange.objects.create(member=member, changed_by=changed_by, fields=["education"])


# Completeness


def completeness(member, *, sectors, skills, education):
    """(percentage, [what is missing]) of a profile; the related rows are passed in (no queries)."""
    checks = [
        (bool(member.photo), _("una foto")),
        (bool(member.headline), _("un titular")),
        (bool(member.bio), _("tu biografía")),
        (bool(member.city and member.country), _("tu ciudad y país de residencia")),
        (bool(member.organisation and member.position), _("tu organización y tu cargo")),
        (bool(sectors), _("al menos un sector")),
        (bool(skills), _("tus habilidades")),
        (bool(education), _("tu formación académica")),
        (bool(member.languages), _("tus idiomas")),
        (
            bool(member.linkedin_url or member.orcid or member.website),
            _("al menos un enlace profesional"),
        ),
        (bool(member.contribution_offers), _("qué puedes aportar")),
    ]
    done = sum(1 for ok, _label in checks if ok)
    missing = [label for ok, label in checks if not ok]
    return round(100 * done / len(checks)), missing
