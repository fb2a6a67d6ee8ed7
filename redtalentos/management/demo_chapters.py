"""Demo data for the chapters (called by the seed_demo command): page texts, leaders, news, one
pending proposal and pending join requests, all synthetic. Running it twice changes nothing.

It picks leaders among the members, an app above chapters: hence here, with the tooling."""

import datetime

from django.db import transaction
from django.utils import timezone

from chapters.models import Chapter, ChapterNews, ChapterProposal, ChapterRole, JoinRequest
from members.models import Member

PAGES = {
    "silicon-valley": {
        "description": (
            "El primer capítulo de la red, formalizado en noviembre de 2006. Reúne a profesionales "
            "mexicanos de la tecnología, la academia y el emprendimiento en la bahía de San "
            "Francisco.\n\nSe reúne una vez al mes y organiza visitas de emprendedores mexicanos."
        ),
        "areas_of_interest": (
            "- Tecnologías de la información\n- Semiconductores\n"
            "- Emprendimiento y capital de riesgo"
        ),
        "action_lines": (
            "- Mentoría a empresas mexicanas de base tecnológica\n"
            "- Estancias de estudiantes en empresas del valle\n"
            "- Misiones de aprendizaje de negocios"
        ),
    },
    "houston": {
        "description": (
            "Formalizado en mayo de 2007, el capítulo de Houston reúne a especialistas de la "
            "energía, la salud y la industria aeroespacial."
        ),
        "areas_of_interest": "- Hidrocarburos y energías alternativas\n- Salud\n- Aeronáutica",
        "action_lines": (
            "- Comités de evaluación de proyectos de innovación\n"
            "- Vinculación con el Centro Médico de Texas"
        ),
    },
    "detroit": {
        "description": (
            "Formalizado en diciembre de 2007, el capítulo de Detroit trabaja con la industria "
            "automotriz y sus proveedores a ambos lados de la frontera."
        ),
        "areas_of_interest": "- Sector automotriz\n- Manufactura avanzada\n- Nuevos materiales",
        "action_lines": (
            "- Proyectos binacionales con proveedores mexicanos\n"
            "- Pasantías en centros de ingeniería"
        ),
    },
}

NEWS = {
    "silicon-valley": [
        (
            "reunion-anual-2026",
            "Reunión anual del capítulo",
            "Nos reunimos en Mountain View para presentar el programa del año. **Gracias** a "
            "todas y todos los que asistieron.",
            datetime.date(2026, 3, 14),
        ),
        (
            "mentorias-para-startups",
            "Abrimos mentorías para startups mexicanas",
            "Diez miembros del capítulo ofrecen una hora al mes de mentoría a empresas de base "
            "tecnológica.",
            datetime.date(2026, 6, 2),
        ),
    ],
    "houston": [
        (
            "panel-energias-alternativas",
            "Panel sobre energías alternativas",
            "Especialistas del capítulo conversaron sobre la transición energética en México.",
            datetime.date(2026, 4, 20),
        ),
    ],
    "detroit": [
        (
            "visita-a-guanajuato",
            "Visita a proveedores automotrices en Guanajuato",
            "Una delegación del capítulo visitó a proveedores del Bajío para conocer sus "
            "capacidades.",
            datetime.date(2026, 5, 8),
        ),
    ],
}

PROPOSAL = {
    "city": "Madrid",
    "country": "ES",
    "founding_members": "Lucía Hernández (demo), Marco Salinas (demo), Paula Ríos (demo)",
    "purpose": (
        "Reunir a los investigadores y profesionales mexicanos en Madrid para colaborar con las "
        "universidades mexicanas y promover estancias de estudiantes."
    ),
}

JOIN_MESSAGE = (
    "Me mudé hace poco a la región y me gustaría colaborar con el capítulo en las estancias de "
    "estudiantes."
)


def _published_at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def _add_leaders(chapter, candidates, rng, counts):
    if chapter.roles.exists() or not candidates:
        return set()
    chosen = rng.sample(candidates, k=min(2, len(candidates)))
    roles = [ChapterRole.Role.PRESIDENT, ChapterRole.Role.COORDINATOR]
    for member, role in zip(chosen, roles, strict=False):
        ChapterRole.objects.create(chapter=chapter, user_id=member.user_id, role=role)
        counts["leaders"] += 1
    return {member.pk for member in chosen}


@transaction.atomic
def seed_chapters(rng):
    """Adds the chapters' demo data; `rng` is a random.Random (seeded by the caller).

    Leaders are picked among the existing demo members, preferably the chapter's own.
    Returns what was created, by kind.
    """
    counts = {"pages": 0, "leaders": 0, "news": 0, "proposals": 0, "join_requests": 0}
    members = list(
        Member.objects.filter(user__is_active=True)
        .only("pk", "user_id", "chapter_id")
        .order_by("pk")
    )
    leaders = set(
        Member.objects.filter(user__chapter_roles__isnull=False).values_list("pk", flat=True)
    )

    for chapter in Chapter.objects.filter(slug__in=PAGES).order_by("pk"):
        page = PAGES[chapter.slug]
        changed = [field for field, text in page.items() if not getattr(chapter, field)]
        for field in changed:
            setattr(chapter, field, page[field])
        if changed:
            chapter.save(update_fields=changed)
            counts["pages"] += 1

        own = [m for m in members if m.chapter_id == chapter.pk and m.pk not in leaders]
        others = [m for m in members if m.chapter_id is None and m.pk not in leaders]
        leaders |= _add_leaders(chapter, own or others, rng, counts)

        author = chapter.roles.order_by("pk").values_list("user_id", flat=True).first()
        for slug, title, body, day in NEWS.get(chapter.slug, []):
            _news, created = ChapterNews.objects.get_or_create(
                chapter=chapter,
                slug=slug,
                defaults={
                    "title": title,
                    "body": body,
                    "author_id": author,
                    "published_at": _published_at(day),
                },
            )
            counts["news"] += created

    proposers = [m for m in members if m.pk not in leaders]
    if proposers and not ChapterProposal.objects.filter(city=PROPOSAL["city"]).exists():
        ChapterProposal.objects.create(proposer=rng.choice(proposers), **PROPOSAL)
        counts["proposals"] += 1

    # One member without a chapter waits on each chapter, so that leaders have requests to answer.
    if not JoinRequest.objects.exists():
        waiting = [m for m in members if m.chapter_id is None and m.pk not in leaders]
        chapters = list(Chapter.objects.filter(slug__in=PAGES).order_by("pk"))
        for chapter, member in zip(
            chapters, rng.sample(waiting, k=min(3, len(waiting))), strict=False
        ):
            JoinRequest.objects.create(chapter=chapter, member_id=member.pk, message=JOIN_MESSAGE)
            counts["join_requests"] += 1
    return counts
