from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JornadasConfig(AppConfig):
    name = "jornadas"
    verbose_name = _("Jornadas Informativas")

    def ready(self):
        from members.introductions import introduction_answered
        from pncs import origins
        from redtalentos.lib import home, personal_data

        from . import (
            signals,  # noqa: F401 - connects the receivers
            statistics,
        )
        from .follow_ups import follow_up_origins
        from .home import home_section
        from .personal_data import PROVIDER
        from .speakers import speaker_invitation_answered

        personal_data.register(PROVIDER)
        home.register(
            home.Section(
                name="jornadas",
                template="jornadas/_home_section.html",
                context=home_section,
                homes=frozenset({home.PARTICIPANT, home.MEMBER}),
                order=10,
            )
        )
        # A follow-up's activity in a PNCS work programme links back to its edition.
        origins.register("jornadas_follow_ups", follow_up_origins)
        introduction_answered.connect(
            speaker_invitation_answered, dispatch_uid="jornadas_speaker_invitation"
        )
        statistics.register()
