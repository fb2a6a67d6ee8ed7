"""Demo news (called by the seed_demo command), synthetic only: national news by the demo IME
admin (one scheduled for next week, one draft, one in English), sector news by the demo PNCS
(published and a draft), and chapter proposals by chapter leaders: one promoted, one declined with
a comment, one waiting in IME's queue. Everything goes through content.news_services as people do
it; no email leaves. Running it twice changes nothing (items are found by their slug)."""

from datetime import timedelta

from django.utils import timezone

from chapters.models import ChapterNews, ChapterRole

from . import news_services as services
from .models import NewsItem, NewsScope

NATIONAL = [
    (
        "convocatoria-jornadas-2027",
        "es",
        "Abre la convocatoria de las Jornadas Informativas 2027",
        "El IME invita a los capítulos a proponer participantes y ponentes.",
        "Las **Jornadas Informativas** reúnen cada año en México a integrantes de la Red, "
        "instituciones y empresas.\n\nLos capítulos pueden proponer ponentes hasta fin de mes.",
        "publish",
    ),
    (
        "red-llega-a-europa",
        "es",
        "La Red suma su primer capítulo en Europa",
        "Talentos mexicanos en Madrid presentan su propuesta de capítulo.",
        "La expansión de la Red más allá de Estados Unidos y Canadá da un primer paso.",
        "publish",
    ),
    (
        "network-annual-report",
        "en",
        "The network's annual report is out",
        "Members, chapters and sectors: a year of the Red de Talentos in numbers.",
        "The annual report covers the work of the nine sectors and the chapters.",
        "publish",
    ),
    (
        "jornadas-programa-preliminar",
        "es",
        "Programa preliminar de las Jornadas",
        "El programa se publicará la próxima semana.",
        "Mesas por sector, talleres y visitas a instituciones.",
        "scheduled",
    ),
    (
        "borrador-boletin-ime",
        "es",
        "Boletín del IME (borrador)",
        "Un borrador que el IME aún no publica.",
        "Texto en preparación.",
        "draft",
    ),
]
SECTOR = [
    (
        "pasantias-tic-2027",
        "Pasantías en tecnologías de la información 2027",
        "Empresas de integrantes de la Red ofrecen plazas para estudiantes mexicanos.",
        "publish",
    ),
    (
        "taller-ciberseguridad",
        "Taller de ciberseguridad con el sector TIC",
        "Un borrador del PNCS para el taller del próximo trimestre.",
        "draft",
    ),
]


class _Form:
    """What the writer's form gives content.news_services.write."""

    def __init__(self, **cleaned_data):
        self.cleaned_data = cleaned_data


def seed_news(*, ime, pncs):
    """Returns {kind: number of new items}."""
    counts = {"national": 0, "sector": 0, "proposals": 0}
    now = timezone.now()
    with services.muted():
        for slug, language, title, summary, body, action in NATIONAL:
            if NewsItem.objects.filter(slug=slug).exists():
                continue
            publish_at = now + timedelta(days=7) if action == "scheduled" else None
            item = services.write(
                form=_Form(
                    title=title,
                    summary=summary,
                    body=body,
                    language=language,
                    scope=NewsScope.NATIONAL,
                    sector=None,
                    publish_at=publish_at,
                ),
                author=ime,
            )
            NewsItem.objects.filter(pk=item.pk).update(slug=slug)
            item.slug = slug
            if action != "draft":
                services.publish(item=item, actor=ime)
            counts["national"] += 1
        sector = pncs.contact_points.values_list("sectors", flat=True).exclude(sectors=None).first()
        for slug, title, summary, action in SECTOR if sector else []:
            if NewsItem.objects.filter(slug=slug).exists():
                continue
            item = services.write(
                form=_Form(
                    title=title,
                    summary=summary,
                    body=summary,
                    language="es",
                    scope=NewsScope.SECTOR,
                    sector_id=sector,
                    publish_at=None,
                ),
                author=pncs,
            )
            NewsItem.objects.filter(pk=item.pk).update(slug=slug)
            item.slug = slug
            if action == "publish":
                services.publish(item=item, actor=pncs)
            counts["sector"] += 1
        counts["proposals"] = _proposals(ime)
    return counts


def _proposals(ime):
    """Up to three chapter news items proposed by a leader of their chapter: promoted, declined,
    waiting."""
    new = 0
    chapter_news = (
        ChapterNews.objects.published().filter(proposal__isnull=True).order_by("published_at", "pk")
    )
    if (
        NewsItem.objects.filter(scope=NewsScope.CHAPTER).exists()
        or NewsItem.objects.filter(source_news__isnull=False).exists()
    ):
        return 0
    for number, news in enumerate(chapter_news[:3]):
        role = ChapterRole.objects.filter(chapter=news.chapter_id).select_related("user").first()
        if role is None:
            continue
        item = services.propose(chapter_news=news, leader=role.user, language="es")
        if number == 0:
            services.decide(item=item, reviewer=ime, promote=True)
        elif number == 1:
            services.decide(
                item=item,
                reviewer=ime,
                promote=False,
                comment="Gracias: es una noticia local, queda en la página del capítulo.",
            )
        new += 1
    return new
