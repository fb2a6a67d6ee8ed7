from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "internships"
    verbose_name = _("Pasantías")
