from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Proyectos")

    def ready(self):
        from members.introductions import introduction_answered
        from pncs import figures
        from redtalentos.lib import home, personal_data

        from . import statistics
        from .binational import invitation_answered
        from .home import authors_waiting, opportunities_section, reviews_waiting
        from .mission_figures import mission_blocks
        from .opportunities import interest_answered
        from .personal_data import PROVIDER
        from .project_figures import programme_blocks
        from .visit_figures import visit_blocks
        from .visits import invitation_answered as visit_invitation_answered

        personal_data.register(PROVIDER)
        home.register(
            home.Section(
                name="opportunities",
                template="projects/_home_opportunities.html",
                context=opportunities_section,
                homes=frozenset({home.MEMBER}),
                order=20,
            )
        )
        publishers = frozenset({home.MEMBER, home.PNCS, home.IME})
        home.register(home.Task("opportunity_authors", authors_waiting, publishers, order=20))
        staff = frozenset({home.PNCS, home.IME})
        home.register(home.Task("opportunity_reviews", reviews_waiting, staff, order=20))
        figures.register("binational_projects", programme_blocks)
        figures.register("expert_visits", visit_blocks)
        figures.register("missions", mission_blocks)

        # A member author answers an interest as an introduction request (the brokered channel).
        introduction_answered.connect(
            interest_answered, dispatch_uid="projects_opportunity_interest"
        )
        # A member invited to a project's team answers on their introductions page.
        introduction_answered.connect(invitation_answered, dispatch_uid="projects_team_invitation")
        # An expert invited to a visit answers on their introductions page.
        introduction_answered.connect(
            visit_invitation_answered, dispatch_uid="projects_visit_invitation"
        )
        statistics.register()
