from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "internships"
    verbose_name = _("Pasantías")

    def ready(self):
        from redtalentos.lib import personal_data

        from . import signals  # noqa: F401 - connects the receivers
        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)
