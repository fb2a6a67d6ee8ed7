"""Brokered introductions: ask without seeing an address, answer, budget, pause, audit trail."""

import datetime
import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from members.introductions import (
    IntroductionRefused,
    answer_introduction,
    month_start,
    request_introduction,
)
from members.models import AccountType, Consent, IntroductionRequest, Member, User
from redtalentos.lib.roles import MFA_SESSION_ATTR
from tests.conftest import (
    give_totp,
    login,
    make_member,
    make_pncs_staff,
    make_user,
    restore_reference_data,
)

BASE_URL = "http://testserver/"
MESSAGE = "Hola, dirijo un laboratorio en Monterrey y me gustaría invitarte a un comité."
Status = IntroductionRequest.Status
_numbers = itertools.count(1)


# Spanish paths written out: they are the public contract, and a request in English leaves
# English active in the test thread, which reverse() would follow.
def request_url(member):
    return f"/miembros/{member.slug}/presentacion/"


def answer_url(introduction):
    return f"/perfil/solicitudes/{introduction.pk}/responder/"


LIST_URL = "/perfil/solicitudes/"


def everything_in(message):
    """Every part of an email a person can read, decoded (headers included)."""
    parts = [message.subject, message.body, *(content for content, _ in message.alternatives)]
    parts += [*message.to, *message.cc, *message.bcc, *message.reply_to]
    parts += [str(value) for value in message.extra_headers.values()]
    return "\n".join(parts)


def readable_text_of(message):
    """What a person reads in an email: subject and bodies (not the To:/Reply-To: headers)."""
    return "\n".join([message.subject, message.body, *(c for c, _ in message.alternatives)])


def post_request(client, member, *, purpose="evaluation", message=MESSAGE, capture):
    with capture(execute=True):
        return client.post(request_url(member), {"purpose": purpose, "message": message})


def ask(requester, member, *, message=MESSAGE, purpose="collaboration"):
    """A request through the service, as the view makes it (staff asking as staff have passed
    the second factor in their session: the middleware marks the user)."""
    setattr(requester, MFA_SESSION_ATTR, True)
    return request_introduction(
        requester=requester, member=member, purpose=purpose, message=message, base_url=BASE_URL
    )


def quick_member(full_name, **fields):
    """A publicly listed member without a password or consent history: cheap in bulk."""
    number = next(_numbers)
    user = User.objects.create(
        email=f"rapida{number}@example.org", full_name=full_name, account_type=AccountType.TALENT
    )
    return Member.objects.create(
        user=user, full_name=full_name, slug=f"rapida-{number}", listed_publicly=True, **fields
    )


def other_requesters(count):
    return [quick_member(f"Solicitante Número {i}").user for i in range(count)]


# The journey: request, member's email, answer


def test_request_emails_the_member_without_the_requesters_address(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    other_member.organisation = "Universidad de Texas"
    other_member.position = "Profesor investigador"
    other_member.save()
    login(client, other_member.user)

    response = post_request(client, member, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == member.get_absolute_url()
    introduction = IntroductionRequest.objects.get()
    assert introduction.requester == other_member.user
    assert introduction.member == member
    assert introduction.status == Status.PENDING
    assert introduction.purpose == "evaluation"
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["miembro@example.org"]
    assert "otro@example.org" not in everything_in(email)
    assert "@" not in readable_text_of(email)
    assert "Beto Otro Pérez" in email.subject
    for text in (email.body, email.alternatives[0][0]):
        assert "Beto Otro Pérez" in text
        assert "Profesor investigador, Universidad de Texas" in text
        assert "Comité de evaluación" in text
        assert "laboratorio en Monterrey" in text
        assert "http://testserver/perfil/solicitudes/" in text
    assert "\n" not in email.subject


def test_the_requester_sees_a_confirmation_on_the_profile_redirect(
    client, member, other_member, django_capture_on_commit_callbacks
):
    login(client, other_member.user)

    response = post_request(client, member, capture=django_capture_on_commit_callbacks)

    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Enviamos tu solicitud a Ana Miembro Ruiz" in m for m in messages)


def test_accepting_emails_both_sides_with_both_addresses(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    introduction = ask(other_member.user, member)
    mailoutbox.clear()
    login(client, member.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(introduction), {"decision": "accept"})

    assert response.status_code == 302
    assert response.url == LIST_URL
    introduction.refresh_from_db()
    assert introduction.status == Status.ACCEPTED
    assert introduction.answered_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == ["miembro@example.org", "otro@example.org"]
    for email in mailoutbox:
        for text in (email.body, email.alternatives[0][0]):
            assert "miembro@example.org" in text
            assert "otro@example.org" in text
    to_requester = next(m for m in mailoutbox if m.to == ["otro@example.org"])
    to_member = next(m for m in mailoutbox if m.to == ["miembro@example.org"])
    # Replying to either email writes to the other person.
    assert to_requester.reply_to == ["miembro@example.org"]
    assert to_member.reply_to == ["otro@example.org"]
    assert "Ana Miembro Ruiz aceptó" in to_requester.subject


def test_declining_sends_a_polite_email_to_the_requester_without_addresses(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    introduction = ask(other_member.user, member)
    mailoutbox.clear()
    login(client, member.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(introduction), {"decision": "decline"})

    assert response.status_code == 302
    introduction.refresh_from_db()
    assert introduction.status == Status.DECLINED
    assert introduction.answered_at is not None
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["otro@example.org"]
    assert email.reply_to == []
    assert "@" not in readable_text_of(email)
    assert "Gracias por tu interés" in email.body


def test_the_member_sees_the_request_on_the_list_and_answers_it_there(client, member, other_member):
    ask(other_member.user, member, message="Propuesta de mentoría\npara una empresa de Jalisco")
    login(client, member.user)

    page = client.get(LIST_URL)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Beto Otro Pérez" in html
    assert "Propuesta de mentoría<br>para una empresa de Jalisco" in html
    assert 'value="accept"' in html
    assert 'value="decline"' in html
    assert "otro@example.org" not in html
    assert "miembro@example.org" not in html


def test_pending_requests_come_before_answered_ones(client, member):
    old, new = other_requesters(2)
    pending = ask(old, member, message="La pendiente")
    answered = ask(new, member, message="La respondida")
    answer_introduction(introduction=answered, member=member, accept=False, base_url=BASE_URL)
    login(client, member.user)

    html = client.get(LIST_URL).content.decode()

    assert html.index(pending.message) < html.index(answered.message)
    assert html.count('value="accept"') == 1


def test_the_requester_follows_the_status_of_what_they_sent(client, member, other_member):
    introduction = ask(other_member.user, member)
    answer_introduction(introduction=introduction, member=member, accept=True, base_url=BASE_URL)
    login(client, other_member.user)

    html = client.get(LIST_URL).content.decode()

    assert "Enviadas" in html
    assert "Ana Miembro Ruiz" in html
    assert "Aceptada" in html
    assert "miembro@example.org" not in html


def test_pncs_staff_ask_for_introductions_and_show_their_contact_point(
    client, member, pncs_staff, mailoutbox, django_capture_on_commit_callbacks
):
    give_totp(pncs_staff)
    login(client, pncs_staff)

    response = post_request(client, member, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert IntroductionRequest.objects.get().requester == pncs_staff
    assert "Personal de PNCS de prueba (PNCS)" in mailoutbox[0].body
    assert "pncs@example.org" not in everything_in(mailoutbox[0])
    page = client.get(LIST_URL)
    assert page.status_code == 200
    assert "Recibidas" not in page.content.decode()
    assert "Ana Miembro Ruiz" in page.content.decode()


def test_a_private_work_group_stays_out_of_the_request(member, other_member):
    other_member.organisation = "Empresa Secreta"
    other_member.visibility_work = "private"
    other_member.save()

    ask(other_member.user, member)

    from members.introductions import requester_summary

    assert requester_summary(other_member.user)["affiliation"] == ""


def test_the_email_link_follows_the_language_of_the_request(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, other_member.user)

    with translation.override("es-mx"), django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en" + request_url(member), {"purpose": "mentoring", "message": "Hello from Mexico"}
        )

    assert "http://testserver/en/perfil/solicitudes/" in mailoutbox[0].body


# The page before the form


def test_the_form_page_says_the_member_takes_requests(client, member, other_member):
    login(client, other_member.user)

    page = client.get(request_url(member))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Ana Miembro Ruiz está recibiendo solicitudes" in html
    assert 'name="message"' in html
    assert "miembro@example.org" not in html


def test_a_paused_member_shows_it_instead_of_the_form(client, member, other_member):
    member.intro_paused = True
    member.save()
    login(client, other_member.user)

    html = client.get(request_url(member)).content.decode()

    assert "pausó las solicitudes" in html
    assert 'name="message"' not in html


def test_an_exhausted_budget_shows_it_instead_of_the_form(client, member, other_member):
    member.intro_monthly_limit = 1
    member.save()
    ask(other_requesters(1)[0], member)
    login(client, other_member.user)

    html = client.get(request_url(member)).content.decode()

    assert "ya recibió este mes todas las solicitudes" in html
    assert 'name="message"' not in html


def test_your_own_profile_says_you_cannot_ask_yourself(client, member):
    login(client, member.user)

    html = client.get(request_url(member)).content.decode()

    assert "No puedes pedir una presentación contigo" in html
    assert 'name="message"' not in html


# Budget, pause and caps


def test_the_request_past_the_monthly_limit_is_refused_before_it_is_sent(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    assert member.intro_monthly_limit == 4
    for requester in other_requesters(4):
        ask(requester, member)
    login(client, other_member.user)
    mailoutbox.clear()

    response = post_request(client, member, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "ya recibió este mes todas las solicitudes" in response.content.decode()
    assert IntroductionRequest.objects.count() == 4
    assert not IntroductionRequest.objects.filter(requester=other_member.user).exists()
    assert mailoutbox == []


def test_answered_requests_still_count_in_the_monthly_budget(member):
    member.intro_monthly_limit = 2
    member.save()
    first, second, third = other_requesters(3)
    for requester in (first, second):
        introduction = ask(requester, member)
        answer_introduction(introduction=introduction, member=member, accept=False, base_url="/")

    with pytest.raises(IntroductionRefused, match="ya recibió este mes"):
        ask(third, member)


def test_a_new_month_resets_the_budget(member, other_member):
    last_month = month_start() - datetime.timedelta(days=1)
    for requester in other_requesters(4):
        IntroductionRequest.objects.create(
            requester=requester,
            member=member,
            purpose="other",
            message="El mes pasado",
            created_at=last_month,
            status=Status.DECLINED,
            answered_at=last_month,
        )

    introduction = ask(other_member.user, member)

    assert introduction.status == Status.PENDING


def test_the_budget_month_is_the_calendar_month_in_mexico_city():
    # 03:00 UTC on 1 March is still 28 February (21:00) in Mexico City.
    now = datetime.datetime(2026, 3, 1, 3, 0, tzinfo=datetime.UTC)

    start = month_start(now)

    assert (start.year, start.month, start.day, start.hour) == (2026, 2, 1, 0)
    assert start.utcoffset() == datetime.timedelta(hours=-6)


def test_a_limit_of_zero_means_not_taking_requests(member, other_member):
    member.intro_monthly_limit = 0
    member.save()

    with pytest.raises(IntroductionRefused, match="no está recibiendo solicitudes"):
        ask(other_member.user, member)
    assert not IntroductionRequest.objects.exists()


def test_a_paused_member_refuses_requests(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    member.intro_paused = True
    member.save()
    login(client, other_member.user)

    response = post_request(client, member, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "pausó las solicitudes de presentación" in response.content.decode()
    assert not IntroductionRequest.objects.exists()
    assert mailoutbox == []


def test_a_requester_may_have_three_pending_requests_at_once(member, other_member):
    requester = make_member("Carla Muchas Solicitudes").user
    for target in (member, other_member, make_member("Diana Tercera")):
        ask(requester, target)
    fourth = make_member("Elena Cuarta")

    with pytest.raises(IntroductionRefused, match="3 solicitudes esperando respuesta"):
        ask(requester, fourth)

    answer_introduction(
        introduction=IntroductionRequest.objects.get(member=member),
        member=member,
        accept=False,
        base_url=BASE_URL,
    )
    assert ask(requester, fourth).status == Status.PENDING


def test_the_pending_cap_comes_from_the_setting(settings, member, other_member):
    settings.INTRO_MAX_PENDING_PER_REQUESTER = 1
    requester = make_member("Carla Una Solicitud").user
    ask(requester, member)

    with pytest.raises(IntroductionRefused, match="1 solicitud esperando respuesta"):
        ask(requester, other_member)


def test_a_second_pending_request_to_the_same_member_is_refused(member, other_member):
    ask(other_member.user, member)

    with pytest.raises(IntroductionRefused, match="Ya tienes una solicitud pendiente"):
        ask(other_member.user, member)
    assert IntroductionRequest.objects.count() == 1


def test_after_an_answer_the_same_member_can_be_asked_again(member, other_member):
    first = ask(other_member.user, member)
    answer_introduction(introduction=first, member=member, accept=False, base_url=BASE_URL)

    assert ask(other_member.user, member).status == Status.PENDING


def test_asking_yourself_is_refused(member):
    with pytest.raises(IntroductionRefused, match="contigo"):
        ask(member.user, member)
    assert not IntroductionRequest.objects.exists()


def test_the_service_refuses_requesters_without_the_right(member, participant):
    with pytest.raises(IntroductionRefused):
        ask(participant, member)


def test_the_service_refuses_a_profile_the_requester_cannot_see(other_member):
    hidden = make_member("Oculta Sin Consentimiento", consents=())

    with pytest.raises(IntroductionRefused):
        ask(other_member.user, hidden)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_cannot_overrun_the_budget():
    restore_reference_data()
    member = make_member("Ana Con Un Lugar", intro_monthly_limit=1)
    requesters = other_requesters(5)
    barrier = threading.Barrier(len(requesters))
    outcomes = []

    def attempt(requester):
        try:
            barrier.wait()
            ask(requester, member)
            outcomes.append("sent")
        except IntroductionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(r,)) for r in requesters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 4 + ["sent"]
    assert IntroductionRequest.objects.filter(member=member).count() == 1


# Answers


def test_an_answered_request_cannot_be_answered_again(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    introduction = ask(other_member.user, member)
    answer_introduction(introduction=introduction, member=member, accept=False, base_url=BASE_URL)
    introduction.refresh_from_db()
    answered_at = introduction.answered_at
    mailoutbox.clear()
    login(client, member.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(introduction), {"decision": "accept"}, follow=True)

    assert "Ya respondiste a esta solicitud" in response.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == Status.DECLINED
    assert introduction.answered_at == answered_at
    assert mailoutbox == []


def test_a_garbage_decision_changes_nothing(client, member, other_member):
    introduction = ask(other_member.user, member)
    login(client, member.user)

    for decision in ("", "ACCEPT", "1", "<script>", "accept' OR 1=1"):
        response = client.post(answer_url(introduction), {"decision": decision})
        assert response.status_code == 302
    response = client.post(answer_url(introduction), {"decision": ["accept", "x"]})
    introduction.refresh_from_db()

    assert introduction.status == Status.PENDING
    assert introduction.answered_at is None


def test_a_request_of_a_deleted_account_can_only_be_declined(member, other_member, mailoutbox):
    introduction = ask(other_member.user, member)
    other_member.user.delete()
    introduction.refresh_from_db()

    with pytest.raises(IntroductionRefused, match="ya no existe"):
        answer_introduction(introduction=introduction, member=member, accept=True, base_url="/")
    answer_introduction(introduction=introduction, member=member, accept=False, base_url="/")

    introduction.refresh_from_db()
    assert introduction.status == Status.DECLINED


def test_every_request_and_answer_is_kept(member, other_member, pncs_staff):
    accepted = ask(other_member.user, member)
    declined = ask(pncs_staff, member)
    pending = ask(make_member("Fernanda Espera").user, member)
    answer_introduction(introduction=accepted, member=member, accept=True, base_url=BASE_URL)
    answer_introduction(introduction=declined, member=member, accept=False, base_url=BASE_URL)

    rows = {row.pk: row for row in IntroductionRequest.objects.filter(member=member)}

    assert set(rows) == {accepted.pk, declined.pk, pending.pk}
    assert rows[accepted.pk].status == Status.ACCEPTED
    assert rows[declined.pk].status == Status.DECLINED
    assert rows[pending.pk].status == Status.PENDING
    assert rows[accepted.pk].answered_at >= rows[accepted.pk].created_at
    assert rows[declined.pk].answered_at >= rows[declined.pk].created_at
    assert rows[pending.pk].answered_at is None
    assert rows[accepted.pk].message == MESSAGE
    assert rows[declined.pk].requester == pncs_staff


# Who may do what


@pytest.mark.parametrize("url_name", ["request", "list"])
def test_visitors_are_sent_to_sign_in(client, member, url_name):
    url = request_url(member) if url_name == "request" else LIST_URL

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/?next=")


def test_a_visitor_cannot_answer(client, member, other_member):
    introduction = ask(other_member.user, member)

    response = client.post(answer_url(introduction), {"decision": "accept"})

    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")
    introduction.refresh_from_db()
    assert introduction.status == Status.PENDING


@pytest.mark.parametrize("persona", ["participant", "ime_admin", "no_type"])
def test_accounts_without_the_right_get_403_on_the_request_page(client, member, persona, request):
    user = make_user() if persona == "no_type" else request.getfixturevalue(persona)
    login(client, user)

    assert client.get(request_url(member)).status_code == 403
    response = client.post(request_url(member), {"purpose": "other", "message": "Hola"})
    assert response.status_code == 403
    assert not IntroductionRequest.objects.exists()


def test_a_participant_gets_403_on_the_list_and_the_answer(
    client, member, other_member, participant
):
    introduction = ask(other_member.user, member)
    login(client, participant)

    assert client.get(LIST_URL).status_code == 403
    assert client.post(answer_url(introduction), {"decision": "accept"}).status_code == 403


def test_an_outsider_gets_404_for_a_hidden_profile(client, other_member, participant):
    hidden = make_member("Oculta Sin Consentimiento", consents=())

    for user in (other_member.user, participant):
        login(client, user)
        assert client.get(request_url(hidden)).status_code == 404
        response = client.post(request_url(hidden), {"purpose": "other", "message": "Hola"})
        assert response.status_code == 404
    assert not IntroductionRequest.objects.exists()


def test_a_chapter_mate_may_ask_when_the_member_is_visible_to_the_chapter(client, db):
    from chapters.models import Chapter

    chapter = Chapter.objects.first()
    hidden = make_member("Solo Mi Capítulo", consents=(Consent.Purpose.CHAPTER,), chapter=chapter)
    mate = make_member("Compañera De Capítulo", chapter=chapter)
    login(client, mate.user)

    assert client.get(request_url(hidden)).status_code == 200


def test_answering_someone_elses_request_gives_404(client, member, other_member, pncs_staff):
    introduction = ask(pncs_staff, member)
    login(client, other_member.user)

    response = client.post(answer_url(introduction), {"decision": "accept"})

    assert response.status_code == 404
    introduction.refresh_from_db()
    assert introduction.status == Status.PENDING


def test_the_requester_cannot_answer_their_own_request(client, member, other_member):
    introduction = ask(other_member.user, member)
    login(client, other_member.user)

    assert client.post(answer_url(introduction), {"decision": "accept"}).status_code == 404


def test_an_unknown_request_gives_404(client, member):
    login(client, member.user)

    url = "/perfil/solicitudes/00000000-0000-0000-0000-000000000000/responder/"
    assert client.post(url, {"decision": "accept"}).status_code == 404


def test_get_on_the_answer_url_is_not_allowed(client, member, other_member):
    introduction = ask(other_member.user, member)
    login(client, member.user)

    assert client.get(answer_url(introduction)).status_code == 405


# Bad input


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"purpose": "evaluation", "message": "x" * 1001}, "como máximo 1000 caracteres"),
        ({"purpose": "evaluation", "message": "x" * 100_000}, "como máximo 1000 caracteres"),
        ({"purpose": "hackeo", "message": MESSAGE}, "Elige uno de los propósitos"),
        ({"purpose": "'; DROP TABLE members_member; --", "message": MESSAGE}, "Elige uno de"),
        ({"purpose": "evaluation", "message": "   \n\t  "}, "Escribe un mensaje"),
        ({"purpose": "evaluation"}, "Escribe un mensaje"),
        ({}, "Elige el propósito"),
        ({"purpose": "evaluation", "message": "hola\x00mundo"}, "caracteres no válidos"),
        ({"purpose": ["evaluation", "other"], "message": ["a", "b" * 2000]}, "como máximo"),
    ],
)
def test_garbage_in_the_form_is_a_form_error_and_creates_nothing(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks, data, error
):
    login(client, other_member.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url(member), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not IntroductionRequest.objects.exists()
    assert mailoutbox == []


def test_injection_strings_are_stored_as_text_and_shown_escaped(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))"
    login(client, other_member.user)

    post_request(client, member, message=hostile, capture=django_capture_on_commit_callbacks)

    assert IntroductionRequest.objects.get().message == hostile
    html_email = mailoutbox[0].alternatives[0][0]
    assert "<script>" not in html_email
    assert "&lt;script&gt;" in html_email
    login(client, member.user)
    page = client.get(LIST_URL).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_name_with_line_breaks_does_not_break_the_subject(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    requester = make_member("Nombre\r\nBcc: intruso@example.org").user
    login(client, requester)

    post_request(client, member, capture=django_capture_on_commit_callbacks)

    email = mailoutbox[0]
    assert "\n" not in email.subject and "\r" not in email.subject
    assert email.bcc == []


@pytest.mark.parametrize(
    "query", ["?pagina=abc", "?pagina=-1", "?pagina=99999", "?pagina_enviadas=%00", "?pagina=1e9"]
)
def test_garbage_page_numbers_show_a_valid_page(client, member, other_member, query):
    ask(other_member.user, member)
    login(client, member.user)

    response = client.get(LIST_URL + query)

    assert response.status_code == 200
    assert "Beto Otro Pérez" in response.content.decode()


# The list page


def test_empty_lists_say_so(client, member):
    login(client, member.user)

    html = client.get(LIST_URL).content.decode()

    assert "Aún no has recibido solicitudes" in html
    assert "No has enviado solicitudes" in html


def test_the_list_shows_the_monthly_budget(client, member, other_member):
    ask(other_member.user, member)
    login(client, member.user)

    html = client.get(LIST_URL).content.decode()

    assert "Aceptas 4 solicitudes al mes; este mes recibiste 1." in html


def test_the_list_is_paginated_by_twenty(client, member):
    requesters = other_requesters(3)
    for i in range(25):
        IntroductionRequest.objects.create(
            requester=requesters[i % 3], member=member, purpose="other", message=f"Mensaje {i:02d}"
        )
    login(client, member.user)

    first = client.get(LIST_URL).content.decode()
    second = client.get(LIST_URL + "?pagina=2").content.decode()

    assert first.count('value="accept"') == 20
    assert second.count('value="accept"') == 5
    assert "Página 1 de 2" in first
    assert "?pagina=2" in first


def _fill(member, count):
    """`count` requests received by `member` and `count` sent by them, from mixed requesters."""
    members = [quick_member(f"Persona Número {i}") for i in range(count)]
    staff = make_pncs_staff(f"pncs{count}@example.org", name=f"PNCS {count}")
    for i, other in enumerate(members):
        requester = staff if i % 3 == 0 else other.user
        IntroductionRequest.objects.create(
            requester=requester,
            member=member,
            purpose="collaboration",
            message=f"Recibida {i}",
            status=Status.PENDING if i % 2 else Status.ACCEPTED,
        )
        IntroductionRequest.objects.create(
            requester=member.user, member=other, purpose="mentoring", message=f"Enviada {i}"
        )


def test_the_list_page_runs_a_fixed_number_of_queries(
    client, member, django_assert_max_num_queries
):
    _fill(member, 3)
    login(client, member.user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST_URL).status_code == 200

    _fill(member, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    assert response.content.decode().count("<article") == 40


def test_the_list_page_for_pncs_staff_runs_a_fixed_number_of_queries(
    client, pncs_staff, django_assert_max_num_queries
):
    targets = [quick_member(f"Experta Número {i}") for i in range(30)]
    for target in targets[:3]:
        IntroductionRequest.objects.create(
            requester=pncs_staff, member=target, purpose="event", message="Hola"
        )
    login(client, pncs_staff)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)

    for target in targets[3:]:
        IntroductionRequest.objects.create(
            requester=pncs_staff, member=target, purpose="event", message="Hola"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST_URL).status_code == 200


# In a real browser: the signed-in pages the crawl of public pages never reaches


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_introduction_pages_pass_axe_at_desktop_and_320_px(live_server, monkeypatch):
    restore_reference_data()
    from django.conf import settings
    from django.test import Client
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, NARROW
    from tests.e2e.test_accessibility import OVERFLOWING, axe_problems

    # Playwright's event loop runs in this thread; the ORM calls below are not async code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    member = make_member("Ana Miembro Ruiz")
    other = make_member("Beto Otro Pérez")
    answered = ask(other.user, member)
    answer_introduction(introduction=answered, member=member, accept=True, base_url=BASE_URL)
    ask(make_pncs_staff("pncs@example.org"), member)
    for i in range(21):
        IntroductionRequest.objects.create(
            requester=member.user, member=other, purpose="other", message=f"Enviada {i}"
        )
    paused = make_member("Pausada Por Ahora", intro_paused=True)
    pages = {
        member.user: [LIST_URL, "/en" + LIST_URL, request_url(member)],
        other.user: [request_url(paused), request_url(make_member("Carmen Abierta"))],
    }

    # Signed in here: the browser's thread below leaves the database alone (a connection
    # opened there would outlive the test).
    cookies = {}
    for user in pages:
        client = Client()
        login(client, user)
        cookies[user] = {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }

    def browse():
        problems = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for user, paths in pages.items():
                for viewport in (DESKTOP, NARROW):
                    context = browser.new_context(viewport=viewport, locale="es-MX")
                    context.add_cookies([cookies[user]])
                    page = context.new_page()
                    for path in paths:
                        page.goto(live_server.url + path)
                        label = f"{path} ({viewport['width']} px)"
                        problems.extend(axe_problems(page, label))
                        if viewport is NARROW:
                            problems.extend(
                                f"{label}: wider than the viewport: {html}"
                                for html in page.evaluate(OVERFLOWING)
                            )
                    if user == other.user and viewport is DESKTOP:
                        # The form with errors: submitted empty past the browser's own checks.
                        page.goto(live_server.url + paths[1])
                        page.eval_on_selector("form.intro-form", "f => f.noValidate = true")
                        page.get_by_role("button", name="Enviar solicitud").click()
                        page.wait_for_load_state()
                        assert page.locator(".errorlist").count() == 2
                        problems.extend(axe_problems(page, f"{paths[1]} (with errors)"))
                    context.close()
            browser.close()
        return problems

    # In a thread of its own: the browser checks of tests/e2e may have a Playwright event loop
    # running in this one, where the sync API refuses to start a second.
    with ThreadPoolExecutor(max_workers=1) as pool:
        problems = pool.submit(browse).result()

    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)
