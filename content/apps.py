from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Contenido del sitio")

    def ready(self):
        from redtalentos.lib import personal_data

        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)
