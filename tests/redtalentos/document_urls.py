"""URL conf for the document tests: the site's URLs plus a view that serves a private document as
an app's view would, after its own permission check."""

from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import path

from redtalentos.lib.documents import private_storage, serve_document, upload_to
from redtalentos.urls import handler500  # noqa: F401 (the root URL conf names the 500 view)
from redtalentos.urls import urlpatterns as site_urlpatterns

# Every serve appends here: the tests read it to see the engine call the access log once.
access_log = []

_FIELD = models.FileField(upload_to=upload_to("pruebas"), storage=private_storage)


def document(request, name):
    inline = request.GET.get("ver") == "1"
    return serve_document(
        request,
        FieldFile(None, _FIELD, f"pruebas/{name[:2]}/{name}"),
        download_name='Currículum de "Ana" ../../etc.pdf',
        log=lambda: access_log.append(name),
        inline=inline,
    )


urlpatterns = [path("prueba/documento/<str:name>/", document), *site_urlpatterns]
