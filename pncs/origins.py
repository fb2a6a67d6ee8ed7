"""Where an activity of the work programme comes from when an app above pncs created it (a
follow-up of a Jornada): that app registers a function here, in its AppConfig.ready(), so that the
activity's page links back to it without pncs importing the app (DESIGN.md: imports run downhill).

A source is `function(activity_ids) -> {activity_id: (label, url)}`, one query for all the ids.
"""

_sources = {}


def register(name, source):
    """Adds (or, when an app is loaded again, replaces) the source called `name`."""
    _sources[name] = source


def origins_of(activities):
    """{activity pk: [(label, url), …]} for the activities some registered app created."""
    ids = [activity.pk for activity in activities]
    found = {}
    if not ids:
        return found
    for source in _sources.values():
        for pk, origin in source(ids).items():
            found.setdefault(pk, []).append(origin)
    return found
