"""URL conf for the error-page tests: the site's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from redtalentos.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


def boom(request):
    raise RuntimeError("boom for the test")


urlpatterns = [
    path("prueba/prohibido/", forbidden),
    path("prueba/falla/", boom),
    *site_urlpatterns,
]
