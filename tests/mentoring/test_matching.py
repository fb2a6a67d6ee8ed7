"""Mentor suggestions (mentoring.matching) and the time arithmetic under them: the best mentor is
ranked first with the reasons shown; mentors who cannot take the request are never suggested;
topics are found through the portal's search (English, plurals, accents); one query whatever
the number of mentors; the working hours' overlap across time zones; a member's zone guessed
from their city."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.introductions import answer_introduction
from mentoring import services, timezones
from mentoring.matching import suggestions
from mentoring.models import MentorOffer, hours_mask
from tests.conftest import make_member, make_pncs_staff

from .helpers import make_mentee, make_offer, make_request

pytestmark = pytest.mark.django_db

FOOD = "alimentos-agricultura-biotecnologia"
WINTER = datetime.date(2027, 1, 15)
SUMMER = datetime.date(2027, 7, 15)
DB_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def names(found):
    return [suggestion.offer.member.full_name for suggestion in found]


def food_request(mentee=None, **fields):
    """A food company in Mexico City, working hours 9 to 17, in Spanish."""
    defaults = {
        "sector": FOOD,
        "topics": "exportación, certificación orgánica, inocuidad",
        "languages": ("es",),
        "time_zone": "America/Mexico_City",
        "hours_from": 9,
        "hours_to": 17,
    }
    defaults.update(fields)
    return make_request(mentee, **defaults)


def best_fit(full_name, **fields):
    """A mentor who fits the food request on every count: its sector, its three topics (in other
    words: plurals), Spanish, and hours that cover 9 to 17 in Mexico City in any season (Houston
    8 to 18)."""
    defaults = {
        "sectors": (FOOD,),
        "topics": "exportaciones agrícolas, certificaciones orgánicas, inocuidad alimentaria",
        "languages": ("es", "en"),
        "time_zone": "America/Chicago",
        "hours_from": 8,
        "hours_to": 18,
        "capacity": 3,
    }
    defaults.update(fields)
    return make_offer(make_member(full_name, sectors=defaults["sectors"]), **defaults)


@pytest.fixture
def ranked_mentors(db):
    """The best fit, and three who fit on fewer counts."""
    best = best_fit("Beatriz Mejor Ajuste")
    # The sector, but none of the topics, and hours in Madrid.
    make_offer(
        make_member("Sergio Solo Sector"),
        sectors=(FOOD,),
        topics="biotecnología de enzimas",
        languages=("es",),
        time_zone="Europe/Madrid",
    )
    # One topic, another sector.
    make_offer(
        make_member("Tania Tema Uno"),
        sectors=("tic",),
        topics="exportación de software",
        languages=("es",),
        time_zone="America/Los_Angeles",
    )
    # The sector and every topic, but a single place left of three.
    busy = best_fit("Olga Ocupada Casi")
    MentorOffer.objects.filter(pk=busy.pk).update(load=2)
    # Neither the sector nor a topic: never suggested.
    make_offer(make_member("Carlos Cardiólogo"), sectors=("salud",), topics="cardiología")
    return best


def test_the_best_mentor_is_ranked_first_with_the_reasons(ranked_mentors):
    request = food_request()

    found = suggestions(request)

    assert names(found) == [
        "Beatriz Mejor Ajuste",
        "Olga Ocupada Casi",
        "Sergio Solo Sector",
        "Tania Tema Uno",
    ]
    best = found[0]
    assert best.offer == ranked_mentors
    assert best.sector is True
    assert best.topics == ["exportación", "certificación orgánica", "inocuidad"]
    assert best.reasons() == [
        "Trabaja en el sector de la solicitud.",
        "Temas en común: exportación, certificación orgánica, inocuidad.",
        "Idiomas en común: Español.",
        "8 horas en común de las 8 del horario pedido.",
        "3 de 3 lugares libres (0 en curso o propuestas).",
    ]
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    tania = found[3]
    assert (tania.sector, tania.topics) == (False, ["exportación"])
    assert "Trabaja en el sector de la solicitud." not in tania.reasons()


def test_mentors_who_cannot_take_the_request_are_never_suggested(db):
    member_mentee = make_member("Mónica Mentorada Miembro", sectors=(FOOD,))
    request = food_request(member_mentee.user)
    best_fit("Abril Disponible")
    best_fit("Pablo Pausado", paused=True)
    full = best_fit("Fernanda Llena", capacity=1)
    MentorOffer.objects.filter(pk=full.pk).update(load=1)
    best_fit("Ingrid Inglés", languages=("en",))
    declined = best_fit("Diego Declinó")
    # The mentee's own offer fits their request perfectly.
    make_offer(member_mentee, sectors=(FOOD,), topics="exportación, inocuidad", languages=("es",))
    # A mentor already proposed for this request (who declined) is not suggested again.
    staff = make_pncs_staff()
    mentorship = services.propose(request=request, offer=declined, actor=staff)
    answer_introduction(
        introduction=mentorship.introduction,
        member=declined.member,
        accept=False,
        base_url="http://testserver/",
    )
    request.refresh_from_db()

    assert names(suggestions(request)) == ["Abril Disponible"]


@pytest.mark.parametrize(
    ("offered", "asked"),
    [
        ("food safety audits", "food safety audit"),  # English, plural and singular
        ("exportaciones", "exportación"),  # Spanish, plural and singular
        ("certificación orgánica", "certificacion organica"),  # accents
        ("Certificacion Organica", "certificación orgánica"),
    ],
)
def test_a_mentor_is_found_by_topic_alone(offered, asked):
    mentor = make_offer(
        make_member("Teresa Tema"), sectors=("salud",), topics=offered, languages=("es",)
    )
    request = food_request(topics=asked)

    [found] = suggestions(request)

    assert found.offer == mentor
    assert (found.sector, found.topics) == (False, [asked])


def test_suggestions_take_two_queries_whatever_the_number_of_mentors(ranked_mentors):
    request = food_request()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            found = suggestions(request)
            shown = [(s.offer.member.full_name, s.topics, s.overlap) for s in found]
        return len(captured), len(shown)

    assert queries() == (2, 4)  # the ranking, then the chosen offers with their members
    for number in range(12):
        best_fit(f"Mentora Extra {number}")
    assert queries() == (2, 10)


# Property: whatever the pauses, capacities and loads, only mentors with a free place appear.


LANGUAGES = ["es", "en", "fr"]
POOL = 8


@pytest.fixture
def pool(db):
    request = food_request(make_mentee(), languages=("es", "en"))
    offers = [best_fit(f"Mentor de Prueba {number}") for number in range(POOL)]
    return request, offers


mentor_states = st.lists(
    st.tuples(
        st.booleans(),  # paused
        st.integers(1, 4),  # capacity
        st.integers(0, 5),  # load (above capacity after the mentor lowered it)
        st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3, unique=True),
        st.integers(0, 23),  # hours from, in their zone
        st.integers(1, 24),  # hours to
    ),
    min_size=POOL,
    max_size=POOL,
)


@DB_SETTINGS
@given(
    states=mentor_states,
    wanted=st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3, unique=True),
)
def test_only_mentors_who_take_proposals_are_suggested(pool, states, wanted):
    request, offers = pool
    request.languages = wanted
    request.save(update_fields=["languages"])
    for offer, (paused, capacity, load, languages, start, end) in zip(offers, states, strict=True):
        offer.paused, offer.capacity, offer.load = paused, capacity, load
        offer.languages, offer.hours_from, offer.hours_to = languages, start, end
        offer.save()

    found = suggestions(request, limit=POOL)

    suggested = {suggestion.offer.pk for suggestion in found}
    expected = {
        offer.pk
        for offer in offers
        if not offer.paused and offer.load < offer.capacity and set(offer.languages) & set(wanted)
    }
    assert suggested == expected
    wanted_hours = bin(request.utc_hours).count("1")
    for suggestion in found:
        offer = suggestion.offer
        assert not offer.paused
        assert offer.load < offer.capacity
        # The database's count of common hours is the one of the masks.
        assert suggestion.overlap == bin(offer.utc_hours & request.utc_hours).count("1")
        assert suggestion.wanted_hours == wanted_hours


# Working hours across time zones.


def test_houston_and_mexico_city_share_a_working_day_in_winter():
    houston = hours_mask("America/Chicago", 9, 17, on=WINTER)
    mexico = hours_mask("America/Mexico_City", 9, 17, on=WINTER)

    assert bin(houston & mexico).count("1") == 8
    # In summer Houston is an hour ahead (Mexico keeps standard time all year since 2022).
    summer = hours_mask("America/Chicago", 9, 17, on=SUMMER)
    assert bin(summer & hours_mask("America/Mexico_City", 9, 17, on=SUMMER)).count("1") == 7


def test_madrid_and_mexico_city_share_little_of_a_working_day():
    mexico = hours_mask("America/Mexico_City", 9, 17, on=WINTER)

    assert bin(hours_mask("Europe/Madrid", 9, 17, on=WINTER) & mexico).count("1") == 1
    assert bin(hours_mask("Europe/Madrid", 9, 17, on=SUMMER) & mexico).count("1") == 0


def test_hours_past_midnight_wrap_around():
    night = hours_mask("UTC", 22, 2, on=WINTER)

    assert night == (1 << 22) | (1 << 23) | (1 << 0) | (1 << 1)
    assert hours_mask("UTC", 9, 9, on=WINTER) == (1 << 24) - 1  # equal hours: the whole day


WHOLE_HOUR_ZONES = [
    "UTC",
    "America/Mexico_City",
    "America/Chicago",
    "America/Los_Angeles",
    "America/New_York",
    "America/Toronto",
    "America/Bogota",
    "America/Sao_Paulo",
    "Europe/Madrid",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Australia/Sydney",
]


def utc_hours(zone, start, end, on):
    """The UTC hours of `start` to `end` o'clock in `zone` on `on`, by converting each hour."""
    midnight = datetime.datetime.combine(on, datetime.time(0), zoneinfo.ZoneInfo(zone))
    length = (end - start) % 24 or 24
    return {
        (midnight + datetime.timedelta(hours=hour)).astimezone(datetime.UTC).hour
        for hour in range(start, start + length)
    }


windows = st.tuples(st.sampled_from(WHOLE_HOUR_ZONES), st.integers(0, 23), st.integers(0, 24))


@settings(max_examples=200, deadline=None)
@given(first=windows, second=windows, on=st.sampled_from([WINTER, SUMMER]))
def test_the_overlap_of_two_masks_is_the_hours_both_are_available(first, second, on):
    first_mask = hours_mask(*first, on=on)
    second_mask = hours_mask(*second, on=on)

    assert bin(first_mask).count("1") == len(utc_hours(*first, on))
    assert bin(first_mask & second_mask).count("1") == len(
        utc_hours(*first, on) & utc_hours(*second, on)
    )


# A member's zone, guessed from their city and country.


@pytest.mark.parametrize(
    ("city", "country", "zone"),
    [
        ("Houston", "US", "America/Chicago"),
        ("San José", "US", "America/Los_Angeles"),
        ("  san jose ", "us", "America/Los_Angeles"),
        ("Toronto", "CA", "America/Toronto"),
        ("Madrid", "ES", "Europe/Madrid"),
        ("Núremberg", "DE", "Europe/Berlin"),  # a city the table does not know: the country's
        ("Lima", "PE", "America/Lima"),
        ("", "", ""),
        ("Houston", "", "America/Chicago"),
        ("", "US", "America/New_York"),
    ],
)
def test_a_members_zone_is_guessed_from_their_city_and_country(city, country, zone):
    assert timezones.guess(city, country) == zone


@pytest.mark.parametrize(
    ("city", "country", "zone"),
    [
        # Cities of the network's table that share their name with a city of another country:
        # the country decides.
        ("San José", "CR", "America/Costa_Rica"),
        ("Guadalajara", "ES", "Europe/Madrid"),
        ("San Antonio", "CL", "America/Santiago"),
    ],
)
def test_a_city_named_like_one_of_the_networks_is_placed_in_its_own_country(city, country, zone):
    assert timezones.guess(city, country) == zone
