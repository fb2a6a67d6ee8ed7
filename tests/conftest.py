"""Shared fixtures: the personas every view is tested against, and small `make_*` helpers."""

import itertools
import re
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import translation
from django.utils.text import slugify

from members.consents import set_consent
from members.models import AccountType, Consent, Member, User
from pncs.models import ContactPoint, Sector

PASSWORD = "una-clave-larga-de-prueba-2026"


@pytest.fixture(autouse=True)
def _spanish_after_each_test():
    """A request to an /en/ page leaves English active in the thread: reset it after each test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _page_cache_per_test(request):
    """Visitors' pages are cached on the page generation, which a rolled-back test gives back: each
    test starts with an empty page cache. Inside a test's transaction, which never commits, the
    generation is raised at the end of each statement rather than at the commit."""
    caches["pages"].clear()
    uses_db = request.node.get_closest_marker("django_db") or (
        "_django_db_helper" in request.fixturenames
    )
    if uses_db and not _is_transactional(request):
        request.getfixturevalue("_django_db_helper")
        page_generation_per_statement()
    yield
    caches["pages"].clear()


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or (marker is not None and marker.kwargs.get("transaction", False))
    )


def page_generation_per_statement():
    """In a transaction that will not commit, raise the page generation at each statement."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS rt_page_generation IMMEDIATE")


def result_names(response):
    """The names on the directory's result cards, as the page shows them (a visitor's page served
    from the page cache has no template context)."""
    return [
        unescape(re.sub(r"<[^>]+>", "", name))
        for name in re.findall(
            r'<h2 class="result-name"><a href="[^"]*">(.*?)</a>', response.content.decode()
        )
    ]


_counter = itertools.count(1)


def make_user(email=None, *, verified=True, **fields):
    email = email or f"persona{next(_counter)}@example.org"
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_member(
    full_name="José García López",
    *,
    email=None,
    sectors=("tic",),
    consents=(Consent.Purpose.PUBLIC_LISTING,),
    **fields,
):
    """A talent abroad with a profile; `consents` lists the purposes granted."""
    user = make_user(email, account_type=AccountType.TALENT, full_name=full_name)
    slug = f"{slugify(full_name)}-{next(_counter)}"
    member = Member.objects.create(user=user, full_name=full_name, slug=slug, **fields)
    member.sectors.set(Sector.objects.filter(slug__in=sectors))
    for purpose in consents:
        set_consent(user=user, purpose=purpose, granted=True)
    member.refresh_from_db()
    return member


def bulk_profiles(count, prefix, **fields):
    """`count` listed profiles (no consents rows: the flag the consent sets is set directly) named
    `Persona <n> <prefix>`; each field (full_name too) is a value, or a function of the profile's
    index."""
    users = User.objects.bulk_create(
        User(email=f"{prefix.lower()}{index}@example.org", full_name=f"{prefix} {index}")
        for index in range(count)
    )
    fields.setdefault("full_name", lambda index: f"Persona {index:04d} {prefix}")
    return Member.objects.bulk_create(
        Member(
            user=user,
            slug=f"{prefix.lower()}-{index}",
            listed_publicly=True,
            **{name: value(index) if callable(value) else value for name, value in fields.items()},
        )
        for index, user in enumerate(users)
    )


def make_pncs_staff(email=None, *, sectors=("tic",), name="PNCS de prueba"):
    user = make_user(email, full_name="Personal PNCS")
    contact_point, _ = ContactPoint.objects.get_or_create(
        name=name, defaults={"slug": slugify(name)}
    )
    contact_point.sectors.set(Sector.objects.filter(slug__in=sectors))
    contact_point.staff.add(user)
    return user


@pytest.fixture
def participant(db):
    return make_user(
        "participante@example.org", full_name="Luis Participante", account_type=AccountType.STUDENT
    )


@pytest.fixture
def member(db):
    return make_member("Ana Miembro Ruiz", email="miembro@example.org")


@pytest.fixture
def other_member(db):
    return make_member("Beto Otro Pérez", email="otro@example.org")


@pytest.fixture
def pncs_staff(db):
    return make_pncs_staff("pncs@example.org")


@pytest.fixture
def ime_admin(db):
    # With an authenticator app, as the staff pages require (members.middleware).
    user = make_user("ime@example.org", full_name="IME Admin", is_staff=True, is_superuser=True)
    give_totp(user)
    return user


# MFA (account security): staff need an authenticator app before any staff page.


def give_totp(user):
    """Sets up an authenticator app (TOTP) for `user`, as if activated on /cuenta/2fa/."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    authenticator = TOTP.activate(user, generate_totp_secret()).instance
    # A new authenticator ends the account's sessions (members.signals): the account as it is now.
    user.refresh_from_db(fields=["session_generation"])
    return authenticator


def login(client, user):
    """Signs `user` in on `client` as the sign-in page would: an account with an authenticator app
    has also passed its second factor in this session (staff pages ask the session, not the
    account). Plain `client.force_login` is a password-only sign-in."""
    import time

    from allauth.mfa.models import Authenticator

    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return
    session = client.session
    now = time.time()
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
    ]
    session.save()


def totp_code(user):
    """The code `user`'s authenticator app shows now."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code_from_secret(decrypt(authenticator.data["secret"]))


def totp_code_from_secret(secret):
    """The code an authenticator app set up with `secret` shows now. Near the end of a period it
    waits for the next one, so that the code is still valid when the test posts it."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(3)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


# Chapter leadership (chapters issue).


def make_chapter_leader(chapter_slug="houston", *, role="president", member=None):
    """A member with a role in `chapter_slug`'s leadership (and a member of that chapter)."""
    from chapters.models import Chapter, ChapterRole

    chapter = Chapter.objects.get(slug=chapter_slug)
    if member is None:
        member = make_member("Lidia Líder Campos", chapter=chapter)
    ChapterRole.objects.create(chapter=chapter, user=member.user, role=role)
    return member.user


@pytest.fixture
def chapter_leader(db):
    """President of the Houston chapter."""
    return make_chapter_leader("houston")


# The reference data that the data migrations load (sectors, founding chapters, past Jornadas).
REFERENCE_DATA = [
    ("pncs.migrations.0002_nine_sectors", "add_sectors"),
    ("pncs.migrations.0005_sector_descriptions_text", "add_descriptions"),
    ("chapters.migrations.0002_founding_chapters", "add_chapters"),
    ("chapters.migrations.0004_founding_chapter_positions", "add_positions"),
    ("jornadas.migrations.0002_past_editions", "add_editions"),
]


def restore_reference_data():
    """Transactional tests start from flushed tables: the data migrations' own functions (they
    are idempotent) put sectors and chapters back."""
    from importlib import import_module

    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(import_module(module), function)(apps, None)
