"""Small builders of mentor offers, requests and cohorts for the mentoring tests. Offers and
requests go through the forms and mentoring.services, as a person makes them, so that the
copied fields (the offer's sector ids, the UTC hours) are the ones the site keeps."""

import datetime
import itertools

from django.utils import timezone

from members.models import AccountType
from mentoring import services
from mentoring.forms import OfferForm, RequestForm
from mentoring.models import Cohort, MentorOffer
from pncs.models import Sector
from tests.conftest import make_user

_numbers = itertools.count(1)


def sector(slug="tic"):
    return Sector.objects.get(slug=slug)


def _sector_pks(slugs):
    return [str(pk) for pk in Sector.objects.filter(slug__in=slugs).values_list("pk", flat=True)]


def make_offer(
    member,
    *,
    sectors=("tic",),
    topics="desarrollo de software, ciberseguridad",
    languages=("es", "en"),
    time_zone="America/Chicago",
    hours_from=9,
    hours_to=17,
    capacity=2,
    formats=("video",),
    hours_per_month=2,
    paused=False,
):
    """`member`'s offer to mentor, saved through OfferForm and services.save_offer (a second call
    changes the offer already there)."""
    data = {
        "capacity": capacity,
        "sectors": _sector_pks(sectors),
        "topics": topics,
        "languages": list(languages),
        "time_zone": time_zone,
        "hours_from": hours_from,
        "hours_to": hours_to,
        "formats": list(formats),
        "hours_per_month": hours_per_month,
    }
    if paused:
        data["paused"] = "on"
    instance = MentorOffer.objects.filter(member=member).first()
    form = OfferForm(data=data, instance=instance)
    assert form.is_valid(), form.errors
    return services.save_offer(form=form, member=member)


def set_capacity(offer, capacity):
    """The mentor changes only their capacity, through their form."""
    offer.refresh_from_db()
    return make_offer(
        offer.member,
        sectors=list(offer.sectors.values_list("slug", flat=True)),
        topics=offer.topics,
        languages=offer.languages,
        time_zone=offer.time_zone,
        hours_from=offer.hours_from,
        hours_to=offer.hours_to,
        capacity=capacity,
        formats=offer.formats,
        hours_per_month=offer.hours_per_month,
        paused=offer.paused,
    )


def make_mentee(full_name=None, email=None):
    """A participant in Mexico (a student account)."""
    number = next(_numbers)
    return make_user(
        email or f"mentee{number}@example.org",
        full_name=full_name or f"Persona Mentorada {number}",
        account_type=AccountType.STUDENT,
    )


def request_form(
    *,
    sector="tic",
    topics="desarrollo de software",
    goal="Quiero llevar mi startup de software a clientes en Estados Unidos.",
    languages=("es",),
    time_zone="America/Mexico_City",
    hours_from=9,
    hours_to=17,
    organisation="",
    cohort=None,
):
    data = {
        "goal": goal,
        "organisation": organisation,
        "sector": str(Sector.objects.get(slug=sector).pk),
        "topics": topics,
        "languages": list(languages),
        "time_zone": time_zone,
        "hours_from": hours_from,
        "hours_to": hours_to,
    }
    form = RequestForm(data=data, cohort=cohort)
    assert form.is_valid(), form.errors
    return form


def make_request(
    mentee=None, *, sector="tic", topics="desarrollo de software", cohort=None, **fields
):
    """A request of `mentee` (a new participant if None), through RequestForm and
    services.create_request (a cohort's request takes a place or waits in line)."""
    mentee = mentee or make_mentee()
    form = request_form(sector=sector, topics=topics, cohort=cohort, **fields)
    return services.create_request(form=form, mentee=mentee, cohort=cohort)


def make_cohort(*, places=2, sectors=("tic",), closes_in_days=10, mentee_picks=False, **fields):
    number = next(_numbers)
    close = timezone.localdate() + datetime.timedelta(days=closes_in_days)
    defaults = {
        "name": f"Mentoría a pymes de prueba {number}",
        "slug": f"grupo-{number}",
        "description": "Un grupo de prueba.",
        "places": places,
        "applications_close": close,
        "starts_on": close + datetime.timedelta(days=5),
        "ends_on": close + datetime.timedelta(days=120),
        "mentee_picks": mentee_picks,
    }
    defaults.update(fields)
    cohort = Cohort.objects.create(**defaults)
    cohort.sectors.set(Sector.objects.filter(slug__in=sectors))
    return cohort


def reload(obj):
    obj.refresh_from_db()
    return obj
