from django.urls import path

from . import views

app_name = "pncs"
urlpatterns = [
    path("", views.sector_list, name="sector_list"),
]
