"""The PNCS staff workspace, mounted at /pncs/ (staff only; members.middleware asks for MFA).
The expert search under /pncs/expertos/ searches members, so it is routed by members.urls."""

from django.urls import path

from .views import workspace

app_name = "pncs_workspace"
urlpatterns = [
    path("", workspace.home, name="home"),
    path("puntos/<slug:slug>/", workspace.contact_point_home, name="contact_point"),
    path("programa/", workspace.activity_list, name="activity_list"),
    path("programa/nueva/", workspace.activity_create, name="activity_create"),
    path("programa/exportar.csv", workspace.activity_export, name="activity_export"),
    path("programa/imprimir/", workspace.activity_print, name="activity_print"),
    path("programa/<int:pk>/", workspace.activity_detail, name="activity_detail"),
    path("programa/<int:pk>/editar/", workspace.activity_edit, name="activity_edit"),
    path("resumen/", workspace.overview, name="overview"),
]
