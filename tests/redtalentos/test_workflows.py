"""The state-machine engine (redtalentos.lib.workflows) and the workflows built on it: every model
with a workflow keeps its changes in a history of the one shape, its table names only its own
statuses, and a refused change saves nothing."""

import pytest
from django.apps import apps
from django.utils import translation

from committees.models import Call
from redtalentos.lib.workflows import Stateful, StatusChange, TransitionRefused, Workflow, record
from tests.committees.helpers import make_call
from tests.conftest import make_user

CS = Call.Status


def workflow_models():
    return [model for model in apps.get_models() if issubclass(model, Stateful)]


def test_the_fourteen_workflows_of_the_portal_are_built_on_the_engine():
    names = sorted(model._meta.label for model in workflow_models())
    assert names == [
        "committees.Call",
        "committees.Proposal",
        "content.NewsItem",
        "internships.Application",
        "internships.Placement",
        "internships.Posting",
        "jornadas.Edition",
        "mentoring.Mentorship",
        "mentoring.Request",
        "pncs.WorkProgrammeActivity",
        "projects.Mission",
        "projects.Opportunity",
        "projects.Project",
        "projects.VisitRequest",
    ]


@pytest.mark.parametrize("model", workflow_models(), ids=lambda model: model._meta.label)
def test_each_workflow_has_a_table_of_its_own_statuses_and_a_history(model):
    workflow = model.workflow
    statuses = set(workflow.statuses.values)
    assert set(dict(model._meta.get_field("status").choices)) == statuses
    for current, allowed in workflow.transitions.items():
        assert {current, *allowed} <= statuses
    history = model._meta.get_field("history").related_model
    assert issubclass(history, StatusChange)
    assert set(dict(history._meta.get_field("to_status").choices)) == statuses


def test_a_move_the_table_allows_saves_the_status_and_keeps_the_change(db):
    call, actor = make_call(status=CS.DRAFT), make_user("ime@example.org")
    change = call.workflow.move(call, CS.PUBLISHED, actor=actor, note="Lista", update_fields=[])
    call.refresh_from_db()
    assert call.status == CS.PUBLISHED
    assert (change.from_status, change.to_status, change.actor, change.note) == (
        CS.DRAFT,
        CS.PUBLISHED,
        actor,
        "Lista",
    )
    assert list(call.history.all()) == [change]


def test_a_move_the_table_refuses_saves_nothing_and_says_why_in_the_readers_language(db):
    call = make_call(status=CS.CANCELLED)
    with pytest.raises(TransitionRefused) as refused:
        call.workflow.move(call, CS.PUBLISHED)
    assert str(refused.value) == "Una convocatoria «Cancelada» no puede pasar a «Publicada»."
    with translation.override("en"), pytest.raises(TransitionRefused) as refused:
        call.workflow.check(call.status, CS.DECIDED)
    assert "Cancelled" in str(refused.value)
    call.refresh_from_db()
    assert call.status == CS.CANCELLED
    assert not call.history.exists()


def test_a_particular_refusal_says_it_better_and_the_next_statuses_follow_the_choices():
    workflow = Workflow(
        CS,
        {CS.DRAFT: {CS.CANCELLED, CS.PUBLISHED}},
        refused="«%(current)s» → «%(wanted)s»",
        refusals={(CS.DECIDED, CS.DECIDED): "Ya tiene resultados."},
    )
    assert workflow.refusal(CS.DECIDED, CS.DECIDED) == "Ya tiene resultados."
    assert workflow.refusal(CS.DECIDED, CS.DRAFT) == "«Resultados publicados» → «Borrador»"
    assert workflow.refusal(CS.DRAFT, CS.PUBLISHED) is None
    assert workflow.next_statuses(CS.DRAFT) == [CS.PUBLISHED, CS.CANCELLED]
    assert workflow.next_statuses(CS.CANCELLED) == []


def test_a_creation_is_the_first_line_of_the_history(db):
    call = make_call(status=CS.DRAFT)
    first = record(call, "", actor=None)
    assert (first.from_status, first.to_status, first.actor) == ("", CS.DRAFT, None)
    assert str(first) == "— → draft"


def test_a_form_may_keep_the_status_or_give_a_first_one_and_nothing_else():
    workflow = Call.workflow
    assert workflow.form_refusal("", CS.PUBLISHED) is None  # a new call
    assert workflow.form_refusal(CS.PUBLISHED, CS.PUBLISHED) is None  # kept
    assert workflow.form_refusal(CS.DRAFT, CS.PUBLISHED) is None  # in the table
    with translation.override("es"):
        refusal = workflow.form_refusal(CS.PUBLISHED, CS.DRAFT)
    assert refusal == workflow.refusal(CS.PUBLISHED, CS.DRAFT) and "Borrador" in refusal
