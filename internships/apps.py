from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "internships"
    verbose_name = _("Pasantías")

    def ready(self):
        from pncs import figures
        from redtalentos.lib import home, personal_data

        from . import (
            signals,  # noqa: F401 - connects the receivers
            statistics,
        )
        from .figures import programme_blocks
        from .home import home_section, reviews_waiting
        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)
        figures.register("internship_cycles", programme_blocks)
        home.register(
            home.Section(
                name="internships",
                template="internships/_home_section.html",
                context=home_section,
                homes=frozenset({home.PARTICIPANT}),
                order=20,
            )
        )
        staff = frozenset({home.PNCS, home.IME})
        home.register(home.Task("internship_reviews", reviews_waiting, staff, order=30))
        statistics.register()
