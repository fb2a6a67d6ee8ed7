"""Public sector pages, mounted at /sectores/."""

from django.urls import path

from .views import sectors

app_name = "pncs"
urlpatterns = [
    path("", sectors.sector_list, name="sector_list"),
    path("<slug:slug>/", sectors.sector_detail, name="sector_detail"),
]
