"""Garbage in any parameter of the directory never breaks it: the answer is a page (200) or a
refusal (4xx), never a server error, and the profiles are left as they were."""

import base64
import json
from datetime import datetime, timedelta, timezone

import pytest
from django.core.cache import caches
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.directory import SORTS, encode_cursor
from members.models import Member
from tests.conftest import make_member

PARAMS = (
    "q",
    "sector",
    "capitulo",
    "pais",
    "ciudad",
    "aporte",
    "habilidad",
    "idioma",
    "disponibilidad",
    "verificado",
    "orden",
    "despues",
)
NASTY = [
    "'&|!():*",
    "' OR 1=1 --",
    "'; DROP TABLE members_member; --",
    "<script>alert(1)</script>",
    "%00",
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f\u200b\u202e",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "🙂" * 50,
    "x" * 10_000,
]
HUGE_INTEGERS = [0, -1, -(2**63), 2**31, 2**63, 2**64, 10**30, -(10**400)]


def _b64(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _json_token(value):
    # ensure_ascii keeps lone surrogates as "\ud800" escapes, as an attacker could send them.
    return _b64(json.dumps(value).encode())


_json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from(HUGE_INTEGERS),
    st.floats(),
    st.text(max_size=200),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),
    st.datetimes(timezones=st.timezones()).map(datetime.isoformat),
    st.builds(
        lambda moment, minutes: moment.replace(
            tzinfo=timezone(timedelta(minutes=minutes))
        ).isoformat(),
        st.datetimes(),
        st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1),
    ),
)
cursors = st.one_of(
    # Shaped like a real cursor: [sort, key, primary key].
    st.tuples(
        st.sampled_from(SORTS),
        _json_scalars,
        st.one_of(st.integers(min_value=1, max_value=2**63 - 1), _json_scalars),
    )
    .map(list)
    .map(_json_token),
    st.lists(st.one_of(st.sampled_from(SORTS), _json_scalars), max_size=4).map(_json_token),
    st.binary(max_size=300).map(_b64),
)
values = st.one_of(
    st.text(max_size=100),  # every code point but surrogates: NUL and control characters too
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]), max_size=50),
    st.builds(
        lambda text, times: (text * times)[:10_000],
        st.text(min_size=1, max_size=10),
        st.integers(min_value=100, max_value=10_000),
    ),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from(HUGE_INTEGERS).map(str),
    st.sampled_from(NASTY),
    cursors,
)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def profiles(db):
    make_member("José García López", headline="Ingeniera de software", country="US")
    make_member("María Núñez", headline="Médica", city="Houston", sectors=("salud",))
    make_member("Carlos González", headline="Ingeniero químico", contribution_offers=["projects"])
    return snapshot()


def snapshot():
    return list(
        Member.objects.order_by("pk").values_list(
            "pk", "full_name", "headline", "listed_publicly", "search_vector", "sector_ids"
        )
    )


def ask(client, params, *, htmx=False):
    """The directory's answer to `params`, which must not be a server error.

    A value PostgreSQL refuses aborts the transaction the test runs in (in production each
    request has its own): a savepoint keeps the next request usable.
    """
    caches["pages"].clear()  # the rendering is under test here; a repeated input is rendered again
    savepoint = transaction.savepoint()
    try:
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.get(reverse("members:directory"), params, **headers)
    finally:
        transaction.savepoint_rollback(savepoint)
    assert response.status_code in (200, 400), (params, response.status_code)
    return response


def assert_intact(client, before):
    assert snapshot() == before
    response = ask(client, {"q": "ingenieros"})
    names = {card["member"].full_name for card in response.context["cards"]}
    assert names == {"José García López", "Carlos González"}
    assert response.context["page"].total == 2


def test_random_values_in_any_one_parameter_never_break_the_directory(client, profiles):
    @SETTINGS
    @given(param=st.sampled_from(PARAMS), value=values, htmx=st.booleans())
    def run(param, value, htmx):
        response = ask(client, {param: value}, htmx=htmx)
        if response.status_code == 200:
            # Whatever the value, a page lists only listed profiles and says how many.
            assert len(response.context["cards"]) <= response.context["page"].total <= 3

    run()
    assert_intact(client, profiles)


def test_random_values_in_every_parameter_at_once_never_break_the_directory(client, profiles):
    @SETTINGS
    @given(params=st.fixed_dictionaries({}, optional=dict.fromkeys(PARAMS, values)))
    def run(params):
        ask(client, params)

    run()
    assert_intact(client, profiles)


def test_random_cursors_never_break_paging(client, profiles):
    @SETTINGS
    @given(
        token=cursors,
        sort=st.sampled_from(["", *SORTS]),
        text=st.sampled_from(["", "ingenieros", "zz"]),
    )
    def run(token, sort, text):
        response = ask(client, {"despues": token, "orden": sort, "q": text})
        if response.status_code == 200:
            assert response.context["page"].total <= 3

    run()
    assert_intact(client, profiles)


@pytest.mark.parametrize(
    "value",
    ["'&|!():*", "' OR 1=1 --", "<script>", "%00", "\x00", "a\x00b", "-1", "x" * 10_000],
    ids=lambda value: repr(value)[:20],
)
def test_nasty_values_in_any_parameter_are_a_page_or_a_refusal(client, profiles, value):
    for param in PARAMS:
        response = ask(client, {param: value})
        if param in ("q", "ciudad", "habilidad"):
            assert response.status_code == 200  # text is cleaned, never refused
            assert not [str(m) for m in response.context["messages"]]
    response = ask(client, dict.fromkeys(PARAMS, value))
    assert response.status_code == 200
    assert_intact(client, profiles)


@pytest.mark.parametrize(
    "param", ["sector", "capitulo", "pais", "aporte", "idioma", "disponibilidad", "orden"]
)
def test_a_bad_choice_is_ignored_with_a_warning(client, profiles, param):
    for value in ("' OR 1=1 --", "-1", "99999999999999999999999999", "\x00", "<script>"):
        response = ask(client, {param: value, "q": "ingenieros"})
        assert response.status_code == 200
        assert [str(m) for m in response.context["messages"]] == [
            "Algunos filtros no eran válidos y no se aplicaron; revisa los campos marcados."
        ], value
        assert response.context["page"].total == 2


MALFORMED_CURSORS = [
    "garbage",
    "%00",
    "\x00",
    "x" * 601,
    _b64(b"not json"),
    _json_token(["name", "\ud800", 1]),  # a lone surrogate PostgreSQL cannot receive
    _json_token(["name", "a\x00", 1]),
    _json_token(["name", "a" * 151, 1]),
    _json_token(["name", "josé", 0]),
    _json_token(["name", "josé", 2**63]),
    _json_token(["name", "josé", True]),
    _json_token(["name", "josé", "1"]),
    _json_token(["name", ["x"], 1]),
    _json_token(["recent", "ayer", 1]),
    _json_token(["recent", "2026-01-01T00:00:00", 1]),  # without a time zone
    _json_token(["relevance", float("nan"), 1]),
    _json_token(["relevance", float("inf"), 1]),
    _json_token(["relevance", "0.5", 1]),
    _json_token(["relevance", True, 1]),
    _json_token(["name", "josé"]),
    _json_token({"sort": "name"}),
    _json_token("name"),
]


@pytest.mark.parametrize("sort", ["name", "recent", "relevance"])
def test_a_malformed_cursor_shows_the_first_page(client, profiles, sort):
    params = {"orden": sort, "q": "ingenieros"}
    first = [card["member"].pk for card in ask(client, params).context["cards"]]
    for token in MALFORMED_CURSORS:
        response = ask(client, {**params, "despues": token})
        assert response.status_code == 200, token
        assert [card["member"].pk for card in response.context["cards"]] == first, token
        assert response.context["criteria"].after is None
        assert any("ya no es válido" in str(m) for m in response.context["messages"]), token


@pytest.mark.parametrize(
    "token",
    [
        _json_token(["relevance", 10**400, 1]),
        # Where a page of relevance ended among ties: any count a cursor may hold.
        _json_token(["relevance", [0, 1.5, 2**31], 1, 2]),
        _json_token(["relevance", [0, 1e308, 2**63 - 1], 1, 2]),
        _json_token(["relevance", [2, 0.5, 2**63 - 1], 2**63 - 1, 2]),
        _json_token(["recent", "0001-01-01T00:00:00+23:59", 1]),
        _json_token(["recent", "9999-12-31T23:59:59-23:59", 1]),
    ],
)
def test_an_out_of_range_cursor_is_refused_or_ignored(client, profiles, token):
    # Well-formed but out of what PostgreSQL or a float can hold: never a server error.
    for sort in ("name", "recent", "relevance"):
        ask(client, {"orden": sort, "q": "ingenieros", "despues": token})
    assert_intact(client, profiles)


def test_a_valid_cursor_still_works_next_to_garbage_elsewhere(client, db):
    for index in range(25):
        make_member(f"Perfil {index:02d}", headline="Ingeniera")
    cursor = encode_cursor("name", "perfil 19", Member.objects.get(full_name="Perfil 19").pk)
    params = {"despues": cursor, "orden": "name", "pais": "' OR 1=1 --", "q": "\x00ingeniera"}
    response = ask(client, params)
    assert [card["member"].full_name for card in response.context["cards"]] == [
        f"Perfil {index:02d}" for index in range(20, 25)
    ]
    assert response.context["page"].total == 25


def test_a_cursor_moment_is_read_with_its_time_zone(client, db):
    people = [make_member(f"Perfil {index:02d}") for index in range(3)]
    moment = people[1].created_at.astimezone(timezone(timedelta(hours=-5)))
    cursor = encode_cursor("recent", moment.isoformat(), people[1].pk)
    response = ask(client, {"orden": "recent", "despues": cursor})
    assert [card["member"].pk for card in response.context["cards"]] == [people[0].pk]
    assert not list(response.context["messages"])
