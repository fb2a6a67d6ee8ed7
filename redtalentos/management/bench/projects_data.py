"""The data of bench_projects: opportunities, binational projects and members for the weekly
digest, with realistic sectors, countries and words. Every account it creates ends with DOMAIN and
everything else hangs from those accounts, so that `clean` finds all of it."""

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from members.models import AccountType, Consent, Member, User
from mentoring.offers_demo import TOPICS
from pncs.models import Sector
from projects.models import (
    DigestSubscriber,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Project,
    ProjectStatus,
)
from redtalentos.management.demo_people import SECTOR_WEIGHTS

DOMAIN = "bench-projects.invalid"
DAY = datetime.timedelta(days=1)
COUNTRIES = {"MX": 60, "US": 45, "CA": 10, "ES": 8, "DE": 7, "GB": 5, "FR": 4, "JP": 2, "BR": 2}
KINDS = {
    OpportunityKind.TECH_OFFER: 30,
    OpportunityKind.TECH_REQUEST: 20,
    OpportunityKind.BUSINESS_OFFER: 20,
    OpportunityKind.BUSINESS_REQUEST: 15,
    OpportunityKind.RD_PARTNER: 15,
}
OPENINGS = {
    OpportunityKind.TECH_OFFER: ("Ofrecemos", "Tecnología de"),
    OpportunityKind.TECH_REQUEST: ("Buscamos", "Solución de"),
    OpportunityKind.BUSINESS_OFFER: ("Ofrecemos", "Servicios de"),
    OpportunityKind.BUSINESS_REQUEST: ("Buscamos proveedores de", "Proveedor de"),
    OpportunityKind.RD_PARTNER: ("Buscamos socios de investigación en", "Socios en"),
}
FOR_WHOM = [
    "para pymes", "para hospitales públicos", "para universidades", "para la industria",
    "para cooperativas", "para el campo", "para gobiernos locales", "para exportadores",
]  # fmt: skip
# Most projects are on the public board (approved, in progress, concluded).
PROJECT_STATUSES = {
    ProjectStatus.APPROVED: 25,
    ProjectStatus.IN_PROGRESS: 35,
    ProjectStatus.CONCLUDED: 22,
    ProjectStatus.PROPOSED: 8,
    ProjectStatus.IN_EVALUATION: 5,
    ProjectStatus.NOT_APPROVED: 3,
    ProjectStatus.WITHDRAWN: 2,
}
PROJECT_OPENINGS = [
    "Red binacional de", "Laboratorio conjunto de", "Programa México-Estados Unidos de",
    "Plataforma abierta de", "Consorcio de", "Piloto binacional de", "Observatorio de",
]  # fmt: skip
PROJECT_PLACES = [
    "Jalisco", "Nuevo León", "Yucatán", "Puebla", "Querétaro", "Sonora", "Chiapas", "Oaxaca",
    "Baja California", "Guanajuato", "la Ciudad de México", "Veracruz",
]  # fmt: skip
PROJECT_PARTNERS = [
    "una universidad de Texas", "un centro de investigación en Montreal", "una empresa de Múnich",
    "un hospital de Madrid", "un laboratorio de California", "una universidad de Toronto",
]  # fmt: skip
PROJECT_AIMS = [
    "formar a estudiantes de posgrado", "transferir la tecnología a pymes",
    "publicar los datos en abierto", "certificar a los laboratorios locales",
    "registrar una patente conjunta", "escalar el piloto a otros estados",
]  # fmt: skip


def weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def build(rng, options, write):
    """The authors, the opportunities and the members; returns the member who signs in, the
    authors and the sectors' weights (the projects reuse both)."""
    sectors = dict(Sector.objects.values_list("slug", "pk"))
    sector_weights = {sectors[slug]: weight for slug, weight in SECTOR_WEIGHTS.items()}
    unusable = make_password(None)
    authors = User.objects.bulk_create(
        [
            User(
                email=f"autor{number}@{DOMAIN}",
                full_name=f"Autora {number}",
                account_type=AccountType.TALENT,
                password=unusable,
            )
            for number in range(2000)
        ],
        batch_size=2000,
    )
    create_opportunities(rng, options["opportunities"], authors, sectors, sector_weights)
    member = create_members(rng, options["members"], sector_weights, unusable)
    write(f"built: {options['opportunities']} opportunities, {options['members']} members")
    return member, authors, sector_weights


def _text(rng, kind, slugs):
    topic = rng.choice(TOPICS[rng.choice(slugs)])
    verb, noun = OPENINGS[kind]
    title = f"{noun} {topic} {rng.choice(FOR_WHOM)}"
    summary = f"{verb} {topic} {rng.choice(FOR_WHOM)} en México y {rng.choice(FOR_WHOM)}."
    other = rng.choice(TOPICS[rng.choice(slugs)])
    description = (
        f"{summary} El equipo trabaja en {topic} y en {other} desde hace años, con "
        f"resultados publicados y clientes en ambos países. Buscamos una colaboración de "
        f"largo plazo con {rng.choice(FOR_WHOM)[5:]}."
    )
    return title[:160], summary[:300], description


def create_opportunities(rng, count, authors, sectors, sector_weights):
    now = timezone.now()
    by_pk = {pk: slug for slug, pk in sectors.items()}
    chunk = 10_000
    for start in range(0, count, chunk):
        rows = []
        for _number in range(start, min(count, start + chunk)):
            kind = weighted(rng, KINDS)
            own = {weighted(rng, sector_weights) for _ in range(rng.choice([1, 1, 2, 3]))}
            title, summary, description = _text(rng, kind, [by_pk[pk] for pk in own])
            published = now - datetime.timedelta(seconds=rng.randint(0, 365 * 86400))
            status = rng.choices(
                [OpportunityStatus.PUBLISHED, OpportunityStatus.WITHDRAWN],
                weights=[92, 8],
            )[0]
            countries = {weighted(rng, COUNTRIES) for _ in range(rng.randint(1, 3))}
            rows.append(
                Opportunity(
                    kind=kind,
                    title=title,
                    summary=summary,
                    description=description,
                    sector_ids=sorted(own),
                    countries=sorted(countries),
                    organisation=f"Organización {rng.randint(1, 5000)}",
                    author=rng.choice(authors),
                    status=status,
                    published_at=published,
                    expires_at=published + 365 * DAY,
                    created_at=published - DAY,
                )
            )
        created = Opportunity.objects.bulk_create(rows, batch_size=2000)
        Opportunity.sectors.through.objects.bulk_create(
            [
                Opportunity.sectors.through(opportunity_id=row.pk, sector_id=sector_id)
                for row in created
                for sector_id in row.sector_ids
            ],
            batch_size=5000,
        )


def create_projects(rng, count, authors, sector_weights):
    """Projects as the team leaves them on the board: a title, a summary and objectives in
    Spanish from the topics of their sectors, a slug, a status (most on the board), dates."""
    by_pk = {pk: slug for slug, pk in Sector.objects.values_list("slug", "pk")}
    today = timezone.localdate()
    now = timezone.now()
    chunk = 5_000
    for start in range(0, count, chunk):
        rows, own_sectors = [], []
        for number in range(start, min(count, start + chunk)):
            own = sorted({weighted(rng, sector_weights) for _ in range(rng.choice([1, 1, 2, 3]))})
            topics = [rng.choice(TOPICS[by_pk[pk]]) for pk in own]
            topic = topics[0]
            place = rng.choice(PROJECT_PLACES)
            partner = rng.choice(PROJECT_PARTNERS)
            title = f"{rng.choice(PROJECT_OPENINGS)} {topic} en {place}"
            summary = (
                f"Instituciones de {place} y {partner} trabajan juntas en {topic} "
                f"{rng.choice(FOR_WHOM)}."
            )
            objectives = "\n".join(
                [
                    f"1. Desarrollar {topic} con {partner} y validarlo en {place}.",
                    f"2. {rng.choice(PROJECT_AIMS).capitalize()} en {' y '.join(topics)}.",
                    f"3. {rng.choice(PROJECT_AIMS).capitalize()} {rng.choice(FOR_WHOM)}.",
                ]
            )
            status = weighted(rng, PROJECT_STATUSES)
            created = now - datetime.timedelta(seconds=rng.randint(0, 4 * 365 * 86400))
            starts = created.date() + rng.randint(30, 180) * DAY
            started = status in (ProjectStatus.IN_PROGRESS, ProjectStatus.CONCLUDED)
            rows.append(
                Project(
                    slug=f"banco-{number}-{slugify(topic)[:40]}",
                    title=title[:200],
                    summary=summary[:400],
                    objectives=objectives,
                    status=status,
                    starts_on=starts if started else None,
                    ends_on=min(today, starts + 720 * DAY)
                    if status == ProjectStatus.CONCLUDED
                    else None,
                    results_public=started and rng.random() < 0.6,
                    created_by=rng.choice(authors),
                    created_at=created,
                )
            )
            own_sectors.append(own)
        created_rows = Project.objects.bulk_create(rows, batch_size=2000)
        Project.sectors.through.objects.bulk_create(
            [
                Project.sectors.through(project_id=row.pk, sector_id=sector_id)
                for row, own in zip(created_rows, own_sectors, strict=True)
                for sector_id in own
            ],
            batch_size=5000,
        )


def create_members(rng, count, sector_weights, unusable):
    """Members as their profiles leave them for the digest (account, sectors, the news
    consent): most consented, some withdrew, some never did, a few unsubscribed or closed
    their account; half got last week's digest."""
    now = timezone.now()
    last_run = now - 7 * DAY - datetime.timedelta(hours=2)
    chunk = 10_000
    signed_in = None
    for start in range(0, count, chunk):
        numbers = range(start, min(count, start + chunk))
        users = User.objects.bulk_create(
            [
                User(
                    email=f"miembro{number}@{DOMAIN}",
                    full_name=f"Miembro {number} Prueba",
                    account_type=AccountType.TALENT,
                    password=unusable,
                    is_active=rng.random() > 0.02,
                )
                for number in numbers
            ],
            batch_size=5000,
        )
        signed_in = signed_in or users[0]
        members, sector_rows, consents, subscribers = [], [], [], []
        for user in users:
            own = sorted({weighted(rng, sector_weights) for _ in range(rng.choice([1, 2, 2, 3]))})
            members.append(
                Member(
                    user=user,
                    slug=f"bench-{user.pk}",
                    full_name=user.full_name,
                    sort_name=user.full_name.lower(),
                    sector_ids=own,
                    account_active=user.is_active,
                )
            )
            decision = rng.random()
            if decision < 0.90:
                consents.append(_consent(user, True, now - 400 * DAY))
            if 0.85 <= decision < 0.90:
                consents.append(_consent(user, False, now - 30 * DAY))
            chance = rng.random()
            if chance < 0.03:
                subscribers.append(DigestSubscriber(user=user, unsubscribed_at=now - 9 * DAY))
            elif chance < 0.5:
                subscribers.append(DigestSubscriber(user=user, last_sent_at=last_run))
        with transaction.atomic(), connection.cursor() as cursor:
            # The profiles' search triggers would recompute what the digest never reads.
            cursor.execute("SET LOCAL session_replication_role = replica")
            Member.objects.bulk_create(members, batch_size=5000)
            for member in members:
                sector_rows += [
                    Member.sectors.through(member_id=member.pk, sector_id=sector_id)
                    for sector_id in member.sector_ids
                ]
            Member.sectors.through.objects.bulk_create(sector_rows, batch_size=10_000)
            cursor.execute("SET LOCAL session_replication_role = origin")
        Consent.objects.bulk_create(consents, batch_size=10_000)
        DigestSubscriber.objects.bulk_create(subscribers, batch_size=10_000)
    return signed_in


def _consent(user, granted, at):
    return Consent(
        user=user,
        purpose=Consent.Purpose.NEWS,
        granted=granted,
        notice_version=settings.PRIVACY_NOTICE_VERSION,
        created_at=at,
    )


def clean():
    """Deletes everything a run made (or an interrupted run left)."""
    users = User.objects.filter(email__endswith=f"@{DOMAIN}")
    with transaction.atomic():
        projects = Project.objects.filter(created_by__in=users)
        Project.sectors.through.objects.filter(project__in=projects).delete()
        projects.delete()
        opportunities = Opportunity.objects.filter(author__in=users)
        Opportunity.sectors.through.objects.filter(opportunity__in=opportunities).delete()
        opportunities.delete()
        Consent.objects.filter(user__in=users).delete()
        DigestSubscriber.objects.filter(user__in=users).delete()
        members = Member.objects.filter(user__in=users)
        Member.sectors.through.objects.filter(member__in=members).delete()
        members._raw_delete(members.db)  # nothing else hangs from them (see create_members)
        users.delete()
