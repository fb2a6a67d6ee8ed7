"""bench_certificates: 5,000 certificates issued in one bulk call and rendered to PDF, timed, with
the process's peak memory at a fifth, half and all of them (issue 13: at most two minutes, memory
flat). Runs on any database, the development one too: the accounts and certificates it creates
are deleted at the end, and leftovers of an interrupted run at the start.
"""

import datetime
import resource
import secrets
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand

from certificates.models import Certificate, Kind
from certificates.services import issue_many, render_pdf
from members.models import User

TIME_TARGET_SECONDS = 120
GROWTH_TARGET_MB = 20
# Every account this command uses ends with this, and every certificate names this source.
DOMAIN = "bench-certificates.invalid"
SOURCE_APP = "bench"
BASE_URL = "https://redtalentos.example/"
NAMES = ["María José", "Cuauhtémoc", "Ximena", "Joaquín", "Itzel", "Ángel", "Begoña", "Efraín"]
SURNAMES = ["Núñez Ibarra", "Peña Zúñiga", "Ávila Treviño", "Echeverría Solís", "Muñoz Báez"]


def peak_rss_mb():
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb():
    """The resident memory now (Linux): the peak may date from the bulk insert, before rendering."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


class Command(BaseCommand):
    help = "Issues certificates in bulk and renders every PDF: total time and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=5000, help="Certificates (5,000).")

    def handle(self, *args, **options):
        count = max(5, options["count"])
        self._clean()
        try:
            results = self._measure(count)
        finally:
            self._clean()
        self._print(results, count)

    def _clean(self):
        Certificate.objects.filter(source_app=SOURCE_APP).delete()
        User.objects.filter(email__endswith=f"@{DOMAIN}").delete()

    def _measure(self, count):
        run = secrets.token_hex(4)
        unusable = make_password(None)
        holders = User.objects.bulk_create(
            User(
                email=f"titular-{run}-{i}@{DOMAIN}",
                full_name=f"{NAMES[i % len(NAMES)]} {SURNAMES[i % len(SURNAMES)]} {i}",
                password=unusable,
            )
            for i in range(count)
        )
        started = time.perf_counter()
        issued = issue_many(
            kind=Kind.ATTENDANCE,
            holders=holders,
            title="Jornada Informativa 2027 — Tecnologías de la Información y Comunicación",
            role="Asistente presencial",
            starts_on=datetime.date(2027, 3, 14),
            ends_on=datetime.date(2027, 3, 15),
            place="Ciudad de México",
            source_app=SOURCE_APP,
            source_key=f"edition:{run}",
        )
        issue_seconds = time.perf_counter() - started
        del issued, holders  # what a real run holds afterwards: nothing

        checkpoints = sorted({count // 5, count // 2, count})
        memory, pdf_bytes, rendered = {}, 0, 0
        started = time.perf_counter()
        certificates = Certificate.objects.filter(source_app=SOURCE_APP).order_by("pk")
        for certificate in certificates.iterator(chunk_size=500):
            body = render_pdf(certificate, base_url=BASE_URL)
            if not body.startswith(b"%PDF-"):
                raise RuntimeError(f"not a PDF for {certificate.public_id}")
            pdf_bytes += len(body)
            rendered += 1
            if rendered in checkpoints:
                memory[rendered] = (current_rss_mb(), peak_rss_mb())
        render_seconds = time.perf_counter() - started
        if rendered != count:
            raise RuntimeError(f"{rendered} certificates rendered, {count} expected")
        return {
            "issue": issue_seconds,
            "render": render_seconds,
            "bytes": pdf_bytes,
            "memory": memory,
        }

    def _print(self, results, count):
        total = results["issue"] + results["render"]
        memory = results["memory"]
        first, last = min(memory), max(memory)
        growth = max(memory[last]) - max(memory[first])
        time_met = "met" if total <= TIME_TARGET_SECONDS else "MISS"
        memory_met = "met" if growth < GROWTH_TARGET_MB else "MISS"
        each = results["render"] / count * 1000
        self.stdout.write(f"Certificates, {count} issued in bulk and rendered to PDF:")
        self.stdout.write(f"  issue_many          {results['issue']:8.1f} s")
        self.stdout.write(
            f"  render              {results['render']:8.1f} s "
            f"({each:.1f} ms each, {results['bytes'] / 1024 / 1024:.1f} MB of PDF)"
        )
        self.stdout.write(
            f"  total               {total:8.1f} s (target ≤ {TIME_TARGET_SECONDS} s): {time_met}"
        )
        for rendered, (now, peak) in sorted(memory.items()):
            self.stdout.write(f"  peak RSS at {rendered:<7} {peak:8.1f} MB (now {now:.1f} MB)")
        self.stdout.write(
            f"  growth {first} → {last}: {growth:.1f} MB (target < {GROWTH_TARGET_MB} MB): "
            f"{memory_met}"
        )
