"""ARCO rights: the data held about a person (access) and deleting their account (cancellation)."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from .models import Consent, IntroductionRequest, Member, MemberChange, Skill, StaffAccess, User


def _date(value):
    return value.isoformat() if value else None


def _choice(value, label):
    """A coded value and its label in the reader's language (one for tools, one for people)."""
    return {"value": value, "label": str(label)} if value else None


def _choices(values, choices):
    labels = dict(choices)
    return [_choice(value, labels.get(value, value)) for value in values]


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
        "country": _choice(member.country.code, member.country.name),
        "state_of_origin": _choice(member.state_of_origin, member.get_state_of_origin_display()),
        "organisation": member.organisation,
        "position": member.position,
        "sectors": [sector.name for sector in member.sectors.all()],
        "skills": [skill.name for skill in member.skills.all()],
        "education": [
            {
                "degree": _choice(row.degree, row.get_degree_display()),
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
        "availability": _choice(member.availability, member.get_availability_display()),
        "chapter": member.chapter.name if member.chapter else None,
        "visibility": {
            group: _choice(
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
        "verified_at": _date(member.verified_at),
        "created_at": _date(member.created_at),
        "updated_at": _date(member.updated_at),
    }


def export_user_data(user):
    """Everything the portal holds about `user`, as a JSON-serialisable dict (the right of access).

    Other people appear by name only (never their email address).
    """
    member = (
        Member.objects.select_related("chapter")
        .prefetch_related("sectors", "skills", "education")
        .filter(user=user)
        .first()
    )
    data = {
        "generated_at": _date(timezone.now()),
        "site": settings.SITE_NAME,
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "account_type": _choice(user.account_type, user.get_account_type_display()),
            "date_joined": _date(user.date_joined),
            "last_login": _date(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
            ],
            "two_factor_methods": sorted(user.authenticator_set.values_list("type", flat=True)),
        },
        "profile": _profile(member) if member else None,
        "consents": [
            {
                "purpose": _choice(consent.purpose, consent.get_purpose_display()),
                "granted": consent.granted,
                "notice_version": consent.notice_version,
                "date": _date(consent.created_at),
            }
            for consent in Consent.objects.filter(user=user).order_by("created_at", "id")
        ],
        "introductions_sent": [
            {
                "to": request.member.full_name if request.member else None,
                "purpose": _choice(request.purpose, request.get_purpose_display()),
                "message": request.message,
                "status": _choice(request.status, request.get_status_display()),
                "created_at": _date(request.created_at),
                "answered_at": _date(request.answered_at),
            }
            for request in IntroductionRequest.objects.filter(requester=user)
            .select_related("member")
            .order_by("created_at")
        ],
        "introductions_received": [],
        "profile_changes": [],
        "staff_views_of_my_profile": [],
        "my_staff_activity": [
            {
                "kind": _choice(access.kind, access.get_kind_display()),
                "rows": access.rows,
                "date": _date(access.created_at),
            }
            for access in StaffAccess.objects.filter(viewer=user).order_by("created_at")
        ],
    }
    if member is None:
        return data
    data["introductions_received"] = [
        {
            "from": _person_name(request.requester),
            "from_institutions": _institutions(request.requester),
            "purpose": _choice(request.purpose, request.get_purpose_display()),
            "message": request.message,
            "status": _choice(request.status, request.get_status_display()),
            "created_at": _date(request.created_at),
            "answered_at": _date(request.answered_at),
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
            "date": _date(change.created_at),
        }
        for change in MemberChange.objects.filter(member=member)
        .select_related("changed_by__member")
        .order_by("created_at")
    ]
    data["staff_views_of_my_profile"] = [
        {
            "viewer": _person_name(access.viewer),
            "institutions": _institutions(access.viewer),
            "kind": _choice(access.kind, access.get_kind_display()),
            "date": _date(access.created_at),
        }
        for access in StaffAccess.objects.filter(member=member)
        .select_related("viewer__member")
        .prefetch_related("viewer__contact_points")
        .order_by("created_at")
    ]
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


def _erase_member(member):
    """Deletes a profile and what only it held; records that must stay lose what identified it."""
    names = [member.full_name, member.slug, member.user.email]
    photos = [field.name for field in (member.photo, member.photo_small) if field.name]
    skill_ids = list(member.skills.values_list("pk", flat=True))
    IntroductionRequest.objects.filter(member=member).update(message="")
    StaffAccess.objects.filter(member=member).update(detail={})
    # An export's record may name the people it held: keep the count, drop the detail.
    mentions = Q()
    for text in filter(None, names):
        mentions |= Q(detail__icontains=text)
    if mentions:
        StaffAccess.objects.filter(mentions).update(detail={})
    _anonymise_admin_log(Member, member.pk)
    member.delete()
    # Tags only this person used may say something about them; shared ones stay.
    Skill.objects.filter(pk__in=skill_ids).annotate(used=Count("member")).filter(used=0).delete()
    _delete_files_after_commit(photos, member.photo.storage)


@transaction.atomic
def delete_profile(*, member):
    """Erases a profile but keeps the account (used by the admin; people delete their account)."""
    _erase_member(member)


@transaction.atomic
def delete_account(*, user):
    """Erases the account and its personal data (the right of cancellation).

    Kept, anonymised: consents (purpose, version, date), introduction requests (purpose, status,
    dates; the message is blanked) and the staff access log (counts). Photos leave the storage once
    the transaction commits. The sessions of the account stop working with it.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    member = Member.objects.filter(user=user).first()
    if member is not None:
        _erase_member(member)
    IntroductionRequest.objects.filter(requester=user).update(message="")
    EmailAddress.objects.filter(user=user).delete()
    _anonymise_admin_log(User, user.pk)
    user.delete()
