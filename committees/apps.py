from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Comités de evaluación")

    def ready(self):
        from members.introductions import introduction_answered

        from .services import invitation_answered

        # An expert invited to a committee answers on their introductions page.
        introduction_answered.connect(invitation_answered, dispatch_uid="committees_invitation")

        from redtalentos.lib import personal_data

        from .personal_data import PROVIDER

        personal_data.register(PROVIDER)

        from redtalentos.lib import home

        from .home import decisions_waiting, reviews_waiting

        home.register(home.Task("committee_reviews", reviews_waiting, frozenset({home.MEMBER})))
        staff = frozenset({home.PNCS, home.IME})
        home.register(home.Task("committee_decisions", decisions_waiting, staff))
