"""The main menu: a section whose URL name does not resolve is left out silently (no links to
nowhere), so a misspelt name hides a whole section. Every section built so far must be there."""

import pytest
from django.urls import NoReverseMatch, reverse

from redtalentos.templatetags.site import MAIN_MENU

pytestmark = pytest.mark.django_db

NOT_BUILT_YET = set()


def test_every_section_of_the_menu_resolves_but_those_not_built_yet():
    missing = set()
    for name, _label in MAIN_MENU:
        try:
            reverse(name)
        except NoReverseMatch:
            missing.add(name)
    assert missing == NOT_BUILT_YET


def test_the_menu_on_the_home_page_leads_to_internships_and_mentoring(client):
    page = client.get("/").content.decode()
    assert f'href="{reverse("internships:posting_list")}"' in page
    assert f'href="{reverse("mentoring:landing")}"' in page


def test_the_projects_board_leads_to_the_missions_and_for_the_signed_in_to_the_visits(client):
    page = client.get(reverse("projects:project_list")).content.decode()
    assert f'href="{reverse("projects:mission_list")}"' in page
    assert f'href="{reverse("projects:visit_list")}"' not in page  # a visitor has no visits page
