from django.urls import path

from . import views

app_name = "chapters"
urlpatterns = [
    path("", views.chapter_list, name="chapter_list"),
]
