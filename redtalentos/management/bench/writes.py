"""Profile saves while searches run: saves per second with one and with several editors at once,
each saving through the path a member's save takes (the profile form and
members.profiles.save_profile, so the search triggers and the page generation row of migration
0007 take part), and how often an editor waited for a lock, sampled from pg_stat_activity.

Every save commits: the deferred trigger raises the page generation at commit, which is where
writers could queue behind one another on its row."""

import threading
import time

from django.db import connection, connections
from django.http import QueryDict

from members.directory import Criteria, search_page
from members.forms.profile import ProfileForm
from members.models import Member
from members.permissions import VISITOR
from members.profiles import save_profile

EDITOR_APP = "bench-editor"
SAMPLE_SECONDS = 0.005


def _form_data(member):
    """What the edit page would send back for `member`, as its form renders it."""
    form = ProfileForm(instance=member)
    data = QueryDict(mutable=True)
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data.setlist(name, [str(item) for item in value])
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    data["skills"] = ", ".join(member.skills.values_list("name", flat=True))
    return data


def _edit(member_id, deadline, saves, errors):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET application_name = %s", [EDITOR_APP])
        member = Member.objects.select_related("user").get(pk=member_id)
        data = _form_data(member)
        round_number = 0
        while time.monotonic() < deadline:
            round_number += 1
            member = Member.objects.select_related("user").get(pk=member_id)
            data["headline"] = f"Perfil editado {round_number} · {member_id}"
            form = ProfileForm(data, instance=member)
            if not form.is_valid():
                errors.append(form.errors.as_json())
                return
            save_profile(form=form, skill_names=form.cleaned_data["skills"], changed_by=member.user)
            saves.append(time.monotonic())
    finally:
        connections.close_all()


def _search(deadline, texts, counter):
    try:
        while time.monotonic() < deadline:
            for text in texts:
                search_page(Criteria(text=text), audience=VISITOR)
                counter.append(1)
                if time.monotonic() >= deadline:
                    break
    finally:
        connections.close_all()


def _sample_locks(deadline, samples):
    """(samples, editor lock waits, waits at commit): the page generation is raised by the
    deferred trigger at COMMIT, so a wait there is a wait for that row."""
    try:
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), "
                    "count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE 'commit%%'), "
                    "count(*) FROM pg_stat_activity WHERE application_name = %s "
                    "AND state = 'active'",
                    [EDITOR_APP],
                )
                samples.append(cursor.fetchone())
                time.sleep(SAMPLE_SECONDS)
    finally:
        connections.close_all()


def measure_writes(editors, seconds, *, search_texts=("ingeniería", "python", "garcía")):
    """Saves per second with `editors` concurrent editors for `seconds`, searches running."""
    ids = list(
        Member.objects.filter(listed_publicly=True, user__email__endswith="@example.org")
        .order_by("id")
        .values_list("id", flat=True)[:editors]
    )
    saves, errors, searches, samples = [], [], [], []
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=_edit, args=(i, deadline, saves, errors)) for i in ids]
    threads.append(threading.Thread(target=_search, args=(deadline, search_texts, searches)))
    threads.append(threading.Thread(target=_sample_locks, args=(deadline, samples)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    waiting = sum(row[0] for row in samples)
    at_commit = sum(row[1] for row in samples)
    active = sum(row[2] for row in samples)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('fsync'), current_setting('synchronous_commit')")
        fsync, synchronous_commit = cursor.fetchone()
    return {
        "editors": len(ids),
        "seconds": elapsed,
        "saves": len(saves),
        "saves_per_s": len(saves) / elapsed,
        "searches_per_s": len(searches) / elapsed,
        "errors": errors[:3],
        "lock_samples": len(samples),
        # Share of sampled editor moments spent waiting for a lock, and of those at commit.
        "lock_wait_share": waiting / max(active, 1),
        "commit_lock_waits": at_commit,
        "lock_waits": waiting,
        "fsync": fsync,
        "synchronous_commit": synchronous_commit,
    }
