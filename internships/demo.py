"""Demo data for the internships (called by the seed_demo command): the cycle "Verano 2027",
open for applications whenever the demo is seeded (its dates count from that day), with twelve
postings published by demo members across sectors and countries, reviewed by the demo PNCS or
IME, plus the demo member's own postings in each state of the review (published, returned with a
comment, draft, waiting for the demo PNCS). Goes through Posting.move_to, so that each posting
has its history; no email is sent. Besides, last year's cycle "Verano 2026", over: six postings,
students' applications, an approved matching run and placements (four completed by IME with both
sides' evaluations and the certificate of completion, one over and waiting for IME, one
cancelled). Running it twice changes nothing. The postings are made in postings_demo, last
year's cycle in past_demo."""

from django.db import transaction
from django.utils import timezone

from members.models import Member

from .models import PostingStatus
from .past_demo import seed_past_cycle
from .postings_demo import DEMO_MEMBER_EMAIL, OWN_POSTINGS, POSTINGS, _cycle, _hosts, _posting


@transaction.atomic
def seed_internships(rng, *, reviewer, ime):
    """Adds the demo cycle and its postings; `rng` is a random.Random (seeded by the caller),
    `reviewer` the demo PNCS account, `ime` the demo IME account. Returns what was created."""
    counts = {"cycles": 0, "postings": 0}
    today = timezone.localdate()
    cycle, created = _cycle(
        today, created_by=reviewer
    )  # opened by the demo PNCS, who may change it
    counts["cycles"] += created
    past = seed_past_cycle(rng, reviewer=reviewer, ime=ime)
    counts["cycles"] += past["cycles"]
    counts["placements"] = past["placements"]
    counts["certificates"] = past["certificates"]
    counts["postings"] += past["postings"]
    if cycle.postings.exists():
        return counts
    hosts = _hosts(len(POSTINGS))
    if not hosts:
        return counts
    for number, row in enumerate(POSTINGS):
        (
            title,
            organisation,
            city,
            country,
            remote,
            sectors,
            languages,
            skills,
            weeks,
            seats,
            stipend,
            lodging,
            visa,
        ) = row
        host = hosts[number % len(hosts)]
        _posting(
            cycle,
            host,
            slug=f"demo-{number + 1:02d}",
            title=title,
            organisation=organisation,
            sectors=sectors,
            skills=skills,
            status=PostingStatus.APPROVED,
            # The demo PNCS (TIC) reviews what is theirs; IME the rest.
            reviewer=reviewer if "tic" in sectors else ime,
            city=city,
            country=country,
            remote=remote,
            languages=languages,
            duration_weeks=weeks,
            seats=seats,
            stipend=stipend,
            lodging=lodging,
            visa_letter=visa,
            support_note=rng.choice(["", "Apoyo mensual según el costo de vida de la ciudad."])
            if stipend
            else "",
        )
        counts["postings"] += 1
    demo = Member.objects.filter(user__email=DEMO_MEMBER_EMAIL).first()
    if demo is not None:
        for number, (title, status, comment) in enumerate(OWN_POSTINGS):
            _posting(
                cycle,
                demo,
                slug=f"demo-propia-{number + 1}",
                title=title,
                organisation=demo.organisation or "Universidad de Texas en Austin",
                sectors=["tic"],
                skills="Python, análisis de datos",
                status=status,
                reviewer=reviewer,
                comment=comment,
                city=demo.city or "Austin",
                country=demo.country or "US",
                languages=["es", "en"],
                duration_weeks=10,
                seats=1,
                stipend=True,
            )
            counts["postings"] += 1
    return counts
