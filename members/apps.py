from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Miembros")

    def ready(self):
        from redtalentos.lib import home, personal_data

        from . import signals, statistics  # noqa: F401  (signals connects the receivers)
        from .data_rights import PROVIDER
        from .home import introductions_waiting, profile_section, verifications_waiting

        personal_data.register(PROVIDER)
        statistics.register()
        home.register(
            home.Section(
                name="profile",
                template="members/_home_profile.html",
                context=profile_section,
                homes=frozenset({home.MEMBER}),
                order=5,
            )
        )
        home.register(
            home.Task("introductions", introductions_waiting, frozenset({home.MEMBER}), order=5)
        )
        home.register(
            home.Task("verifications", verifications_waiting, frozenset({home.IME}), order=50)
        )
