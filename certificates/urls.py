from django.urls import path, register_converter

from . import views
from .models import PUBLIC_ID_PATTERN


class PublicIdConverter:
    """Only what a public id can look like reaches the views: anything else is a 404 at once."""

    regex = PUBLIC_ID_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PublicIdConverter, "certificate_id")

app_name = "certificates"
urlpatterns = [
    path("", views.my_certificates, name="my_certificates"),
    path("<certificate_id:public_id>/", views.verify, name="verify"),
    path("<certificate_id:public_id>/pdf/", views.certificate_pdf, name="pdf"),
]
