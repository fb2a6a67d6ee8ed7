"""Every relation to an account or a profile, in every installed app (ours, allauth's, Django's),
is answered for by a provider of the data download and of the deletion
(redtalentos.lib.personal_data): an app that adds a model about people and forgets it fails here.

Not walked, because they are no relation: Django's sessions hold the account id inside their
encoded data; they stop working when the account goes (members.User's session hash) and expire.
"""

import json

from django.apps import apps
from django.conf import settings

from redtalentos.lib import personal_data

# Relations to an account or a profile that no provider answers for: "app_label.Model.field" ->
# why. Empty: everything is covered. An entry needs a reason a reviewer accepts.
HANDLED_ELSEWHERE: dict[str, str] = {}


def _people():
    return {apps.get_model(settings.AUTH_USER_MODEL), apps.get_model("members", "Member")}


def _label(model, field):
    return f"{model._meta.label}.{field.name}"


def relations_to_a_person():
    """{"app_label.Model.field"} for every foreign key, one-to-one and many-to-many field that
    points at an account or a profile. The table Django creates for a many-to-many field is named
    by that field (`pncs.ContactPoint.staff`), whichever side of it is the person."""
    people = _people()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            if not field.is_relation or field.related_model not in people:
                continue
            owner = model._meta.auto_created
            if owner:
                [m2m] = [
                    f for f in owner._meta.local_many_to_many if f.remote_field.through is model
                ]
                found.add(_label(owner, m2m))
            else:
                found.add(_label(model, field))
        for field in model._meta.local_many_to_many:
            if field.related_model in people:
                found.add(_label(model, field))
    return found


def uncovered(covered):
    return sorted(relations_to_a_person() - set(covered) - set(HANDLED_ELSEWHERE))


def test_every_relation_to_a_person_is_in_the_download_and_the_deletion():
    missing = uncovered(personal_data.covered())
    assert missing == [], (
        "These fields link to an account or a profile, but no app's personal-data provider "
        "exports and erases them (register them in the app's personal_data module): "
        + ", ".join(missing)
    )


def test_the_walk_finds_relations_of_every_kind():
    found = relations_to_a_person()
    assert {
        "members.Member.user",  # one-to-one
        "chapters.JoinRequest.member",  # foreign key to the profile
        "chapters.ChapterNews.author",  # foreign key to the account
        "pncs.ContactPoint.staff",  # many-to-many declared on another model
        "pncs.WorkProgrammeActivity.members",
        "members.User.groups",  # many-to-many from the account (its table points at it)
        "members.Member.skills",
        "account.EmailAddress.user",  # allauth
        "mfa.Authenticator.user",
        "admin.LogEntry.user",  # Django
    } <= found


def test_a_forgotten_app_is_named_with_its_fields():
    without_chapters = {
        label: app for label, app in personal_data.covered().items() if app != "chapters"
    }
    missing = uncovered(without_chapters)
    assert "chapters.JoinRequest.member" in missing
    assert "chapters.ChapterProposal.reviewed_by" in missing


def test_no_provider_claims_a_field_that_does_not_exist():
    assert set(personal_data.covered()) - relations_to_a_person() == set()
    assert set(HANDLED_ELSEWHERE) & set(personal_data.covered()) == set()


def test_every_provider_exports_json_for_an_account_without_data(participant):
    parts = personal_data.export(user=participant, member=None)
    assert set(parts) == {provider.app for provider in personal_data.providers()}
    json.dumps(parts)
