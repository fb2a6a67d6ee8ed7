from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Miembros")

    def ready(self):
        from redtalentos.lib import personal_data

        from . import signals  # noqa: F401  (connects the receivers)
        from .data_rights import PROVIDER

        personal_data.register(PROVIDER)
