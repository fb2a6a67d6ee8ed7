"""The weekly digest of opportunities (projects.digest, send_opportunity_digest): only members
with an active account, the news consent and no unsubscription get it, with the opportunities
of their sectors published since their last digest; nothing twice in a week, no empty email;
the one-click unsubscribe works without signing in and refuses a bad token."""

import datetime
import io

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.consents import set_consent
from members.models import Consent
from projects import digest
from projects.models import DigestSubscriber, Opportunity, OpportunityStatus
from tests.conftest import make_member

from .data import make_opportunity

pytestmark = pytest.mark.django_db

NEWS = Consent.Purpose.NEWS
DAY = datetime.timedelta(days=1)


def reader(name="Lucía Lectora Ríos", sectors=("tic",), news=True):
    consents = (NEWS,) if news else ()
    return make_member(name, sectors=sectors, consents=consents)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_only_members_with_the_news_consent_in_the_sectors_receive_the_digest(participant):
    wanted = reader("Lucía Lectora Ríos")
    reader("Sin Consentimiento", news=False)
    withdrawn = reader("Retiró Consentimiento")
    set_consent(user=withdrawn.user, purpose=NEWS, granted=False)
    reader("Otro Sector", sectors=("salud",))
    inactive = reader("Cuenta Inactiva")
    inactive.user.is_active = False
    inactive.user.save(update_fields=["is_active"])
    unsubscribed = reader("Se Dio de Baja")
    digest.unsubscribe(unsubscribed.user_id)
    set_consent(user=participant, purpose=NEWS, granted=True)  # a participant: no member
    make_opportunity(sectors=("tic", "automotriz"))

    call_command("send_opportunity_digest", stdout=io.StringIO())

    assert recipients() == [wanted.user.email]
    message = mail.outbox[0]
    assert "Sensores de humedad para invernaderos" in message.body
    assert "Hola, Lucía:" in message.body
    assert message.subject.endswith("Una oportunidad nueva en tus sectores")


def test_the_digest_lists_the_sector_opportunities_published_since_the_last_one():
    member = reader(sectors=("tic", "salud"))
    make_opportunity("Plataforma de telemedicina", sectors=("salud",))
    make_opportunity("Análisis de datos agrícolas", sectors=("tic",), published_ago=2 * DAY)
    make_opportunity("Baterías de litio", sectors=("nanotecnologia-nuevos-materiales",))
    make_opportunity("Publicada hace un mes", published_ago=30 * DAY)
    make_opportunity("Un borrador", status=OpportunityStatus.DRAFT)
    make_opportunity("Una retirada", status=OpportunityStatus.WITHDRAWN)
    expired = make_opportunity("Una vencida")
    Opportunity.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - DAY)
    make_opportunity("Mi propia oportunidad", author=member.user)

    summary = digest.send_digest()

    assert summary.sent == 1
    body = mail.outbox[0].body
    assert "Plataforma de telemedicina" in body
    assert "Análisis de datos agrícolas" in body
    # Newest first.
    assert body.index("Plataforma de telemedicina") < body.index("Análisis de datos agrícolas")
    for absent in (
        "Baterías de litio",
        "Publicada hace un mes",
        "Un borrador",
        "Una retirada",
        "Una vencida",
        "Mi propia oportunidad",
    ):
        assert absent not in body
    assert "2 oportunidades nuevas en tus sectores" in mail.outbox[0].subject
    html = mail.outbox[0].alternatives[0][0]
    assert "Plataforma de telemedicina" in html


def test_nothing_is_sent_twice_in_a_week_and_the_next_digest_starts_where_it_stopped():
    member = reader()
    make_opportunity("La primera")
    now = timezone.now()

    assert digest.send_digest(now=now).sent == 1
    subscriber = DigestSubscriber.objects.get(user=member.user)
    assert subscriber.last_sent_at == now

    second = make_opportunity("La segunda")
    Opportunity.objects.filter(pk=second.pk).update(published_at=now + DAY / 2)
    mail.outbox.clear()
    assert digest.send_digest(now=now + DAY).sent == 0  # the same week
    assert mail.outbox == []

    assert digest.send_digest(now=now + 7 * DAY).sent == 1
    body = mail.outbox[0].body
    assert "La segunda" in body
    assert "La primera" not in body
    assert "Desde tu último resumen" in body


def test_no_email_when_nothing_is_new():
    member = reader()
    make_opportunity("Otra área", sectors=("salud",))
    make_opportunity("Antigua", published_ago=10 * DAY)

    summary = digest.send_digest()

    assert summary.sent == 0
    assert mail.outbox == []
    assert not DigestSubscriber.objects.filter(user=member.user).exists()


def test_many_new_opportunities_are_counted_and_the_board_linked():
    reader()
    for number in range(digest.SHOWN + 3):
        make_opportunity(
            f"Oportunidad número {number}", published_ago=datetime.timedelta(minutes=number + 1)
        )

    digest.send_digest()

    body = mail.outbox[0].body
    assert "Y 3 más en el tablero de oportunidades" in body
    assert "Oportunidad número 0" in body
    assert f"Oportunidad número {digest.SHOWN + 2}" not in body
    assert reverse("projects:opportunity_list") in body


def test_the_digest_carries_the_one_click_unsubscribe_headers():
    member = reader()
    make_opportunity()

    digest.send_digest()

    message = mail.outbox[0]
    link = digest.unsubscribe_url(member.user_id)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def _unsubscribe_path(member):
    return reverse(
        "projects:digest_unsubscribe", kwargs={"token": digest.unsubscribe_token(member.user_id)}
    )


def test_the_unsubscribe_link_asks_first_then_unsubscribes_without_signing_in():
    member = reader()
    client = Client(enforce_csrf_checks=True)
    path = _unsubscribe_path(member)

    page = client.get(path)
    assert page.status_code == 200
    assert "Darme de baja del resumen" in page.content.decode()
    assert not DigestSubscriber.objects.filter(user=member.user).exists()  # a GET changes nothing

    done = client.post(path)
    assert done.status_code == 200
    assert "ya no recibirás el resumen semanal" in done.content.decode()
    assert DigestSubscriber.objects.get(user=member.user).unsubscribed_at is not None

    make_opportunity()
    assert digest.send_digest().sent == 0


def test_a_mail_program_unsubscribes_with_the_rfc_8058_post():
    member = reader()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        _unsubscribe_path(member),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert DigestSubscriber.objects.get(user=member.user).unsubscribed_at is not None


def test_unsubscribing_twice_keeps_the_first_moment():
    member = reader()
    path = _unsubscribe_path(member)
    Client().post(path)
    first = DigestSubscriber.objects.get(user=member.user).unsubscribed_at

    assert Client().post(path).status_code == 200
    assert DigestSubscriber.objects.get(user=member.user).unsubscribed_at == first


@pytest.mark.parametrize(
    "token",
    ["nada", "12", "12:firma-falsa", "abc:def:ghi", "%C2%B2", "9999999:x"],
)
def test_a_bad_unsubscribe_token_gets_a_404_page(token):
    path = reverse("projects:digest_unsubscribe", kwargs={"token": token})

    assert Client().get(path).status_code == 404
    assert Client().post(path).status_code == 404


def test_a_token_signed_for_something_else_or_another_account_is_refused(member):
    tampered = digest.unsubscribe_token(member.user_id).replace(
        f"{member.user_id}:", f"{member.user_id + 1}:"
    )
    other_salt = signing.Signer(salt="otra.cosa").sign(str(member.user_id))
    for token in (tampered, other_salt):
        path = reverse("projects:digest_unsubscribe", kwargs={"token": token})
        assert Client().post(path).status_code == 404
    assert not DigestSubscriber.objects.filter(user=member.user).exists()


def test_the_link_of_a_deleted_account_is_a_404(member):
    path = _unsubscribe_path(member)
    member.user.delete()

    assert Client().post(path).status_code == 404


def test_the_command_says_what_it_sent(capsys):
    reader()
    make_opportunity()

    call_command("send_opportunity_digest")

    assert "1 digests sent" in capsys.readouterr().out


def test_each_member_gets_their_own_name_and_link_escaped_in_the_html():
    first = reader("Ana <b>Tierra</b> & Sol")
    second = reader("Beto Cielo Mar")
    make_opportunity()

    digest.send_digest()

    by_address = {message.to[0]: message for message in mail.outbox}
    mine, theirs = by_address[first.user.email], by_address[second.user.email]
    assert "Hola, Ana:" in mine.body and "Hola, Beto:" in theirs.body
    assert digest.unsubscribe_url(first.user_id) in mine.body
    assert digest.unsubscribe_url(second.user_id) not in mine.body
    assert digest.unsubscribe_url(second.user_id) in theirs.alternatives[0][0]
    assert mine.body.count("Sensores de humedad") == 1


def test_a_name_with_markup_is_escaped_in_the_html_part():
    reader("<i>Lupita</i> Ríos")
    make_opportunity()

    digest.send_digest()

    html = mail.outbox[0].alternatives[0][0]
    assert "&lt;i&gt;Lupita&lt;/i&gt;" in html
    assert "<i>Lupita" not in html
    assert "Hola, <i>Lupita</i>:" in mail.outbox[0].body  # plain text: as written
