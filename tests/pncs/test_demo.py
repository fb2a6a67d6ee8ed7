"""seed_pncs: the demo contact points, their staff and activities, created once."""

import random

from allauth.account.models import EmailAddress

from members.models import User
from pncs.demo import seed_pncs
from pncs.models import ActivityStatus, ContactPoint, Sector, WorkProgrammeActivity


def test_seed_pncs_adds_a_contact_point_per_sector_with_staff_and_activities(db):
    accounts = seed_pncs(random.Random(1), password="clave-demo-larga-2026")

    assert ContactPoint.objects.count() == Sector.objects.count() == 9
    assert len(accounts) == 9
    assert ("pncs-salud@redtalentos.example", "PNCS staff · Health") in accounts
    for contact_point in ContactPoint.objects.prefetch_related("sectors", "staff"):
        assert contact_point.name.endswith("(demo)")
        assert len(contact_point.sectors.all()) == 1
        assert len(contact_point.staff.all()) == 1
    user = User.objects.get(email="pncs-salud@redtalentos.example")
    assert user.check_password("clave-demo-larga-2026")
    assert EmailAddress.objects.get(user=user).verified
    statuses = set(WorkProgrammeActivity.objects.values_list("status", flat=True))
    assert statuses == set(ActivityStatus.values)
    for contact_point in ContactPoint.objects.all():
        assert contact_point.activities.values("status").distinct().count() == 4


def test_seed_pncs_twice_changes_nothing(db):
    seed_pncs(random.Random(1), password="clave-demo-larga-2026")
    counts = (
        ContactPoint.objects.count(),
        User.objects.count(),
        EmailAddress.objects.count(),
        WorkProgrammeActivity.objects.count(),
    )
    seed_pncs(random.Random(2), password="otra-clave-distinta-2026")
    assert counts == (
        ContactPoint.objects.count(),
        User.objects.count(),
        EmailAddress.objects.count(),
        WorkProgrammeActivity.objects.count(),
    )
    user = User.objects.get(email="pncs-tic@redtalentos.example")
    assert user.check_password("clave-demo-larga-2026")


def test_demo_activities_satisfy_the_date_rule(db):
    seed_pncs(random.Random(3), password="clave-demo-larga-2026")
    for activity in WorkProgrammeActivity.objects.exclude(ends_on=None):
        assert activity.ends_on >= activity.starts_on


def test_seed_pncs_keeps_a_contact_point_a_sector_already_has(db):
    existing = ContactPoint.objects.create(name="PNCS existente", slug="existente")
    existing.sectors.add(Sector.objects.get(slug="tic"))
    seed_pncs(random.Random(1), password="clave-demo-larga-2026")
    assert ContactPoint.objects.count() == 9
    assert existing.staff.filter(email="pncs-tic@redtalentos.example").exists()
    assert existing.activities.count() == 5
