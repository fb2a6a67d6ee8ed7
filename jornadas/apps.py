from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JornadasConfig(AppConfig):
    name = "jornadas"
    verbose_name = _("Jornadas Informativas")

    def ready(self):
        from members.introductions import introduction_answered
        from pncs import origins
        from redtalentos.lib import personal_data

        from . import signals  # noqa: F401 - connects the receivers
        from .follow_ups import follow_up_origins
        from .personal_data import PROVIDER
        from .speakers import speaker_invitation_answered

        personal_data.register(PROVIDER)
        # A follow-up's activity in a PNCS work programme links back to its edition.
        origins.register("jornadas_follow_ups", follow_up_origins)
        introduction_answered.connect(
            speaker_invitation_answered, dispatch_uid="jornadas_speaker_invitation"
        )
