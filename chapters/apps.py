from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChaptersConfig(AppConfig):
    name = "chapters"
    verbose_name = _("Capítulos")

    def ready(self):
        from redtalentos.lib import home, personal_data

        from .home import chapter_section, join_requests_waiting, proposals_waiting
        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)
        home.register(
            home.Section(
                name="chapter",
                template="chapters/_home_section.html",
                context=chapter_section,
                homes=frozenset({home.MEMBER}),
                order=10,
            )
        )
        member = frozenset({home.MEMBER})
        home.register(home.Task("chapter_join_requests", join_requests_waiting, member, order=10))
        home.register(
            home.Task("chapter_proposals", proposals_waiting, frozenset({home.IME}), order=40)
        )
