"""Demo data for the mentoring (called by the seed_demo command), synthetic only: about thirty
members abroad offer mentoring (the demo member among them), with their sectors, topics in
Spanish, languages and the time zone of their city; people in Mexico ask for it, alone or in the
cohort "Mentoría a pymes agroalimentarias 2027" that the demo PNCS opened. Some requests wait in
the queue, some proposals wait for the mentor's answer (one for the demo member), one was
declined and went back to the queue, some mentorships are active with their monthly check-ins and
some were completed months ago with their certificates.

Everything goes through the forms and mentoring.services as people do it: offers and requests
through their forms, proposals with the reasons of mentoring.matching, answers through the
brokered channel (members.introductions.answer_introduction), endings through services.complete;
then the dates are moved back to when it happened, so that the pages show months of history.
No email leaves. Running it twice changes nothing. The offers and the cohort are made in
offers_demo, the requests and their stories in requests_demo."""

from django.db import transaction

from members.introductions import muted as introductions_muted

from . import emails
from .offers_demo import seed_cohort, seed_offers
from .requests_demo import seed_requests


def seed_mentoring(rng, *, pncs, ime):
    """Adds the demo's mentoring; `rng` is a random.Random (seeded by the caller), `pncs` the demo
    PNCS account (it opens the cohort and proposes for its sector), `ime` the demo IME account.
    No email leaves, neither the mentoring's nor the brokered channel's. Returns what was
    created."""
    with emails.muted(), introductions_muted(), transaction.atomic():
        offers = seed_offers(rng)
        cohort, cohort_created = seed_cohort(opened_by=pncs)
        counts = seed_requests(rng, cohort=cohort, pncs=pncs, ime=ime)
    return {"offers": offers, "cohorts": int(cohort_created), **counts}
