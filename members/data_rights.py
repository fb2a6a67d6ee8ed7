"""ARCO rights: the data held about a person (access) and deleting their account (cancellation).

The download and the deletion span every app: each registers its share in
redtalentos.lib.personal_data (chapters and pncs in their own `personal_data` modules, members here,
with allauth's addresses and authenticators, Django's groups, permissions and admin log). This
module builds the download from all of them and deletes in one transaction.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from redtalentos.lib import personal_data
from redtalentos.lib.personal_data import Provider, choice, date

from .models import (
    Consent,
    IntroductionRequest,
    Member,
    MemberChange,
    Skill,
    StaffAccess,
    StaffCapLift,
    User,
)


def _choices(values, choices):
    labels = dict(choices)
    return [choice(value, labels.get(value, value)) for value in values]


def _person_name(user):
    """What the export says about another person: their name, never their email address."""
    if user is None:
        return None
    try:
        member = user.member
    except Member.DoesNotExist:
        member = None
    return user.full_name or (member.full_name if member else "") or None


def _institutions(user):
    return [contact_point.name for contact_point in user.contact_points.all()] if user else []


def _profile(member):
    return {
        "url": member.get_absolute_url(),
        "slug": member.slug,
        "full_name": member.full_name,
        "headline": member.headline,
        "bio": member.bio,
        "photo": member.photo.url if member.photo else None,
        "photo_small": member.photo_small.url if member.photo_small else None,
        "city": member.city,
        "country": choice(member.country.code, member.country.name),
        "state_of_origin": choice(member.state_of_origin, member.get_state_of_origin_display()),
        "organisation": member.organisation,
        "past_organisations": member.past_organisations,
        "position": member.position,
        "sectors": [sector.name for sector in member.sectors.all()],
        "skills": [skill.name for skill in member.skills.all()],
        "education": [
            {
                "degree": choice(row.degree, row.get_degree_display()),
                "field": row.field,
                "institution": row.institution,
                "year": row.year,
            }
            for row in member.education.all()
        ],
        "languages": _choices(
            member.languages, Member._meta.get_field("languages").base_field.choices
        ),
        "linkedin_url": member.linkedin_url,
        "orcid": member.orcid,
        "website": member.website,
        "contribution_offers": _choices(
            member.contribution_offers,
            Member._meta.get_field("contribution_offers").base_field.choices,
        ),
        "availability": choice(member.availability, member.get_availability_display()),
        "chapter": member.chapter.name if member.chapter else None,
        "visibility": {
            group: choice(
                member.visibility_of(group), getattr(member, f"get_visibility_{group}_display")()
            )
            for group in Member.FIELD_GROUPS
        },
        "consents_in_force": {
            "listed_publicly": member.listed_publicly,
            "findable_by_pncs": member.findable_by_pncs,
            "visible_to_chapter": member.visible_to_chapter,
        },
        "introductions": {
            "monthly_limit": member.intro_monthly_limit,
            "paused": member.intro_paused,
        },
        "verified_at": date(member.verified_at),
        "created_at": date(member.created_at),
        "updated_at": date(member.updated_at),
    }


def _staff_flags(user):
    return {
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(
            f"{app_label}.{codename}"
            for app_label, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


_ADMIN_ACTIONS = {ADDITION: "addition", CHANGE: "change", DELETION: "deletion"}


def _record_type(content_type):
    model = content_type.model_class() if content_type else None
    return str(model._meta.verbose_name) if model else None


def _admin_actions(user):
    """The admin's log of what this account did: which action, on what kind of record, when. The
    record's own description is left out: it names other people."""
    return [
        {
            "date": date(entry.action_time),
            "action": choice(
                _ADMIN_ACTIONS.get(entry.action_flag), entry.get_action_flag_display()
            ),
            "record_type": _record_type(entry.content_type),
        }
        for entry in LogEntry.objects.filter(user=user)
        .select_related("content_type")
        .order_by("action_time")
    ]


def _export(*, user, member):
    """members' sections of the download (the account and the profile, and what hangs from them)."""
    data = {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "account_type": choice(user.account_type, user.get_account_type_display()),
            "date_joined": date(user.date_joined),
            "last_login": date(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
            ],
            "two_factor_methods": sorted(user.authenticator_set.values_list("type", flat=True)),
            "staff": _staff_flags(user),
        },
        "profile": _profile(member) if member else None,
        "consents": [
            {
                "purpose": choice(consent.purpose, consent.get_purpose_display()),
                "granted": consent.granted,
                "notice_version": consent.notice_version,
                "date": date(consent.created_at),
            }
            for consent in Consent.objects.filter(user=user).order_by("created_at", "id")
        ],
        "introductions_sent": [
            {
                "to": request.member.full_name if request.member else None,
                "purpose": choice(request.purpose, request.get_purpose_display()),
                "message": request.message,
                "status": choice(request.status, request.get_status_display()),
                "created_at": date(request.created_at),
                "answered_at": date(request.answered_at),
            }
            for request in IntroductionRequest.objects.filter(requester=user)
            .select_related("member")
            .order_by("created_at")
        ],
        "introductions_received": [],
        "profile_changes": [],
        "profile_changes_made": [
            {
                "member": change.member.full_name,
                "fields": change.fields,
                "date": date(change.created_at),
            }
            for change in MemberChange.objects.filter(changed_by=user)
            .exclude(member__user=user)
            .select_related("member")
            .order_by("created_at")
        ],
        "staff_views_of_my_profile": [],
        "my_staff_activity": [
            {
                "kind": choice(access.kind, access.get_kind_display()),
                "rows": access.rows,
                "date": date(access.created_at),
            }
            for access in StaffAccess.objects.filter(viewer=user).order_by("created_at")
        ],
        "daily_limits_lifted": [
            {
                "day": date(lift.day),
                "reason": lift.reason,
                "lifted_by": _person_name(lift.lifted_by),
                "date": date(lift.created_at),
            }
            for lift in StaffCapLift.objects.filter(user=user)
            .select_related("lifted_by__member")
            .order_by("day", "created_at")
        ],
        "daily_limits_lifted_by_me": [
            {
                "account": _person_name(lift.user),
                "day": date(lift.day),
                "reason": lift.reason,
                "date": date(lift.created_at),
            }
            for lift in StaffCapLift.objects.filter(lifted_by=user)
            .select_related("user__member")
            .order_by("day", "created_at")
        ],
        "my_admin_actions": _admin_actions(user),
    }
    if member is None:
        return data
    data["introductions_received"] = [
        {
            "from": _person_name(request.requester),
            "from_institutions": _institutions(request.requester),
            "purpose": choice(request.purpose, request.get_purpose_display()),
            "message": request.message,
            "status": choice(request.status, request.get_status_display()),
            "created_at": date(request.created_at),
            "answered_at": date(request.answered_at),
        }
        for request in IntroductionRequest.objects.filter(member=member)
        .select_related("requester__member")
        .prefetch_related("requester__contact_points")
        .order_by("created_at")
    ]
    data["profile_changes"] = [
        {
            "by": "me" if change.changed_by_id == user.pk else _person_name(change.changed_by),
            "fields": change.fields,
            "date": date(change.created_at),
        }
        for change in MemberChange.objects.filter(member=member)
        .select_related("changed_by__member")
        .order_by("created_at")
    ]
    data["staff_views_of_my_profile"] = [
        {
            "viewer": _person_name(access.viewer),
            "institutions": _institutions(access.viewer),
            "kind": choice(access.kind, access.get_kind_display()),
            "date": date(access.created_at),
        }
        for access in StaffAccess.objects.filter(member=member)
        .select_related("viewer__member")
        .prefetch_related("viewer__contact_points")
        .order_by("created_at")
    ]
    return data


def export_user_data(user):
    """Everything the portal holds about `user`, as a JSON-serialisable dict (the right of access):
    members' sections first, then every other app's (redtalentos.lib.personal_data).

    Other people appear by name only (never their email address).
    """
    member = (
        Member.objects.select_related("chapter")
        .prefetch_related("sectors", "skills", "education")
        .filter(user=user)
        .first()
    )
    parts = personal_data.export(user=user, member=member)
    data = {
        "generated_at": date(timezone.now()),
        "site": settings.SITE_NAME,
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        **parts.pop("members"),
    }
    for part in parts.values():
        data.update(part)
    return data


def _delete_files_after_commit(names, storage):
    for name in names:
        transaction.on_commit(lambda name=name: storage.delete(name))


def _anonymise_admin_log(model, pk):
    """The admin's history keeps that an object changed, not whose it was."""
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(content_type=content_type, object_id=str(pk)).update(
        object_repr=f"#{pk}", change_message=""
    )


def _erase(*, user, member):
    """members' share of a deletion, before the rows of the profile and the account go.

    Deleted: the profile with its education, change history and photos (in `_delete_member`), the
    account's email addresses, authenticators, groups and permissions, and its entries in the
    admin's log (Django's log needs an account for each entry).
    Kept without what identified the person: consents (purpose, version, date), introduction
    requests (purpose, status, dates; the message is blanked), the staff access log (counts),
    lifts of a staff account's daily limits (day, who lifted them; the reason is blanked),
    changes they made to others' profiles (which fields, when), and the admin's history of their
    own records (that they changed, not whose they were).
    """
    if member is not None:
        names = [member.full_name, member.slug, member.user.email]
        IntroductionRequest.objects.filter(member=member).update(message="")
        StaffAccess.objects.filter(member=member).update(detail={})
        # An export's record may name the people it held: keep the count, drop the detail.
        mentions = Q()
        for text in filter(None, names):
            mentions |= Q(detail__icontains=text)
        if mentions:
            StaffAccess.objects.filter(mentions).update(detail={})
        _anonymise_admin_log(Member, member.pk)
    if user is not None:
        IntroductionRequest.objects.filter(requester=user).update(message="")
        # A lift of the daily limits is a staff log: it stays, the reason may name the person.
        StaffCapLift.objects.filter(user=user).update(user=None, reason="")
        EmailAddress.objects.filter(user=user).delete()
        _anonymise_admin_log(User, user.pk)
        # The rest goes with the account row: consents, staff accesses and profile changes keep
        # their rows with an empty account (SET_NULL); authenticators, groups, permissions and
        # admin log entries are deleted with it (CASCADE).


def _delete_member(member):
    """Deletes a profile and what only it held, once every app has erased its share."""
    photos = [field.name for field in (member.photo, member.photo_small) if field.name]
    skill_ids = list(member.skills.values_list("pk", flat=True))
    member.delete()
    # Tags only this person used may say something about them; shared ones stay.
    Skill.objects.filter(pk__in=skill_ids).annotate(used=Count("member")).filter(used=0).delete()
    _delete_files_after_commit(photos, member.photo.storage)


@transaction.atomic
def delete_profile(*, member):
    """Erases a profile but keeps the account (used by the admin; people delete their account).
    Every app erases what hangs from the profile; what hangs from the account stays."""
    personal_data.erase(user=None, member=member)
    _delete_member(member)


@transaction.atomic
def delete_account(*, user):
    """Erases the account and its personal data in every app (the right of cancellation).

    Each app's provider (redtalentos.lib.personal_data) deletes or anonymises its share first, as
    its module docstring explains; then the profile and the account go. Photos leave the storage
    once the transaction commits. The sessions of the account stop working with it.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    member = Member.objects.filter(user=user).first()
    personal_data.erase(user=user, member=member)
    if member is not None:
        _delete_member(member)
    user.delete()


PROVIDER = Provider(
    app="members",
    covers=frozenset(
        {
            "members.Member.user",
            "members.Member.sectors",
            "members.Member.skills",
            "members.Education.member",
            "members.Consent.user",
            "members.IntroductionRequest.requester",
            "members.IntroductionRequest.member",
            "members.StaffAccess.viewer",
            "members.StaffAccess.member",
            "members.MemberChange.member",
            "members.MemberChange.changed_by",
            "members.StaffCapLift.user",
            "members.StaffCapLift.lifted_by",
            "members.User.groups",
            "members.User.user_permissions",
            "account.EmailAddress.user",
            "mfa.Authenticator.user",
            "admin.LogEntry.user",
        }
    ),
    export=_export,
    erase=_erase,
)
