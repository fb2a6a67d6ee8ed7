"""Conflicts of interest caught from what the portal holds, before any review starts.

For every reviewer of a call and every proposal still in it, one statement finds the pairs that
share: an organisation (the reviewer's current one or one they left, against the proposing
institution), an institution of the reviewer's education, an institution or a person of the
reviewer's standing declaration (against the institution or the applicant's name), a binational
project (both on its team, or the proposing institution among its institutions), a mentoring
relationship, a chapter one of them leads and the other belongs to, or the domain of their email
addresses (institutional domains only: a shared webmail says nothing). Names are compared without
case, accents or surrounding spaces (rt_unaccent, the directory's own function).

`detect(call)` keeps the conflicts table in step: new pairs are added, detected pairs that no
longer hold go, unless staff waived them (the waiver is a record) or the reviewer declared them.
"""

from django.db import connection, transaction

from .models import Call, Conflict, ConflictSource

# Addresses anyone can open: a shared domain here is no tie between two people.
PUBLIC_EMAIL_DOMAINS = (
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.es",
    "outlook.com",
    "outlook.es",
    "live.com",
    "live.com.mx",
    "msn.com",
    "yahoo.com",
    "yahoo.com.mx",
    "yahoo.es",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "protonmail.com",
    "proton.me",
    "gmx.com",
    "gmx.de",
    "prodigy.net.mx",
    "example.org",
    "example.com",
)

# (reviewer_id, proposal_id, source, detail) of every tie; %(call)s is the call's id.
DETECTION_SQL = """
WITH r AS (
    SELECT rv.id AS reviewer_id, m.id AS member_id, m.user_id, m.chapter_id,
           m.organisation, m.past_organisations, lower(split_part(u.email, '@', 2)) AS domain
    FROM committees_reviewer rv
    JOIN members_member m ON m.id = rv.member_id
    JOIN members_user u ON u.id = m.user_id
    WHERE rv.call_id = %(call)s AND rv.status <> 'declined'
),
p AS (
    SELECT pr.id AS proposal_id, pr.applicant_id, pr.organisation, pr.applicant_name,
           rt_unaccent(lower(btrim(pr.organisation))) AS org_key,
           rt_unaccent(lower(btrim(pr.applicant_name))) AS name_key,
           lower(pr.email_domain) AS domain, am.id AS applicant_member_id,
           am.chapter_id AS applicant_chapter_id
    FROM committees_proposal pr
    LEFT JOIN members_member am ON am.user_id = pr.applicant_id
    WHERE pr.call_id = %(call)s AND pr.status <> 'withdrawn'
),
reviewer_orgs AS (
    SELECT reviewer_id, organisation AS name, rt_unaccent(lower(btrim(organisation))) AS key FROM r
    WHERE organisation <> ''
    UNION
    SELECT reviewer_id, o, rt_unaccent(lower(btrim(o))) FROM r, unnest(r.past_organisations) o
    WHERE o <> ''
)
SELECT ro.reviewer_id, p.proposal_id, 'organisation', ro.name
FROM reviewer_orgs ro JOIN p ON p.org_key = ro.key
UNION ALL
SELECT r.reviewer_id, p.proposal_id, 'education', e.institution
FROM r JOIN members_education e ON e.member_id = r.member_id
JOIN p ON p.org_key = rt_unaccent(lower(btrim(e.institution)))
UNION ALL
SELECT r.reviewer_id, p.proposal_id, 'standing', d.name
FROM r JOIN committees_declaration d ON d.member_id = r.member_id
JOIN p ON (d.kind = 'institution' AND p.org_key = rt_unaccent(lower(btrim(d.name))))
       OR (d.kind = 'person' AND p.name_key = rt_unaccent(lower(btrim(d.name))))
UNION ALL
SELECT r.reviewer_id, p.proposal_id, 'project', pj.title
FROM r JOIN projects_teammember t ON t.member_id = r.member_id
JOIN projects_teammember t2 ON t2.project_id = t.project_id
JOIN p ON p.applicant_member_id = t2.member_id
JOIN projects_project pj ON pj.id = t.project_id
UNION ALL
SELECT r.reviewer_id, p.proposal_id, 'project', pj.title
FROM r JOIN projects_teammember t ON t.member_id = r.member_id
JOIN projects_institution i ON i.project_id = t.project_id
JOIN p ON p.org_key = rt_unaccent(lower(btrim(i.name)))
JOIN projects_project pj ON pj.id = t.project_id
UNION ALL
SELECT r.reviewer_id, p.proposal_id, 'mentoring', ''
FROM mentoring_mentorship ms JOIN mentoring_request rq ON rq.id = ms.request_id
JOIN r ON r.member_id = ms.mentor_id
JOIN p ON p.applicant_id = rq.mentee_id
WHERE ms.status IN ('proposed', 'active', 'completed')
UNION ALL
SELECT r.reviewer_id, p.proposal_id, 'mentoring', ''
FROM mentoring_mentorship ms JOIN mentoring_request rq ON rq.id = ms.request_id
JOIN r ON r.user_id = rq.mentee_id
JOIN p ON p.applicant_member_id = ms.mentor_id
WHERE ms.status IN ('proposed', 'active', 'completed')
UNION ALL
SELECT r.reviewer_id, p.proposal_id, 'chapter', c.name
FROM r JOIN chapters_chapterrole cr ON cr.user_id = r.user_id
JOIN p ON p.applicant_chapter_id = cr.chapter_id
JOIN chapters_chapter c ON c.id = cr.chapter_id
UNION ALL
SELECT r.reviewer_id, p.proposal_id, 'chapter', c.name
FROM p JOIN chapters_chapterrole cr ON cr.user_id = p.applicant_id
JOIN r ON r.chapter_id = cr.chapter_id
JOIN chapters_chapter c ON c.id = cr.chapter_id
UNION ALL
SELECT r.reviewer_id, p.proposal_id, 'email_domain', r.domain
FROM r JOIN p ON p.domain = r.domain
WHERE r.domain <> '' AND NOT (r.domain = ANY(%(public)s))
"""

DETECTED = [source for source in ConflictSource.values if source != ConflictSource.DECLARED]


def find(call):
    """{(reviewer_id, proposal_id, source): detail} of the ties the portal's data shows."""
    with connection.cursor() as cursor:
        cursor.execute(DETECTION_SQL, {"call": call.pk, "public": list(PUBLIC_EMAIL_DOMAINS)})
        return {
            (reviewer_id, proposal_id, source): (detail or "")[:300]
            for reviewer_id, proposal_id, source, detail in cursor.fetchall()
        }


@transaction.atomic
def detect(call):
    """Brings the call's detected conflicts up to date; returns (added, removed)."""
    Call.objects.select_for_update().filter(pk=call.pk).first()
    found = find(call)
    existing = {
        (conflict.reviewer_id, conflict.proposal_id, conflict.source): conflict
        for conflict in Conflict.objects.filter(proposal__call=call, source__in=DETECTED)
    }
    stale = [
        conflict.pk
        for key, conflict in existing.items()
        if key not in found and conflict.waived_at is None
    ]
    Conflict.objects.filter(pk__in=stale).delete()
    new = [
        Conflict(reviewer_id=reviewer, proposal_id=proposal, source=source, detail=detail)
        for (reviewer, proposal, source), detail in found.items()
        if (reviewer, proposal, source) not in existing
    ]
    Conflict.objects.bulk_create(new, ignore_conflicts=True)
    return len(new), len(stale)


def blocking(call):
    """{(reviewer_id, proposal_id)} of the pairs with a conflict not waived: never assigned."""
    return set(
        Conflict.objects.filter(proposal__call=call, waived_at__isnull=True).values_list(
            "reviewer_id", "proposal_id"
        )
    )
