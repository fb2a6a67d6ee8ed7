"""Opportunities' pages (/proyectos/oportunidades/) as people meet them: a member drafts and
sends one, the PNCS of its sector approves it, it is on the board and in the feed, someone
expresses interest through the brokered channel; a staff author answers interests on the page;
every status change allowed and refused; bad input; the lists' number of queries; and who is
refused where."""

import datetime
import itertools
import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import AccountType, IntroductionRequest
from pncs.models import Sector
from projects import opportunities as services
from projects.models import (
    Opportunity,
    OpportunityChange,
    OpportunityInterest,
    OpportunityKind,
    OpportunityStatus,
)
from projects.opportunities import OpportunityRefused
from tests.conftest import give_totp, login, make_pncs_staff, make_user

pytestmark = pytest.mark.django_db

OS = OpportunityStatus
DAY = datetime.timedelta(days=1)


def make_reviewer(sector="salud", name=None, *, mfa=True):
    """PNCS staff of `sector`; with an authenticator app unless `mfa` is False."""
    user = make_pncs_staff(sectors=(sector,), name=name or f"PNCS {sector}")
    user.full_name = f"Revisora de {sector}"
    user.account_type = AccountType.INSTITUTION
    user.save(update_fields=["full_name", "account_type"])
    if mfa:
        give_totp(user)
    return user


def make_opportunity(author, *, status=OS.PUBLISHED, sectors=("salud",), **fields):
    now = timezone.now()
    chosen = list(Sector.objects.filter(slug__in=sectors))
    defaults = {
        "kind": OpportunityKind.TECH_OFFER,
        "title": "Biosensores para diagnóstico rápido",
        "summary": "Ofrecemos una plataforma de biosensores de bajo costo.",
        "description": "Un laboratorio en Houston busca socios clínicos en México.",
        "countries": ["US", "MX"],
        "organisation": "Laboratorio de Biosensores",
        "status": status,
        "sector_ids": sorted(sector.pk for sector in chosen),
    }
    if status in (OS.PUBLISHED, OS.EXPIRED):
        defaults["published_at"] = now - 2 * DAY
        defaults["expires_at"] = now + 300 * DAY if status == OS.PUBLISHED else now - DAY
    defaults.update(fields)
    opportunity = Opportunity.objects.create(author=author, **defaults)
    opportunity.sectors.set(chosen)
    return opportunity


def payload(**changes):
    data = {
        "kind": OpportunityKind.RD_PARTNER,
        "title": "Socios para vacunas termoestables",
        "summary": "Buscamos un laboratorio en México para validar una formulación.",
        "description": "Tenemos una formulación que no necesita cadena de frío.",
        "sectors": [Sector.objects.get(slug="salud").pk],
        "countries": ["US", "MX"],
        "deadline": (timezone.localdate() + 90 * DAY).isoformat(),
        "organisation": "Universidad de Houston",
        "accion": "borrador",
    }
    data.update(changes)
    return data


@pytest.fixture
def reviewer(db):
    return make_reviewer("salud")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


def signed_in(user):
    client = Client()
    login(client, user)
    return client


def url(name, opportunity=None, **kwargs):
    if opportunity is not None:
        kwargs["uuid"] = opportunity.uuid
    return reverse(f"projects:{name}", kwargs=kwargs or None)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# The journey


def test_a_members_opportunity_from_draft_to_an_accepted_interest(
    member, participant, reviewer, commit
):
    author = signed_in(member.user)
    response = author.post(url("opportunity_create"), payload())
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302 and response["Location"] == opportunity.get_absolute_url()
    assert opportunity.author == member.user and opportunity.status == OS.DRAFT
    assert opportunity.sector_ids == [Sector.objects.get(slug="salud").pk]
    assert opportunity.countries == ["US", "MX"]
    # A draft is its author's alone.
    assert author.get(opportunity.get_absolute_url()).status_code == 200
    assert signed_in(participant).get(opportunity.get_absolute_url()).status_code == 404
    assert Client().get(opportunity.get_absolute_url()).status_code == 404

    response = commit(author.post, url("opportunity_submit", opportunity), follow=True)
    assert "Enviamos tu oportunidad a revisión" in " ".join(messages_of(response))
    opportunity.refresh_from_db()
    assert opportunity.status == OS.SUBMITTED
    [sent] = mail.outbox
    assert sent.to == [member.user.email] and opportunity.title in sent.subject

    staff = signed_in(reviewer)
    queue = staff.get(url("opportunity_review_list"))
    assert opportunity.title in queue.content.decode()
    assert staff.get(url("opportunity_review", opportunity)).status_code == 200
    response = commit(
        staff.post, url("opportunity_review", opportunity), {"decision": "approve", "comment": ""}
    )
    assert response["Location"] == url("opportunity_review_list")
    opportunity.refresh_from_db()
    assert opportunity.status == OS.PUBLISHED and opportunity.reviewed_by == reviewer
    assert opportunity.expires_at > timezone.now() + 300 * DAY
    assert "ya está publicada" in mail.outbox[-1].subject

    board = Client().get(url("opportunity_list")).content.decode()
    assert opportunity.title in board
    assert (
        f'type="application/atom+xml" title="Oportunidades nuevas" href="{url("opportunity_feed")}"'
        in board
    )
    feed = Client().get(url("opportunity_feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert opportunity.title in feed.content.decode()
    page = Client().get(opportunity.get_absolute_url()).content.decode()
    assert "Ana Miembro Ruiz" in page and member.user.email not in page
    assert "Iniciar sesión" in page

    mail.outbox.clear()
    interested = signed_in(participant)
    response = commit(
        interested.post,
        url("opportunity_interest", opportunity),
        {"message": "Somos un laboratorio en Monterrey con experiencia en vacunas."},
        follow=True,
    )
    assert "Enviamos tu interés" in " ".join(messages_of(response))
    interest = OpportunityInterest.objects.get()
    introduction = interest.introduction
    assert introduction.member == member and introduction.requester == participant
    assert opportunity.title in introduction.message
    [request_email] = mail.outbox
    assert request_email.to == [member.user.email]
    assert participant.email not in request_email.body
    assert (
        "Expresaste tu interés" in interested.get(opportunity.get_absolute_url()).content.decode()
    )

    mail.outbox.clear()
    commit(
        author.post,
        reverse("members:introduction_answer", kwargs={"pk": introduction.pk}),
        {"decision": "accept"},
    )
    interest.refresh_from_db()
    assert interest.status == OpportunityInterest.Status.ACCEPTED
    assert interest.answered_at is not None
    assert {tuple(message.to) for message in mail.outbox} == {
        (member.user.email,),
        (participant.email,),
    }


def test_a_declined_introduction_declines_the_interest(member, participant, commit):
    opportunity = make_opportunity(member.user)
    interest = services.express_interest(
        opportunity=opportunity, person=participant, message="Me interesa mucho.", base_url="/"
    )
    commit(
        signed_in(member.user).post,
        reverse("members:introduction_answer", kwargs={"pk": interest.introduction_id}),
        {"decision": "decline"},
    )
    interest.refresh_from_db()
    assert interest.status == OpportunityInterest.Status.DECLINED


@pytest.fixture
def staff_opportunity(reviewer):
    return make_opportunity(reviewer, title="Misión de compra de equipo médico")


def test_a_staff_authors_interest_arrives_by_email_without_the_address(
    staff_opportunity, reviewer, participant, commit
):
    commit(
        signed_in(participant).post,
        url("opportunity_interest", staff_opportunity),
        {"message": "Representamos a una clínica de Puebla."},
    )
    interest = OpportunityInterest.objects.get()
    assert interest.introduction is None
    assert not IntroductionRequest.objects.exists()
    [received] = mail.outbox
    assert received.to == [reviewer.email]
    assert "Luis Participante" in received.body and participant.email not in received.body

    page = signed_in(reviewer).get(staff_opportunity.get_absolute_url()).content.decode()
    assert "Representamos a una clínica de Puebla." in page
    assert "Luis Participante" in page and participant.email not in page
    assert url("interest_answer", staff_opportunity, pk=interest.pk) in page
    mine = signed_in(reviewer).get(url("my_opportunities")).content.decode()
    assert "Representamos a una clínica de Puebla." in mine and participant.email not in mine


def test_accepting_an_interest_emails_both_the_others_address(
    staff_opportunity, reviewer, participant, commit
):
    interest = services.express_interest(
        opportunity=staff_opportunity, person=participant, message="Nos interesa.", base_url="/"
    )
    mail.outbox.clear()
    response = commit(
        signed_in(reviewer).post,
        url("interest_answer", staff_opportunity, pk=interest.pk),
        {"decision": "accept"},
        follow=True,
    )
    assert "Aceptaste el interés" in " ".join(messages_of(response))
    interest.refresh_from_db()
    assert interest.status == OpportunityInterest.Status.ACCEPTED
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {reviewer.email, participant.email}
    assert reviewer.email in by_recipient[participant.email].body
    assert by_recipient[participant.email].reply_to == [reviewer.email]
    assert participant.email in by_recipient[reviewer.email].body
    assert by_recipient[reviewer.email].reply_to == [participant.email]
    # Answered: no buttons any more, and a second answer is refused with a message.
    response = signed_in(reviewer).post(
        url("interest_answer", staff_opportunity, pk=interest.pk),
        {"decision": "decline"},
        follow=True,
    )
    assert "Ya respondiste a este interés" in " ".join(messages_of(response))
    interest.refresh_from_db()
    assert interest.status == OpportunityInterest.Status.ACCEPTED


def test_declining_an_interest_tells_the_person_politely_without_any_address(
    staff_opportunity, reviewer, participant, commit
):
    interest = services.express_interest(
        opportunity=staff_opportunity, person=participant, message="Nos interesa.", base_url="/"
    )
    mail.outbox.clear()
    commit(
        signed_in(reviewer).post,
        url("interest_answer", staff_opportunity, pk=interest.pk),
        {"decision": "decline"},
    )
    interest.refresh_from_db()
    assert interest.status == OpportunityInterest.Status.DECLINED
    [declined] = mail.outbox
    assert declined.to == [participant.email]
    assert "Gracias por tu interés" in declined.body
    assert reviewer.email not in declined.body and reviewer.email not in str(declined.alternatives)


def test_an_answer_without_a_decision_changes_nothing(staff_opportunity, reviewer, participant):
    interest = services.express_interest(
        opportunity=staff_opportunity, person=participant, message="Nos interesa.", base_url="/"
    )
    response = signed_in(reviewer).post(
        url("interest_answer", staff_opportunity, pk=interest.pk), {"decision": "maybe"}
    )
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == OpportunityInterest.Status.PENDING


def test_a_member_authors_interest_is_not_answered_on_the_page(member, participant):
    opportunity = make_opportunity(member.user)
    interest = services.express_interest(
        opportunity=opportunity, person=participant, message="Nos interesa.", base_url="/"
    )
    response = signed_in(member.user).post(
        url("interest_answer", opportunity, pk=interest.pk), {"decision": "accept"}, follow=True
    )
    assert "Este interés no se responde aquí." in messages_of(response)
    interest.refresh_from_db()
    assert interest.status == OpportunityInterest.Status.PENDING
    page = signed_in(member.user).get(opportunity.get_absolute_url()).content.decode()
    assert reverse("members:introduction_list") in page


# The author's other pages


def test_a_returned_opportunity_shows_the_comment_is_edited_and_sent_again(
    member, reviewer, commit
):
    opportunity = make_opportunity(member.user, status=OS.SUBMITTED)
    response = commit(
        signed_in(reviewer).post,
        url("opportunity_review", opportunity),
        {"decision": "return", "comment": "Falta decir qué tipo de socio buscan."},
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == OS.RETURNED
    assert "Falta decir qué tipo de socio buscan." in mail.outbox[-1].body
    author = signed_in(member.user)
    assert (
        "Falta decir qué tipo de socio buscan."
        in author.get(opportunity.get_absolute_url()).content.decode()
    )
    edit = author.get(url("opportunity_edit", opportunity))
    assert edit.status_code == 200 and "Falta decir" in edit.content.decode()
    commit(author.post, url("opportunity_edit", opportunity), payload(accion="enviar"))
    opportunity.refresh_from_db()
    assert opportunity.status == OS.SUBMITTED
    assert opportunity.title == "Socios para vacunas termoestables"


def test_returning_without_a_comment_is_a_form_error(member, reviewer):
    opportunity = make_opportunity(member.user, status=OS.SUBMITTED)
    response = signed_in(reviewer).post(
        url("opportunity_review", opportunity), {"decision": "return", "comment": "  "}
    )
    assert response.status_code == 200 and "comment" in response.context["form"].errors
    opportunity.refresh_from_db()
    assert opportunity.status == OS.SUBMITTED


def test_a_published_opportunity_cannot_be_edited(member):
    opportunity = make_opportunity(member.user)
    author = signed_in(member.user)
    response = author.post(url("opportunity_edit", opportunity), payload(title="Otro"), follow=True)
    assert "ya no se puede editar" in " ".join(messages_of(response))
    opportunity.refresh_from_db()
    assert opportunity.title == "Biosensores para diagnóstico rápido"


def test_the_author_renews_and_withdraws_from_the_page(member, commit):
    opportunity = make_opportunity(member.user, status=OS.EXPIRED)
    author = signed_in(member.user)
    page = author.get(opportunity.get_absolute_url()).content.decode()
    assert url("opportunity_renew", opportunity) in page
    response = author.post(url("opportunity_renew", opportunity), follow=True)
    assert "Renovamos tu oportunidad" in " ".join(messages_of(response))
    opportunity.refresh_from_db()
    assert opportunity.status == OS.PUBLISHED and opportunity.is_live
    mine = author.get(url("my_opportunities")).content.decode()
    assert url("opportunity_withdraw", opportunity) in mine
    author.post(url("opportunity_withdraw", opportunity))
    opportunity.refresh_from_db()
    assert opportunity.status == OS.WITHDRAWN
    response = author.post(url("opportunity_withdraw", opportunity), follow=True)
    assert "ese cambio no es posible" in " ".join(messages_of(response))
    assert Client().get(opportunity.get_absolute_url()).status_code == 404


def test_my_opportunities_lists_the_authors_own_with_their_statuses(member, other_member):
    mine = make_opportunity(member.user, status=OS.DRAFT, title="La mía en borrador")
    make_opportunity(other_member.user, title="La de otra persona")
    page = signed_in(member.user).get(url("my_opportunities")).content.decode()
    assert "La mía en borrador" in page and "Borrador" in page
    assert url("opportunity_submit", mine) in page
    assert "La de otra persona" not in page


@pytest.mark.parametrize("who", ["leader", "pncs", "ime"])
def test_chapter_leaders_and_staff_publish_too(who, chapter_leader, reviewer, ime_admin):
    user = {"leader": chapter_leader, "pncs": reviewer, "ime": ime_admin}[who]
    response = signed_in(user).post(url("opportunity_create"), payload())
    assert response.status_code == 302
    assert Opportunity.objects.get().author == user


def test_a_pncs_author_is_not_their_own_reviewer(reviewer):
    opportunity = make_opportunity(reviewer, status=OS.SUBMITTED)
    staff = signed_in(reviewer)
    assert opportunity.title not in staff.get(url("opportunity_review_list")).content.decode()
    assert staff.get(url("opportunity_review", opportunity)).status_code == 403
    response = staff.post(url("opportunity_review", opportunity), {"decision": "approve"})
    assert response.status_code == 403
    colleague = signed_in(make_reviewer("salud", "PNCS Salud dos"))
    assert opportunity.title in colleague.get(url("opportunity_review_list")).content.decode()


def test_ime_reviews_its_own(ime_admin):
    opportunity = make_opportunity(ime_admin, status=OS.SUBMITTED)
    response = signed_in(ime_admin).post(
        url("opportunity_review", opportunity), {"decision": "approve"}
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == OS.PUBLISHED


def test_the_review_queue_shows_the_reviewers_sectors_oldest_first(member, reviewer):
    older = make_opportunity(member.user, status=OS.SUBMITTED, title="Primera enviada")
    newer = make_opportunity(member.user, status=OS.SUBMITTED, title="Segunda enviada")
    make_opportunity(member.user, status=OS.SUBMITTED, title="De TIC", sectors=("tic",))
    make_opportunity(member.user, status=OS.DRAFT, title="Borrador de salud")
    now = timezone.now()
    for opportunity, ago in ((older, 3 * DAY), (newer, DAY)):
        OpportunityChange.objects.create(
            opportunity=opportunity, from_status=OS.DRAFT, to_status=OS.SUBMITTED, at=now - ago
        )
    response = signed_in(reviewer).get(url("opportunity_review_list"))
    titles = [opportunity.title for opportunity in response.context["opportunities"]]
    assert titles == ["Primera enviada", "Segunda enviada"]


# Every status change, allowed and refused (the services)


def _submit(opportunity, actor, _reviewer):
    return services.submit(opportunity=opportunity, actor=actor)


def _approve(opportunity, _actor, reviewer):
    return services.review(opportunity=opportunity, reviewer=reviewer, approve=True)


def _return(opportunity, _actor, reviewer):
    return services.review(
        opportunity=opportunity, reviewer=reviewer, approve=False, comment="Cambia el título."
    )


def _withdraw(opportunity, actor, _reviewer):
    return services.withdraw(opportunity=opportunity, actor=actor)


def _renew(opportunity, actor, _reviewer):
    return services.renew(opportunity=opportunity, actor=actor)


ACTIONS = {
    "submit": _submit,
    "approve": _approve,
    "return": _return,
    "withdraw": _withdraw,
    "renew": _renew,
}
# (status before, action) -> status after; every pair not listed is refused.
ALLOWED = {
    (OS.DRAFT, "submit"): OS.SUBMITTED,
    (OS.RETURNED, "submit"): OS.SUBMITTED,
    (OS.SUBMITTED, "approve"): OS.PUBLISHED,
    (OS.SUBMITTED, "return"): OS.RETURNED,
    (OS.DRAFT, "withdraw"): OS.WITHDRAWN,
    (OS.RETURNED, "withdraw"): OS.WITHDRAWN,
    (OS.SUBMITTED, "withdraw"): OS.WITHDRAWN,
    (OS.PUBLISHED, "withdraw"): OS.WITHDRAWN,
    (OS.EXPIRED, "withdraw"): OS.WITHDRAWN,
    (OS.PUBLISHED, "renew"): OS.PUBLISHED,
    (OS.EXPIRED, "renew"): OS.PUBLISHED,
}
CASES = [(status, action) for status in OS for action in ACTIONS]


@pytest.mark.parametrize(("status", "action"), CASES)
def test_every_status_change_is_allowed_or_refused(status, action, member, reviewer, commit):
    opportunity = make_opportunity(member.user, status=status, expires_at=timezone.now() + 5 * DAY)
    changes = OpportunityChange.objects.count()
    expected = ALLOWED.get((status, action))
    if expected is None:
        with pytest.raises(OpportunityRefused) as refused:
            commit(ACTIONS[action], opportunity, member.user, reviewer)
        assert refused.value.message
        opportunity.refresh_from_db()
        assert opportunity.status == status
        assert OpportunityChange.objects.count() == changes
        assert mail.outbox == []
        return
    commit(ACTIONS[action], opportunity, member.user, reviewer)
    opportunity.refresh_from_db()
    assert opportunity.status == expected
    change = OpportunityChange.objects.latest("pk")
    assert (change.from_status, change.to_status) == (status, expected)
    if expected == OS.PUBLISHED:
        assert opportunity.expires_at > timezone.now() + 300 * DAY


def test_the_table_of_the_test_is_the_models_table():
    from projects.models.opportunities import OPPORTUNITY_TRANSITIONS

    table = {
        (before, after)
        for before, afters in OPPORTUNITY_TRANSITIONS.items()
        for after in afters
        if after != OS.EXPIRED
    }
    assert table == {(before, after) for (before, _action), after in ALLOWED.items()}


@pytest.mark.parametrize("status", list(OS))
def test_only_a_published_opportunity_past_its_date_expires(status, member, commit):
    opportunity = make_opportunity(member.user, status=status, expires_at=timezone.now() - DAY)
    expired, _reminded = commit(services.expire)
    opportunity.refresh_from_db()
    if status == OS.PUBLISHED:
        assert expired == 1 and opportunity.status == OS.EXPIRED
        assert "venció" in mail.outbox[-1].subject
    else:
        assert expired == 0 and opportunity.status == status


@pytest.mark.parametrize("status", [s for s in OS if s not in (OS.DRAFT, OS.RETURNED)])
def test_only_a_draft_or_a_returned_one_is_saved_again(status, member):
    from projects.opportunity_forms import OpportunityForm

    opportunity = make_opportunity(member.user, status=status)
    form = OpportunityForm(payload(), instance=opportunity)
    assert form.is_valid(), form.errors
    with pytest.raises(OpportunityRefused):
        services.save_opportunity(form=form, author=member.user)
    opportunity.refresh_from_db()
    assert opportunity.title == "Biosensores para diagnóstico rápido"


# Bad input


@pytest.mark.parametrize(
    "fields",
    [{"status": OS.EXPIRED}, {"expires_at": timezone.now() - DAY}, {"status": OS.WITHDRAWN}],
)
def test_no_interest_in_an_expired_or_withdrawn_opportunity(fields, member, participant):
    opportunity = make_opportunity(member.user, **fields)
    response = signed_in(participant).post(
        url("opportunity_interest", opportunity), {"message": "Me interesa mucho colaborar."}
    )
    assert response.status_code == 404
    assert not OpportunityInterest.objects.exists() and not IntroductionRequest.objects.exists()


def test_interest_twice_is_refused_with_a_message(member, participant):
    opportunity = make_opportunity(member.user)
    client = signed_in(participant)
    client.post(url("opportunity_interest", opportunity), {"message": "Me interesa mucho."})
    response = client.post(
        url("opportunity_interest", opportunity), {"message": "Otra vez: me interesa."}, follow=True
    )
    assert response.status_code == 200
    assert "Ya expresaste tu interés" in " ".join(messages_of(response))
    assert OpportunityInterest.objects.count() == 1 and IntroductionRequest.objects.count() == 1


def test_interest_after_the_deadline_is_refused_and_the_page_says_why(member, participant):
    opportunity = make_opportunity(member.user, deadline=timezone.localdate() - DAY)
    client = signed_in(participant)
    page = client.get(opportunity.get_absolute_url())
    assert "La fecha límite de esta oportunidad ya pasó." in page.content.decode()
    assert "interest_form" not in page.context
    response = client.post(
        url("opportunity_interest", opportunity), {"message": "Me interesa mucho."}, follow=True
    )
    assert "La fecha límite de esta oportunidad ya pasó." in messages_of(response)
    assert not OpportunityInterest.objects.exists()


def test_a_paused_member_cannot_be_reached_and_the_page_says_so(member, participant):
    member.intro_paused = True
    member.save(update_fields=["intro_paused"])
    opportunity = make_opportunity(member.user)
    client = signed_in(participant)
    assert "pausó las solicitudes" in client.get(opportunity.get_absolute_url()).content.decode()
    response = client.post(
        url("opportunity_interest", opportunity), {"message": "Me interesa mucho."}, follow=True
    )
    assert "pausó las solicitudes" in " ".join(messages_of(response))
    assert not OpportunityInterest.objects.exists()


@pytest.mark.parametrize("message", ["corto", "x" * 1001, "", "hola\x00 mundo, me interesa"])
def test_a_bad_interest_message_is_a_form_error(message, member, participant):
    opportunity = make_opportunity(member.user)
    response = signed_in(participant).post(
        url("opportunity_interest", opportunity), {"message": message}
    )
    assert response.status_code == 200
    assert "message" in response.context["interest_form"].errors
    assert not OpportunityInterest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deadline": "2001-01-01"}, "deadline"),
        ({"deadline": (timezone.localdate() + 800 * DAY).isoformat()}, "deadline"),
        ({"deadline": "99999-01-01"}, "deadline"),
        ({"deadline": "mañana"}, "deadline"),
        (
            {"countries": ["US", "MX", "CA", "ES", "FR", "DE", "IT", "GB", "JP", "CN", "BR"]},
            "countries",
        ),
        ({"countries": ["XX"]}, "countries"),
        ({"sectors": []}, "sectors"),
        ({"sectors": ["nope"]}, "sectors"),
        ({"sectors": [10**30]}, "sectors"),
        ({"kind": "' OR 1=1 --"}, "kind"),
        ({"title": ""}, "title"),
        ({"title": "t\x00"}, "title"),
    ],
)
def test_bad_input_in_the_form_is_a_form_error(changes, field, member):
    response = signed_in(member.user).post(url("opportunity_create"), payload(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_a_past_deadline_kept_on_an_edit_is_not_an_error(member):
    opportunity = make_opportunity(
        member.user, status=OS.RETURNED, deadline=timezone.localdate() - DAY
    )
    response = signed_in(member.user).post(
        url("opportunity_edit", opportunity),
        payload(deadline=(timezone.localdate() - DAY).isoformat()),
    )
    assert response.status_code == 302


GARBAGE = [
    {"tipo": "zzz", "sector": "no-existe", "pais": "XX"},
    {"q": "'; DROP TABLE projects_opportunity; --"},
    {"q": "a & b | !c <-> (d:*"},
    {"q": "<script>alert(1)</script>"},
    {"q": "x" * 5000},
    {"q": "hola\x00mundo"},
    {"pagina": str(10**30)},
    {"pagina": "-1"},
    {"pagina": "abc"},
    {"sector": str(10**30), "tipo": str(10**30)},
    {"tipo": ["tech_offer", "rd_partner"]},
]


@pytest.mark.parametrize("query", GARBAGE)
def test_garbage_in_the_boards_filters_is_never_a_500(query, member):
    make_opportunity(member.user)
    for name in ("opportunity_list", "opportunity_feed"):
        response = Client().get(url(name), query)
        assert response.status_code == 200, name
    assert (
        "<script>alert(1)</script>"
        not in Client().get(url("opportunity_list"), query).content.decode()
    )


def test_the_board_filters_by_kind_sector_country_and_words(member):
    make_opportunity(member.user, title="Sensores de humedad para invernaderos", sectors=("tic",))
    make_opportunity(
        member.user,
        title="Distribuidor de dispositivos médicos",
        kind=OpportunityKind.BUSINESS_REQUEST,
        countries=["CA"],
        description="Buscamos distribuidores en Canadá.",
    )
    make_opportunity(member.user, title="Ya vencida", expires_at=timezone.now() - DAY)
    make_opportunity(member.user, title="Borrador escondido", status=OS.DRAFT)

    def titles(**query):
        response = Client().get(url("opportunity_list"), query)
        return {opportunity.title for opportunity in response.context["page"].object_list}

    everything = {"Sensores de humedad para invernaderos", "Distribuidor de dispositivos médicos"}
    assert titles() == everything
    assert titles(tipo="business_request") == {"Distribuidor de dispositivos médicos"}
    assert titles(sector="tic") == {"Sensores de humedad para invernaderos"}
    assert titles(pais="CA") == {"Distribuidor de dispositivos médicos"}
    assert titles(q="invernadero") == {"Sensores de humedad para invernaderos"}
    assert titles(q="distribuidores canada") == {"Distribuidor de dispositivos médicos"}
    assert titles(q="sensors") == {"Sensores de humedad para invernaderos"}  # English stems
    assert titles(pais="XX") == everything  # a bad value is left out


def test_the_board_is_newest_first_twenty_a_page(member):
    now = timezone.now()
    for number in range(23):
        make_opportunity(
            member.user, title=f"Oportunidad {number:02d}", published_at=now - number * DAY
        )
    response = Client().get(url("opportunity_list"))
    page = response.context["page"]
    assert len(page.object_list) == 20
    assert page.object_list[0].title == "Oportunidad 00"
    second = Client().get(url("opportunity_list"), {"pagina": 2}).context["page"]
    assert [o.title for o in second.object_list] == [
        "Oportunidad 20",
        "Oportunidad 21",
        "Oportunidad 22",
    ]


def test_the_board_keeps_its_order_whether_its_count_is_capped_or_not(member, monkeypatch):
    # Few matches are sorted, many are read along the board's index: the same order either way,
    # newest first and, for the same moment, the later one first.
    from projects import opportunity_views

    now = timezone.now()
    for number, days in enumerate([3, 0, 1, 1, 2]):
        make_opportunity(member.user, title=f"Oferta {number}", published_at=now - days * DAY)
    expected = ["Oferta 1", "Oferta 3", "Oferta 2", "Oferta 4", "Oferta 0"]
    for cap in (1000, 3):
        monkeypatch.setattr(opportunity_views, "COUNT_CAP", cap)
        page = Client().get(url("opportunity_list")).context["page"]
        assert page.paginator.capped == (cap == 3)
        titles = [o.title for o in page.object_list]
        assert len(titles) >= 3 and titles == expected[: len(titles)]


def test_a_huge_interest_id_is_a_404(staff_opportunity, reviewer):
    path = f"{staff_opportunity.get_absolute_url()}intereses/{10**30}/responder/"
    assert signed_in(reviewer).post(path, {"decision": "accept"}).status_code == 404


# Queries: the lists cost the same whatever the rows


def _queries(client, path):
    client.get(path)  # a session's first request may renew it: count a later one
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_the_board_costs_the_same_queries_whatever_the_rows(member, participant):
    for number in range(3):
        make_opportunity(member.user, title=f"Primera tanda {number}", sectors=("salud", "tic"))
    visitor, signed = Client(), signed_in(participant)
    few = (_queries(visitor, url("opportunity_list")), _queries(signed, url("opportunity_list")))
    feed_few = _queries(visitor, url("opportunity_feed"))
    for number in range(30):
        make_opportunity(member.user, title=f"Segunda tanda {number}", countries=["CA", "ES"])
    many = (_queries(visitor, url("opportunity_list")), _queries(signed, url("opportunity_list")))
    assert few == many
    assert feed_few == _queries(visitor, url("opportunity_feed"))
    assert many[0] <= 3


def test_the_review_list_and_my_list_cost_the_same_queries_whatever_the_rows(
    member, reviewer, participant
):
    staff, author = signed_in(reviewer), signed_in(reviewer)

    def add(count):
        for number in range(count):
            make_opportunity(member.user, status=OS.SUBMITTED, title=f"Por revisar {number}")
            mine = make_opportunity(reviewer, title=f"Mía {number}", sectors=("tic",))
            OpportunityInterest.objects.create(
                opportunity=mine, person=make_user(full_name="Persona interesada"), message="Hola"
            )

    add(2)
    few = (
        _queries(staff, url("opportunity_review_list")),
        _queries(author, url("my_opportunities")),
    )
    add(10)
    many = (
        _queries(staff, url("opportunity_review_list")),
        _queries(author, url("my_opportunities")),
    )
    assert few == many


# Who is refused where


def test_visitors_are_sent_to_sign_in(member):
    opportunity = make_opportunity(member.user)
    for name in ("opportunity_create", "my_opportunities", "opportunity_review_list"):
        response = Client().get(url(name))
        assert response.status_code == 302 and "/cuenta/login/" in response["Location"], name
    response = Client().post(
        url("opportunity_interest", opportunity), {"message": "Hola, me interesa."}
    )
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]


def test_participants_and_staff_without_mfa_do_not_publish(participant):
    pending_mfa = make_reviewer("salud", "PNCS sin MFA", mfa=False)
    for user in (participant, pending_mfa):
        client = Client()
        client.force_login(user)
        assert client.get(url("opportunity_create")).status_code == 403
        assert client.post(url("opportunity_create"), payload()).status_code == 403
        assert client.get(url("my_opportunities")).status_code == 403
        assert client.get(url("opportunity_review_list")).status_code == 403
    assert not Opportunity.objects.exists()


def test_members_do_not_review(member, other_member):
    opportunity = make_opportunity(other_member.user, status=OS.SUBMITTED)
    client = signed_in(member.user)
    assert client.get(url("opportunity_review_list")).status_code == 403
    assert client.get(url("opportunity_review", opportunity)).status_code == 404
    assert (
        client.post(url("opportunity_review", opportunity), {"decision": "approve"}).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("status", "answers"),
    [
        # (visitor, participant, other member, author, PNCS of its sector, of another, IME)
        (OS.DRAFT, (404, 404, 404, 200, 404, 404, 404)),
        (OS.SUBMITTED, (404, 404, 404, 200, 200, 404, 200)),
        (OS.RETURNED, (404, 404, 404, 200, 200, 404, 200)),
        (OS.PUBLISHED, (200, 200, 200, 200, 200, 200, 200)),
        (OS.EXPIRED, (404, 404, 404, 200, 404, 404, 404)),
        (OS.WITHDRAWN, (404, 404, 404, 200, 404, 404, 404)),
    ],
)
def test_who_sees_an_opportunity_in_each_status(
    status, answers, member, other_member, participant, reviewer, ime_admin
):
    opportunity = make_opportunity(member.user, status=status)
    viewers = [None, participant, other_member.user, member.user, reviewer]
    viewers += [make_reviewer("automotriz"), ime_admin]
    got = []
    for viewer in viewers:
        client = signed_in(viewer) if viewer else Client()
        got.append(client.get(opportunity.get_absolute_url()).status_code)
    assert tuple(got) == answers


def test_the_author_pages_refuse_everyone_else(member, other_member, reviewer):
    published = make_opportunity(member.user)
    draft = make_opportunity(member.user, status=OS.DRAFT)
    client = signed_in(other_member.user)
    for name in ("opportunity_withdraw", "opportunity_renew", "opportunity_submit"):
        assert client.post(url(name, published)).status_code == 403, name
        assert client.post(url(name, draft)).status_code == 404, name
    assert client.get(url("opportunity_edit", published)).status_code == 403
    assert client.get(url("opportunity_edit", draft)).status_code == 404
    assert signed_in(reviewer).post(url("opportunity_withdraw", published)).status_code == 403
    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.status, draft.status) == (OS.PUBLISHED, OS.DRAFT)


def test_the_author_does_not_express_interest_in_their_own(member):
    opportunity = make_opportunity(member.user)
    client = signed_in(member.user)
    assert "interest_form" not in client.get(opportunity.get_absolute_url()).context
    response = client.post(url("opportunity_interest", opportunity), {"message": "Me interesa."})
    assert response.status_code == 403
    assert not OpportunityInterest.objects.exists()


def test_only_the_author_answers_an_interest(staff_opportunity, participant, other_member):
    interest = services.express_interest(
        opportunity=staff_opportunity, person=participant, message="Nos interesa.", base_url="/"
    )
    other = make_opportunity(make_reviewer("tic", "PNCS TIC"), title="Otra")
    for user in (participant, other_member.user):
        response = signed_in(user).post(
            url("interest_answer", staff_opportunity, pk=interest.pk), {"decision": "accept"}
        )
        assert response.status_code == 403
    response = signed_in(other.author).post(
        url("interest_answer", other, pk=interest.pk), {"decision": "accept"}
    )
    assert response.status_code == 404
    interest.refresh_from_db()
    assert interest.status == OpportunityInterest.Status.PENDING


def test_the_review_page_refuses_another_sector_and_the_author(member, reviewer):
    opportunity = make_opportunity(member.user, status=OS.SUBMITTED)
    assert (
        signed_in(make_reviewer("automotriz"))
        .get(url("opportunity_review", opportunity))
        .status_code
        == 404
    )
    assert signed_in(member.user).get(url("opportunity_review", opportunity)).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "opportunity_submit",
        "opportunity_withdraw",
        "opportunity_renew",
        "opportunity_interest",
    ],
)
def test_changes_are_post_only(name, member):
    opportunity = make_opportunity(member.user)
    assert signed_in(member.user).get(url(name, opportunity)).status_code == 405


def test_the_menu_leads_to_the_board(client):
    assert f'href="{url("opportunity_list")}"' in client.get("/").content.decode()


def test_the_pages_speak_english_under_en(member):
    opportunity = make_opportunity(member.user)
    board, page = url("opportunity_list"), opportunity.get_absolute_url()
    response = Client().get("/en" + board)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert Client().get("/en" + page).status_code == 200


def test_the_pages_have_one_h1_headings_in_order_and_no_inline_script_or_style(
    member, participant, reviewer
):
    published = make_opportunity(member.user)
    submitted = make_opportunity(member.user, status=OS.SUBMITTED, title="En revisión")
    staff_owned = make_opportunity(reviewer, title="Del PNCS")
    services.express_interest(
        opportunity=staff_owned, person=participant, message="Nos interesa.", base_url="/"
    )
    pages = [
        (Client(), url("opportunity_list")),
        (Client(), published.get_absolute_url()),
        (signed_in(participant), published.get_absolute_url()),
        (signed_in(member.user), published.get_absolute_url()),
        (signed_in(member.user), url("opportunity_create")),
        (signed_in(member.user), url("my_opportunities")),
        (signed_in(reviewer), url("opportunity_review_list")),
        (signed_in(reviewer), url("opportunity_review", submitted)),
        (signed_in(reviewer), staff_owned.get_absolute_url()),
        (signed_in(reviewer), url("my_opportunities")),
    ]
    for client, path in pages:
        html = client.get(path).content.decode()
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]
        assert levels.count(1) == 1 and levels[0] == 1, path
        assert all(after <= before + 1 for before, after in itertools.pairwise(levels)), path
        assert "<script" not in main and "style=" not in main and "onclick=" not in main, path


def test_the_author_is_reminded_once_before_the_expiry_with_a_link_to_renew(member, commit):
    opportunity = make_opportunity(member.user, expires_at=timezone.now() + 5 * DAY)
    assert commit(services.expire) == (0, 1)
    [reminder] = mail.outbox
    assert reminder.to == [member.user.email]
    assert reminder.subject.endswith("vence pronto") and "\n" not in reminder.subject
    assert opportunity.get_absolute_url() in reminder.body
    assert opportunity.get_absolute_url() in reminder.alternatives[0][0]
    assert commit(services.expire) == (0, 0)


def test_past_the_cap_the_board_says_more_than_and_keeps_its_pages(client, member, monkeypatch):
    # The count stops at COUNT_CAP + 1 rows (a bounded subquery), whatever the matches.
    from projects import opportunity_views

    monkeypatch.setattr(opportunity_views, "COUNT_CAP", 3)
    for number in range(5):
        make_opportunity(member.user, title=f"Oferta {number}")
    page = client.get(url("opportunity_list")).content.decode()
    assert "Más de 3 oportunidades" in page
    assert "Usa los filtros" in page
    monkeypatch.setattr(opportunity_views, "COUNT_CAP", 10)
    page = client.get(url("opportunity_list")).content.decode()
    assert "5 oportunidades" in page and "Más de" not in page
