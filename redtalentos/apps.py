from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedTalentosConfig(AppConfig):
    name = "redtalentos"
    verbose_name = _("Sitio")
