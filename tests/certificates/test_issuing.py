"""Issuing certificates through the service: once per kind, source and holder, also in bulk."""

import datetime
import re

import pytest

from certificates.models import Certificate, Kind
from certificates.services import issue, issue_many, revoke
from members.models import User
from tests.certificates.helpers import EDITION_TITLE, make_certificate
from tests.conftest import make_user


def _holders(count):
    return User.objects.bulk_create(
        User(email=f"titular{i}@example.org", full_name=f"Titular Núñez {i}") for i in range(count)
    )


def test_issuing_again_for_the_same_source_returns_the_certificate_already_issued(member):
    first = make_certificate(member.user, source_key="edition:7")
    again = make_certificate(member.user, source_key="edition:7", title="Otro título")

    assert again.pk == first.pk
    assert again.title == EDITION_TITLE
    assert Certificate.objects.count() == 1
    assert first.holder_name == "Ana Miembro Ruiz"


def test_another_kind_or_source_or_holder_gets_its_own_certificate(member, other_member):
    make_certificate(member.user, source_key="edition:7")
    make_certificate(member.user, source_key="edition:7", kind=Kind.SPEAKING)
    make_certificate(member.user, source_key="edition:8")
    make_certificate(other_member.user, source_key="edition:7")

    assert Certificate.objects.count() == 4
    assert len(set(Certificate.objects.values_list("public_id", flat=True))) == 4


def test_a_revoked_certificate_is_not_issued_anew(member, ime_admin):
    certificate = make_certificate(member.user, source_key="edition:7")
    revoke(certificate=certificate, by=ime_admin, reason="Error de registro")

    again = make_certificate(member.user, source_key="edition:7")

    assert again.pk == certificate.pk
    assert again.is_revoked


def test_issuing_without_a_source_key_is_refused(member):
    with pytest.raises(ValueError, match="source_key"):
        issue(
            kind=Kind.ATTENDANCE,
            holder=member.user,
            title="Sin origen",
            starts_on=datetime.date(2027, 3, 14),
            source_app="jornadas",
            source_key="",
        )


def test_public_ids_are_random_url_safe_and_not_the_pk(member):
    certificates = [make_certificate(member.user) for _ in range(5)]

    for certificate in certificates:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", certificate.public_id)
        # The address names the random id, not the primary key (which may by chance appear
        # inside a random id: test the segment, not a substring).
        segment = certificate.get_absolute_url().rstrip("/").rsplit("/", 1)[-1]
        assert segment == certificate.public_id != str(certificate.pk)
    assert len({certificate.public_id for certificate in certificates}) == 5


def test_issuing_in_bulk_gives_each_holder_one_and_again_only_the_missing_ones(db):
    holders = _holders(30)
    already = make_certificate(holders[0], source_key="edition:1")
    common = {
        "kind": Kind.ATTENDANCE,
        "title": EDITION_TITLE,
        "starts_on": datetime.date(2027, 3, 14),
        "source_app": "jornadas",
        "source_key": "edition:1",
    }

    issued = issue_many(holders=holders[:20], **common)
    assert [certificate.holder_id for certificate in issued] == [h.pk for h in holders[1:20]]
    assert issued[0].holder_name == "Titular Núñez 1"

    issued_again = issue_many(holders=holders, **common)
    assert [certificate.holder_id for certificate in issued_again] == [h.pk for h in holders[20:]]
    assert issue_many(holders=holders, **common) == []
    assert Certificate.objects.filter(source_key="edition:1").count() == 30
    assert Certificate.objects.get(holder=holders[0]).pk == already.pk


def test_issuing_thousands_in_bulk_takes_a_few_queries(db, django_assert_max_num_queries):
    holders = _holders(2500)
    with django_assert_max_num_queries(8):
        issued = issue_many(
            holders=holders,
            kind=Kind.ATTENDANCE,
            title=EDITION_TITLE,
            starts_on=datetime.date(2027, 3, 14),
            source_app="jornadas",
            source_key="edition:2",
        )
    assert len(issued) == 2500
    assert Certificate.objects.count() == 2500


def test_revoking_twice_keeps_the_first_revocation(member, ime_admin):
    other_ime = make_user(is_staff=True)
    certificate = make_certificate(member.user)

    assert revoke(certificate=certificate, by=ime_admin, reason="Primera") is True
    assert revoke(certificate=certificate, by=other_ime, reason="Segunda") is False

    certificate.refresh_from_db()
    assert (certificate.revocation_reason, certificate.revoked_by) == ("Primera", ime_admin)
