"""Public pages of the Jornadas Informativas, mounted at /jornadas/."""

from django.urls import path

from . import views

app_name = "jornadas"
urlpatterns = [
    path("", views.edition_list, name="edition_list"),
    path("<slug:slug>/", views.edition_detail, name="edition_detail"),
    path("<slug:slug>/calendario.ics", views.edition_ics, name="edition_ics"),
    path("<slug:slug>/sesiones/<int:pk>/", views.session_detail, name="session_detail"),
    path("<slug:slug>/sesiones/<int:pk>.ics", views.session_ics, name="session_ics"),
]
