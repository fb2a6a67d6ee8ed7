"""Every URL of the site, opened by every role: any answer other than the expected one fails.

The table below is the access contract. A new URL fails `test_every_url_is_in_the_contract` until
it is added here with the answer each role must get.
"""

import uuid

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tests.conftest import login
from tests.redtalentos.conftest import ENROL, LOGIN, ROLES, To, answer_matches, resolve_kwargs

# url name -> (kwargs from the world, {role: expected status, LOGIN or a redirect}); GET requests.
# The roles and the world they act in: tests/redtalentos/conftest.py. Staff without an
# authenticator app are sent to ask for an enrolment link (ENROL) before any staff page.
_PUBLIC = dict.fromkeys(ROLES, 200)
_SIGNED_IN = {"visitor": LOGIN, **dict.fromkeys(ROLES[1:], 200)}
# Checked for the method before the login: a GET is refused as such, even for a visitor.
_POST_ONLY_ANYONE = dict.fromkeys(ROLES, 405)


def signed_in(default, **answers):
    """Visitors are sent to sign in; signed-in roles get `default` unless named in `answers`."""
    return {"visitor": LOGIN, **dict.fromkeys(ROLES[1:], default), **answers}


_HOUSTON_LEADERS = signed_in(403, leader=200, ime_admin=200)
_PNCS_STAFF = signed_in(403, pncs_other=200, pncs_salud=200, ime_admin=200, pncs_no_mfa=ENROL)
_PNCS_SALUD = signed_in(403, pncs_salud=200, ime_admin=200, pncs_no_mfa=ENROL)
_NOT_MEMBERS = ("participant", "pncs_other", "pncs_salud", "pncs_no_mfa", "ime_admin")
_MEMBERS = signed_in(200, **dict.fromkeys(_NOT_MEMBERS, 403))
_REGISTRATION = {"slug": "contrato", "uuid": "registration"}
_PARTICIPANTS = signed_in(403, participant=200)
_DRAFT = {"uuid": "draft_application"}
_HOST_APPLICATION = {"slug": "plaza-seleccion", "uuid": "host_application"}
_MATCHING_RUN = {"slug": "ciclo-seleccion", "uuid": "matching_run"}
_PUBLISHERS = signed_in(200, participant=403, pncs_no_mfa=403)
_PUBLISHED = {"uuid": "opportunity_published"}
_DRAFT_OPPORTUNITY = {"uuid": "opportunity_draft"}
_SUBMITTED_OPPORTUNITY = {"uuid": "opportunity_submitted"}
_STAFF_INTEREST = {"uuid": "staff_opportunity", "pk": "staff_interest"}
_MISSION = {"slug": "mision-contrato"}
_MISSION_STAFF = signed_in(403, pncs_salud=200, ime_admin=200)
_MISSION_DELEGATION = signed_in(403, owner=200, pncs_salud=200, ime_admin=200)
_MISSION_DELEGATE = signed_in(404, owner=200)
_VISIT = {"uuid": "visit_request"}
_VISIT_SIDES = signed_in(404, participant=200, owner=200, pncs_salud=200, ime_admin=200)
_VISIT_STAFF = signed_in(404, participant=403, owner=403, pncs_salud=200, ime_admin=200)
_PROJECT = {"slug": "proyecto-contrato"}
_PROJECT_TEAM_AND_STAFF = {
    **dict.fromkeys(ROLES, 404),
    "owner": 200,
    "pncs_salud": 200,
    "ime_admin": 200,
}
_PROJECT_COORDINATORS = signed_in(404, owner=200, pncs_salud=403, ime_admin=403)
_ANY_PNCS = signed_in(403, pncs_other=200, pncs_salud=200, ime_admin=200)
_MENTORING_REQUEST = {"uuid": "mentoring_request"}
_MENTORSHIP = {"uuid": "mentorship"}
_REQUEST_SIDES = signed_in(404, participant=200, pncs_salud=200, ime_admin=200)
_CALL_STAFF = signed_in(403, pncs_salud=200, ime_admin=200)
CONTRACT = {
    "home": ({}, _PUBLIC),
    "privacy_notice": ({}, _PUBLIC),
    "healthz": ({}, _PUBLIC),
    "robots_txt": ({}, _PUBLIC),
    "sitemap": ({}, _PUBLIC),
    "chapters:chapter_list": ({}, _PUBLIC),
    "chapters:chapter_detail": ({"slug": "houston"}, _PUBLIC),
    "chapters:news_list": ({"slug": "houston"}, _PUBLIC),
    "chapters:news_detail": ({"slug": "houston", "news_slug": "noticia"}, _PUBLIC),
    "chapters:proposal_create": ({}, _MEMBERS),
    "chapters:chapter_join": ({"slug": "houston"}, _POST_ONLY_ANYONE),
    "chapters:chapter_edit": ({"slug": "houston"}, _HOUSTON_LEADERS),
    "chapters:news_create": ({"slug": "houston"}, _HOUSTON_LEADERS),
    "chapters:join_request_list": ({"slug": "houston"}, _HOUSTON_LEADERS),
    "chapters:join_request_decide": ({"slug": "houston", "pk": "join_request"}, _POST_ONLY_ANYONE),
    "certificates:my_certificates": ({}, signed_in(200)),
    "certificates:verify": ({"public_id": "certificate"}, _PUBLIC),
    "certificates:pdf": ({"public_id": "certificate"}, signed_in(404, owner=200, ime_admin=200)),
    "jornadas:edition_list": ({}, _PUBLIC),
    "jornadas:edition_detail": ({"slug": "contrato"}, _PUBLIC),
    "jornadas:edition_ics": ({"slug": "contrato"}, _PUBLIC),
    "jornadas:session_detail": ({"slug": "contrato", "pk": "jornada_session"}, _PUBLIC),
    "jornadas:session_ics": ({"slug": "contrato", "pk": "jornada_session"}, _PUBLIC),
    # Speakers and materials: IME and the PNCS of the session's sector invite; Marta (owner)
    # speaks at it. Until the edition publishes its materials, only they fetch them.
    "jornadas:speaker_invite": (
        {"slug": "contrato", "pk": "speaker_session"},
        signed_in(403, pncs_salud=200, ime_admin=200),
    ),
    "jornadas:session_abstract": (
        {"slug": "contrato", "pk": "speaker_session"},
        signed_in(403, owner=200, ime_admin=200),
    ),
    "jornadas:session_materials": (
        {"slug": "contrato", "pk": "speaker_session"},
        signed_in(403, owner=200, ime_admin=200),
    ),
    "jornadas:material_download": (
        {"slug": "contrato", "uuid": "material"},
        signed_in(403, owner=200, ime_admin=200, pncs_salud=200),
    ),
    "jornadas:material_delete": ({"slug": "contrato", "uuid": "material"}, _POST_ONLY_ANYONE),
    # Registration: Marta (owner) is registered in "contrato"; her registration is hers alone
    # (404 for everyone else, IME included); the others may still register.
    "jornadas:my_registrations": ({}, _SIGNED_IN),
    "jornadas:register": ({"slug": "contrato"}, signed_in(200, owner=302)),
    "jornadas:registration_detail": (_REGISTRATION, signed_in(404, owner=200)),
    "jornadas:registration_sessions": (_REGISTRATION, signed_in(404, owner=200)),
    "jornadas:personal_agenda": (_REGISTRATION, signed_in(404, owner=200)),
    "jornadas:personal_agenda_ics": (_REGISTRATION, signed_in(404, owner=200)),
    "jornadas:registration_cancel": (_REGISTRATION, _POST_ONLY_ANYONE),
    "jornadas:registration_accept": (
        {"slug": "contrato-dos", "uuid": "offered_registration"},
        _POST_ONLY_ANYONE,
    ),
    "jornadas:session_choice": ({**_REGISTRATION, "pk": "jornada_session"}, _POST_ONLY_ANYONE),
    # Check-in at the door: IME only (with the second factor); everyone else signed in, 403.
    "jornadas:checkin": ({"slug": "contrato"}, signed_in(403, ime_admin=200)),
    # After the edition: the follow-ups are IME's and each sector's PNCS' (the automotive PNCS
    # keeps its own sector's, none here); the survey of a past edition is its attendees', its
    # results IME's.
    "jornadas:follow_up_list": (
        {"slug": "contrato"},
        signed_in(403, pncs_other=200, pncs_salud=200, ime_admin=200),
    ),
    "jornadas:follow_up_detail": (
        {"slug": "contrato", "pk": "follow_up"},
        signed_in(403, pncs_salud=200, ime_admin=200),
    ),
    "jornadas:follow_up_status": ({"slug": "contrato", "pk": "follow_up"}, _POST_ONLY_ANYONE),
    "jornadas:survey": ({"slug": "contrato-pasado"}, signed_in(403, owner=200)),
    "jornadas:survey_results": ({"slug": "contrato-pasado"}, signed_in(403, ime_admin=200)),
    # Internship selection: Marta (owner) hosts "plaza-seleccion"; its applications are hers and
    # IME's (404 for everyone else, the posting being public or not); the matching is IME's.
    "internships:host_applications": (
        {"slug": "plaza-seleccion"},
        signed_in(404, owner=200, ime_admin=200),
    ),
    "internships:host_application": (
        {"slug": "plaza-seleccion", "uuid": "host_application"},
        signed_in(404, owner=200, ime_admin=200),
    ),
    "internships:host_application_stage": (_HOST_APPLICATION, _POST_ONLY_ANYONE),
    "internships:host_application_note": (_HOST_APPLICATION, _POST_ONLY_ANYONE),
    "internships:host_application_order": (_HOST_APPLICATION, _POST_ONLY_ANYONE),
    "internships:host_application_offer": (_HOST_APPLICATION, _POST_ONLY_ANYONE),
    "internships:matching": ({"slug": "ciclo-seleccion"}, signed_in(403, ime_admin=200)),
    "internships:matching_run": (_MATCHING_RUN, signed_in(403, ime_admin=200)),
    "internships:matching_run_approve": (_MATCHING_RUN, _POST_ONLY_ANYONE),
    "internships:matching_run_discard": (_MATCHING_RUN, _POST_ONLY_ANYONE),
    "internships:placement_detail": (
        {"uuid": "placement"},
        signed_in(404, participant=200, owner=200, ime_admin=200),
    ),
    "internships:placement_evaluate": ({"uuid": "placement"}, _POST_ONLY_ANYONE),
    "internships:application_accept": ({"uuid": "offer"}, _POST_ONLY_ANYONE),
    "internships:application_decline": ({"uuid": "offer"}, _POST_ONLY_ANYONE),
    # Internship applications: participants apply (members abroad and staff get 403); the
    # participant's draft in "ciclo-abierto" is theirs alone (404 for everyone else), its CV
    # theirs and IME's (a draft is not its host's yet).
    "internships:apply": ({"slug": "plaza-abierta"}, _PARTICIPANTS),
    "internships:my_applications": ({}, _PARTICIPANTS),
    "internships:application_ranks": ({"slug": "ciclo-abierto"}, _PARTICIPANTS),
    "internships:application_detail": (_DRAFT, signed_in(404, participant=200)),
    "internships:application_edit": (_DRAFT, signed_in(404, participant=200)),
    "internships:application_cv": (_DRAFT, signed_in(404, participant=200, ime_admin=200)),
    "internships:application_send": (_DRAFT, _POST_ONLY_ANYONE),
    "internships:application_withdraw": (_DRAFT, _POST_ONLY_ANYONE),
    # Internship postings: public when published; members post places (403 for the others);
    # Marta (owner) hosts "plaza-en-borrador" (404 for other members) and "plaza-en-revision" of
    # health, reviewed by the health PNCS and IME (403 for another sector's PNCS and for its host,
    # 404 for everyone else).
    "internships:posting_list": ({}, _PUBLIC),
    "internships:posting_feed": ({}, _PUBLIC),
    "internships:cycle_detail": ({"slug": "plazas-contrato"}, _PUBLIC),
    # Cycles: IME and PNCS staff open them; "plazas-contrato" was opened by the health PNCS, who
    # changes it, and IME (any cycle).
    "internships:cycle_list": ({}, signed_in(403, pncs_other=200, pncs_salud=200, ime_admin=200)),
    "internships:cycle_create": (
        {},
        signed_in(403, pncs_other=200, pncs_salud=200, ime_admin=200),
    ),
    "internships:cycle_edit": (
        {"slug": "plazas-contrato"},
        signed_in(403, pncs_salud=200, ime_admin=200),
    ),
    "internships:posting_detail": ({"slug": "plaza-publicada"}, _PUBLIC),
    "internships:posting_create": ({}, _MEMBERS),
    "internships:my_postings": ({}, _MEMBERS),
    "internships:posting_edit": (
        {"slug": "plaza-en-borrador"},
        signed_in(404, owner=200, **dict.fromkeys(_NOT_MEMBERS, 403)),
    ),
    "internships:posting_submit": ({"slug": "plaza-en-borrador"}, _POST_ONLY_ANYONE),
    "internships:posting_close": ({"slug": "plaza-publicada"}, _POST_ONLY_ANYONE),
    "internships:review_list": (
        {},
        signed_in(403, pncs_other=200, pncs_salud=200, ime_admin=200),
    ),
    "internships:posting_review": (
        {"slug": "plaza-en-revision"},
        signed_in(404, owner=403, pncs_other=403, pncs_salud=200, ime_admin=200),
    ),
    # Mentoring: Marta (owner) mentors the participant ("mentorship", of health); the requests are
    # the participant's and the health PNCS's and IME's (404 for the rest, the mentor included).
    "mentoring:landing": ({}, _PUBLIC),
    "mentoring:offer_edit": ({}, _MEMBERS),
    "mentoring:my_mentoring": ({}, signed_in(200)),
    "mentoring:request_create": ({}, _PARTICIPANTS),
    "mentoring:request_queue": ({}, _ANY_PNCS),
    "mentoring:request_detail": (_MENTORING_REQUEST, _REQUEST_SIDES),
    "mentoring:request_propose": (_MENTORING_REQUEST, _POST_ONLY_ANYONE),
    "mentoring:request_withdraw": (_MENTORING_REQUEST, _POST_ONLY_ANYONE),
    "mentoring:request_close": (_MENTORING_REQUEST, _POST_ONLY_ANYONE),
    "mentoring:place_accept": (_MENTORING_REQUEST, _POST_ONLY_ANYONE),
    "mentoring:mentorship_detail": (_MENTORSHIP, {**_REQUEST_SIDES, "owner": 200}),
    "mentoring:check_in": (
        _MENTORSHIP,
        signed_in(404, participant=200, owner=200, pncs_salud=403, ime_admin=403),
    ),
    "mentoring:mentorship_complete": (_MENTORSHIP, _POST_ONLY_ANYONE),
    "mentoring:mentorship_cancel": (_MENTORSHIP, _POST_ONLY_ANYONE),
    "mentoring:overdue": ({}, _ANY_PNCS),
    "mentoring:cohort_list": ({}, _PUBLIC),
    "mentoring:cohort_detail": ({"slug": "grupo-contrato"}, _PUBLIC),
    "mentoring:cohort_create": ({}, _ANY_PNCS),
    "mentoring:cohort_edit": (
        {"slug": "grupo-contrato"},
        signed_in(403, pncs_salud=200, ime_admin=200),
    ),
    "mentoring:cohort_apply": ({"slug": "grupo-contrato"}, _PARTICIPANTS),
    # Opportunities: Marta (owner) wrote the published, the draft and the submitted one (of
    # health); the health PNCS wrote "staff_opportunity", with the participant's interest.
    "projects:opportunity_list": ({}, _PUBLIC),
    "projects:opportunity_feed": ({}, _PUBLIC),
    "projects:opportunity_create": ({}, _PUBLISHERS),
    "projects:my_opportunities": ({}, _PUBLISHERS),
    "projects:opportunity_review_list": ({}, _ANY_PNCS),
    "projects:opportunity_detail": (_PUBLISHED, _PUBLIC),
    "projects:opportunity_edit": (_DRAFT_OPPORTUNITY, signed_in(404, owner=200)),
    "projects:opportunity_review": (
        _SUBMITTED_OPPORTUNITY,
        signed_in(404, owner=403, pncs_salud=200, ime_admin=200),
    ),
    "projects:opportunity_submit": (_DRAFT_OPPORTUNITY, _POST_ONLY_ANYONE),
    "projects:opportunity_withdraw": (_PUBLISHED, _POST_ONLY_ANYONE),
    "projects:opportunity_renew": (_PUBLISHED, _POST_ONLY_ANYONE),
    "projects:opportunity_interest": (_PUBLISHED, _POST_ONLY_ANYONE),
    "projects:interest_answer": (_STAFF_INTEREST, _POST_ONLY_ANYONE),
    "projects:digest_unsubscribe": ({"token": "digest_token"}, _PUBLIC),
    # Binational projects: Marta (owner) coordinates "proyecto-contrato" (health, in evaluation):
    # its team, the health PNCS and IME see it; for everyone else it does not exist.
    # Expert visits: the participant asked for "visit_request" (health, confirmed), whose expert
    # is Marta (owner); its requester, its expert, the health PNCS and IME see it, the staff work
    # on it, only the expert writes the report; for everyone else it does not exist.
    # Missions: "mision-contrato" (health, published, both places taken by Marta, the owner,
    # and Dalia): public page; IME and the PNCS create missions (in their sectors) and the
    # health PNCS and IME edit this one; every signed-in account may register (Marta, already
    # registered, is sent back to its page); the delegation is for its confirmed delegates and
    # staff, the agenda and its .ics for each delegate.
    "projects:mission_list": ({}, _PUBLIC),
    "projects:mission_create": ({}, _ANY_PNCS),
    "projects:mission_detail": (_MISSION, _PUBLIC),
    "projects:mission_edit": (_MISSION, _MISSION_STAFF),
    "projects:mission_status": (_MISSION, _POST_ONLY_ANYONE),
    "projects:mission_host_add": (_MISSION, _POST_ONLY_ANYONE),
    "projects:mission_register": (
        _MISSION,
        signed_in(200, owner=To("/proyectos/misiones/mision-contrato/")),
    ),
    "projects:mission_registration_cancel": (_MISSION, _POST_ONLY_ANYONE),
    "projects:mission_registration_accept": (_MISSION, _POST_ONLY_ANYONE),
    "projects:mission_delegation": (_MISSION, _MISSION_DELEGATION),
    "projects:mission_meeting_request": (_MISSION, _POST_ONLY_ANYONE),
    "projects:mission_meeting_answer": ({**_MISSION, "pk": "mission_meeting"}, _POST_ONLY_ANYONE),
    "projects:mission_meeting_cancel": ({**_MISSION, "pk": "mission_meeting"}, _POST_ONLY_ANYONE),
    "projects:mission_agenda": (_MISSION, _MISSION_DELEGATE),
    "projects:mission_agenda_ics": (_MISSION, _MISSION_DELEGATE),
    "projects:visit_list": ({}, signed_in(200)),
    "projects:visit_request_create": (
        {},
        signed_in(403, participant=200, pncs_other=200, pncs_salud=200),
    ),
    "projects:visit_detail": (_VISIT, _VISIT_SIDES),
    "projects:visit_status": (_VISIT, _POST_ONLY_ANYONE),
    "projects:visit_invite": (
        {"uuid": "visit_review"},
        signed_in(404, participant=403, pncs_salud=200, ime_admin=200),
    ),
    "projects:visit_edit": (_VISIT, _VISIT_STAFF),
    "projects:visit_activity_add": (_VISIT, _POST_ONLY_ANYONE),
    "projects:visit_activity_remove": ({**_VISIT, "pk": "visit_activity"}, _POST_ONLY_ANYONE),
    "projects:visit_report": (
        _VISIT,
        signed_in(404, participant=403, owner=200, pncs_salud=403, ime_admin=403),
    ),
    "projects:project_list": ({}, _PUBLIC),
    "projects:project_create": ({}, _MEMBERS),
    "projects:project_detail": (_PROJECT, _PROJECT_TEAM_AND_STAFF),
    "projects:project_edit": (_PROJECT, _PROJECT_COORDINATORS),
    "projects:team_invite": (_PROJECT, _PROJECT_COORDINATORS),
    "projects:project_status": (_PROJECT, _POST_ONLY_ANYONE),
    "projects:institution_add": (_PROJECT, _POST_ONLY_ANYONE),
    "projects:institution_remove": ({**_PROJECT, "pk": "project_institution"}, _POST_ONLY_ANYONE),
    "projects:milestone_add": (_PROJECT, _POST_ONLY_ANYONE),
    "projects:milestone_update": ({**_PROJECT, "pk": "project_milestone"}, _POST_ONLY_ANYONE),
    "projects:milestone_remove": ({**_PROJECT, "pk": "project_milestone"}, _POST_ONLY_ANYONE),
    "projects:document_upload": (_PROJECT, _POST_ONLY_ANYONE),
    "projects:document_download": (
        {**_PROJECT, "uuid": "project_document"},
        _PROJECT_TEAM_AND_STAFF,
    ),
    "pncs:sector_list": ({}, _PUBLIC),
    "pncs:sector_detail": ({"slug": "salud"}, _PUBLIC),
    "pncs_workspace:home": ({}, _PNCS_STAFF),
    "pncs_workspace:contact_point": ({"slug": "pncs-salud"}, _PNCS_SALUD),
    "pncs_workspace:activity_list": ({}, _PNCS_STAFF),
    "pncs_workspace:activity_create": ({}, _PNCS_STAFF),
    "pncs_workspace:activity_export": ({}, _PNCS_STAFF),
    "pncs_workspace:activity_print": ({}, _PNCS_STAFF),
    "pncs_workspace:activity_detail": ({"pk": "activity"}, _PNCS_SALUD),
    "pncs_workspace:activity_edit": ({"pk": "activity"}, _PNCS_SALUD),
    "members:expert_search": ({}, _PNCS_STAFF),
    "members:expert_export_csv": ({}, _PNCS_STAFF),
    "members:expert_export_xlsx": ({}, _PNCS_STAFF),
    "pncs_workspace:overview": ({}, signed_in(403, ime_admin=200, pncs_no_mfa=ENROL)),
    # The account type is chosen once: afterwards the page sends on to the consents. Staff never
    # enter the members' onboarding (they are sent to their home) but keep their privacy page.
    "members:onboarding": ({}, signed_in(302)),
    "members:onboarding_consents": ({}, signed_in(200, ime_admin=302)),
    "members:privacy_settings": ({}, signed_in(200)),
    # Staff without an authenticator app ask for an enrolment link here; everybody else is sent to
    # allauth's MFA page (and a link that is not theirs or has expired sends them back).
    "members:mfa_enrol": ({}, signed_in(302, pncs_no_mfa=200)),
    "members:mfa_enrol_link": ({"token": "not-a-token"}, signed_in(302)),
    # The home of every signed-in person, whatever their roles (members.views.home).
    "members:home": ({}, _SIGNED_IN),
    # A talent's profile editor; participants are sent to their home.
    "members:profile_edit": ({}, {**_MEMBERS, "participant": 302, "ime_admin": 302}),
    "members:photo": ({}, _POST_ONLY_ANYONE),
    "members:education_add": ({}, _POST_ONLY_ANYONE),
    "members:education_delete": ({"pk": "education"}, _POST_ONLY_ANYONE),
    "members:skill_suggestions": ({}, _SIGNED_IN),
    "members:introduction_list": ({}, signed_in(200, participant=403, ime_admin=403)),
    "members:introduction_answer": ({"pk": "introduction"}, _POST_ONLY_ANYONE),
    "members:introduction_request": (
        {"slug": "marta"},
        signed_in(200, participant=403, ime_admin=403, pncs_no_mfa=403),
    ),
    "members:data_download": ({}, _SIGNED_IN),
    "members:account_delete": ({}, _SIGNED_IN),
    "members:member_detail": ({"slug": "marta"}, _PUBLIC),
    "members:directory": ({}, _PUBLIC),
    # Committees, the reviewer's side: Marta (owner) reviews "proposal" of "committee_call"; its
    # applicant (participant) and staff are refused the review (403), everyone else does not see
    # the proposal (404). "Mis evaluaciones" and the standing declaration are for members.
    "committees:my_reviews": ({}, _MEMBERS),
    "committees:declarations": ({}, _MEMBERS),
    "committees:declaration_delete": ({"pk": "declaration"}, _POST_ONLY_ANYONE),
    "committees:review_edit": (
        {"uuid": "proposal"},
        signed_in(404, owner=200, participant=403, pncs_salud=403, ime_admin=403),
    ),
    "committees:conflict_declare": ({"uuid": "proposal"}, _POST_ONLY_ANYONE),
    # Committees, the applicant's side: participants and members propose to "open_call" (staff
    # may not); "proposal" (the participant's, assigned to Marta, the owner) and its document are
    # seen by its applicant, its reviewer without a conflict and the call's staff (health PNCS,
    # IME); for everyone else it does not exist.
    "committees:my_proposals": ({}, _SIGNED_IN),
    "committees:proposal_create": (
        {"slug": "open_call"},
        signed_in(
            200, **dict.fromkeys(("pncs_other", "pncs_salud", "pncs_no_mfa", "ime_admin"), 403)
        ),
    ),
    "committees:proposal_detail": (
        {"uuid": "proposal"},
        signed_in(404, participant=200, owner=200, pncs_salud=200, ime_admin=200),
    ),
    "committees:proposal_withdraw": ({"uuid": "proposal"}, _POST_ONLY_ANYONE),
    "committees:document_download": (
        {"uuid": "proposal", "document": "proposal_document"},
        signed_in(404, participant=200, owner=200, pncs_salud=200, ime_admin=200),
    ),
    # Committees, the staff's side: the committee, conflicts, assignment, results and export of
    # "committee_call" (health) are its staff's (health PNCS, IME); everyone else signed in,
    # another sector's PNCS, its reviewer (owner) and its applicant (participant) included, 403.
    "committees:committee": ({"slug": "committee_call"}, _CALL_STAFF),
    "committees:reviewer_invite": ({"slug": "committee_call"}, _POST_ONLY_ANYONE),
    "committees:conflict_list": ({"slug": "committee_call"}, _CALL_STAFF),
    "committees:conflicts_detect": ({"slug": "committee_call"}, _POST_ONLY_ANYONE),
    "committees:conflict_waive": (
        {"slug": "committee_call", "pk": "conflict"},
        _POST_ONLY_ANYONE,
    ),
    "committees:assignment_plan": ({"slug": "committee_call"}, _CALL_STAFF),
    "committees:assignment_add": ({"slug": "committee_call"}, _POST_ONLY_ANYONE),
    "committees:assignment_remove": (
        {"slug": "committee_call", "pk": "assignment"},
        _POST_ONLY_ANYONE,
    ),
    "committees:results": ({"slug": "committee_call"}, _CALL_STAFF),
    "committees:proposal_decide": ({"uuid": "proposal"}, _POST_ONLY_ANYONE),
    "committees:reviews_export": ({"slug": "committee_call"}, _CALL_STAFF),
    # Committees, the calls: the list and a published call are public; IME and PNCS staff (with
    # their second factor) open calls; "committee_call" is changed by the health PNCS who opened
    # it and IME, everyone else signed in gets 403; its criteria, documents and phases by POST.
    "committees:call_list": ({}, _PUBLIC),
    "committees:call_create": (
        {},
        signed_in(403, pncs_other=200, pncs_salud=200, ime_admin=200),
    ),
    "committees:call_detail": ({"slug": "open_call"}, _PUBLIC),
    "committees:call_edit": (
        {"slug": "committee_call"},
        signed_in(403, pncs_salud=200, ime_admin=200),
    ),
    "committees:call_status": ({"slug": "committee_call"}, _POST_ONLY_ANYONE),
    "committees:criterion_add": ({"slug": "committee_call"}, _POST_ONLY_ANYONE),
    "committees:criterion_remove": (
        {"slug": "committee_call", "pk": "criterion"},
        _POST_ONLY_ANYONE,
    ),
    "committees:required_add": ({"slug": "committee_call"}, _POST_ONLY_ANYONE),
    "committees:required_remove": (
        {"slug": "committee_call", "pk": "required_document"},
        _POST_ONLY_ANYONE,
    ),
    "committees:phase_add": ({"slug": "committee_call"}, _POST_ONLY_ANYONE),
    "committees:phase_edit": (
        {"slug": "committee_call", "pk": "phase"},
        signed_in(403, pncs_salud=200, ime_admin=200),
    ),
    "committees:phase_activate": (
        {"slug": "committee_call", "pk": "next_phase"},
        _POST_ONLY_ANYONE,
    ),
    # News (tests/redtalentos/conftest.py _news): IME's published national item, the health
    # PNCS' sector draft (theirs and IME's; nobody else's to see), Houston's chapter news item.
    "content:news_list": ({}, _PUBLIC),
    "content:news_detail": ({"slug": "noticia-nacional"}, _PUBLIC),
    "content:news_create": ({}, signed_in(403, pncs_other=200, pncs_salud=200, ime_admin=200)),
    "content:news_edit": (
        {"slug": "noticia-borrador-salud"},
        signed_in(404, pncs_salud=200, ime_admin=200),
    ),
    "content:news_status": ({"slug": "noticia-borrador-salud"}, _POST_ONLY_ANYONE),
    "content:news_review": ({}, signed_in(403, ime_admin=200)),
    "content:news_propose": (
        {"chapter_slug": "houston", "news_slug": "noticia"},
        _POST_ONLY_ANYONE,
    ),
    "content:news_feed_rss": ({}, _PUBLIC),
    "content:news_feed_atom": ({}, _PUBLIC),
    "content:news_sector_feed_rss": ({"slug": "salud"}, _PUBLIC),
    "content:news_sector_feed_atom": ({"slug": "salud"}, _PUBLIC),
    "content:news_chapter_feed_rss": ({"slug": "houston"}, _PUBLIC),
    "content:news_chapter_feed_atom": ({"slug": "houston"}, _PUBLIC),
    "content:news_language_feed_rss": ({"language": "es"}, _PUBLIC),
    "content:news_language_feed_atom": ({"language": "en"}, _PUBLIC),
    # Site content: "about us", the contact form and its confirmation are everyone's.
    "content:about": ({}, _PUBLIC),
    "content:contact": ({}, _PUBLIC),
    "content:contact_sent": ({}, _PUBLIC),
    # Statistics and open data (tests/redtalentos/conftest.py _statistics: the 2026-T2 snapshot):
    # the public pages are everyone's, IME's analytics IME's alone, their actions POST only.
    "content:statistics": ({}, _PUBLIC),
    "content:statistics_ime": ({}, signed_in(403, ime_admin=200)),
    "content:statistics_refresh": ({}, _POST_ONLY_ANYONE),
    "content:snapshot_publish": ({}, _POST_ONLY_ANYONE),
    "content:open_data": ({}, _PUBLIC),
    "content:open_data_catalog": ({}, _PUBLIC),
    "content:snapshot_detail": ({"period": "2026-T2"}, _PUBLIC),
    "content:snapshot_file": ({"period": "2026-T2", "kind": "csv"}, _PUBLIC),
}


def url_names():
    """Every named URL of the site outside the admin and allauth (tested on their own)."""
    names = []

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern, inner)
            elif pattern.name and (
                namespace or not pattern.name.startswith(("account_", "mfa_", "socialaccount_"))
            ):
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), None)
    return names


def test_every_url_is_in_the_contract():
    assert set(url_names()) == set(CONTRACT)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_expected_answer_everywhere(world, role):
    people, ids = world
    client = Client()
    if people[role] is not None:
        login(client, people[role])
    unexpected = []
    for name, (kwargs, expected_by_role) in CONTRACT.items():
        path = reverse(name, kwargs=resolve_kwargs(kwargs, ids))
        response = client.get(path)
        expected = expected_by_role[role]
        if not answer_matches(response, expected):
            where = response.get("Location", "")
            unexpected.append(f"{name} {path}: {response.status_code} {where} != {expected}")
    assert not unexpected, "\n".join(unexpected)


def test_unknown_objects_answer_404_to_everyone_allowed(world):
    people, _ids = world
    client = Client()
    login(client, people["ime_admin"])
    for name, kwargs in [
        ("chapters:chapter_detail", {"slug": "no-existe"}),
        ("pncs:sector_detail", {"slug": "no-existe"}),
        ("members:member_detail", {"slug": "no-existe"}),
        ("pncs_workspace:activity_detail", {"pk": 999999}),
        ("chapters:news_detail", {"slug": "houston", "news_slug": "no-existe"}),
        ("certificates:verify", {"public_id": "A" * 22}),
        ("certificates:pdf", {"public_id": "A" * 22}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    login(client, people["member"])
    path = reverse("members:introduction_answer", kwargs={"pk": uuid.uuid4()})
    assert client.post(path, {"decision": "accept"}).status_code == 404
