"""One client at a time, warm: the people and the request shapes of the benchmark, each request's
server time and SQL, the streamed export, and the same searches done the naive way (icontains
over the text fields, exact COUNT and facets, OFFSET pages) as the comparison."""

import os
import re
import statistics
import time
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.db.models import Count, Exists, F, Func, OuterRef, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.directory import encode_cursor
from members.models import Member, Skill, StaffCapLift, User
from pncs.models import Sector

_TOTAL = re.compile(r'class="directory-total"[^>]*>\s*(Alrededor de )?(\d+)')


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def sql_timer(statements):
    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started) * 1000)

    with connection.execute_wrapper(wrapper):
        yield


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def prewarm(stdout):
    """Warm means the profiles and their search indexes are in PostgreSQL's memory, as on a
    server that has been answering for a while (pg_prewarm, a contrib extension)."""
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except DatabaseError as error:
            stdout.write(f"(no pg_prewarm: {error}; warming by the first requests)")
            return
        cursor.execute(
            "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c WHERE c.relname = 'members_member' "
            "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = "
            "'members_member'::regclass)"
        )
        pages = cursor.fetchone()[0]
    stdout.write(f"Prewarmed {pages * 8 / 1024:.0f} MB of profiles and indexes")


# The people and requests


def find_people():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def staff_ready(email):
        user = User.objects.get(email=email)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
            # A new authenticator ends the account's sessions (members.signals).
            user.refresh_from_db()
        return user

    member = Member.objects.select_related("user").get(user__email="demo@redtalentos.example")
    listed = Member.objects.filter(listed_publicly=True, account_active=True).order_by("id")
    return {
        "member": member.user,
        "pncs": staff_ready("pncs@redtalentos.example"),
        "ime": staff_ready("ime@redtalentos.example"),
        # Some profile well inside the table, for the load test.
        "listed": listed.values_list("slug", flat=True)[min(5000, listed.count() - 1)],
    }


def request_shapes(people):
    sectors = dict(Sector.objects.values_list("slug", "pk"))
    directory = reverse("members:directory")
    # A cursor half-way through the alphabetical directory (the deep page).
    middle = (
        Member.objects.filter(listed_publicly=True, account_active=True)
        .order_by("sort_name", "id")
        .values_list("sort_name", "id")[
            Member.objects.filter(listed_publicly=True, account_active=True).count() // 2
        ]
    )
    deep = encode_cursor("name", middle[0], middle[1])
    rare_skill = (
        Skill.objects.annotate(n=Count("member")).filter(n__gt=0).order_by("n", "pk").first()
    )

    def shape(name, params, *, who="visitor", path=directory, naive=True, offset=0):
        return {
            "name": name,
            "path": path,
            "params": params,
            "who": who,
            "naive_params": dict(params) if naive else None,
            "naive_offset": offset,
        }

    return [
        shape("directory, no query, page 1", {}),
        shape("deep page (keyset, middle)", {"orden": "name", "despues": deep}, offset=-1),
        shape("common word", {"q": "universidad"}),
        shape("rare skill", {"q": rare_skill.name if rare_skill else "acuicultura"}),
        shape("accented name", {"q": "José Hernández"}),
        shape("unaccented name", {"q": "jose hernandez"}),
        shape("name prefix", {"q": "cuauh"}),
        shape("name with a typo", {"q": "cuauhtemok"}, naive=False),
        shape(
            "two words + sector + country",
            {
                "q": "energía solar",
                "sector": sectors["hidrocarburos-energias-alternativas"],
                "pais": "US",
            },
        ),
        shape("broad query, all facets", {"q": "méxico", "orden": "recent"}),
        shape("member view, search", {"q": "ciencia de datos"}, who="member", naive=False),
        shape(
            "PNCS expert search",
            {"q": "python", "pais": "US"},
            who="pncs",
            path=reverse("members:expert_search"),
            naive=False,
        ),
    ]


class Clients:
    """One signed-in client per person for the whole run (an authenticator code is accepted
    once, so staff type theirs once)."""

    def __init__(self, people):
        self.people = people
        self._clients = {}

    def get(self, who):
        if who not in self._clients:
            client = self._clients[who] = Client()
            if who != "visitor":
                client.force_login(self.people[who])
            if who in {"pncs", "ime"}:
                # Staff pages need the second factor passed in the session: type the app's code.
                _type_totp_code(client, self.people[who])
        return self._clients[who]


def _type_totp_code(client, user):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_reauthenticate"), {"code": code})
    if response.status_code != 302 or "/login/" in response["Location"]:
        raise CommandError(f"The authenticator code of {user} was refused.")


# One client, warm


def measure(shape, clients, runs):
    client = clients.get(shape["who"])
    for _warm in range(3):
        response = client.get(shape["path"], shape["params"])
        if response.status_code != 200:
            raise CommandError(f"{shape['name']}: answer {response.status_code}")
    times, sql_times, counts, statements_all = [], [], [], []
    for _run in range(runs):
        statements = []
        with sql_timer(statements):
            started = time.perf_counter()
            response = client.get(shape["path"], shape["params"])
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(statements))
        sql_times.append(sum(statements))
        statements_all.extend(statements)
    total = _TOTAL.search(response.content.decode())
    return {
        **{key: shape[key] for key in ("name", "path", "params", "who")},
        "naive_params": shape["naive_params"],
        "naive_offset": shape["naive_offset"],
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "queries": max(counts),
        "sql_median_ms": statistics.median(sql_times),
        "statement_p95_ms": percentile(statements_all, 0.95),
        "statement_max_ms": max(statements_all),
        # What the page says: "1234 perfiles", or "Alrededor de 5600 perfiles" (estimate).
        "total": int(total.group(2)) if total else None,
        "estimate": bool(total and total.group(1)),
    }


def measure_export(clients):
    """The streamed CSV of the experts of a sector and country: rows, bytes, seconds and memory.
    The export is larger than a staff account's daily budget, so the benchmark lifts the budget
    of its IME account for the day, as IME does in the admin (recorded with its reason)."""
    client = clients.get("ime")
    StaffCapLift.objects.get_or_create(
        user=clients.people["ime"],
        day=timezone.localdate(),
        defaults={"reason": "make bench: the export of the benchmark exceeds a day's budget"},
    )
    sector = Sector.objects.get(slug="tic").pk
    params = {"sector": sector, "pais": "US"}
    url = reverse("members:expert_export_csv")
    before = rss_mb()
    peak = before
    started = time.perf_counter()
    response = client.get(url, params)
    size = rows = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        rows += chunk.count(b"\n")
        if rows % 5000 < 2:
            peak = max(peak, rss_mb())
    seconds = time.perf_counter() - started
    peak = max(peak, rss_mb())
    return {
        "path": url,
        "params": params,
        "rows": rows - 1,
        "seconds": seconds,
        "bytes": size,
        "rss_before_mb": before,
        "rss_growth_mb": peak - before,
    }


# The naive way: what a first version would do


def naive_search(params, offset):
    members = Member.objects.filter(listed_publicly=True, user__is_active=True)
    for word in str(params.get("q", "")).split():
        skills = Skill.objects.filter(member=OuterRef("pk"), name__icontains=word)
        members = members.filter(
            Q(full_name__icontains=word)
            | Q(headline__icontains=word)
            | Q(bio__icontains=word)
            | Q(organisation__icontains=word)
            | Q(position__icontains=word)
            | Q(city__icontains=word)
            | Exists(skills)
        )
    if params.get("sector"):
        members = members.filter(sectors=params["sector"])
    if params.get("pais"):
        members = members.filter(country=params["pais"])
    total = members.count()
    facets = [
        list(members.values("sectors").annotate(n=Count("pk"))),
        list(members.values("chapter").annotate(n=Count("pk"))),
        list(members.values("country").annotate(n=Count("pk"))),
        list(
            members.annotate(offer=Func(F("contribution_offers"), function="unnest"))
            .values("offer")
            .annotate(n=Count("pk"))
        ),
    ]
    if offset < 0:
        offset = total // 2
    page = list(members.order_by("full_name", "pk")[offset : offset + 20])
    return total, facets, page


def measure_naive(item, runs):
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        total, _facets, _page = naive_search(item["naive_params"], item["naive_offset"])
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(times), "total": total}
