from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Proyectos")

    def ready(self):
        from members.introductions import introduction_answered
        from pncs import figures
        from redtalentos.lib import personal_data

        from .binational import invitation_answered
        from .mission_figures import mission_blocks
        from .opportunities import interest_answered
        from .personal_data import PROVIDER
        from .project_figures import programme_blocks
        from .visit_figures import visit_blocks
        from .visits import invitation_answered as visit_invitation_answered

        personal_data.register(PROVIDER)
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
