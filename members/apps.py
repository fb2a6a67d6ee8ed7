from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Miembros")

    def ready(self):
        from chapters import people as chapter_people
        from pncs import people as pncs_people
        from redtalentos.lib import home, personal_data

        from . import lower_pages, signals, statistics  # noqa: F401  (signals connects the receivers)
        from .data_rights import PROVIDER
        from .home import introductions_waiting, profile_section, verifications_waiting

        personal_data.register(PROVIDER)
        chapter_people.register(
            profile_of=lower_pages.profile_of, visible_members=lower_pages.visible_members
        )
        pncs_people.register(
            sector_page=lower_pages.sector_page,
            contact_point_home=lower_pages.contact_point_home,
            findable_members=lower_pages.findable_members,
            record_export=lower_pages.record_export,
        )
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
