from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JornadasConfig(AppConfig):
    name = "jornadas"
    verbose_name = _("Jornadas Informativas")

    def ready(self):
        from members.introductions import introduction_answered
        from redtalentos.lib import personal_data

        from . import signals  # noqa: F401 - connects the receivers
        from .personal_data import PROVIDER
        from .speakers import speaker_invitation_answered

        personal_data.register(PROVIDER)
        introduction_answered.connect(
            speaker_invitation_answered, dispatch_uid="jornadas_speaker_invitation"
        )
