from django.urls import path

from .views import (
    data_rights,
    directory,
    experts,
    home,
    introductions,
    onboarding,
    profile,
    security,
)

app_name = "members"
urlpatterns = [
    # Onboarding and consents
    path("perfil/bienvenida/", onboarding.choose_account_type, name="onboarding"),
    path("perfil/bienvenida/privacidad/", onboarding.consents, name="onboarding_consents"),
    path("perfil/privacidad/", onboarding.privacy_settings, name="privacy_settings"),
    # MFA enrolment of staff accounts (a link sent by email)
    path("perfil/verificacion/", security.mfa_enrol, name="mfa_enrol"),
    path("perfil/verificacion/<str:token>/", security.mfa_enrol_link, name="mfa_enrol_link"),
    # The home of every signed-in person
    path("inicio/", home.my_home, name="home"),
    # Own profile
    path("perfil/", profile.profile_edit, name="profile_edit"),
    path("perfil/foto/", profile.photo, name="photo"),
    path("perfil/formacion/", profile.education_add, name="education_add"),
    path("perfil/formacion/<int:pk>/eliminar/", profile.education_delete, name="education_delete"),
    path("perfil/habilidades/", profile.skill_suggestions, name="skill_suggestions"),
    # Introductions
    path("perfil/solicitudes/", introductions.introduction_list, name="introduction_list"),
    path(
        "perfil/solicitudes/<uuid:pk>/responder/",
        introductions.introduction_answer,
        name="introduction_answer",
    ),
    path(
        "miembros/<slug:slug>/presentacion/",
        introductions.introduction_request,
        name="introduction_request",
    ),
    # Data rights (ARCO)
    path("perfil/mis-datos/", data_rights.data_download, name="data_download"),
    path("perfil/eliminar/", data_rights.account_delete, name="account_delete"),
    # Directory and public profile
    path("directorio/", directory.directory, name="directory"),
    path("miembros/<slug:slug>/", profile.member_detail, name="member_detail"),
    # Expert search for PNCS staff, inside their workspace (/pncs/)
    path("pncs/expertos/", experts.expert_search, name="expert_search"),
    path("pncs/expertos/exportar.csv", experts.expert_export_csv, name="expert_export_csv"),
    path("pncs/expertos/exportar.xlsx", experts.expert_export_xlsx, name="expert_export_xlsx"),
]
