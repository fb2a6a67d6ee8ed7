"""The synthetic members written through the ORM (seed_demo below its bulk threshold), and the
skill tags the demo profiles use."""

from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from chapters.models import Chapter
from members.consents import set_consent
from members.models import AccountType, Education, Member, User
from members.profiles import skill_key, skills_for_names
from pncs.models import Sector

from .demo_people import SYNTHETIC_EMAIL, build_person


def skills_named(names):
    """{name: Skill}, creating the missing tags."""
    by_key = {skill.key: skill for skill in skills_for_names(names)}
    return {name: by_key[skill_key(name)] for name in names}


def missing_numbers(count):
    """The synthetic people 1..count not yet in the database."""
    taken = set(
        User.objects.filter(
            email__startswith="talento", email__endswith="@example.org"
        ).values_list("email", flat=True)
    )
    return [number for number in range(1, count + 1) if SYNTHETIC_EMAIL.format(number) not in taken]


def synthetic_members(numbers, seed):
    people = [build_person(seed, number) for number in numbers]
    if not people:
        return 0

    users = User.objects.bulk_create(
        User(
            email=person.email,
            full_name=person.full_name,
            account_type=AccountType.TALENT,
            password=make_password(None),  # synthetic people never sign in
        )
        for person in people
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )

    slugs = {person.number: f"{slugify(person.full_name)}-{person.number}" for person in people}
    used = set(Member.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True))
    chapters = {chapter.slug: chapter for chapter in Chapter.objects.all()}
    today = timezone.localdate()
    members = Member.objects.bulk_create(
        Member(
            user=user,
            slug=slugs[person.number] + ("-demo" if slugs[person.number] in used else ""),
            full_name=person.full_name,
            headline=person.headline,
            bio=person.bio,
            city=person.city,
            country=person.country,
            state_of_origin=person.state_of_origin,
            organisation=person.organisation,
            position=person.position,
            languages=person.languages,
            website=person.website,
            contribution_offers=person.contribution_offers,
            availability=person.availability,
            chapter=chapters.get(person.chapter),
            intro_monthly_limit=person.intro_monthly_limit,
            intro_paused=person.intro_paused,
            verified_at=(
                None
                if person.verified_days_ago is None
                else timezone.make_aware(
                    datetime.combine(today - timedelta(days=person.verified_days_ago), time(12))
                )
            ),
            **{f"visibility_{group}": value for group, value in person.visibility.items()},
        )
        for person, user in zip(people, users, strict=True)
    )

    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    skills = skills_named(sorted({name for person in people for name in person.skills}))
    Member.sectors.through.objects.bulk_create(
        Member.sectors.through(member=member, sector=sectors[slug])
        for person, member in zip(people, members, strict=True)
        for slug in person.sectors
        if slug in sectors
    )
    Member.skills.through.objects.bulk_create(
        Member.skills.through(member=member, skill=skills[name])
        for person, member in zip(people, members, strict=True)
        for name in person.skills
    )
    Education.objects.bulk_create(
        Education(member=member, degree=degree, field=study, institution=school, year=year)
        for person, member in zip(people, members, strict=True)
        for degree, study, school, year in person.education
    )
    # Consents go through the same service as onboarding, so log and flags agree.
    for person, user in zip(people, users, strict=True):
        for purpose, granted in person.consents.items():
            if purpose in person.withdrawn:
                set_consent(user=user, purpose=purpose, granted=True)
            set_consent(user=user, purpose=purpose, granted=granted)
    return len(users)
