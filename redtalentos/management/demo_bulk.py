"""seed_demo for big networks (the million-profile benchmark): the people of the realistic corpus
(corpus/: real name frequencies, long-tailed text, the judged set's planted profiles), written
with COPY by parallel worker processes.

SQL names only the module's own tables; values travel as parameters or through COPY.

Each worker builds its share of people and writes them in one transaction: accounts, emails,
consents, sectors, skills and education first, with triggers off for that session only
(session_replication_role, hence a superuser, as the project's own cluster has), then the
profiles with triggers on, so that the search data is computed exactly as for any other change.
"""
# ruff: noqa: S608

import multiprocessing
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils.text import slugify

from .corpus.people import realistic_person
from .corpus.planted import plant_numbers, planted_person, read_judged
from .corpus.text import vocabulary

# Synthetic members joined between these dates, in order of their number.
JOINED_FROM = datetime(2008, 1, 1, tzinfo=UTC)
JOINED_SPAN = timedelta(days=365 * 18)
UNUSABLE_PASSWORD = "!synthetic-member"  # noqa: S105 ("!" marks an unusable password)


def _reserve(table, count):
    """`count` consecutive ids of `table`'s identity column; returns the first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            "greatest(nextval(pg_get_serial_sequence(%s, 'id')), "
            "(SELECT coalesce(max(id), 0) + 1 FROM " + table + ")) + %s - 1)",
            [table, table, count],
        )
        last = cursor.fetchone()[0]
    return last - count + 1


def _copy(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _work(task):
    """One worker: people `numbers` with ids from `user_start`/`member_start`."""
    seed, numbers, user_start, member_start, total, refs = task
    connections.close_all()
    chapters, sectors, skills, notice, plants = refs
    now = datetime.now(UTC)
    people = [
        planted_person(seed, number, plants[number])
        if number in plants
        else realistic_person(seed, number)
        for number in numbers
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL synchronous_commit = off")
        users, emails, consents, member_sectors, member_skills, education, members = (
            [] for _ in range(7)
        )
        for offset, person in enumerate(people):
            user_id, member_id = user_start + offset, member_start + offset
            joined = JOINED_FROM + JOINED_SPAN * (person.number / max(total, 1))
            users.append(
                (
                    user_id,
                    UNUSABLE_PASSWORD,
                    False,
                    person.email,
                    person.full_name,
                    False,
                    True,
                    joined,
                    "talent",
                    0,
                )
            )
            emails.append((person.email, True, True, user_id))
            for purpose, granted in person.consents.items():
                if purpose in person.withdrawn:
                    consents.append((purpose, True, notice, joined, user_id))
                consents.append((purpose, granted, notice, joined + timedelta(seconds=1), user_id))
            member_sectors.extend(
                (member_id, sectors[slug]) for slug in person.sectors if slug in sectors
            )
            member_skills.extend((member_id, skills[name]) for name in person.skills)
            education.extend(
                (degree, study, school, year, member_id)
                for degree, study, school, year in person.education
            )
            granted = {str(purpose): value for purpose, value in person.consents.items()}
            verified = (
                None
                if person.verified_days_ago is None
                else now - timedelta(days=person.verified_days_ago)
            )
            members.append(
                (
                    member_id, f"{slugify(person.full_name)}-{person.number}", person.full_name,
                    person.headline, person.bio, "", "", person.city, person.country,
                    person.state_of_origin, person.organisation, person.position,
                    list(person.languages), "", "", person.website,
                    list(person.contribution_offers), person.availability,
                    *(person.visibility[group] for group in VISIBILITY_GROUPS),
                    granted["public_listing"], granted["pncs_search"], granted["chapter"],
                    person.intro_monthly_limit, person.intro_paused, verified, joined, joined,
                    chapters.get(person.chapter), user_id, [],
                )
            )  # fmt: skip
        _copy(cursor, "members_user", USER_COLUMNS, users)
        _copy(cursor, "account_emailaddress", ("email", "verified", '"primary"', "user_id"), emails)
        _copy(
            cursor,
            "members_consent",
            ("purpose", "granted", "notice_version", "created_at", "user_id"),
            consents,
        )
        _copy(cursor, "members_member_sectors", ("member_id", "sector_id"), member_sectors)
        _copy(cursor, "members_member_skills", ("member_id", "skill_id"), member_skills)
        _copy(
            cursor,
            "members_education",
            ("degree", "field", "institution", "year", "member_id"),
            education,
        )
        # Profiles last, with triggers on: the search data is computed as for any change. The
        # words of the names are added once at the end (migration members 0019_name_words).
        cursor.execute("SET LOCAL session_replication_role = origin")
        cursor.execute("SET LOCAL redtalentos.name_words = 'deferred'")
        _copy(cursor, "members_member", MEMBER_COLUMNS, members)
    connections.close_all()
    return len(people)


VISIBILITY_GROUPS = ("photo", "about", "location", "work", "expertise", "education",
                     "languages", "links", "chapter")  # fmt: skip
USER_COLUMNS = ("id", "password", "is_superuser", "email", "full_name", "is_staff", "is_active",
                "date_joined", "account_type", "session_generation")  # fmt: skip
MEMBER_COLUMNS = (
    "id", "slug", "full_name", "headline", "bio", "photo", "photo_small", "city", "country",
    "state_of_origin", "organisation", "position", "languages", "linkedin_url", "orcid",
    "website", "contribution_offers", "availability",
    *(f"visibility_{group}" for group in VISIBILITY_GROUPS),
    "listed_publicly", "findable_by_pncs", "visible_to_chapter", "intro_monthly_limit",
    "intro_paused", "verified_at", "created_at", "updated_at", "chapter_id", "user_id",
    "past_organisations",  # synthetic people never left an organisation
)  # fmt: skip


REINDEX_FROM = 100_000


def _secondary_indexes():
    """(name, definition) of members_member's indexes that back no constraint."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'members_member' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        )
        return cursor.fetchall()


def _create_index(definition):
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(definition)
    connections.close_all()


def seed_bulk(numbers, seed, *, skills, chapters, sectors, workers=2, chunk=25000, log=None):
    """Writes synthetic people `numbers` (not yet in the database). Returns how many."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        if cursor.fetchone()[0] != "on":
            raise RuntimeError(
                "the bulk seed needs a superuser connection (the project's cluster has one)"
            )
    numbers = sorted(numbers)
    total = max(numbers, default=0)
    user_start = _reserve("members_user", len(numbers))
    member_start = _reserve("members_member", len(numbers))
    planted = read_judged()["plants"]
    wanted = set(numbers)
    plants = {
        number: planted[index]
        for number, index in plant_numbers(total, len(planted)).items()
        if number in wanted
    }
    refs = (chapters, sectors, skills, settings.PRIVACY_NOTICE_VERSION, plants)
    tasks = [
        (seed, numbers[i : i + chunk], user_start + i, member_start + i, total, refs)
        for i in range(0, len(numbers), chunk)
    ]
    # A big load is much faster into a table without its search indexes, built once at the end.
    indexes = _secondary_indexes() if len(numbers) >= REINDEX_FROM else []
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    connections.close_all()
    done = 0
    # Loaded once before the workers fork, who share it.
    vocabulary("es")
    vocabulary("en")
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        try:
            for count in pool.imap_unordered(_work, tasks):
                done += count
                if log:
                    log(f"  {done}/{len(numbers)} synthetic members written")
        finally:
            # Rebuilt even when a worker failed: the site needs them.
            for _result in pool.imap_unordered(_create_index, [d for _n, d in indexes]):
                pass
            if indexes and log:
                log(f"  {len(indexes)} indexes rebuilt")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rt_add_all_name_words()")
        for table in (
            "members_member",
            "members_user",
            "account_emailaddress",
            "members_consent",
            "members_education",
            "members_member_sectors",
            "members_member_skills",
        ):
            # Hint bits and the visibility map set, as on a database that has been running.
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return done
