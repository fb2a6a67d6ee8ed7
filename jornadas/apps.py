from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JornadasConfig(AppConfig):
    name = "jornadas"
    verbose_name = _("Jornadas Informativas")

    def ready(self):
        from redtalentos.lib import personal_data

        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)
