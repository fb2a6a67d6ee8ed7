"""The public directory (/directorio/) as people meet it: who is listed, what a search finds and
shows, filters, sorts, keyset pages, facets, messages and the number of queries a page costs."""

import re
from collections import Counter
from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import members.directory
import members.directory.query
from chapters.models import Chapter
from members.consents import set_consent
from members.models import (
    Availability,
    Consent,
    ContributionOffer,
    Education,
    Language,
    Member,
    NameWord,
    Visibility,
)
from members.permissions import MEMBER
from members.profiles import skills_for_names
from pncs.models import Sector
from tests.conftest import bulk_profiles, login, make_member, result_names


def url():
    return reverse("members:directory")


def get(client, **params):
    response = client.get(url(), params)
    assert response.status_code == 200
    return response


names = result_names


def found(client, **params):
    return set(names(get(client, **params)))


def html(response):
    return response.content.decode()


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def sector(slug):
    return Sector.objects.get(slug=slug)


def chapter(slug):
    return Chapter.objects.get(slug=slug)


# Who is listed


def test_a_visitor_sees_only_profiles_listed_publicly_with_an_active_account(client, db):
    make_member("Lista Pública")
    make_member("Sin Consentimiento", consents=())
    make_member("Solo Para PNCS", consents=(Consent.Purpose.PNCS_SEARCH,))
    make_member("Solo Su Capítulo", consents=(Consent.Purpose.CHAPTER,))
    inactive = make_member("Cuenta Desactivada")
    inactive.user.is_active = False
    inactive.user.save()

    response = get(client)
    assert names(response) == ["Lista Pública"]
    assert response.context["page"].total == 1


def test_members_do_not_see_unlisted_profiles_either(client, member):
    make_member("Sin Consentimiento", consents=())
    make_member("Solo Para PNCS", consents=(Consent.Purpose.PNCS_SEARCH,))
    login(client, member.user)
    assert found(client) == {"Ana Miembro Ruiz"}


def test_a_deactivated_account_vanishes_at_once(client, db):
    person = make_member("Dora Desactivable")
    assert found(client, q="dora") == {"Dora Desactivable"}
    person.user.is_active = False
    person.user.save()
    assert found(client, q="dora") == set()
    assert found(client) == set()


def test_a_withdrawn_consent_vanishes_at_once_and_returns_when_granted(client, db):
    person = make_member("Wendy Retira")
    assert found(client, q="wendy") == {"Wendy Retira"}
    set_consent(user=person.user, purpose=Consent.Purpose.PUBLIC_LISTING, granted=False)
    assert found(client, q="wendy") == set()
    assert get(client).context["page"].total == 0
    set_consent(user=person.user, purpose=Consent.Purpose.PUBLIC_LISTING, granted=True)
    assert found(client, q="wendy") == {"Wendy Retira"}


# What a search finds


@pytest.fixture
def people(db):
    make_member("José García López", headline="Ingeniero de software")
    make_member("María Núñez", headline="Médico internista en Houston")
    make_member("Carlos González Ruiz", headline="Investigador en energía solar")
    make_member("Laura Hernández", headline="Ingeniera química")
    make_member("Pedro Sánchez", headline="Abogado", bio="Trabajo con la familia Robles.")
    make_member("Sofía Robles", headline="Arquitecta")


@pytest.mark.parametrize("text", ["jose garcia", "José García", "JOSÉ", "JOSE GARCIA LOPEZ"])
def test_names_are_found_without_accents_or_case(client, people, text):
    assert names(get(client, q=text)) == ["José García López"]


def test_every_word_of_the_query_must_match(client, people):
    assert found(client, q="jose garcia") == {"José García López"}
    assert found(client, q="medico houston") == {"María Núñez"}
    assert found(client, q="ingeniero houston") == set()


def test_a_name_prefix_finds_the_name(client, people):
    assert found(client, q="gonz") == {"Carlos González Ruiz"}
    assert found(client, q="gonz", orden="name") == {"Carlos González Ruiz"}
    assert found(client, q="carlos gonz", orden="recent") == {"Carlos González Ruiz"}


def test_a_word_that_finds_a_page_is_not_also_read_as_a_name_prefix(client, db):
    # The last word is being typed only while it finds less than a page by itself.
    for index in range(members.directory.PAGE_SIZE):
        make_member(f"Rosa Número {index}")
    rosalindas = {f"Rosalinda Prefijo {index}" for index in range(5)}
    for name in rosalindas:
        make_member(name)
    assert found(client, q="rosa") == {
        f"Rosa Número {i}" for i in range(members.directory.PAGE_SIZE)
    }
    assert found(client, q="rosal") == rosalindas
    assert found(client, q="prefijo rosal", orden="name") == rosalindas


def test_a_plural_finds_masculine_and_feminine_forms(client, people):
    assert found(client, q="ingenieros") == {"José García López", "Laura Hernández"}
    assert found(client, q="ingenieras") == {"José García López", "Laura Hernández"}


def test_stop_words_in_a_query_do_not_stop_it_matching(client, people):
    assert found(client, q="ingeniero de software") == {"José García López"}
    assert found(client, q="the quimica") == {"Laura Hernández"}
    # A biography is indexed in Spanish only, without its stop words: they are not required.
    make_member("Irene Datos", bio="Trabajo en ciencia de datos para hospitales.")
    assert found(client, q="ciencia de datos") == {"Irene Datos"}


def test_a_feminine_form_finds_the_masculine(client, people):
    assert found(client, q="médica") == {"María Núñez"}
    assert found(client, q="medica") == {"María Núñez"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hernandes", "Laura Hernández"),
        ("laura hernadez", "Laura Hernández"),
        ("herrnandez", "Laura Hernández"),
        ("gonzales", "Carlos González Ruiz"),
        ("carlos gonzales ruiz", "Carlos González Ruiz"),
    ],
)
def test_a_small_typo_in_a_name_still_finds_it(client, people, text, name):
    response = get(client, q=text)
    assert names(response) == [name]
    assert response.context["page"].used_fuzzy
    assert "Incluye nombres parecidos" in html(response)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # One letter changed in a short name leaves a third of its trigrams: corrected against
        # the words of the names (members.NameWord).
        ("nicte coeom", "Nicté Cocom Valdovinos"),
        ("coeom", "Nicté Cocom Valdovinos"),
        ("tonatiuh itze", "Tonatiuh Itzá Tinoco"),
        ("nezahualcoyotl tlepa", "Nezahualcóyotl Tlapa Llamas"),
        ("tzac", "Cuitláhuac Tzec Palomares"),
        # Two letters from eight letters on.
        ("tenoch xicotencalt", "Tenoch Xicoténcatl Huchim"),
        ("mixcoalt", "Itzcóatl Mixcóatl Urquiza"),
    ],
)
def test_one_wrong_letter_in_a_short_name_still_finds_it(client, db, text, name):
    make_member(name)
    make_member("Carla Coral Tinajero")
    response = get(client, q=text)
    assert names(response) == [name]
    assert response.context["page"].used_fuzzy


def test_a_corrected_name_is_found_only_where_the_searcher_may_find_it(client, db):
    make_member("Nicté Cocom Valdovinos", consents=())
    make_member("Itzel Cocom Pérez")
    assert names(get(client, q="coeom")) == ["Itzel Cocom Pérez"]
    assert names(get(client, q="nicte coeom")) == []


def test_a_name_far_from_every_word_is_not_corrected_into_it(client, db):
    make_member("Nicté Cocom Valdovinos")
    for text in ("coeomx", "nicte coyotl", "cxxom"):
        assert names(get(client, q=text)) == [], text


def test_the_words_of_names_follow_the_names(db):
    def words():
        return set(
            NameWord.objects.filter(word__in=["cocom", "tepox", "tinoco"]).values_list(
                "word", flat=True
            )
        )

    first = make_member("Nicté Cocom Tinoco")
    second = make_member("Renata Tepox Tinoco")
    assert words() == {"cocom", "tepox", "tinoco"}
    first.full_name = "Nicté Tepox Tinoco"
    first.save()
    assert words() == {"tepox", "tinoco"}  # no name holds Cocom any more
    first.delete()
    assert words() == {"tepox", "tinoco"}  # Renata still holds both
    second.delete()
    assert words() == set()


def test_typos_are_searched_only_when_the_text_finds_almost_nothing(client, db):
    for first in ("Ana", "Berta", "Cecilia", "Diana"):
        make_member(f"{first} Hernández")
    make_member("Elena Hernandes")
    # Four text matches: names with small typos are added.
    response = get(client, q="hernandez")
    assert "Elena Hernandes" in names(response)
    assert response.context["page"].total == 5
    make_member("Fabiola Hernández")
    # Five text matches (members.directory.query.FUZZY_BELOW): the text search is enough.
    response = get(client, q="hernandez")
    assert "Elena Hernandes" not in names(response)
    assert response.context["page"].total == 5
    assert not response.context["page"].used_fuzzy
    assert "Incluye nombres parecidos" not in html(response)


def test_a_name_match_ranks_above_a_match_in_a_bio(client, people):
    assert names(get(client, q="robles")) == ["Sofía Robles", "Pedro Sánchez"]


def test_relevance_is_the_default_order_of_a_text_search(client, people):
    assert names(get(client, q="robles", orden="name")) == ["Pedro Sánchez", "Sofía Robles"]
    assert names(get(client, q="robles")) == names(get(client, q="robles", orden="relevance"))


# Highlighting and escaping


def test_matching_words_are_marked(client, people):
    page = html(get(client, q="ingenieros"))
    assert "<mark>Ingeniero</mark> de software" in page
    assert "<mark>Ingeniera</mark> química" in page
    page = html(get(client, q="jose garcia"))
    assert "<mark>José</mark> <mark>García</mark> López" in page


def test_a_bio_match_shows_a_marked_snippet(client, people):
    page = html(get(client, q="robles"))
    assert "Trabajo con la familia <mark>Robles</mark>." in page


def test_html_in_a_profile_is_escaped(client, db):
    make_member(
        "Eva <b>Negrita</b>",
        headline="<script>alert(1)</script> ingeniera",
        bio='<img src=x onerror="alert(2)"> ingeniera en sistemas',
        organisation="<iframe>Org</iframe>",
    )
    for params in ({"q": "ingeniera"}, {}):
        page = html(get(client, **params))
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page
        assert "<iframe>" not in page
        assert "<b>Negrita</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;b&gt;Negrita&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>ingeniera</mark>" in html(
        get(client, q="ingeniera")
    )


# Visibility of field groups


@pytest.mark.parametrize(
    ("fields", "query", "shown"),
    [
        ({"bio": "Experta en criptografía cuántica"}, "criptografia", "criptografía"),
        ({"organisation": "Laboratorio Zeta"}, "laboratorio zeta", "Laboratorio Zeta"),
        ({"city": "Guadalajara"}, "guadalajara", "Guadalajara"),
    ],
)
def test_a_members_only_group_is_searched_and_shown_for_members_only(
    client, member, fields, query, shown
):
    group = {"bio": "about", "organisation": "work", "city": "location"}[next(iter(fields))]
    make_member("Rita Reservada", **fields, **{f"visibility_{group}": Visibility.MEMBERS})

    assert found(client, q=query) == set()
    assert shown not in html(get(client, q="rita"))
    assert found(client, q="rita") == {"Rita Reservada"}

    login(client, member.user)
    assert found(client, q=query) == {"Rita Reservada"}
    assert shown in html(get(client, q="rita"))


def test_education_shared_with_members_is_searched_by_members_only(client, member):
    rita = make_member("Rita Reservada", visibility_education=Visibility.MEMBERS)
    Education.objects.create(
        member=rita, degree="doctorate", field="Oceanografía", institution="UNAM"
    )
    assert found(client, q="oceanografia") == set()
    login(client, member.user)
    assert found(client, q="oceanografia") == {"Rita Reservada"}


@pytest.mark.parametrize("visibility", [Visibility.STAFF, Visibility.PRIVATE])
def test_staff_and_private_groups_are_found_by_nobody(client, member, visibility):
    rita = make_member(
        "Rita Reservada",
        bio="Experta en criptografía",
        organisation="Laboratorio Zeta",
        city="Guadalajara",
        visibility_about=visibility,
        visibility_work=visibility,
        visibility_location=visibility,
        visibility_expertise=visibility,
        visibility_education=visibility,
    )
    rita.skills.set(skills_for_names(["Vulcanología"]))
    Education.objects.create(
        member=rita, degree="doctorate", field="Oceanografía", institution="UNAM"
    )
    hidden = ("criptografia", "laboratorio", "guadalajara", "vulcanologia", "oceanografia")
    for viewer in (None, member.user):
        if viewer:
            login(client, viewer)
        for text in hidden:
            assert found(client, q=text) == set(), (viewer, text)
        response = get(client, q="rita")
        assert names(response) == ["Rita Reservada"]
        page = html(response)
        for shown in ("criptograf", "Laboratorio Zeta", "Guadalajara", "Vulcanolog"):
            assert shown not in page, (viewer, shown)


def test_a_filter_on_a_hidden_group_does_not_match_and_the_facet_does_not_count_it(client, member):
    make_member("Visible Ubicada", country="US", city="Austin")
    make_member(
        "Privada Ubicada", country="US", city="Austin", visibility_location=Visibility.PRIVATE
    )
    make_member(
        "Miembros Ubicada", country="US", city="Austin", visibility_location=Visibility.MEMBERS
    )
    member.country = "CA"
    member.save()

    assert found(client, pais="US") == {"Visible Ubicada"}
    assert found(client, ciudad="austin") == {"Visible Ubicada"}
    assert dict(get(client).context["page"].facets["country"]) == {"US": 1, "CA": 1}

    login(client, member.user)
    assert found(client, pais="US") == {"Visible Ubicada", "Miembros Ubicada"}
    assert found(client, ciudad="austin") == {"Visible Ubicada", "Miembros Ubicada"}
    assert dict(get(client).context["page"].facets["country"]) == {"US": 2, "CA": 1}


def test_hidden_expertise_is_neither_filtered_nor_counted(client, db):
    make_member("Experta Visible", sectors=("salud",), contribution_offers=["projects"])
    make_member(
        "Experta Oculta",
        sectors=("salud",),
        contribution_offers=["projects"],
        availability=Availability.LIMITED,
        visibility_expertise=Visibility.PRIVATE,
    )
    salud = sector("salud")
    assert found(client, sector=salud.pk) == {"Experta Visible"}
    assert found(client, aporte="projects") == {"Experta Visible"}
    assert found(client, disponibilidad="limited") == set()
    facets = get(client).context["page"].facets
    assert dict(facets["sector"]) == {str(salud.pk): 1}
    assert dict(facets["offer"]) == {"projects": 1}


def test_languages_and_chapter_shared_with_members_filter_for_members_only(client, member):
    houston = chapter("houston")
    make_member("Políglota Reservada", languages=["fr"], chapter=houston)
    assert found(client, idioma="fr") == set()
    assert found(client, capitulo=houston.pk) == set()
    assert get(client).context["page"].facets["chapter"] == []

    login(client, member.user)
    assert found(client, idioma="fr") == {"Políglota Reservada"}
    assert found(client, capitulo=houston.pk) == {"Políglota Reservada"}
    assert dict(get(client).context["page"].facets["chapter"]) == {str(houston.pk): 1}


# Filters


def _ids(value):
    if isinstance(value, dict):
        return "&".join(f"{key}={item}" for key, item in value.items())
    return "found:" + ",".join(sorted(name.split()[0] for name in value)) if value else "none"


@pytest.fixture
def filtered(db):
    """Three profiles that differ in every filter, each group shown publicly."""
    public = {
        f"visibility_{group}": Visibility.PUBLIC
        for group in ("location", "expertise", "languages", "chapter")
    }
    alicia = make_member(
        "Alicia Uno",
        sectors=("tic",),
        chapter=chapter("houston"),
        country="US",
        city="San José",
        contribution_offers=[ContributionOffer.PROJECTS],
        languages=[Language.ENGLISH],
        availability=Availability.AVAILABLE,
        verified_at=timezone.now(),
        **public,
    )
    bruno = make_member(
        "Bruno Dos",
        sectors=("salud",),
        chapter=chapter("detroit"),
        country="CA",
        city="Toronto",
        contribution_offers=[ContributionOffer.COMPANY_MENTORING],
        languages=[Language.FRENCH],
        availability=Availability.LIMITED,
        **public,
    )
    carla = make_member(
        "Carla Tres",
        sectors=("tic", "salud"),
        chapter=chapter("houston"),
        country="US",
        city="Houston",
        contribution_offers=[ContributionOffer.PROJECTS, ContributionOffer.INTERNSHIPS],
        languages=[Language.ENGLISH, Language.FRENCH],
        availability=Availability.UNAVAILABLE,
        verified_at=timezone.now(),
        **public,
    )
    alicia.skills.set(skills_for_names(["Python"]))
    bruno.skills.set(skills_for_names(["Biología molecular"]))
    carla.skills.set(skills_for_names(["python", "Docker"]))
    return [alicia, bruno, carla]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sector": "tic"}, {"Alicia Uno", "Carla Tres"}),
        ({"sector": "salud"}, {"Bruno Dos", "Carla Tres"}),
        ({"sector": "automotriz"}, set()),
        ({"capitulo": "houston"}, {"Alicia Uno", "Carla Tres"}),
        ({"capitulo": "detroit"}, {"Bruno Dos"}),
        ({"pais": "US"}, {"Alicia Uno", "Carla Tres"}),
        ({"pais": "CA"}, {"Bruno Dos"}),
        ({"pais": "MX"}, set()),
        ({"ciudad": "San José"}, {"Alicia Uno"}),
        ({"ciudad": "  SAN JOSE "}, {"Alicia Uno"}),
        ({"ciudad": "san"}, set()),
        ({"ciudad": "toronto"}, {"Bruno Dos"}),
        ({"aporte": "projects"}, {"Alicia Uno", "Carla Tres"}),
        ({"aporte": "internships"}, {"Carla Tres"}),
        ({"aporte": "missions"}, set()),
        ({"habilidad": "PYTHON"}, {"Alicia Uno", "Carla Tres"}),
        ({"habilidad": "biologia MOLECULAR"}, {"Bruno Dos"}),
        ({"habilidad": "biología"}, set()),
        ({"idioma": "fr"}, {"Bruno Dos", "Carla Tres"}),
        ({"idioma": "en"}, {"Alicia Uno", "Carla Tres"}),
        ({"disponibilidad": "available"}, {"Alicia Uno"}),
        ({"disponibilidad": "limited"}, {"Bruno Dos"}),
        ({"disponibilidad": "unavailable"}, {"Carla Tres"}),
        ({"verificado": "on"}, {"Alicia Uno", "Carla Tres"}),
        ({"verificado": "false"}, {"Alicia Uno", "Bruno Dos", "Carla Tres"}),
        # Combined: every filter must hold.
        ({"sector": "salud", "capitulo": "houston"}, {"Carla Tres"}),
        ({"sector": "tic", "pais": "US", "verificado": "on"}, {"Alicia Uno", "Carla Tres"}),
        ({"idioma": "fr", "pais": "US"}, {"Carla Tres"}),
        ({"habilidad": "python", "disponibilidad": "available"}, {"Alicia Uno"}),
        ({"aporte": "projects", "ciudad": "houston", "idioma": "en"}, {"Carla Tres"}),
        ({"sector": "salud", "verificado": "on", "aporte": "company_mentoring"}, set()),
        ({"q": "carla", "sector": "tic"}, {"Carla Tres"}),
        ({"q": "carla", "sector": "tic", "pais": "CA"}, set()),
        ({"q": "python", "idioma": "en"}, {"Alicia Uno", "Carla Tres"}),
    ],
    ids=_ids,
)
def test_filters_alone_and_combined(client, filtered, params, expected):
    params = dict(params)
    if "sector" in params:
        params["sector"] = sector(params["sector"]).pk
    if "capitulo" in params:
        params["capitulo"] = chapter(params["capitulo"]).pk
    response = get(client, **params)
    assert set(names(response)) == expected
    assert response.context["page"].total == len(expected)
    assert not messages_of(response)


def test_applied_filters_are_listed_with_a_link_to_remove_each(client, filtered):
    response = get(client, pais="US", idioma="en")
    active = {item["value"]: item["url"] for item in response.context["active_filters"]}
    assert set(active) == {"Estados Unidos", "Inglés"}
    assert found(client, **_query(active["Inglés"])) == {"Alicia Uno", "Carla Tres"}
    assert _query(active["Inglés"]) == {"pais": "US"}


def _query(relative_url):
    return dict(parse_qsl(urlsplit(relative_url).query))


# Sorts and keyset pages


def test_sort_by_name_ignores_accents_and_case(client, db):
    for name in ("beto Zapata", "Ángel Cruz", "Óscar Ruiz", "ana Beltrán", "Álvaro Zúñiga"):
        make_member(name)
    expected = ["Álvaro Zúñiga", "ana Beltrán", "Ángel Cruz", "beto Zapata", "Óscar Ruiz"]
    assert names(get(client, orden="name")) == expected
    # Without a text to rank by, the name is the default order.
    assert names(get(client)) == expected
    assert names(get(client, orden="relevance")) == expected


def test_sort_by_recent_puts_the_newest_first(client, db):
    created = [make_member(name) for name in ("Primera Persona", "Segunda Persona", "Tercera")]
    assert names(get(client, orden="recent")) == ["Tercera", "Segunda Persona", "Primera Persona"]
    # Recency is the creation of the profile, not its last change.
    created[0].headline = "Editado hoy"
    created[0].save()
    assert names(get(client, orden="recent"))[0] == "Tercera"


@pytest.fixture
def many(db):
    """45 profiles matching `ingeniera`, with ranks that differ and ranks that tie."""
    people = []
    for index in range(45):
        extra = {}
        if index % 3 == 0:
            extra["bio"] = "Ingeniera " * (index % 5 + 1)
        if index % 7 == 0:
            extra["organisation"] = "Ingeniería Aplicada"
        people.append(
            make_member(
                f"{'ÁÉÍÓÚ'[index % 5]}lva {index:02d} Perfil", headline="Ingeniera", **extra
            )
        )
    return people


def _walk(client, params):
    """Every page of a search, following the "next" links; [(names, results)] per page."""
    pages = []
    response = get(client, **params)
    while True:
        pages.append(response)
        next_url = response.context["next_url"]
        if not next_url:
            return pages
        assert "despues=" in next_url
        assert f'href="{next_url.replace("&", "&amp;")}" rel="next"' in html(response)
        response = client.get(url() + next_url)
        assert response.status_code == 200


@pytest.mark.parametrize("sort", ["relevance", "recent", "name"])
def test_next_links_visit_every_profile_exactly_once_in_order(client, many, sort):
    pages = _walk(client, {"q": "ingeniera", "orden": sort})
    assert [len(page.context["cards"]) for page in pages] == [20, 20, 5]
    results = [member for page in pages for member in page.context["page"].results]
    assert len({member.pk for member in results}) == 45
    assert {member.pk for member in results} == {member.pk for member in many}
    for page in pages:
        assert page.context["page"].total == 45
        assert not messages_of(page)
    if sort == "relevance":
        # Distances to the query, smallest first, across the pages.
        # (Ties keep the index's order.)
        keys = [(member.tier, member.rank) for member in results]
        assert len({member.rank for member in results}) > 1  # the ranks do differ
    elif sort == "recent":
        keys = [(-member.created_at.timestamp(), -member.pk) for member in results]
        assert [m.pk for m in results] == [m.pk for m in reversed(many)]
    else:
        keys = [(member.sort_name, member.pk) for member in results]
    assert keys == sorted(keys)
    # The second page offers a way back to the first.
    assert pages[1].context["first_url"]
    assert "despues" not in pages[1].context["first_url"]


def test_paging_with_filters_keeps_the_filters(client, many):
    for person in many[:25]:
        person.country = "AR"
        person.save()
    pages = _walk(client, {"pais": "AR", "orden": "name"})
    visited = [card["member"].pk for page in pages for card in page.context["cards"]]
    assert sorted(visited) == sorted(person.pk for person in many[:25])
    assert len(visited) == 25


# Facets and totals


def test_facets_count_the_real_split_of_the_results(client, filtered):
    response = get(client)
    page = response.context["page"]
    assert page.total == 3
    assert not page.total_is_estimate
    expected = {
        "sector": Counter(str(pk) for person in filtered for pk in person.sector_ids),
        "chapter": Counter(str(person.chapter_id) for person in filtered),
        "country": Counter(person.country.code for person in filtered),
        "offer": Counter(offer for person in filtered for offer in person.contribution_offers),
    }
    for name, counts in expected.items():
        assert dict(page.facets[name]) == dict(counts), name
        assert [count for _key, count in page.facets[name]] == sorted(counts.values(), reverse=True)
    assert dict(page.facets["sector"]) == {str(sector("tic").pk): 2, str(sector("salud").pk): 2}


def test_facets_follow_the_search(client, filtered):
    page = get(client, pais="US").context["page"]
    assert dict(page.facets["country"]) == {"US": 2}
    assert dict(page.facets["offer"]) == {"projects": 2, "internships": 1}
    page = get(client, q="bruno").context["page"]
    assert dict(page.facets["chapter"]) == {str(chapter("detroit").pk): 1}


def test_facet_links_filter_the_results(client, filtered):
    response = get(client)
    facets = {facet["param"]: facet["entries"] for facet in response.context["facets"]}
    canada = next(entry for entry in facets["pais"] if entry["label"] == "Canadá")
    assert canada["count"] == 1
    selected = get(client, **_query(canada["url"]))
    assert set(names(selected)) == {"Bruno Dos"}
    entry = next(
        entry
        for facet in selected.context["facets"]
        if facet["param"] == "pais"
        for entry in facet["entries"]
    )
    assert entry["selected"]
    assert _query(entry["url"]) == {}


def test_facets_and_cards_are_labelled_in_the_page_language(client, filtered):
    english = client.get("/en/directorio/", {"pais": "US"}).content.decode()
    spanish = client.get("/directorio/", {"pais": "US"}).content.decode()
    for text in ("What they can contribute", "Specific projects", "Verified", "Country"):
        assert text in english
    assert "Available to collaborate" in english
    for text in ("Qué puede aportar", "Proyectos específicos", "Verificado", "País"):
        assert text in spanish
        assert text not in english
    assert "Disponible para colaborar" in spanish


def _every_third(match, other):
    return lambda index: match if index % 3 == 0 else other


def _laid_out_in_order():
    """An empty table, so that the profiles written next lie in it in the order they are
    written, as in a table that grew with its members: earlier tests leave room in it that
    would take them anywhere (the transaction of the test undoes this)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_member CASCADE")


def _estimated(client, monkeypatch, **params):
    """The page of a search with more matches than are counted exactly (EXACT_LIMIT set to 20),
    and the SQL it ran."""
    monkeypatch.setattr(members.directory.query, "EXACT_LIMIT", 20)
    with CaptureQueriesContext(connection) as context:
        response = get(client, **params)
    assert response.context["page"].total_is_estimate
    assert "Alrededor de" in html(response)
    return response, [query["sql"] for query in context.captured_queries]


def test_counts_above_the_exact_limit_are_extrapolated_from_the_first_matches(
    client, db, monkeypatch
):
    """The first 21 of 100 matches, spread through the table, were found in about a fifth of
    it: the total and the facets are scaled up from them, in the one statement of the page."""
    _laid_out_in_order()
    bulk_profiles(
        300,
        "Estimada",
        headline=_every_third("Geóloga", "Pintor"),
        country=_every_third("CL", "AR"),
        visibility_location="public",
    )
    response, queries = _estimated(client, monkeypatch, q="geologa")
    page = response.context["page"]
    assert 70 <= page.total <= 130
    assert f"Alrededor de {page.total} perfiles" in html(response)
    assert dict(page.facets["country"]) == {"CL": page.total}
    assert f'<span class="count">~{page.total}</span>' in html(response)
    assert len(names(response)) == 20
    assert len(queries) <= 3
    assert not any("TABLESAMPLE" in sql for sql in queries)


def test_more_names_with_typos_than_are_counted_exactly_are_estimated(client, db, monkeypatch):
    _laid_out_in_order()
    bulk_profiles(300, "Typo", full_name=_every_third("Laura Hernández", "Ramona Pintora"))
    response, _queries = _estimated(client, monkeypatch, q="hernadez")
    page = response.context["page"]
    assert page.used_fuzzy
    assert 70 <= page.total <= 130
    assert names(response) == ["Laura Hernández"] * 20


def test_more_name_prefixes_than_are_counted_exactly_are_estimated(client, db, monkeypatch):
    _laid_out_in_order()
    bulk_profiles(
        300,
        "Prefijo",
        full_name=_every_third("Geraldine Prefijo", "Gerardo Otro"),
        country=_every_third("CL", "AR"),
        visibility_location="public",
    )
    response, _queries = _estimated(client, monkeypatch, q="gerald")
    page = response.context["page"]
    assert not page.used_fuzzy
    assert 70 <= page.total <= 130
    assert dict(page.facets["country"]) == {"CL": page.total}


def test_matches_not_read_in_the_tables_order_are_counted_by_a_sample(client, db, monkeypatch):
    """Without words, the matches may come in a btree index's order (the most recent first or
    by name, here forced, both unlike the table's), which says nothing of how far into the table
    they go: a block sample counts them, in a statement of its own (here it holds the whole
    table)."""
    bulk_profiles(
        60,
        "Reciente",
        full_name=lambda index: f"Persona {60 - index:02d}",
        country="CL",
        visibility_location="public",
    )
    with connection.cursor() as cursor:
        for kind in ("seqscan", "bitmapscan"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
    response, queries = _estimated(client, monkeypatch)
    page = response.context["page"]
    assert page.total == 60
    assert dict(page.facets["country"]) == {"CL": 60}
    assert len(queries) <= 4
    assert "TABLESAMPLE" in queries[-1]


def test_counts_below_the_exact_limit_are_exact(client, db):
    for index in range(6):
        make_member(f"Exacta {index}", headline="Geóloga")
    with CaptureQueriesContext(connection) as context:
        response = get(client, q="geologa")
    assert "TABLESAMPLE" not in " ".join(query["sql"] for query in context.captured_queries)
    assert not response.context["page"].total_is_estimate
    assert response.context["page"].total == 6
    assert "6 perfiles" in html(response)
    assert "Alrededor" not in html(response)


# Pages and states


def test_an_empty_search_explains_and_suggests(client, people):
    response = get(client, q="zzxqwv")
    page = html(response)
    assert names(response) == []
    assert "No encontramos perfiles con esta búsqueda." in page
    assert "Revisa la ortografía o prueba con menos palabras." in page
    assert reverse("pncs:sector_list") in page
    assert "Quitar todos los filtros" not in page
    with_filter = html(get(client, q="zzxqwv", pais="US"))
    assert "No encontramos perfiles" in with_filter
    assert "Quitar todos los filtros" in with_filter


def test_the_first_page_without_a_query_lists_profiles(client, people):
    response = get(client)
    assert len(names(response)) == 6
    assert names(response)[0] == "Carlos González Ruiz"
    assert "6 perfiles" in html(response)
    assert "No encontramos" not in html(response)


def test_an_empty_directory_says_so(client, db):
    make_member("Sin Consentimiento", consents=())
    page = html(get(client))
    assert "Todavía no hay perfiles en el directorio." in page
    assert "No encontramos" not in page


def test_an_htmx_request_gets_only_the_results_fragment(client, people):
    full = get(client, q="ingenieros")
    fragment = client.get(url(), {"q": "ingenieros"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    body = html(fragment)
    assert "<html" not in body
    assert "<h1>" not in body
    assert body.lstrip().startswith('<div id="directory"')
    assert "<html" in html(full)
    assert names(fragment) == names(full)
    assert "<mark>Ingeniera</mark> química" in body


def test_an_htmx_request_shows_its_messages_in_the_fragment(client, people):
    fragment = client.get(url(), {"despues": "garbage"}, HTTP_HX_REQUEST="true")
    assert "Ese enlace de página ya no es válido" in html(fragment)


def test_a_bad_cursor_shows_the_first_page_with_a_notice(client, people):
    first = get(client)
    response = get(client, despues="garbage")
    assert names(response) == names(first)
    assert messages_of(response) == [
        "Ese enlace de página ya no es válido: te mostramos el inicio."
    ]
    assert "Ese enlace de página ya no es válido" in html(response)


def test_a_cursor_of_another_sort_is_refused(client, many):
    next_url = get(client, orden="name").context["next_url"]
    token = _query(next_url)["despues"]
    response = get(client, orden="recent", despues=token)
    assert names(response) == names(get(client, orden="recent"))
    assert len(messages_of(response)) == 1


def test_a_cursor_past_the_end_says_there_is_nothing_more(client, people):
    cursor = members.directory.encode_cursor("name", "zzzz", 1)
    response = get(client, despues=cursor)
    assert names(response) == []
    assert "No hay más resultados." in html(response)
    assert not messages_of(response)


@pytest.mark.parametrize(
    "params",
    [
        {"sector": "abc"},
        {"sector": "999999"},
        {"capitulo": "-1"},
        {"pais": "ZZ"},
        {"aporte": "todo"},
        {"idioma": "klingon"},
        {"disponibilidad": "siempre"},
        {"orden": "salary"},
    ],
    ids=_ids,
)
def test_an_invalid_filter_is_ignored_with_a_warning(client, people, params):
    response = get(client, **params)
    assert names(response) == names(get(client))
    assert messages_of(response) == [
        "Algunos filtros no eran válidos y no se aplicaron; revisa los campos marcados."
    ]
    assert "Algunos filtros no eran válidos" in html(response)


def test_valid_filters_still_apply_next_to_an_invalid_one(client, filtered):
    response = get(client, sector="abc", pais="CA")
    assert names(response) == ["Bruno Dos"]
    assert len(messages_of(response)) == 1


# Query counts


def _directory_queries(captured):
    """The queries of a page minus what any signed-in request costs (session, account and the
    staff-role check of members.middleware.StaffSecurityMiddleware)."""
    site_wide = re.compile(r'"django_session"|FROM "members_user" WHERE|"pncs_contactpoint_staff"')
    return [query for query in captured if not site_wide.search(query["sql"])]


def _measure(client, **params):
    with CaptureQueriesContext(connection) as context:
        get(client, **params)
    return context.captured_queries


def test_a_visitor_search_costs_at_most_four_queries(client, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        get(client, q="ingenieros", sector=sector("tic").pk, orden="relevance")
    with django_assert_max_num_queries(4):
        get(client, q="hernandes")  # with the name typo search
    with django_assert_max_num_queries(4):
        get(client, despues="garbage", pais="ZZ")  # with messages


@pytest.mark.parametrize("params", [{"q": "geologa"}, {"orden": "recent"}, {"aporte": "projects"}])
def test_a_visitor_page_costs_the_same_with_3_or_30_matches(client, db, params):
    for index in range(3):
        make_member(f"Geóloga {index}", headline="Geóloga", contribution_offers=["projects"])
    small = len(_measure(client, **params))
    for index in range(27):
        make_member(f"Geóloga {index + 3}", headline="Geóloga", contribution_offers=["projects"])
    with CaptureQueriesContext(connection) as large:
        assert get(client, **params).context["page"].total == 30
    assert len(large.captured_queries) == small <= 4


def test_a_member_page_costs_at_most_four_directory_queries_whatever_the_matches(client, member):
    login(client, member.user)
    for index in range(3):
        make_member(f"Geóloga {index}", headline="Geóloga")
    small = _measure(client, q="geologa")
    assert len(_directory_queries(small)) <= 4
    for index in range(27):
        make_member(f"Geóloga {index + 3}", headline="Geóloga")
    large = _measure(client, q="geologa")
    assert len(large) == len(small)
    assert len(_directory_queries(large)) <= 4
    assert get(client, q="geologa").context["audience"] == MEMBER


def test_a_later_page_costs_the_same_as_the_first(client, many):
    # Keyset pages: no OFFSET, whatever the depth.
    with CaptureQueriesContext(connection) as first:
        next_url = get(client, q="ingeniera").context["next_url"]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url() + next_url).status_code == 200
    # No more queries than the first page.
    assert len(context.captured_queries) <= len(first.captured_queries)
    assert "OFFSET" not in " ".join(query["sql"] for query in context.captured_queries)


def test_recent_cursor_is_exclusive_of_equal_timestamps(client, db):
    # Profiles created at the same instant still page without loss or repetition.
    moment = timezone.now() - timedelta(days=1)
    people = [make_member(f"Gemela {index:02d}") for index in range(25)]
    Member.objects.filter(pk__in=[p.pk for p in people]).update(created_at=moment)
    pages = _walk(client, {"orden": "recent"})
    visited = [card["member"].pk for page in pages for card in page.context["cards"]]
    assert visited == sorted((p.pk for p in people), reverse=True)


def test_a_card_shows_where_the_member_lives_and_their_chapter(client, db):
    houston = Chapter.objects.get(slug="houston")
    make_member(
        "Marta Sin Ciudad", country="US", chapter=houston, visibility_chapter=Visibility.PUBLIC
    )
    make_member("Nora Con Ciudad", city="Austin", country="US")

    page = html(get(client))

    assert "Estados Unidos · Capítulo Houston" in page
    assert "Austin, Estados Unidos" in page


def test_a_sector_or_chapter_named_by_its_slug_filters_as_its_id(client, filtered):
    """`?sector=salud`, as people share links, is the sector's id filter; an unknown slug is
    refused as any wrong value is (the form says so, nothing breaks)."""
    by_slug = get(client, sector="salud", capitulo="houston")
    by_id = get(client, sector=sector("salud").pk, capitulo=chapter("houston").pk)
    assert set(names(by_slug)) == set(names(by_id)) == {"Carla Tres"}
    assert by_slug.context["form"].cleaned_data["sector"] == sector("salud").pk
    unknown = get(client, sector="no-existe")
    assert unknown.status_code == 200
    assert "sector" in unknown.context["form"].errors


def test_the_sector_facet_lists_all_nine_sectors(client, db):
    """The other facets show their eight largest entries; the sectors are nine and all show
    (the ninth, "Transporte y Aeronáutica" at a million profiles, used to be cut)."""
    sectors = list(Sector.objects.order_by("position"))
    assert len(sectors) == 9
    for number, item in enumerate(sectors):
        for copy in range(number + 1):  # a different count each, the smallest last
            make_member(f"Persona {number}-{copy}", sectors=(item.slug,))
    facets = {facet["param"]: facet for facet in get(client).context["facets"]}
    assert len(facets["sector"]["entries"]) == 9
    assert {entry["label"] for entry in facets["sector"]["entries"]} == {
        item.display_name for item in sectors
    }
