from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PncsConfig(AppConfig):
    name = "pncs"
    verbose_name = _("Puntos Nacionales de Contacto Sectorial")

    def ready(self):
        from redtalentos.lib import personal_data

        from . import statistics
        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)
        statistics.register()
