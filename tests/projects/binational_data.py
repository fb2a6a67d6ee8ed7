"""Test data of the binational projects' tests: a project in any status with its coordinator,
a member abroad on the team and (unless asked otherwise) a Mexican institution; the PNCS staff
of a sector with their second factor; a small real PDF."""

import io
import itertools

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from members.models import AccountType
from pncs.models import Sector
from projects.models import Institution, Project, ProjectStatus, TeamMember
from tests.conftest import give_totp, make_member, make_pncs_staff

_numbers = itertools.count(1)


def make_project(
    title="Sensores de agua para la cuenca del Lerma",
    *,
    status=ProjectStatus.PROPOSED,
    coordinator=None,
    sectors=("tic",),
    mexican_partner=True,
    results_public=False,
):
    """A project in `status` coordinated by `coordinator` (a new member abroad if None)."""
    number = next(_numbers)
    coordinator = coordinator or make_member(f"Coordinadora Número {number}", country="US")
    project = Project.objects.create(
        slug=f"proyecto-{number}",
        title=title,
        summary="Una red de sensores de bajo costo para medir la calidad del agua.",
        objectives="Instalar 40 sensores y publicar los datos abiertos.",
        status=status,
        created_by=coordinator.user,
        results_public=results_public,
    )
    project.sectors.set(Sector.objects.filter(slug__in=sectors))
    TeamMember.objects.create(project=project, member=coordinator, role=TeamMember.Role.COORDINATOR)
    Institution.objects.create(project=project, name="Universidad de Houston", country="US")
    if mexican_partner:
        Institution.objects.create(project=project, name="Universidad de Guanajuato", country="MX")
    return project


def make_staff(sector="tic", *, mfa=True):
    """PNCS staff of `sector`, with an authenticator app unless `mfa` is False."""
    user = make_pncs_staff(sectors=(sector,), name=f"PNCS {sector}")
    user.full_name = f"Evaluadora de {sector}"
    user.account_type = AccountType.INSTITUTION
    user.save(update_fields=["full_name", "account_type"])
    if mfa:
        give_totp(user)
    return user


def coordinator_of(project):
    return project.team.get(role=TeamMember.Role.COORDINATOR).member


def pdf_bytes(pages=1):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=letter)
    for number in range(1, pages + 1):
        sheet.drawString(72, 720, f"Informe del proyecto, página {number}")
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()
