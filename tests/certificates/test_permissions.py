"""The access rules of certificates.permissions, asked directly: the PDF is its holder's and IME's
(second factor passed in this session); for everyone else it does not exist (404). The pages are
tested through the views in test_my_certificates.py and test_verification.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from certificates.permissions import can_download, get_certificate_for_holder
from members.models import User
from redtalentos.lib.roles import MFA_SESSION_ATTR
from tests.certificates.helpers import make_certificate
from tests.conftest import make_pncs_staff

pytestmark = pytest.mark.django_db


def fresh(user, *, mfa=False):
    """The account as the next request loads it (marked as the staff middleware marks a session
    that passed the second factor when `mfa`)."""
    user = User.objects.get(pk=user.pk)
    setattr(user, MFA_SESSION_ATTR, mfa)
    return user


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_holder_downloads_their_certificate(member):
    certificate = make_certificate(member.user)
    assert can_download(fresh(member.user), certificate)
    assert get_certificate_for_holder(request_of(fresh(member.user)), certificate.public_id) == (
        certificate
    )


def test_ime_downloads_any_certificate_only_with_the_second_factor(member, ime_admin):
    certificate = make_certificate(member.user)
    assert can_download(fresh(ime_admin, mfa=True), certificate)
    assert not can_download(fresh(ime_admin), certificate)
    with pytest.raises(Http404):
        get_certificate_for_holder(request_of(fresh(ime_admin)), certificate.public_id)


def test_everyone_else_gets_404_for_the_pdf(member, other_member):
    certificate = make_certificate(member.user)
    pncs = make_pncs_staff()
    for user in (AnonymousUser(), fresh(other_member.user), fresh(pncs, mfa=True)):
        assert not can_download(user, certificate)
        with pytest.raises(Http404):
            get_certificate_for_holder(request_of(user), certificate.public_id)


def test_a_deactivated_holder_no_longer_downloads(member):
    certificate = make_certificate(member.user)
    User.objects.filter(pk=member.user.pk).update(is_active=False)
    assert not can_download(fresh(member.user), certificate)


def test_an_unknown_certificate_is_404(member):
    with pytest.raises(Http404):
        get_certificate_for_holder(request_of(fresh(member.user)), "NOEXISTE")


def test_the_holder_gets_the_certificate_asked_for(member):
    first, second = make_certificate(member.user), make_certificate(member.user)
    request = request_of(fresh(member.user))
    assert get_certificate_for_holder(request, second.public_id) == second
    assert get_certificate_for_holder(request, first.public_id) == first
