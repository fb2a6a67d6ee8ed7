"""Test data of the committees' tests: calls, proposals, reviewers in any state, made the way
the services leave them."""

import datetime
import itertools

from django.utils import timezone

from committees.models import Call, Criterion, Proposal, ProposalStatus, Reviewer
from pncs.models import Sector
from tests.conftest import make_member, make_user

_numbers = itertools.count(1)
DAY = datetime.timedelta(days=1)


def make_call(*, sectors=("tic",), status=Call.Status.PUBLISHED, closed=False, **fields):
    number = next(_numbers)
    now = timezone.now()
    defaults = {
        "slug": f"convocatoria-{number}",
        "title": f"Convocatoria de innovación {number}",
        "description": "Proyectos de innovación con instituciones mexicanas.",
        "opens_at": now - 30 * DAY,
        "closes_at": now - DAY if closed else now + 30 * DAY,
        "status": status,
        "languages": ["es", "en"],
    }
    defaults.update(fields)
    call = Call.objects.create(**defaults)
    call.sectors.set(Sector.objects.filter(slug__in=sectors))
    Criterion.objects.create(call=call, name="Calidad científica", weight=2, scale_max=5)
    Criterion.objects.create(call=call, name="Impacto en México", weight=1, scale_max=10)
    return call


def make_proposal(call, *, applicant=None, organisation="Universidad de Guanajuato", **fields):
    applicant = applicant or make_user(
        f"propone{next(_numbers)}@ugto.mx", full_name="Paula Propone", account_type="institution"
    )
    defaults = {
        "title": "Sensores de humedad para riego",
        "summary": "Una red de sensores de humedad del suelo para el riego de pequeños "
        "productores.",
        "language": "es",
        "status": ProposalStatus.SUBMITTED,
    }
    defaults.update(fields)
    return Proposal.objects.create(
        call=call,
        applicant=applicant,
        applicant_name=applicant.get_full_name(),
        organisation=organisation,
        email_domain=applicant.email.rsplit("@", 1)[-1],
        **defaults,
    )


def make_reviewer(call, member=None, *, status=Reviewer.Status.ACCEPTED, **member_fields):
    member = member or make_member(
        f"Experta {next(_numbers)}", sectors=("tic",), languages=["es", "en"], **member_fields
    )
    return Reviewer.objects.create(call=call, member=member, status=status)
