from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentorías")

    def ready(self):
        from members.introductions import introduction_answered
        from pncs import figures
        from redtalentos.lib import home, personal_data

        from . import statistics
        from .figures import programme_blocks
        from .home import home_section, requests_waiting
        from .personal_data import PROVIDER
        from .services import proposal_answered

        personal_data.register(PROVIDER)
        figures.register("mentoring", programme_blocks)
        home.register(
            home.Section(
                name="mentoring",
                template="mentoring/_home_section.html",
                context=home_section,
                homes=frozenset({home.PARTICIPANT}),
                order=30,
            )
        )
        staff = frozenset({home.PNCS, home.IME})
        home.register(home.Task("mentoring_requests", requests_waiting, staff, order=35))
        # A mentor answers a proposal as an introduction request (the brokered channel).
        introduction_answered.connect(proposal_answered, dispatch_uid="mentoring_proposal")
        statistics.register()
