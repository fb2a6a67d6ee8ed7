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

from django.db.models import BooleanField, F, FloatField, IntegerField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import Language

from .models import MentorOffer, Mentorship

TOPICS_CONSIDERED = 6
# The ranking reads the offers alone (a bounded sort of narrow rows); the best limit * CHECKED
# are then checked against their members' own record (an account closed, introductions paused:
# rare), so that a page still shows `limit` mentors when a few of the best are left out.
CHECKED = 3
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
    """The offers that may be proposed for `request` now, as far as the offers themselves tell:
    not paused, a place free, a language in common, not proposed for it yet."""
    offers = MentorOffer.objects.filter(paused=False, load__lt=F("capacity")).exclude(
        member_id__in=Mentorship.objects.filter(request=request).values("mentor_id")
    )
    if request.languages:
        offers = offers.filter(languages__overlap=request.languages)
    return offers


def takes_proposals(member, request):
    """What the member's own record says: an active account, introductions not paused (the
    proposal is one), and not the mentee themselves. Their monthly budget is checked when the
    proposal is made."""
    return (
        member.account_active
        and not member.intro_paused
        and member.intro_monthly_limit > 0
        and member.user_id != request.mentee_id
    )


def _any_topic(topics):
    """(sql, params): the tsquery of any of `topics` (Spanish and English stems)."""
    parts, params = [], []
    for topic in topics:
        sql, topic_params = _topic_query(topic)
        parts.append(sql)
        params += topic_params
    return " || ".join(parts), params


def suggestions(request, *, limit=10):
    """The best `limit` mentors for `request`, best first, as Suggestions: one query ranks the
    candidates (only their ids and the parts of their score leave the database; the sector's
    and the words' indexes find them), a second one reads the chosen offers."""
    topics = request.topic_list[:TOPICS_CONSIDERED]
    wanted = max(bin(request.utc_hours).count("1"), 1)
    offer = "mentoring_mentoroffer"
    sector_sql = f"{offer}.sector_ids @> ARRAY[%s]::integer[]"
    found_sql, found_params = sector_sql, [request.sector_id]
    score_sql = (
        f"(CASE WHEN {sector_sql} THEN 3.0 ELSE 0.0 END"
        f" + 2.0 * bit_count(({offer}.utc_hours & %s)::bit(24))::float8 / %s"
        f" + ({offer}.capacity - {offer}.load)::float8 / {offer}.capacity"
    )
    score_params = [request.sector_id, request.utc_hours, wanted]
    overlap_sql = f"bit_count(({offer}.utc_hours & %s)::bit(24))::integer"
    offers = candidates(request)
    matches = []
    if topics:
        any_sql, any_params = _any_topic(topics)
        found_sql = f"({sector_sql} OR {offer}.search @@ ({any_sql}))"
        found_params = [request.sector_id, *any_params]
        terms = []
        for number, topic in enumerate(topics):
            sql, params = _topic_query(topic)
            name = f"topic_{number}"
            # The SQL is fixed text; what people typed goes in `params`, never into the text.
            offers = offers.annotate(
                **{name: RawSQL(f"{offer}.search @@ {sql}", params, BooleanField())}  # noqa: S611
            )
            terms.append((f"(CASE WHEN {offer}.search @@ {sql} THEN 1.0 ELSE 0.0 END)", params))
            matches.append(name)
        # Most of a sector's mentors share none of the words: one match against any topic
        # spares them the match against each.
        each = " + ".join(sql for sql, _ in terms)
        score_sql += (
            f" + CASE WHEN {offer}.search @@ ({any_sql})"
            f" THEN 4.0 * ({each}) / {len(terms)} ELSE 0.0 END"
        )
        score_params += [*any_params, *(param for _, params in terms for param in params)]
    score_sql += ")"
    ranked = (
        offers.filter(RawSQL(found_sql, found_params, BooleanField()))  # noqa: S611
        .annotate(
            score=RawSQL(score_sql, score_params, FloatField()),  # noqa: S611
            sector_match=RawSQL(sector_sql, [request.sector_id], BooleanField()),  # noqa: S611
            overlap=RawSQL(overlap_sql, [request.utc_hours], IntegerField()),  # noqa: S611
        )
        .order_by("-score", "load", "member_id")
        .values_list("pk", "score", "sector_match", "overlap", *matches)[: limit * CHECKED]
    )
    rows = list(ranked)
    chosen_offers = MentorOffer.objects.select_related("member").in_bulk([row[0] for row in rows])
    chosen = set(request.languages)
    result = []
    for pk, score, sector_match, overlap, *flags in rows:
        chosen_offer = chosen_offers[pk]
        if not takes_proposals(chosen_offer.member, request):
            continue
        if len(result) == limit:
            break
        result.append(
            Suggestion(
                offer=chosen_offer,
                score=round(score, 3),
                sector=sector_match,
                topics=[topic for topic, flag in zip(topics, flags, strict=True) if flag],
                languages=[
                    str(LANGUAGES.get(code, code))
                    for code in chosen_offer.languages
                    if code in chosen
                ],
                overlap=min(overlap, wanted),
                wanted_hours=wanted,
            )
        )
    return result
