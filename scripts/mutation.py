#!/usr/bin/env python3
"""Mutation testing of the access rules: mutmut over the permission modules, the consents and the
directory's visibility gate, against the tests that cover them; the score decides.

mutmut changes one thing at a time in those functions (a condition negated, `and` made `or`, a
value replaced by None, ...) and runs the tests that reach the function; a mutant the tests do
not notice "survives". The run fails when fewer than TARGET of the mutants are killed, or when
any surviving mutant touches a consent, role or visibility condition (GUARDED, below), whatever
the score. A mutant that no test can tell apart from the original (an equivalent mutant) is
excluded in the source with mutmut's `# pragma: no mutate` and a comment saying why, or, when
the pragma would exclude more than that mutant (it takes whole lines), by a rule on its diff in
EQUIVALENT below; equivalent mutants are counted and printed, not scored.

Usage: scripts/mutation.py (or `make mutation`). The scope (the files mutmut copies and mutates,
the tests it runs) is [tool.mutmut] in pyproject.toml; which functions of those files are judged
is JUDGED below. Work files go to mutants/ (git-ignored), rebuilt on every run. Environment:
DATABASE_URL (default: the project's cluster, database redtalentos_mutation, so its test
database is test_redtalentos_mutation) and MUTATION_CHILDREN (parallel test processes, default 1:
the tests of parallel processes would share one test database and wait on each other's rows).
"""

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "mutants"
MUTMUT = Path(sys.executable).parent / "mutmut"
TARGET = 0.90

# The functions whose mutants are judged. Whole modules for the permission helpers and consents;
# of the directory's search only the gate (who an audience finds, which field groups a filter or
# facet may read), of the models only the named querysets and the visibility of a field group.
JUDGED = [
    "redtalentos.lib.roles.*",
    "members.permissions.*",
    "members.consents.*",
    "chapters.permissions.*",
    "pncs.permissions.*",
    "certificates.permissions.*",
    "jornadas.permissions.*",
    "internships.permissions.*",
    "mentoring.permissions.*",
    "members.visibility.*",
    "members.directory.conditions.x__scope__mutmut_*",
    "members.directory.conditions.x__filters__mutmut_*",
    "members.directory.conditions.x__sample_bits__mutmut_*",
    "members.models.profiles.xǁMemberQuerySetǁ*",
    "members.models.profiles.xǁMemberǁvisibility_of__mutmut_*",
]

# A surviving mutant whose changed lines match this is in a consent, role or visibility condition:
# consent flags and decisions, account state, staff and leadership roles, MFA, viewer levels,
# field-group visibility, and the permission helpers' names (can_*, is_*, require_*, *_for_*).
GUARDED = re.compile(
    r"listed_publicly|findable_by_pncs|visible_to_chapter|account_active|consent|granted|purpose"
    r"|is_active|is_authenticated|is_staff|is_superuser|is_ime|is_pncs_staff|staff|is_chapter_leader"
    r"|can_lead|can_work_on|can_request|require_|_for_leader|_for_staff|_for_viewer|member_of"
    r"|passed_mfa|mfa|has_totp|totp|visib|audience|level|RANK|VISITOR|MEMBER|OWNER|STAFF|sector"
    r"|chapter_mate|chapter_id|user_id|\.pk\b|PermissionDenied|Http404|get_object_or_404",
    re.IGNORECASE,
)

# Mutants that cannot be told apart from the original by any test, recognised by their diff:
# (module pattern, test on the removed and added lines, why).
EQUIVALENT = [
    (
        "members.directory.*",
        lambda removed, added: (
            [line.lower() for line in removed] == [line.lower() for line in added]
        ),
        "a change of letter case in SQL text (keywords and unquoted names ignore case)",
    ),
    (
        "members.consents.x_current_consents__mutmut_*",
        lambda removed, added: [line.replace('"purpose", ', "") for line in removed] == added,
        'the order by "purpose" (it follows the index; the loop keeps the latest per purpose in '
        "any order of purposes)",
    ),
    (
        "jornadas.permissions.x_follow_up_sector_ids__mutmut_*",
        lambda removed, added: [line.replace('"pk", ', "") for line in removed] == added,
        'values_list without "pk" (with no field named, flat=True gives the first column, which '
        "is the primary key)",
    ),
]


def main():
    os.chdir(ROOT)
    port = os.environ.get("REDTALENTOS_PG_PORT", "54329")
    env = dict(os.environ, DJANGO_ENV="test")
    env.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:{port}/redtalentos_mutation")
    children = os.environ.get("MUTATION_CHILDREN", "1")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    sources = [Path(p) for p in config["source_paths"]]
    tests = config["pytest_add_cli_args_test_selection"]

    started = time.monotonic()
    prepare_work_tree(sources)
    # A fresh test database with the reference data of the data migrations; mutmut's runs reuse it.
    fresh = [sys.executable, "-m", "pytest", "--create-db", "-q", "-p", "no:randomly", *tests]
    if subprocess.run(fresh, env=env, check=False).returncode != 0:  # noqa: S603
        sys.exit("mutation: FAILED, the tests fail before any mutation (see above)")
    run = [str(MUTMUT), "run", "--max-children", children, *JUDGED]
    mutmut = subprocess.Popen(  # noqa: S603
        run, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    for line in quiet(mutmut.stdout):
        print(line, flush=True)
    if mutmut.wait() != 0:
        sys.exit("mutation: FAILED, mutmut stopped (see above)")
    sys.exit(judge(sources, time.monotonic() - started))


def quiet(stream):
    """mutmut's output without its progress spinner and its list of every mutant's result."""
    for raw in stream:
        for line in raw.decode(errors="replace").replace("\r", "\n").splitlines():
            line = line.rstrip()
            if line and line[0] not in "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏🎉🙁🫥⏰🤔🔇🧙🛑💥?":
                yield line


def prepare_work_tree(sources):
    """mutants/ holds a copy of the project in which mutmut replaces only the mutated files: it
    copies those itself, everything else (other apps, templates, compiled catalogues) is copied
    here, so that a new app needs no configuration."""
    shutil.rmtree(WORK, ignore_errors=True)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout.split("\0")
    files = {Path(name) for name in listed if name} | set(Path("locale").rglob("*.mo"))
    for path in sorted(files - set(sources)):
        if path.is_file() and path.parts[0] != WORK.name:
            target = WORK / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def judge(sources, seconds):
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    results = {}
    for source in sources:
        meta = WORK / f"{source}.meta"
        if not meta.exists():
            print(f"mutation: no results for {source} (mutmut did not run, see above)")
            return 1
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        results.update(
            {
                name: code
                for name, code in codes.items()
                if any(fnmatch.fnmatch(name, p) for p in JUDGED)
            }
        )
    if not results:
        print("mutation: no mutants judged")
        return 1
    status = {name: status_by_exit_code[code] for name, code in results.items()}
    killed = {name for name in results if status[name] in ("killed", "timeout")}
    equivalent, guarded, alive = {}, [], []
    for name in sorted(set(results) - killed):
        diff = get_diff_for_mutant(name).splitlines()
        removed = [line[1:] for line in diff if line[:1] == "-" and not line.startswith("---")]
        added = [line[1:] for line in diff if line[:1] == "+" and not line.startswith("+++")]
        why = next(
            (
                why
                for module, same, why in EQUIVALENT
                if fnmatch.fnmatch(name, module) and same(removed, added)
            ),
            None,
        )
        if why:
            equivalent[name] = why
            continue
        touches = any(GUARDED.search(line) for line in removed + added)
        guarded += [name] if touches else []
        alive.append((name, touches, removed, added))
    if alive:
        print("\nMutants the tests did not kill:")
    for name, touches, removed, added in alive:
        print(f"\n  {name} ({status[name]}{', in an access condition' if touches else ''})")
        for line in removed:
            print(f"      - {line.strip()}")
        for line in added:
            print(f"      + {line.strip()}")
    for why in sorted(set(equivalent.values())):
        count = sum(1 for reason in equivalent.values() if reason == why)
        print(f"\nNot counted, equivalent to the original: {count} mutants, {why}")
    judged = len(results) - len(equivalent)
    score = len(killed) / judged if judged else 0
    print(
        f"\nMutation score: {len(killed)}/{judged} mutants killed ({score:.1%}), target "
        f"{TARGET:.0%}; {len(guarded)} surviving in access conditions; {seconds:.0f} s in all"
    )
    if score < TARGET:
        print("mutation: FAILED, the score is below the target")
        return 1
    if guarded:
        print("mutation: FAILED, mutants survive in consent, role or visibility conditions")
        return 1
    print("mutation: OK")
    return 0


if __name__ == "__main__":
    main()
