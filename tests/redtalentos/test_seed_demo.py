"""seed_demo: idempotent, deterministic, realistic enough to demo, and never in production."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from members.models import AccountType, Consent, Education, Member, User
from members.permissions import is_pncs_staff
from redtalentos.management.demo_accounts import DEMO_CONTACT_POINT
from redtalentos.management.demo_people import build_person


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, EmailAddress, Member, Education, Consent)
    }


def test_seed_demo_is_idempotent_and_prints_the_logins(db, capsys):
    call_command("seed_demo", members=40)
    first = capsys.readouterr().out
    after_first = counts()
    call_command("seed_demo", members=40)
    second = capsys.readouterr().out

    assert counts() == after_first
    # 40 synthetic members, the three demo accounts, one PNCS staff account per sector, the
    # students of last year's internship cycle and the people in Mexico who ask for mentoring.
    from internships.past_demo import PAST_STUDENTS
    from mentoring.requests_demo import ASKS

    assert after_first["User"] == 43 + 9 + len(PAST_STUDENTS) + len(ASKS)
    assert "Demo data: 43 accounts created, 43 in all." in first
    assert "Demo data: 0 accounts created, 43 in all." in second
    for login in (
        "demo@redtalentos.example",
        "pncs@redtalentos.example",
        "ime@redtalentos.example",
    ):
        assert login in second


def test_default_run_adds_three_hundred_members(db, capsys):
    call_command("seed_demo")
    assert "303 accounts created" in capsys.readouterr().out
    assert Member.objects.count() == 301  # the synthetic members and the demo member


def test_a_larger_run_only_adds_people(db):
    call_command("seed_demo", members=10)
    names = dict(Member.objects.values_list("user__email", "full_name"))
    call_command("seed_demo", members=15)
    assert Member.objects.count() == 16
    later = dict(Member.objects.values_list("user__email", "full_name"))
    assert {email: later[email] for email in names} == names


def test_same_seed_gives_the_same_people(db):
    call_command("seed_demo", members=20, seed=7)
    first = list(Member.objects.order_by("user__email").values_list("full_name", "bio", "city"))
    User.objects.filter(email__endswith="@example.org").delete()
    call_command("seed_demo", members=20, seed=7)
    again = list(Member.objects.order_by("user__email").values_list("full_name", "bio", "city"))
    assert again == first


def test_another_seed_gives_other_people():
    first = [build_person(2026, number).full_name for number in range(1, 21)]
    assert first == [build_person(2026, number).full_name for number in range(1, 21)]
    assert first != [build_person(7, number).full_name for number in range(1, 21)]


def test_names_are_spanish_and_english_with_accents():
    names = [build_person(2026, number).full_name for number in range(1, 301)]
    assert any(char in "áéíóúñÁÉÍÓÚÑ" for name in names for char in name)
    assert any(name.split()[0] in {"Jennifer", "Daniel", "Michael", "Ashley"} for name in names)
    assert len(set(names)) > 250


def test_consents_and_visibilities_are_a_realistic_mix(db):
    call_command("seed_demo", members=120)
    synthetic = Member.objects.filter(user__email__endswith="@example.org")
    for flag in ("listed_publicly", "findable_by_pncs", "visible_to_chapter"):
        share = synthetic.filter(**{flag: True}).count() / 120
        assert 0.1 < share < 0.9, flag
    # Flags and the consent log agree: they were set through the same service.
    for member in synthetic.select_related("user")[:30]:
        latest = Consent.objects.filter(user=member.user, purpose="public_listing").first()
        assert latest.granted == member.listed_publicly
        assert Consent.objects.filter(user=member.user).count() >= 4
    assert Consent.objects.filter(granted=False).exists()
    assert synthetic.exclude(visibility_about="public").exists()
    assert 0 < synthetic.filter(verified_at__isnull=False).count() < 120
    assert synthetic.exclude(country="US").exists()
    assert synthetic.filter(country="US").count() > 50
    assert synthetic.filter(chapter__isnull=False).exists()
    assert Education.objects.filter(member__in=synthetic).count() >= 120


def test_synthetic_addresses_are_reserved_and_cannot_sign_in(db):
    call_command("seed_demo", members=10)
    for user in User.objects.all():
        assert user.email.endswith(("@example.org", "@redtalentos.example"))
    synthetic = User.objects.filter(email__endswith="@example.org")
    assert not any(user.has_usable_password() for user in synthetic)


def test_demo_accounts_have_their_roles(db):
    call_command("seed_demo", members=0)
    demo = Member.objects.get(user__email="demo@redtalentos.example")
    assert demo.user.account_type == AccountType.TALENT
    assert demo.listed_publicly and demo.findable_by_pncs and demo.is_verified
    assert demo.education.exists() and demo.skills.exists() and demo.sectors.exists()
    pncs = User.objects.get(email="pncs@redtalentos.example")
    assert is_pncs_staff(pncs)
    assert pncs.contact_points.get().name == DEMO_CONTACT_POINT
    assert pncs.contact_points.get().sectors.filter(slug="tic").exists()
    assert User.objects.get(email="ime@redtalentos.example").is_superuser


def test_demo_accounts_of_an_older_seed_get_their_profile(db):
    User.objects.create_user(email="demo@redtalentos.example", password="x" * 20)
    call_command("seed_demo", members=0)
    assert Member.objects.filter(user__email="demo@redtalentos.example").exists()
    assert User.objects.get(email="demo@redtalentos.example").account_type == AccountType.TALENT


def test_demo_login_works_because_the_address_is_verified(client, db):
    call_command("seed_demo", members=0)
    response = client.post(
        "/cuenta/login/",
        {"login": "demo@redtalentos.example", "password": "demo-red-talentos-2026"},
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated


def test_seed_demo_refuses_production(db, settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.filter(email="demo@redtalentos.example").exists()
    assert not Member.objects.exists()


def test_the_demo_member_and_the_leaders_have_requests_to_answer(db, capsys):
    """The requests pages are checked in a browser on the demo data: they must not be empty."""
    from chapters.models import JoinRequest
    from members.models import IntroductionRequest

    call_command("seed_demo", members=30)
    demo = Member.objects.get(user__email="demo@redtalentos.example")
    received = IntroductionRequest.objects.filter(member=demo)
    assert set(received.values_list("status", flat=True)) == {"pending", "accepted"}
    assert IntroductionRequest.objects.filter(requester=demo.user, status="pending").exists()
    assert JoinRequest.objects.filter(status="pending").exists()
    assert "Introduction requests of the demo member: 3 new." in capsys.readouterr().out
    call_command("seed_demo", members=30)
    # The mentoring's proposals (tests/mentoring/test_demo.py), the interests in opportunities
    # (tests/projects/test_demo.py), the invitations to project teams
    # (tests/projects/test_project_demo.py), to expert visits and to evaluation committees
    # (tests/committees/test_demo.py) go through the same channel.
    others = IntroductionRequest.objects.filter(
        mentorship=None,
        opportunity_interest=None,
        team_invitation=None,
        visit_invitation=None,
        committee_invitation=None,
    )
    assert others.count() == 3
