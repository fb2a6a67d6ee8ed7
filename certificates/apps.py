from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificados")

    def ready(self):
        from redtalentos.lib import home, personal_data

        from .home import home_section
        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)
        home.register(
            home.Section(
                name="certificates",
                template="certificates/_home_section.html",
                context=home_section,
                homes=frozenset({home.PARTICIPANT, home.MEMBER}),
                order=90,
            )
        )
