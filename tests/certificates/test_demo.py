"""Demo certificates: issued to the demo member, one revoked, the same after a second run."""

from io import StringIO

from django.core.management import call_command

from certificates.demo import seed_certificates
from certificates.models import Certificate


def test_demo_certificates_are_issued_once_with_one_revoked(member, ime_admin):
    assert seed_certificates(holder=member.user, revoked_by=ime_admin) == 4
    first = sorted(Certificate.objects.values_list("public_id", "revoked_at"))

    assert seed_certificates(holder=member.user, revoked_by=ime_admin) == 0

    assert sorted(Certificate.objects.values_list("public_id", "revoked_at")) == first
    assert Certificate.objects.revoked().count() == 1
    assert set(Certificate.objects.values_list("kind", flat=True)) == {
        "asistencia",
        "ponente",
        "mentoria",
    }


def test_seed_demo_gives_the_demo_member_their_certificates(db):
    for _ in range(2):
        out = StringIO()
        call_command("seed_demo", members=0, stdout=out)

    assert "Certificates of the demo member: 0 new." in out.getvalue()
    # (and those of the past demo Jornada, jornadas' own: tests/jornadas/test_demo_*)
    held = Certificate.objects.filter(holder__email="demo@redtalentos.example", source_app="demo")
    assert held.count() == 4
    assert held.revoked().get().revoked_by.email == "ime@redtalentos.example"
