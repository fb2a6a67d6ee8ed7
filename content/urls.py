"""Site content: the "about us" page and the contact form (the news will add their routes)."""

from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("acerca/", views.about, name="about"),
    path("contacto/", views.contact, name="contact"),
    path("contacto/enviado/", views.contact_sent, name="contact_sent"),
]
