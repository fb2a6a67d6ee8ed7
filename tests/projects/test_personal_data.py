"""The opportunities in a person's data download and in the deletion of their account: what they
published (with who was interested, by name), the interests they expressed, the reviews they did,
the changes they made, their digest. Deleting the account takes their opportunities and
interests with it; what they did as staff stays without their name."""

import json

import pytest

from members.data_rights import delete_profile
from members.models import AccountType, Member
from projects import digest
from projects.models import (
    DigestSubscriber,
    Opportunity,
    OpportunityChange,
    OpportunityInterest,
    OpportunityStatus,
)
from tests.conftest import PASSWORD, login, make_member, make_user

from .data import make_opportunity

pytestmark = pytest.mark.django_db

HIDDEN = "interesada@example.org"


@pytest.fixture
def author(db):
    return make_member("Rosa Autora Vega", email="autora@example.org")


@pytest.fixture
def interested(db):
    return make_user(HIDDEN, full_name="Irma Interesada Luna", account_type=AccountType.STUDENT)


@pytest.fixture
def reviewer(db):
    return make_user("revisor@example.org", full_name="Raúl Revisor Paz")


@pytest.fixture
def published(author, interested, reviewer):
    opportunity = make_opportunity("Sensores para riego", author=author.user)
    Opportunity.objects.filter(pk=opportunity.pk).update(
        reviewed_by=reviewer, review_comment="Bien escrita."
    )
    OpportunityChange.objects.create(
        opportunity=opportunity, actor=reviewer, from_status="submitted", to_status="published"
    )
    OpportunityInterest.objects.create(
        opportunity=opportunity, person=interested, message="Tenemos parcelas de prueba."
    )
    return opportunity


def _download(client, user):
    login(client, user)
    response = client.get("/perfil/mis-datos/", {"descargar": "1"})
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))["opportunities"]


def test_the_author_downloads_their_opportunities_with_who_was_interested_by_name(
    client, author, published
):
    digest.unsubscribe(author.user_id)
    data = _download(client, author.user)
    [row] = data["published"]
    assert row["title"] == "Sensores para riego"
    assert row["status"]["value"] == "published"
    assert row["review_comment"] == "Bien escrita."
    assert row["interests_received"][0]["from"] == "Irma Interesada Luna"
    assert data["weekly_digest"]["unsubscribed_at"] is not None
    assert HIDDEN not in json.dumps(data)
    assert "Tenemos parcelas" not in json.dumps(data)  # their message is theirs


def test_the_interested_person_downloads_what_they_wrote(client, interested, published):
    data = _download(client, interested)
    [row] = data["interests_expressed"]
    assert row == {
        "opportunity": "Sensores para riego",
        "message": "Tenemos parcelas de prueba.",
        "status": {"value": "pending", "label": "Pendiente"},
        "sent_at": row["sent_at"],
        "answered_at": None,
        "url": published.get_absolute_url(),
    }
    assert data["published"] == []
    assert data["weekly_digest"] is None


def test_the_reviewer_downloads_the_reviews_and_changes_they_made(client, reviewer, published):
    data = _download(client, reviewer)
    assert data["reviewed"] == [
        {
            "opportunity": "Sensores para riego",
            "author": "Rosa Autora Vega",
            "status": {"value": "published", "label": "Publicada"},
            "review_comment": "Bien escrita.",
        }
    ]
    assert data["changes_made"][0]["to"]["value"] == "published"


def _delete_account(client, user):
    login(client, user)
    response = client.post("/perfil/eliminar/", {"password": PASSWORD})
    assert response.status_code == 302


def test_deleting_the_authors_account_takes_their_opportunities_and_the_interests_in_them(
    client, author, published
):
    digest.unsubscribe(author.user_id)
    _delete_account(client, author.user)
    assert not Opportunity.objects.filter(pk=published.pk).exists()
    assert not OpportunityInterest.objects.exists()
    assert not DigestSubscriber.objects.exists()


def test_deleting_the_interested_account_takes_their_interest_only(client, interested, published):
    _delete_account(client, interested)
    assert not OpportunityInterest.objects.exists()
    assert Opportunity.objects.filter(pk=published.pk, status=OpportunityStatus.PUBLISHED).exists()


def test_what_a_reviewer_did_stays_without_their_name(client, reviewer, published):
    _delete_account(client, reviewer)
    published.refresh_from_db()
    assert published.reviewed_by is None
    assert published.review_comment == "Bien escrita."
    assert OpportunityChange.objects.get(opportunity=published).actor is None


def test_deleting_only_the_profile_leaves_the_accounts_opportunities(author, published):
    delete_profile(member=Member.objects.get(pk=author.pk))
    assert Opportunity.objects.filter(pk=published.pk).exists()
