"""Mentor suggestions for a request: the mentors who take proposals now (not paused, a place
free, a language in common, not already proposed for it), ranked in one query by

    3 * the request's sector among theirs
  + 4 * the share of the request's topics found in their offer (the portal's search: the
        Spanish and English configurations of the directory, stems and accents aside)
  + 2 * the share of the requested hours that fall in the mentor's hours (both in UTC)
  + 1 * the share of the mentor's places still free

with each part kept as the reason shown next to the name. A mentor needs the sector or one topic
to be suggested at all.
"""

from dataclasses import dataclass

from django.db.models import ExpressionWrapper, F, FloatField, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import Language

from .models import MentorOffer

TOPICS_CONSIDERED = 6
LANGUAGES = dict(Language.choices)


def _topic_query(topic):
    return "(plainto_tsquery('rt_es', %s) || plainto_tsquery('rt_en', %s))", [topic, topic]


@dataclass
class Suggestion:
    offer: MentorOffer
    score: float
    sector: bool
    topics: list
    languages: list
    overlap: int
    wanted_hours: int

    def reasons(self):
        """The reasons, as sentences for the page (and kept with a proposal)."""
        reasons = []
        if self.sector:
            reasons.append(_("Trabaja en el sector de la solicitud."))
        if self.topics:
            reasons.append(_("Temas en común: %(topics)s.") % {"topics": ", ".join(self.topics)})
        if self.languages:
            reasons.append(
                _("Idiomas en común: %(languages)s.") % {"languages": ", ".join(self.languages)}
            )
        reasons.append(
            ngettext(
                "%(overlap)d hora en común de las %(wanted)d del horario pedido.",
                "%(overlap)d horas en común de las %(wanted)d del horario pedido.",
                self.overlap,
            )
            % {"overlap": self.overlap, "wanted": self.wanted_hours}
        )
        reasons.append(
            _("%(free)d de %(capacity)d lugares libres (%(load)d en curso o propuestas).")
            % {
                "free": self.offer.free_places,
                "capacity": self.offer.capacity,
                "load": self.offer.load,
            }
        )
        return reasons


def candidates(request):
    """The offers that may be proposed for `request` now, before ranking."""
    # Proposals go through the introductions: a mentor who paused those, or takes none, is left
    # out too (their monthly budget is checked when the proposal is made).
    offers = MentorOffer.objects.filter(
        paused=False,
        load__lt=F("capacity"),
        member__account_active=True,
        member__intro_paused=False,
        member__intro_monthly_limit__gt=0,
    ).exclude(member__user_id=request.mentee_id)
    offers = offers.exclude(member__mentorships__request=request)
    if request.languages:
        offers = offers.filter(languages__overlap=request.languages)
    return offers


def suggestions(request, *, limit=10):
    """The best `limit` mentors for `request`, best first, as Suggestions (one query)."""
    topics = request.topic_list[:TOPICS_CONSIDERED]
    offers = candidates(request)
    matches, topic_count = [], None
    for number, topic in enumerate(topics):
        sql, params = _topic_query(topic)
        name = f"topic_{number}"
        found = f"mentoring_mentoroffer.search @@ {sql}"
        # The SQL is fixed text; what people typed goes in `params`, never into the text.
        offers = offers.annotate(**{name: RawSQL(found, params)})  # noqa: S611
        term = RawSQL(f"CASE WHEN {found} THEN 1 ELSE 0 END", params)  # noqa: S611
        topic_count = term if topic_count is None else topic_count + term
        matches.append(name)
    sector = RawSQL("mentoring_mentoroffer.sector_ids @> ARRAY[%s]::integer[]", [request.sector_id])
    overlap = RawSQL(
        "bit_count((mentoring_mentoroffer.utc_hours & %s)::bit(24))::integer", [request.utc_hours]
    )
    offers = offers.annotate(sector_match=sector, overlap=overlap)
    wanted = max(bin(request.utc_hours).count("1"), 1)
    found = Q(sector_match=True)
    for name in matches:
        found |= Q(**{name: True})
    offers = offers.filter(found)
    score = RawSQL(
        "CASE WHEN mentoring_mentoroffer.sector_ids @> ARRAY[%s]::integer[] THEN 3 ELSE 0 END",
        [request.sector_id],
    )
    score = score + ExpressionWrapper(
        2.0 * F("overlap") / wanted + 1.0 * (F("capacity") - F("load")) / F("capacity"),
        output_field=FloatField(),
    )
    if topic_count is not None:
        score = score + ExpressionWrapper(
            4.0 * topic_count / len(matches), output_field=FloatField()
        )
    offers = (
        offers.annotate(score=ExpressionWrapper(score, output_field=FloatField()))
        .select_related("member")
        .order_by("-score", "load", "member_id")[:limit]
    )
    chosen = set(request.languages)
    return [
        Suggestion(
            offer=offer,
            score=round(offer.score, 3),
            sector=offer.sector_match,
            topics=[
                topic for topic, name in zip(topics, matches, strict=True) if getattr(offer, name)
            ],
            languages=[
                str(LANGUAGES.get(code, code)) for code in offer.languages if code in chosen
            ],
            overlap=min(offer.overlap, wanted),
            wanted_hours=wanted,
        )
        for offer in offers
    ]
