"""Pages of allauth's that the portal replaces, under /cuenta/ ahead of allauth's own URLs."""

from django.urls import path

from .views import accounts

urlpatterns = [
    path("login/", accounts.login, name="account_login"),
]
