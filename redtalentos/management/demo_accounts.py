"""The three demo accounts with a known password (a member with a full profile, PNCS staff, an
IME admin) and the demo member's introduction requests."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from chapters.models import Chapter
from members.consents import set_consent
from members.models import (
    AccountType,
    Availability,
    Consent,
    ContributionOffer,
    Education,
    IntroductionRequest,
    Member,
    MexicanState,
    User,
)
from pncs.models import ContactPoint, Sector

from .demo_members import skills_named

DEMO_PASSWORD = "demo-red-talentos-2026"  # noqa: S105 (local demo only, printed by make run)
DEMO_MEMBER = {"email": "demo@redtalentos.example", "full_name": "Ana Demo Ruiz"}
DEMO_PNCS = {"email": "pncs@redtalentos.example", "full_name": "Laura Méndez Demo"}
DEMO_IME = {"email": "ime@redtalentos.example", "full_name": "Administración IME (demo)"}
DEMO_CONTACT_POINT = "PNCS de Tecnologías de la Información (demo)"


def account(email, full_name, **fields):
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, **fields}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    else:
        # Accounts from an older seed_demo (before account types) get theirs.
        changed = {key: value for key, value in fields.items() if not getattr(user, key)}
        if changed:
            User.objects.filter(pk=user.pk).update(**changed)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user, created


def demo_member():
    user, created = account(
        DEMO_MEMBER["email"], DEMO_MEMBER["full_name"], account_type=AccountType.TALENT
    )
    if Member.objects.filter(user=user).exists():
        return int(created)
    member = Member.objects.create(
        user=user,
        slug="ana-demo-ruiz",
        full_name=user.full_name,
        headline="Ingeniera de software en robótica",
        bio=(
            "Nací en Guadalajara y estudié Ingeniería en Computación en la Universidad de "
            "Guadalajara. Desde 2014 vivo en San José, California, donde dirijo un equipo de "
            "software para robots de almacén.\n\nMe interesa acompañar a estudiantes "
            "mexicanos que quieren hacer una estancia en empresas de tecnología y colaborar "
            "con centros de investigación en robótica en México."
        ),
        city="San José, California",
        country="US",
        state_of_origin=MexicanState.JAL,
        organisation="Bayview Robotics Labs",
        position="Engineering Manager",
        languages=["es", "en", "fr"],
        linkedin_url="",
        orcid="0000-0002-1825-0097",  # ORCID's own documented example iD
        website="https://ana-demo-ruiz.example",
        contribution_offers=[
            ContributionOffer.KNOWLEDGE_TRANSFER,
            ContributionOffer.INTERNSHIPS,
            ContributionOffer.ACADEMIC_MENTORING,
            ContributionOffer.PROJECTS,
        ],
        availability=Availability.AVAILABLE,
        chapter=Chapter.objects.filter(slug="silicon-valley").first(),
        verified_at=timezone.now(),
    )
    member.sectors.set(Sector.objects.filter(slug__in=["tic", "automotriz"]))
    member.skills.set(
        skills_named(["Python", "Robótica", "Visión por computadora", "ROS", "C++"]).values()
    )
    Education.objects.bulk_create(
        [
            Education(
                member=member,
                degree=Education.Degree.BACHELOR,
                field="Ingeniería en Computación",
                institution="Universidad de Guadalajara",
                year=2008,
            ),
            Education(
                member=member,
                degree=Education.Degree.MASTER,
                field="Robótica",
                institution="Pacific Coast University",
                year=2012,
            ),
        ]
    )
    for purpose in Consent.Purpose.values:
        set_consent(user=user, purpose=purpose, granted=True)
    return int(created)


def demo_pncs():
    user, created = account(DEMO_PNCS["email"], DEMO_PNCS["full_name"])
    contact_point, _ = ContactPoint.objects.get_or_create(
        name=DEMO_CONTACT_POINT,
        defaults={
            "slug": "pncs-tic-demo",
            "public_contact": "https://pncs-tic.example",
        },
    )
    contact_point.sectors.add(*Sector.objects.filter(slug="tic"))
    contact_point.staff.add(user)
    return int(created)


def demo_ime():
    _user, created = account(
        DEMO_IME["email"], DEMO_IME["full_name"], is_staff=True, is_superuser=True
    )
    return int(created)


def demo_introductions():
    """Requests to and from the demo member in each state, so that its requests page has
    something to answer and to show. Only a run that finds none adds them."""
    member = Member.objects.get(user__email=DEMO_MEMBER["email"])
    if IntroductionRequest.objects.filter(member=member).exists():
        return 0
    now = timezone.now()
    Purpose, Status = IntroductionRequest.Purpose, IntroductionRequest.Status
    requests = [
        IntroductionRequest(
            requester=User.objects.get(email=DEMO_PNCS["email"]),
            member=member,
            purpose=Purpose.MENTORING,
            message=(
                "Buscamos quien acompañe a una universidad tecnológica en su programa de "
                "robótica durante el próximo semestre."
            ),
            created_at=now - timedelta(days=2),
        )
    ]
    others = list(Member.objects.listed_publicly().exclude(pk=member.pk).order_by("pk")[:2])
    if others:
        requests += [
            IntroductionRequest(
                requester=others[0].user,
                member=member,
                purpose=Purpose.COLLABORATION,
                message="Me gustaría conversar sobre visión por computadora en almacenes.",
                status=Status.ACCEPTED,
                created_at=now - timedelta(days=9),
                answered_at=now - timedelta(days=8),
            ),
            IntroductionRequest(
                requester=member.user,
                member=others[-1],
                purpose=Purpose.INTERNSHIP,
                message="¿Recibiría a una estudiante de Guadalajara para una estancia?",
                created_at=now - timedelta(days=1),
            ),
        ]
    IntroductionRequest.objects.bulk_create(requests)
    return len(requests)
