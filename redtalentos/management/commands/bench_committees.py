"""bench_committees: a call with 1,000 proposals and a committee of 300 experts; times the
detection of conflicts of interest (committees.conflicts.detect) and the automatic assignment
(committees.assignment.propose, then apply) separately, over a few runs, each from the same
start (the call's assignments and detected conflicts cleared). Issue 17: detection + proposal
≤ 10 s.

Meant for the million-profile database of `make bench-directory` (`make bench-committees` uses
it); runs on any database with members (`--proposals 50 --reviewers 15`). The data is built once
and kept (running again adds only what is missing): the call SLUG; proposals with Spanish titles
and summaries from word lists, from institutions in Mexico (some where committee members work
or studied), a fifth of them by members of the network; the committee, experts who consented to
the PNCS search in the call's sectors, accepted; standing declarations of a tenth of them.
Accounts it creates end with DOMAIN.
"""

import random
import statistics
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from committees import assignment, conflicts
from committees.models import (
    Assignment,
    Call,
    Conflict,
    ConflictSource,
    Criterion,
    Declaration,
    Proposal,
    ProposalStatus,
    Reviewer,
    ReviewPhase,
)
from members.models import AccountType, Member, User
from pncs.models import Sector

TARGET_S = 10
SLUG = "bench-comites"
DOMAIN = "bench-committees.invalid"
SECTORS = ["tic", "salud", "alimentos-agricultura-biotecnologia"]
DAY = timezone.timedelta(days=1)

# fmt: off
INSTITUTIONS = [
    "Universidad de Guadalajara", "Instituto Politécnico Nacional",
    "Universidad Nacional Autónoma de México", "Tecnológico de Monterrey",
    "Universidad Autónoma de Nuevo León", "Universidad Veracruzana", "Universidad de Sonora",
    "Benemérita Universidad Autónoma de Puebla", "Universidad Autónoma de Yucatán",
    "Centro de Investigación y de Estudios Avanzados", "Universidad de Guanajuato",
    "Instituto Tecnológico de Tijuana", "Universidad Tecnológica de la Mixteca",
    "Hospital General de Mérida", "Instituto Nacional de Cardiología",
    "Centro de Investigación en Alimentación y Desarrollo", "Cooperativa Aguacatera de Tancítaro",
    "Invernaderos Altos de Jalisco", "Biomédica del Pacífico", "Parque Industrial del Bajío",
    "Secretaría de Innovación de Jalisco", "Clúster de Software de Querétaro",
    "Universidad Autónoma de Querétaro", "Universidad Michoacana de San Nicolás de Hidalgo",
    "Laboratorio Nacional de Genómica para la Biodiversidad", "Café de la Sierra Norte de Puebla",
]
ACTIONS = [
    "Plataforma de", "Red de", "Sistema de", "Laboratorio abierto de", "Programa de",
    "Prototipo de", "Observatorio de", "Modelo de", "Herramientas de", "Servicio de",
]
TOPICS = {
    "tic": [
        "ciencia de datos para la salud pública", "visión por computadora en la agricultura",
        "ciberseguridad para gobiernos locales", "aprendizaje automático en español",
        "cómputo en la nube para pymes", "robótica educativa", "sensores conectados para el riego",
        "software abierto para hospitales",
    ],
    "salud": [
        "telemedicina para clínicas rurales", "detección temprana de diabetes tipo 2",
        "ensayos clínicos en oncología pediátrica", "vigilancia epidemiológica",
        "dispositivos médicos de bajo costo", "salud materna en comunidades indígenas",
        "genómica del cáncer de mama", "rehabilitación con realidad virtual",
    ],
    "alimentos-agricultura-biotecnologia": [
        "maíz resistente a la sequía", "inocuidad alimentaria en la exportación",
        "cadena de frío para berries", "bioinsumos para el café de altura",
        "acuicultura sustentable en el Golfo", "biotecnología de microorganismos del suelo",
        "certificación orgánica de pequeños productores", "agricultura de precisión",
    ],
}
FOR_WHOM = [
    "en Jalisco", "en el sureste de México", "para pymes", "para comunidades rurales",
    "con universidades de Estados Unidos", "en la frontera norte", "para cooperativas",
    "con socios en Europa", "en Oaxaca", "para hospitales públicos",
]
SENTENCES = [
    "El proyecto une a la institución con expertos mexicanos en el exterior para {topic}.",
    "Proponemos un piloto de dieciocho meses {where}, con indicadores desde el tercer mes.",
    "El equipo cuenta con un laboratorio equipado y con estudiantes de posgrado.",
    "Buscamos transferir a México una tecnología probada y adaptarla a las condiciones locales.",
    "Los resultados se publicarán con acceso abierto y se capacitará a personal técnico.",
    "Se prevé la colaboración con empresas locales que aportan recursos en especie.",
    "La propuesta responde a una necesidad identificada por el gobierno estatal {where}.",
    "Al final del proyecto, la institución podrá sostener el servicio con recursos propios.",
]
# fmt: on
ENGLISH = (
    "A binational pilot on {topic} {where}: data, training and a prototype that institutions in "
    "Mexico can run on their own after eighteen months."
)


def _seconds(times):
    return f"p50 {statistics.median(times):.2f} s, max {max(times):.2f} s"


class Command(BaseCommand):
    help = (
        "Mide la detección de conflictos de interés y la propuesta de asignación automática de "
        "una convocatoria con 1,000 propuestas y 300 evaluadores (meta: ≤ 10 s)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--proposals", type=int, default=1000)
        parser.add_argument("--reviewers", type=int, default=300)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--seed", type=int, default=17)

    def handle(self, *args, proposals, reviewers, runs, seed, **options):
        started = time.perf_counter()
        call = self._call()
        committee = self._reviewers(call, reviewers)
        self._declarations(committee)
        self._proposals(call, proposals, committee, seed)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE committees_proposal, committees_reviewer, committees_conflict")
        counts = (
            call.proposals.count(),
            call.reviewers.filter(status=Reviewer.Status.ACCEPTED).count(),
            Declaration.objects.filter(member__committee_seats__call=call).count(),
        )
        self.stdout.write(
            f"built: {counts[0]} proposals, {counts[1]} reviewers, {counts[2]} declarations "
            f"in {time.perf_counter() - started:.0f} s"
        )
        times = {"detect": [], "propose": [], "apply": [], "both": []}
        for _run in range(runs):
            self._reset(call)
            tick = time.perf_counter()
            added, _removed = conflicts.detect(call)
            detected = time.perf_counter() - tick
            tick = time.perf_counter()
            plan = assignment.propose(call)
            proposed = time.perf_counter() - tick
            tick = time.perf_counter()
            assignment.apply(call, by=None)
            applied = time.perf_counter() - tick
            times["detect"].append(detected)
            times["propose"].append(proposed)
            times["apply"].append(applied)
            times["both"].append(detected + proposed)
        found = Conflict.objects.filter(proposal__call=call).count()
        sources = dict(
            Conflict.objects.filter(proposal__call=call)
            .values_list("source")
            .annotate(n=Count("pk"))
            .order_by("source")
        )
        saved = Assignment.objects.filter(proposal__call=call).count()
        self.stdout.write(
            f"conflicts.detect: {_seconds(times['detect'])} ({added} conflicts found: "
            + ", ".join(f"{source} {n}" for source, n in sources.items())
            + ")"
        )
        missing = sum(missing for _proposal, missing, _why in plan.shortfalls)
        self.stdout.write(
            f"assignment.propose: {_seconds(times['propose'])} ({len(plan.pairs)} pairs proposed, "
            f"{len(plan.shortfalls)} shortfalls, {missing} reviewers missing)"
        )
        self.stdout.write(f"assignment.apply: {_seconds(times['apply'])} ({saved} assignments)")
        both = max(times["both"])
        self.stdout.write(
            f"detection + proposal: {_seconds(times['both'])} over {runs} runs, "
            f"{found} conflicts in all (target ≤ {TARGET_S} s) "
            + ("met" if both <= TARGET_S else "MISS")
        )

    # Data, built once

    def _call(self):
        now = timezone.now()
        call, created = Call.objects.get_or_create(
            slug=SLUG,
            defaults={
                "title": "Convocatoria de innovación binacional (benchmark)",
                "description": "Proyectos de innovación de instituciones mexicanas.",
                "opens_at": now - 60 * DAY,
                "closes_at": now - 7 * DAY,
                "status": Call.Status.PUBLISHED,
                "languages": ["es", "en"],
                "reviewers_per_proposal": 3,
                "max_per_reviewer": 12,
            },
        )
        if created:
            call.sectors.set(Sector.objects.filter(slug__in=SECTORS))
            Criterion.objects.create(call=call, name="Calidad técnica", weight=2, scale_max=5)
            Criterion.objects.create(call=call, name="Impacto en México", weight=1, scale_max=10)
            ReviewPhase.objects.create(call=call, name="Evaluación", is_active=True)
        return call

    def _reviewers(self, call, count):
        """Experts who consented to the PNCS search in the call's sectors, accepted."""
        have = list(call.reviewers.select_related("member").order_by("pk"))
        if len(have) < count:
            sector_ids = list(call.sectors.values_list("pk", flat=True))
            taken = [reviewer.member_id for reviewer in have]
            applicants = call.proposals.values_list("applicant_id", flat=True)
            members = (
                Member.objects.findable_by_pncs()
                .filter(sector_ids__overlap=sector_ids)
                .exclude(pk__in=taken)
                .exclude(user_id__in=applicants)
                .order_by("pk")[: count - len(have)]
            )
            Reviewer.objects.bulk_create(
                Reviewer(call=call, member=member, status=Reviewer.Status.ACCEPTED)
                for member in members
            )
            have = list(call.reviewers.select_related("member").order_by("pk"))
        return have

    def _declarations(self, committee):
        """A tenth of the experts declare an institution, one in forty a person."""
        for index, reviewer in enumerate(committee):
            if index % 10 == 3:
                Declaration.objects.get_or_create(
                    member=reviewer.member,
                    kind=Declaration.Kind.INSTITUTION,
                    name=INSTITUTIONS[index % len(INSTITUTIONS)],
                )
            if index % 40 == 7:
                Declaration.objects.get_or_create(
                    member=reviewer.member,
                    kind=Declaration.Kind.PERSON,
                    name=f"Persona Propone {index:04d}",
                )

    @transaction.atomic
    def _proposals(self, call, count, committee, seed):
        have = call.proposals.count()
        if have >= count:
            return
        # Institutions where committee members work or worked: some proposals come from there.
        shared = sorted(
            {reviewer.member.organisation for reviewer in committee if reviewer.member.organisation}
        )
        committee_ids = [reviewer.member_id for reviewer in committee]
        # A fifth of the proposals by members of the network (not on the committee).
        members = list(
            Member.objects.exclude(pk__in=committee_ids)
            .select_related("user")
            .order_by("-pk")[: count // 5]
        )
        numbers = range(have, count)
        new_users = User.objects.bulk_create(
            User(
                email=f"propone{number:05d}@{DOMAIN}",
                full_name=f"Persona Propone {number:04d}",
                account_type=AccountType.INSTITUTION,
                password=make_password(None),
            )
            for number in numbers
            if number % 5 or number // 5 >= len(members)
        )
        new_users = iter(new_users)
        rows = []
        for number in numbers:
            rng = random.Random(seed * 100_003 + number)  # noqa: S311 - reproducible data
            if number % 5 == 0 and number // 5 < len(members):
                applicant = members[number // 5].user
                name = members[number // 5].full_name
            else:
                applicant = next(new_users)
                name = applicant.full_name
            if shared and rng.random() < 0.05:
                organisation = rng.choice(shared)
            else:
                organisation = rng.choice(INSTITUTIONS)
            sector = rng.choice(SECTORS)
            topic = rng.choice(TOPICS[sector])
            where = rng.choice(FOR_WHOM)
            english = rng.random() < 0.15
            title = f"{rng.choice(ACTIONS)} {topic} {where}"
            if english:
                summary = ENGLISH.format(topic=topic, where=where)
            else:
                summary = " ".join(
                    sentence.format(topic=topic, where=where)
                    for sentence in rng.sample(SENTENCES, 4)
                )
            rows.append(
                Proposal(
                    call=call,
                    applicant=applicant,
                    applicant_name=name,
                    organisation=organisation,
                    email_domain=applicant.email.rsplit("@", 1)[-1].lower(),
                    title=title[:200],
                    summary=summary,
                    language="en" if english else "es",
                    status=ProposalStatus.IN_REVIEW,
                )
            )
        Proposal.objects.bulk_create(rows, batch_size=500)

    def _reset(self, call):
        """Every run starts from the same place: no assignments, no detected conflicts."""
        with transaction.atomic():
            Assignment.objects.filter(proposal__call=call).delete()
            Conflict.objects.filter(proposal__call=call).exclude(
                source=ConflictSource.DECLARED
            ).delete()
