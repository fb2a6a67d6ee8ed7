"""Every URL answers only the methods its view states: GET and HEAD for pages, POST where a form
is sent; TRACE, OPTIONS, PUT, PATCH and DELETE get 405 everywhere, static files and the pages we
do not write (admin, allauth) included.

Our views state their methods with Django's decorators (require_safe, require_POST,
require_http_methods); redtalentos.lib.middleware.AllowedMethodsMiddleware refuses the other
methods for every URL before anything runs. Run once without that middleware, the test proves
that each view of ours states its methods itself: a new view that does not fails here.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.redtalentos.conftest import resolve_kwargs
from tests.redtalentos.test_roles_by_url import CONTRACT
from tests.redtalentos.test_writes_by_url import WRITE_CONTRACT

REFUSED = ["TRACE", "OPTIONS", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND"]
METHODS_MIDDLEWARE = "redtalentos.lib.middleware.AllowedMethodsMiddleware"
# Pages we do not write, and static files: the middleware alone refuses these methods there.
OTHER_PATHS = [
    "/admin/",
    "/admin/members/user/",
    "/admin/login/",
    "/cuenta/login/",
    "/cuenta/signup/",
    "/cuenta/email/",
    "/cuenta/password/reset/",
    "/cuenta/2fa/",
    "/en/cuenta/login/",
    "/static/css/site.css",
    "/media/fotos/x.jpg",
    "/no-existe/",
]


def _client(people, role):
    client = Client()
    if people[role] is not None:
        login(client, people[role])
    return client


def _paths(ids):
    return {
        name: reverse(name, kwargs=resolve_kwargs(kwargs, ids))
        for name, (kwargs, _by_role) in CONTRACT.items()
    }


def _answers_not_allowed(response):
    return response.status_code == 405 and bool(response.get("Allow"))


@pytest.mark.parametrize("role", ["visitor", "ime_admin"])
def test_methods_other_than_get_head_and_post_answer_405_everywhere(world, role):
    people, ids = world
    client = _client(people, role)
    paths = [*_paths(ids).values(), *OTHER_PATHS]
    unexpected = [
        f"{method} {path}: {response.status_code}"
        for path in paths
        for method in REFUSED
        if not _answers_not_allowed(response := client.generic(method, path))
    ]
    assert not unexpected, "\n".join(unexpected)


@pytest.mark.parametrize("role", ["visitor", "ime_admin"])
def test_each_view_of_ours_states_its_methods(world, role, settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != METHODS_MIDDLEWARE]
    people, ids = world
    client = _client(people, role)
    unexpected = [
        f"{method} {path}: {response.status_code}"
        for name, path in _paths(ids).items()
        for method in ["TRACE", "OPTIONS", "PUT", "PATCH", "DELETE"]
        if not _answers_not_allowed(response := client.generic(method, path))
    ]
    assert not unexpected, "\n".join(unexpected)


@pytest.mark.parametrize("role", ["visitor", "ime_admin"])
def test_post_answers_405_unless_the_url_is_in_the_write_contract(world, role):
    """A page that takes no form refuses POST; a URL that takes POST must be in the write
    contract (tests/redtalentos/test_writes_by_url.py), with its rightful actor and refusals."""
    people, ids = world
    client = _client(people, role)
    unexpected = []
    for name, path in _paths(ids).items():
        if name in WRITE_CONTRACT:
            continue
        response = client.post(path)
        if response.status_code != 405:
            unexpected.append(f"POST {name} {path}: {response.status_code}, not in WRITE_CONTRACT")
    assert not unexpected, "\n".join(unexpected)


def test_head_answers_like_get_on_public_pages(world):
    _people, ids = world
    client = Client()
    for name, path in _paths(ids).items():
        if CONTRACT[name][1]["visitor"] == 200:
            response = client.head(path)
            assert response.status_code == 200, name
            assert response.content == b"", name
