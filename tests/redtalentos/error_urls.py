"""URL conf for the error-page tests: the site's URLs plus views that fail on purpose."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousFileOperation
from django.db import OperationalError
from django.urls import path
from psycopg.errors import QueryCanceled

from redtalentos.urls import handler500  # noqa: F401 (the root URL conf names the 500 view)
from redtalentos.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied("not yours, for the test")


def boom(request):
    raise RuntimeError("boom for the test")


def bad_request(request):
    raise BadRequest("unusable for the test")


def suspicious(request):
    raise SuspiciousFileOperation("suspicious for the test")


def database_down(request):
    # What psycopg raises (wrapped by Django) when the server refuses the connection.
    raise OperationalError(
        'connection failed: connection to server at "127.0.0.1", port 54329 failed: '
        "Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?"
    )


def query_cancelled(request):
    # A statement timeout: the database answers, the query is at fault.
    raise OperationalError("canceling statement due to statement timeout") from QueryCanceled(
        "canceling statement due to statement timeout"
    )


urlpatterns = [
    path("prueba/prohibido/", forbidden),
    path("prueba/falla/", boom),
    path("prueba/invalida/", bad_request),
    path("prueba/sospechosa/", suspicious),
    path("prueba/consulta-cancelada/", query_cancelled),
    *i18n_patterns(path("prueba/sin-base/", database_down), prefix_default_language=False),
    *site_urlpatterns,
]
