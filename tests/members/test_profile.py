"""Editing one's own profile at /perfil/ and the profile page at /miembros/<slug>/."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chapters.models import Chapter
from members.forms.profile import orcid_checksum_ok
from members.models import AccountType, Education, Member, MemberChange, Skill, Visibility
from members.profiles import skill_key
from pncs.models import Sector
from tests.conftest import login, make_member, make_pncs_staff, make_user

EDIT_URL = "/perfil/"
EDUCATION_URL = "/perfil/formacion/"
SUGGESTIONS_URL = "/perfil/habilidades/"


def form_data(**overrides):
    """A complete, valid submission of the profile form."""
    data = {
        "full_name": "Ana Miembro Ruiz",
        "headline": "Ingeniera de software en robótica",
        "bio": "Trabajo en **robótica** desde 2010.",
        "city": "Toronto",
        "country": "CA",
        "state_of_origin": "JAL",
        "organisation": "Universidad de Toronto",
        "position": "Investigadora",
        "sectors": list(
            Sector.objects.filter(slug__in=["tic", "salud"]).values_list("pk", flat=True)
        ),
        "skills": "Python, Robótica",
        "contribution_offers": ["academic_mentoring", "internships"],
        "availability": "limited",
        "languages": ["es", "en"],
        "linkedin_url": "https://www.linkedin.com/in/ana-ruiz",
        "orcid": "0000-0002-1825-0097",
        "website": "https://ana.example.org/",
        "intro_monthly_limit": "6",
        **{f"visibility_{group}": "members" for group in Member.FIELD_GROUPS},
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def snapshot(member):
    """Everything the edit form can change, as stored."""
    member = Member.objects.get(pk=member.pk)
    values = {
        field.name: getattr(member, field.attname)
        for field in Member._meta.concrete_fields
        if field.name not in {"updated_at"}
    }
    values["sectors"] = sorted(member.sectors.values_list("pk", flat=True))
    values["skills"] = sorted(member.skills.values_list("key", flat=True))
    values["education"] = sorted(member.education.values_list("pk", flat=True))
    values["changes"] = MemberChange.objects.filter(member=member).count()
    return values


# Who may edit


def test_visitor_is_sent_to_sign_in(client, db):
    response = client.get(EDIT_URL)
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_participant_is_sent_to_their_home_and_cannot_post_the_form(client, participant):
    # Their home: tests/members/test_participant_home.py.
    login(client, participant)
    response = client.get(EDIT_URL)
    assert response.status_code == 302
    assert response.url == "/inicio/"
    assert client.post(EDIT_URL, {"full_name": "X"}).status_code == 403


def test_account_without_type_is_sent_to_onboarding(client, db):
    login(client, make_user())
    response = client.get(EDIT_URL)
    assert response.status_code == 302
    assert response.url == "/perfil/bienvenida/"


def test_institution_contact_gets_no_profile_form(client, db):
    login(client, make_user(account_type=AccountType.INSTITUTION))
    assert client.post(EDIT_URL, {"full_name": "X"}).status_code == 403


def test_member_sees_the_form_with_completeness_and_skill_suggestions(client, member):
    login(client, member.user)
    response = client.get(EDIT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Mi perfil</h1>" in html
    assert "<meter" in html
    assert "Tu perfil está completo al" in html
    assert "una foto" in html  # in the list of what is missing
    assert 'list="skill-options"' in html
    assert 'data-hx-get="/perfil/habilidades/"' in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "miembro@example.org" not in html


def test_edit_page_in_english(client, member):
    login(client, member.user)
    response = client.get("/en" + EDIT_URL)
    assert response.status_code == 200
    assert 'data-hx-get="/en/perfil/habilidades/"' in response.content.decode()


# Saving


def test_saving_updates_the_profile_and_records_who_changed_what(client, member):
    login(client, member.user)

    response = client.post(EDIT_URL, form_data(full_name="Ana María Ruiz"), follow=True)

    assert response.redirect_chain == [(EDIT_URL, 302)]
    assert "Guardamos los cambios de tu perfil." in response.content.decode()
    member.refresh_from_db()
    assert member.full_name == "Ana María Ruiz"
    assert member.user.full_name == "Ana María Ruiz"
    assert member.headline == "Ingeniera de software en robótica"
    assert member.country == "CA"
    assert member.state_of_origin == "JAL"
    assert member.languages == ["es", "en"]
    assert member.contribution_offers == ["academic_mentoring", "internships"]
    assert member.availability == "limited"
    assert member.intro_monthly_limit == 6
    assert not member.intro_paused
    assert member.visibility_about == Visibility.MEMBERS
    assert sorted(member.sectors.values_list("slug", flat=True)) == ["salud", "tic"]
    assert sorted(member.skills.values_list("name", flat=True)) == ["Python", "Robótica"]
    change = MemberChange.objects.get(member=member)
    assert change.changed_by == member.user
    assert {"full_name", "headline", "sectors", "skills", "visibility_about"} <= set(change.fields)
    assert "email" not in change.fields


def test_saving_without_changes_records_nothing(client, member):
    login(client, member.user)
    client.post(EDIT_URL, form_data())
    client.post(EDIT_URL, form_data(skills="python, ROBÓTICA"))
    assert MemberChange.objects.filter(member=member).count() == 1


def test_completeness_reaches_100_with_everything_filled(client, member):
    login(client, member.user)
    client.post(EDIT_URL, form_data())
    client.post(
        EDUCATION_URL,
        {
            "education-degree": "master",
            "education-field": "Robótica",
            "education-institution": "UNAM",
            "education-year": "2012",
        },
    )
    Member.objects.filter(pk=member.pk).update(photo="members/photos/x.webp")
    html = client.get(EDIT_URL).content.decode()
    assert "Tu perfil está completo al 100 %" in html
    assert 'value="100"' in html


def test_pausing_and_the_monthly_budget_are_saved(client, member):
    login(client, member.user)
    client.post(EDIT_URL, form_data(intro_monthly_limit="0", intro_paused="on"))
    member.refresh_from_db()
    assert (member.intro_monthly_limit, member.intro_paused) == (0, True)
    client.post(EDIT_URL, form_data(intro_monthly_limit="30"))
    member.refresh_from_db()
    assert (member.intro_monthly_limit, member.intro_paused) == (30, False)


def test_the_form_only_ever_edits_the_own_profile(client, member, other_member):
    login(client, member.user)
    before = snapshot(other_member)
    data = form_data(
        full_name="Nombre cambiado",
        slug=other_member.slug,
        user=other_member.user.pk,
        member=other_member.pk,
        id=other_member.pk,
        verified_at="2020-01-01T00:00:00Z",
        listed_publicly="",
    )
    client.post(EDIT_URL, data)
    assert snapshot(other_member) == before
    member.refresh_from_db()
    assert member.full_name == "Nombre cambiado"
    assert member.slug != other_member.slug
    assert member.verified_at is None
    assert member.listed_publicly  # consents change on the privacy page only


# Chapter: joining goes through the chapter's leadership


def test_a_chapter_cannot_be_joined_from_the_profile_form(client, member):
    login(client, member.user)
    html = client.get(EDIT_URL).content.decode()
    assert 'name="chapter"' not in html
    assert "Conoce los capítulos" in html

    client.post(EDIT_URL, form_data(chapter=Chapter.objects.get(slug="houston").pk))

    member.refresh_from_db()
    assert member.chapter is None


def test_a_member_can_leave_their_chapter_but_not_switch_it_by_id(client, member):
    houston, detroit = Chapter.objects.get(slug="houston"), Chapter.objects.get(slug="detroit")
    Member.objects.filter(pk=member.pk).update(chapter=houston)
    login(client, member.user)

    response = client.post(EDIT_URL, form_data(chapter=detroit.pk))
    assert "chapter" in response.context["form"].errors
    member.refresh_from_db()
    assert member.chapter == houston

    assert client.post(EDIT_URL, form_data(chapter="")).status_code == 302
    member.refresh_from_db()
    assert member.chapter is None
    assert "chapter" in MemberChange.objects.get(member=member).fields


# Skills


def test_skills_are_normalised_and_matched_to_existing_tags(client, member):
    existing = Skill.objects.create(name="Python", key="python")
    login(client, member.user)

    client.post(
        EDIT_URL,
        form_data(skills=" python , Pythón,PYTHON ,,  Machine   learning , máchine learning, "),
    )

    assert sorted(member.skills.values_list("name", flat=True)) == ["Machine learning", "Python"]
    assert member.skills.get(key="python") == existing
    assert Skill.objects.count() == 2


def test_skill_key_ignores_case_accents_and_spacing():
    assert skill_key("  Pythón  ") == skill_key("python") == "python"
    assert skill_key("Gestión   de\tproyectos") == "gestion de proyectos"
    assert skill_key("Diseño") == "diseno"


@pytest.mark.parametrize(
    ("skills", "message"),
    [
        (", ".join(f"habilidad {i}" for i in range(31)), "hasta 30 habilidades"),
        ("x" * 61, "hasta 60 caracteres"),
        ("ß" * 31, "hasta 60 caracteres"),  # casefolds to 62 characters
        ("x" * 2001, "2000"),
    ],
)
def test_too_many_or_too_long_skills_are_refused(client, member, skills, message):
    login(client, member.user)
    before = snapshot(member)
    response = client.post(EDIT_URL, form_data(skills=skills))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot(member) == before


# Links


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/in/ana",
        "https://evil.example/linkedin.com",
        "https://linkedin.com.evil.example/in/ana",
        "https://notlinkedin.com/in/ana",
        "javascript:alert(1)",
        "ftp://www.linkedin.com/in/ana",
    ],
)
def test_linkedin_must_be_a_linkedin_address(client, member, url):
    login(client, member.user)
    response = client.post(EDIT_URL, form_data(linkedin_url=url))
    assert "linkedin_url" in response.context["form"].errors


@pytest.mark.parametrize(
    "url",
    ["https://linkedin.com/in/ana", "https://mx.linkedin.com/in/ana", "www.linkedin.com/in/a"],
)
def test_linkedin_addresses_are_accepted(client, member, url):
    login(client, member.user)
    assert client.post(EDIT_URL, form_data(linkedin_url=url)).status_code == 302


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0002-1694-233x", "0000-0002-1694-233X"),
        (" 0000-0001-5109-3700 ", "0000-0001-5109-3700"),
        ("", ""),
    ],
)
def test_valid_orcid_ids_are_stored_in_their_short_form(client, member, value, stored):
    login(client, member.user)
    assert client.post(EDIT_URL, form_data(orcid=value)).status_code == 302
    member.refresh_from_db()
    assert member.orcid == stored


@pytest.mark.parametrize(
    "value", ["0000-0002-1825-0098", "0000000218250097", "1234", "abcd-efgh-ijkl-mnop"]
)
def test_orcid_with_a_wrong_format_or_check_digit_is_refused(client, member, value):
    login(client, member.user)
    response = client.post(EDIT_URL, form_data(orcid=value))
    assert "orcid" in response.context["form"].errors


def test_orcid_checksum():
    assert orcid_checksum_ok("0000-0002-1825-0097")
    assert orcid_checksum_ok("0000-0002-1694-233X")
    assert not orcid_checksum_ok("0000-0002-1825-0096")


@pytest.mark.parametrize("url", ["ftp://example.org/", "javascript:alert(1)", "mailto:a@b.org"])
def test_website_must_be_http_or_https(client, member, url):
    login(client, member.user)
    response = client.post(EDIT_URL, form_data(website=url))
    assert "website" in response.context["form"].errors


# Garbage in every field: a form error, never a 500, nothing lost

HUGE = "x" * 100_000
GARBAGE = [
    ("full_name", ""),
    ("full_name", HUGE),
    ("full_name", "Ana\x00Ruiz"),
    ("headline", "x" * 161),
    ("headline", "\x00"),
    ("bio", "x" * 5001),
    ("bio", "hola\x00"),
    ("city", "x" * 121),
    ("country", "ZZ"),
    ("country", HUGE),
    ("state_of_origin", "XX"),
    ("organisation", "x" * 161),
    ("position", "x" * 161),
    ("sectors", ["999999999999999999999999999"]),
    ("sectors", ["abc"]),
    ("sectors", ["1 OR 1=1"]),
    ("skills", HUGE),
    ("skills", "a\x00b"),
    ("contribution_offers", ["nada"]),
    ("contribution_offers", [HUGE]),
    ("availability", "siempre"),
    ("languages", ["klingon"]),
    ("linkedin_url", "x" * 400),
    ("linkedin_url", "https://www.linkedin.com/" + "a" * 400),
    ("orcid", HUGE),
    ("website", "http://" + "a" * 400 + ".com"),
    ("website", "no es una dirección"),
    ("chapter", "abc"),
    ("chapter", "99999999999999999999999999"),
    ("chapter", "-1"),
    ("visibility_about", "everyone"),
    ("visibility_photo", ""),
    ("visibility_links", HUGE),
    ("intro_monthly_limit", "31"),
    ("intro_monthly_limit", "-1"),
    ("intro_monthly_limit", "1e9"),
    ("intro_monthly_limit", "99999999999999999999999999"),
    ("intro_monthly_limit", ""),
    ("intro_monthly_limit", "abc"),
]


@pytest.mark.parametrize(
    ("field", "value"), GARBAGE, ids=[f"{f}-{i}" for i, (f, _v) in enumerate(GARBAGE)]
)
def test_garbage_in_a_field_is_a_form_error_and_loses_nothing(client, member, field, value):
    houston = Chapter.objects.get(slug="houston")
    Member.objects.filter(pk=member.pk).update(chapter=houston)  # so that the field is there
    login(client, member.user)
    client.post(EDIT_URL, form_data(chapter=houston.pk))
    before = snapshot(member)

    response = client.post(
        EDIT_URL, form_data(**{"headline": "Titular recién escrito", field: value})
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert "No guardamos los cambios" in html
    assert "Titular recién escrito" in html or field == "headline"  # what was typed stays
    assert snapshot(member) == before


# Education


def education_data(**overrides):
    data = {
        "education-degree": "doctorate",
        "education-field": "Ciencias de la computación",
        "education-institution": "Universidad de Stanford",
        "education-year": "2015",
    }
    data.update(overrides)
    return data


def test_member_adds_and_removes_education_rows(client, member):
    login(client, member.user)

    response = client.post(EDUCATION_URL, education_data(), follow=True)
    client.post(
        EDUCATION_URL, education_data(**{"education-degree": "bachelor", "education-year": ""})
    )

    assert "Agregamos la formación a tu perfil." in response.content.decode()
    rows = list(member.education.order_by("id"))
    assert [(row.degree, row.year) for row in rows] == [("doctorate", 2015), ("bachelor", None)]
    assert "Universidad de Stanford" in client.get(EDIT_URL).content.decode()

    response = client.post(f"/perfil/formacion/{rows[0].pk}/eliminar/", follow=True)

    assert "Quitamos la formación de tu perfil." in response.content.decode()
    assert list(member.education.all()) == [rows[1]]
    assert MemberChange.objects.filter(member=member, fields=["education"]).count() == 3


@pytest.mark.parametrize(
    "overrides",
    [
        {"education-degree": "astronauta"},
        {"education-field": ""},
        {"education-institution": "x" * 161},
        {"education-institution": "UNAM\x00"},
        {"education-year": "1800"},
        {"education-year": "abc"},
        {"education-year": "99999999999999999999999"},
        {"education-field": HUGE},
    ],
)
def test_bad_education_rows_are_form_errors(client, member, overrides):
    login(client, member.user)
    response = client.post(EDUCATION_URL, education_data(**overrides))
    assert response.status_code == 200
    assert response.context["education_form"].errors
    assert not Education.objects.exists()


def test_member_cannot_delete_another_members_education(client, member, other_member):
    row = Education.objects.create(
        member=other_member, degree="master", field="Física", institution="MIT"
    )
    login(client, member.user)
    assert client.post(f"/perfil/formacion/{row.pk}/eliminar/").status_code == 404
    assert client.post("/perfil/formacion/999999999/eliminar/").status_code == 404
    assert Education.objects.filter(pk=row.pk).exists()


def test_education_delete_is_post_only(client, member):
    row = Education.objects.create(
        member=member, degree="master", field="Física", institution="MIT"
    )
    login(client, member.user)
    assert client.get(f"/perfil/formacion/{row.pk}/eliminar/").status_code == 405
    assert client.get(EDUCATION_URL).status_code == 405
    assert Education.objects.filter(pk=row.pk).exists()


def test_education_views_refuse_visitors_and_participants(client, member, participant):
    row = Education.objects.create(
        member=member, degree="master", field="Física", institution="MIT"
    )
    response = client.post(EDUCATION_URL, education_data())
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")
    assert client.post(f"/perfil/formacion/{row.pk}/eliminar/").status_code == 302
    login(client, participant)
    assert client.post(EDUCATION_URL, education_data()).status_code == 403
    assert client.post(f"/perfil/formacion/{row.pk}/eliminar/").status_code == 403
    assert list(Education.objects.all()) == [row]


# Skill suggestions


def options(response):
    return [line for line in response.content.decode().splitlines() if line.startswith("<option")]


def test_suggestions_need_sign_in(client, db):
    response = client.get(SUGGESTIONS_URL, {"q": "py"})
    assert response.status_code == 302


def test_suggestions_list_matching_skills_prefix_matches_first(client, member):
    for name in ["Programación en Python", "Python", "PyTorch", "Django"]:
        Skill.objects.create(name=name, key=skill_key(name))
    login(client, member.user)

    response = client.get(SUGGESTIONS_URL, {"q": "PYT"})

    assert response.status_code == 200
    assert options(response) == [
        '<option value="Python">Python</option>',
        '<option value="PyTorch">PyTorch</option>',
        '<option value="Programación en Python">Programación en Python</option>',
    ]


def test_suggestions_keep_the_tags_already_typed_and_skip_them(client, member):
    for name in ["Python", "PyTorch", "Django"]:
        Skill.objects.create(name=name, key=skill_key(name))
    login(client, member.user)
    # htmx sends the input's own value, named after the field.
    response = client.get(SUGGESTIONS_URL, {"skills": "Python , djangó, pyt"})
    assert options(response) == ['<option value="Python, djangó, PyTorch">PyTorch</option>']


def test_suggestions_match_without_accents_and_stop_at_ten(client, member):
    for i in range(15):
        Skill.objects.create(name=f"Gestión {i:02}", key=f"gestion {i:02}")
    login(client, member.user)
    response = client.get(SUGGESTIONS_URL, {"q": "GESTIÓN"})
    assert len(options(response)) == 10


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        ",,,",
        "%",
        "_",
        "\x00",
        "' OR 1=1 --",
        HUGE,
        "<script>alert(1)</script>",
        "é" * 61,
    ],
)
def test_garbage_queries_give_an_empty_list(client, member, query):
    Skill.objects.create(name="Python", key="python")
    login(client, member.user)
    response = client.get(SUGGESTIONS_URL, {"q": query})
    assert response.status_code == 200
    assert options(response) == []


def test_suggestions_escape_skill_names(client, member):
    Skill.objects.create(name='"><script>x</script>', key='"><script>x</script>')
    login(client, member.user)
    html = client.get(SUGGESTIONS_URL, {"q": "scr"}).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


# Injection in every text field is neutralised on the pages that show it

PAYLOAD = (
    '<script>alert("x")</script><img src=x onerror=alert(1)>'
    "[enlace](javascript:alert(1))\"'><svg onload=alert(1)>"
)
SHORT_PAYLOAD = "<img src=x onerror=alert(1)>"  # skills are at most 60 characters


class ActiveContent(HTMLParser):
    """Collects what a browser would run or load from a page."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not (attrs.get("src") or "").startswith("/static/"):
            self.problems.append(f"<script> {attrs}")
        if tag in {"svg", "iframe", "object", "embed", "style"}:
            self.problems.append(f"<{tag}>")
        if tag == "img" and not (attrs.get("src") or "").startswith(("/static/", "/media/")):
            self.problems.append(f"<img src={attrs.get('src')}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            scheme = (value or "").strip().lower()
            if name in {"href", "src", "action", "formaction"} and scheme.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"<{tag} {name}={value}>")


def assert_no_active_content(html):
    parser = ActiveContent()
    parser.feed(html)
    assert parser.problems == []


def test_injection_in_every_text_field_is_neutralised(client, member):
    login(client, member.user)
    data = form_data(
        full_name=PAYLOAD,
        headline=PAYLOAD,
        bio=PAYLOAD + "\n\n<a href='javascript:alert(2)'>x</a> [y](JaVaScRiPt:alert(3))",
        city=PAYLOAD,
        organisation=PAYLOAD,
        position=PAYLOAD,
        skills=SHORT_PAYLOAD + ", " + '"><script>alert(1)</script>',
        **{f"visibility_{group}": "public" for group in Member.FIELD_GROUPS},
    )
    assert client.post(EDIT_URL, data).status_code == 302
    response = client.post(
        EDUCATION_URL,
        education_data(**{"education-field": PAYLOAD, "education-institution": PAYLOAD}),
    )
    assert response.status_code == 302

    for html in (
        client.get(EDIT_URL).content.decode(),
        client.get(member.get_absolute_url()).content.decode(),
    ):
        assert_no_active_content(html)
    client.logout()
    public = client.get(member.get_absolute_url()).content.decode()
    assert_no_active_content(public)
    assert "&lt;script&gt;" in public  # shown as text, not dropped silently
    assert public.count("Investigadora") == 0  # the payload replaced the position


def test_bio_markdown_is_rendered_with_safe_links(client, member):
    Member.objects.filter(pk=member.pk).update(
        bio="Hola **mundo**.\n\n- uno\n- dos\n\n[Mi sitio](https://ana.example.org) "
        "[malo](javascript:alert(1)) [relativo](/admin/)"
    )
    html = client.get(member.get_absolute_url()).content.decode()
    assert "<strong>mundo</strong>" in html
    assert "<li>uno</li>" in html
    assert '<a href="https://ana.example.org" rel="nofollow noopener">Mi sitio</a>' in html
    assert 'href="/admin/"' not in html
    assert_no_active_content(html)


# The profile page


def test_profile_page_shows_name_headline_and_verified_badge_but_never_the_email(client, member):
    Member.objects.filter(pk=member.pk).update(
        headline="Astrofísica", verified_at="2026-01-15T10:00:00Z"
    )
    html = client.get(member.get_absolute_url()).content.decode()
    assert "<h1>Ana Miembro Ruiz</h1>" in html
    assert "Astrofísica" in html
    assert "Perfil verificado por el IME" in html
    assert "miembro@example.org" not in html
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_owner_sees_the_note_and_an_edit_link(client, member):
    login(client, member.user)
    html = client.get(member.get_absolute_url()).content.decode()
    assert "Quién ve cada parte de tu perfil" in html
    assert 'href="/perfil/"' in html


def rich_member(rows):
    """A public member with `rows` sectors, skills and education rows, every group visible."""
    sectors = list(Sector.objects.order_by("position").values_list("slug", flat=True))[:rows]
    member = make_member(
        f"Perfil Con {rows} Filas",
        sectors=sectors,
        chapter=Chapter.objects.get(slug="houston"),
        languages=["es", "en"],
        website="https://example.org/",
        **{f"visibility_{group}": "public" for group in Member.FIELD_GROUPS},
    )
    for i in range(rows):
        skill = Skill.objects.create(name=f"Habilidad {rows}-{i}", key=f"habilidad {rows}-{i}")
        member.skills.add(skill)
        Education.objects.create(
            member=member, degree="master", field=f"Campo {i}", institution="UNAM", year=2000 + i
        )
    return member


def count_queries(user, url):
    client = Client()  # signing out would end the user's sessions everywhere
    if user is not None:
        login(client, user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len([q["sql"] for q in queries if not _is_session_or_account(q["sql"])])


def _is_session_or_account(sql):
    """Queries every signed-in page makes: the session, its savepoints and the account."""
    return (
        "django_session" in sql
        or sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        or sql.startswith('SELECT "members_user"."id"')
    )


def test_profile_page_for_a_visitor_takes_at_most_3_queries(
    client, db, django_assert_max_num_queries
):
    member = rich_member(6)
    with django_assert_max_num_queries(3):
        html = client.get(member.get_absolute_url()).content.decode()
    assert "Habilidad 6-5" in html
    assert "Campo 5" in html
    assert "Houston" in html


@pytest.mark.parametrize("viewer", ["visitor", "owner", "member", "pncs", "ime"])
def test_profile_page_queries_do_not_grow_with_rows(client, db, viewer):
    few, many = rich_member(1), rich_member(8)
    users = {
        "visitor": None,
        "member": make_member("Quien Mira").user,
        "pncs": make_pncs_staff(),
        "ime": make_user(is_staff=True),
    }
    counts = []
    for target in (few, many):
        user = target.user if viewer == "owner" else users[viewer]
        counts.append(count_queries(user, target.get_absolute_url()))
    assert counts[0] == counts[1]
    # The member's data takes 3 queries; the others ask who the viewer is (a member? PNCS
    # staff? with MFA?) in the staff-security middleware and the permission helpers.
    assert counts[1] <= {"visitor": 3, "owner": 4, "member": 6, "pncs": 5, "ime": 5}[viewer]


def test_edit_page_queries_do_not_grow_with_rows(client, db):
    few, many = rich_member(1), rich_member(8)
    counts = []
    for target in (few, many):
        counts.append(count_queries(target.user, EDIT_URL))
    assert counts[0] == counts[1]
