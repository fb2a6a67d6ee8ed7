"""The directory's index stays true: every change to a profile, its related rows, its consents or
its account shows in the very next search (the triggers of migrations 0003_search and
0004_directory run in the same transaction as the change)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from chapters.models import Chapter
from members.consents import set_consent
from members.data_rights import delete_account, delete_profile
from members.models import Consent, Education, Member, Skill, User, Visibility
from members.profiles import skills_for_names
from pncs.models import Sector
from tests.conftest import login, make_member, result_names


def search(client, **params):
    response = client.get(reverse("members:directory"), params)
    assert response.status_code == 200
    return response


def found(client, **params):
    return set(result_names(search(client, **params)))


def sector_pk(slug):
    return Sector.objects.get(slug=slug).pk


@pytest.fixture
def tere(db):
    """A profile that shows every searchable group publicly, next to one that never changes."""
    make_member("Otro Perfil Fijo", headline="Testigo")
    return make_member(
        "Teresa Campos",
        headline="Bióloga marina",
        bio="Estudio los arrecifes de coral.",
        organisation="Instituto Oceánico",
        position="Investigadora",
        city="Monterey",
        country="US",
        visibility_education=Visibility.PUBLIC,
        visibility_chapter=Visibility.PUBLIC,
    )


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        ("full_name", "teresa", "Casandra Villalobos"),
        ("headline", "biologa", "Astrofísica observacional"),
        ("bio", "arrecifes", "Construyo telescopios espaciales."),
        ("organisation", "oceanico", "Observatorio Paranal"),
        ("position", "investigadora", "Directora técnica"),
        ("city", "monterey", "Valparaíso"),
    ],
)
def test_a_saved_field_is_searched_at_once(client, tere, field, old, new):
    assert tere.full_name in found(client, q=old)
    setattr(tere, field, new)
    tere.save()
    name = tere.full_name
    assert found(client, q=old) == set()
    assert found(client, q=new) == {name}


def test_a_new_name_changes_the_name_order(client, tere):
    assert [c["member"].full_name for c in search(client, orden="name").context["cards"]] == [
        "Otro Perfil Fijo",
        "Teresa Campos",
    ]
    tere.full_name = "Ábrego Teresa"
    tere.save()
    assert [c["member"].full_name for c in search(client, orden="name").context["cards"]] == [
        "Ábrego Teresa",
        "Otro Perfil Fijo",
    ]


def test_a_new_city_is_filtered_at_once(client, tere):
    assert found(client, ciudad="monterey") == {"Teresa Campos"}
    tere.city = "Mérida"
    tere.save()
    assert found(client, ciudad="monterey") == set()
    assert found(client, ciudad="MERIDA") == {"Teresa Campos"}


def test_skills_added_and_removed_are_searched_and_filtered_at_once(client, tere):
    assert found(client, q="sismologia") == set()
    tere.skills.add(*skills_for_names(["Sismología", "Python"]))
    assert found(client, q="sismologia") == {"Teresa Campos"}
    assert found(client, habilidad="SISMOLOGIA") == {"Teresa Campos"}
    assert found(client, habilidad="python") == {"Teresa Campos"}
    tere.skills.remove(Skill.objects.get(key="sismologia"))
    assert found(client, q="sismologia") == set()
    assert found(client, habilidad="sismologia") == set()
    assert found(client, habilidad="python") == {"Teresa Campos"}
    tere.skills.clear()
    assert found(client, habilidad="python") == set()


def test_a_renamed_skill_is_searched_under_its_new_name(client, tere):
    tere.skills.set(skills_for_names(["Sismología"]))
    skill = Skill.objects.get(key="sismologia")
    skill.name = "Geofísica"
    skill.save()
    assert found(client, q="sismologia") == set()
    assert found(client, q="geofisica") == {"Teresa Campos"}
    Skill.objects.filter(pk=skill.pk).update(name="Vulcanología")
    assert found(client, q="geofisica") == set()
    assert found(client, q="vulcanologia") == {"Teresa Campos"}


def test_a_deleted_skill_is_no_longer_searched(client, tere):
    tere.skills.set(skills_for_names(["Sismología"]))
    Skill.objects.get(key="sismologia").delete()
    assert found(client, q="sismologia") == set()
    assert found(client, habilidad="sismologia") == set()


def test_education_rows_are_searched_as_they_change(client, tere):
    row = Education.objects.create(
        member=tere, degree="doctorate", field="Oceanografía", institution="UNAM"
    )
    assert found(client, q="oceanografia") == {"Teresa Campos"}
    row.field = "Paleontología"
    row.save()
    assert found(client, q="oceanografia") == set()
    assert found(client, q="paleontologia unam") == {"Teresa Campos"}
    row.delete()
    assert found(client, q="paleontologia") == set()


def test_sectors_set_and_cleared_are_filtered_and_counted_at_once(client, tere):
    tic, salud = sector_pk("tic"), sector_pk("salud")
    assert found(client, sector=tic) == {"Teresa Campos", "Otro Perfil Fijo"}
    tere.sectors.set(Sector.objects.filter(slug="salud"))
    assert found(client, sector=tic) == {"Otro Perfil Fijo"}
    assert found(client, sector=salud) == {"Teresa Campos"}
    facets = dict(search(client).context["page"].facets["sector"])
    assert facets == {str(tic): 1, str(salud): 1}
    tere.sectors.clear()
    assert found(client, sector=salud) == set()
    tere.sectors.add(salud, tic)
    assert found(client, sector=tic) == {"Teresa Campos", "Otro Perfil Fijo"}


def test_a_chapter_change_is_filtered_at_once(client, tere):
    houston = Chapter.objects.get(slug="houston")
    detroit = Chapter.objects.get(slug="detroit")
    assert found(client, capitulo=houston.pk) == set()
    tere.chapter = houston
    tere.save()
    assert found(client, capitulo=houston.pk) == {"Teresa Campos"}
    Member.objects.filter(pk=tere.pk).update(chapter=detroit)
    assert found(client, capitulo=houston.pk) == set()
    assert found(client, capitulo=detroit.pk) == {"Teresa Campos"}


@pytest.mark.parametrize(
    ("group", "query"),
    [
        ("about", "arrecifes"),
        ("work", "oceanico"),
        ("location", "monterey"),
        ("education", "oceanografia"),
        ("expertise", "sismologia"),
    ],
)
def test_a_visibility_change_is_applied_to_the_next_search(client, tere, member, group, query):
    Education.objects.create(
        member=tere, degree="doctorate", field="Oceanografía", institution="UNAM"
    )
    tere.skills.set(skills_for_names(["Sismología"]))
    signed_in = Client()
    login(signed_in, member.user)
    assert found(client, q=query) == {"Teresa Campos"}

    setattr(tere, f"visibility_{group}", Visibility.MEMBERS)
    tere.save()
    assert found(client, q=query) == set()
    assert found(signed_in, q=query) == {"Teresa Campos"}

    Member.objects.filter(pk=tere.pk).update(**{f"visibility_{group}": Visibility.PRIVATE})
    assert found(signed_in, q=query) == set()

    Member.objects.filter(pk=tere.pk).update(**{f"visibility_{group}": Visibility.PUBLIC})
    assert found(client, q=query) == {"Teresa Campos"}


def test_hiding_the_location_removes_it_from_the_filters_and_facets(client, tere):
    assert found(client, pais="US") == {"Teresa Campos"}
    tere.visibility_location = Visibility.MEMBERS
    tere.save()
    assert found(client, pais="US") == set()
    assert found(client, ciudad="monterey") == set()
    assert search(client).context["page"].facets["country"] == []


def test_consents_list_and_unlist_at_once(client, tere):
    user = tere.user
    set_consent(user=user, purpose=Consent.Purpose.PUBLIC_LISTING, granted=False)
    assert found(client, q="teresa") == set()
    assert found(client) == {"Otro Perfil Fijo"}
    set_consent(user=user, purpose=Consent.Purpose.PNCS_SEARCH, granted=True)
    assert found(client, q="teresa") == set()
    set_consent(user=user, purpose=Consent.Purpose.PUBLIC_LISTING, granted=True)
    assert found(client, q="teresa") == {"Teresa Campos"}


def test_a_bulk_update_is_searched_at_once(client, tere):
    other = Member.objects.get(full_name="Otro Perfil Fijo")
    Member.objects.filter(pk__in=[tere.pk, other.pk]).update(headline="Criptógrafa")
    assert found(client, q="criptografa") == {"Teresa Campos", "Otro Perfil Fijo"}
    assert found(client, q="biologa") == set()
    Member.objects.filter(pk=tere.pk).update(full_name="Zoe Bulk", city="Oslo")
    assert found(client, q="zoe") == {"Zoe Bulk"}
    assert found(client, ciudad="oslo") == {"Zoe Bulk"}


def test_deactivating_and_reactivating_an_account_is_applied_at_once(client, tere):
    User.objects.filter(pk=tere.user_id).update(is_active=False)
    assert found(client, q="teresa") == set()
    assert found(client, ciudad="monterey") == set()
    user = User.objects.get(pk=tere.user_id)
    user.is_active = True
    user.save()
    assert found(client, q="teresa") == {"Teresa Campos"}


@pytest.mark.parametrize(
    "erase",
    [
        lambda member: delete_account(user=member.user),
        lambda member: delete_profile(member=member),
        lambda member: member.user.delete(),
        lambda member: member.delete(),
    ],
    ids=["delete_account", "delete_profile", "user.delete", "member.delete"],
)
def test_an_erased_profile_disappears_from_the_next_search(client, tere, erase):
    assert found(client, q="teresa") == {"Teresa Campos"}
    erase(tere)
    assert found(client, q="teresa") == set()
    everyone = search(client)
    assert result_names(everyone) == ["Otro Perfil Fijo"]
    assert everyone.context["page"].total == 1


def test_an_edit_through_the_profile_form_is_searched_at_once(client, tere):
    owner = Client()
    login(owner, tere.user)
    data = {
        "full_name": "Teresa Campos",
        "headline": "Glacióloga",
        "bio": "Mido el retroceso de los glaciares andinos.",
        "city": "Punta Arenas",
        "country": "CL",
        "organisation": "Instituto Antártico",
        "position": "Investigadora",
        "sectors": [sector_pk("salud")],
        "skills": "Criosfera, Python",
        "availability": "available",
        "intro_monthly_limit": "4",
        **{f"visibility_{group}": "public" for group in Member.FIELD_GROUPS},
    }
    response = owner.post(reverse("members:profile_edit"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert found(client, q="glaciologa") == {"Teresa Campos"}
    assert found(client, q="criosfera") == {"Teresa Campos"}
    assert found(client, q="biologa") == set()
    assert found(client, ciudad="punta arenas", pais="CL", sector=sector_pk("salud")) == {
        "Teresa Campos"
    }
    assert found(client, habilidad="criosfera") == {"Teresa Campos"}


def test_the_rebuild_command_restores_every_derived_column(client, tere, capsys):
    tere.skills.set(skills_for_names(["Sismología"]))
    Education.objects.create(
        member=tere, degree="doctorate", field="Oceanografía", institution="UNAM"
    )
    with connection.cursor() as cursor:
        # Deferred foreign-key checks pending in this transaction would block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE members_member DISABLE TRIGGER members_member_search_vector")
        cursor.execute(
            "UPDATE members_member SET search_vector = NULL, search_members = NULL, "
            "search_staff = NULL, sector_ids = '{}', skill_keys = '{}', city_key = '', "
            "sort_name = '', account_active = false"
        )
        cursor.execute("ALTER TABLE members_member ENABLE TRIGGER members_member_search_vector")
    assert found(client) == set()
    assert Member.objects.filter(search_vector__isnull=True).count() == 2

    call_command("rebuild_search_index", batch=1)

    assert "2 profiles" in capsys.readouterr().out
    assert found(client) == {"Teresa Campos", "Otro Perfil Fijo"}
    assert found(client, q="sismologia") == {"Teresa Campos"}
    assert found(client, q="oceanografia") == {"Teresa Campos"}
    assert found(client, habilidad="sismologia") == {"Teresa Campos"}
    assert found(client, ciudad="monterey") == {"Teresa Campos"}
    assert found(client, sector=sector_pk("tic")) == {"Teresa Campos", "Otro Perfil Fijo"}
    names = [c["member"].full_name for c in search(client, orden="name").context["cards"]]
    assert names == ["Otro Perfil Fijo", "Teresa Campos"]
    assert not Member.objects.filter(search_vector__isnull=True).exists()
    assert not Member.objects.filter(search_members__isnull=True).exists()
    assert not Member.objects.filter(search_staff__isnull=True).exists()
    # The trigger is enabled again: edits keep being indexed.
    tere.headline = "Glacióloga"
    tere.save()
    assert found(client, q="glaciologa") == {"Teresa Campos"}
