"""The English catalogue is complete and up to date with the Spanish source strings."""

import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
IGNORE = [".venv/*", ".pgdata/*", "staticfiles/*", "media/*", "node_modules/*", "tests/*"]


def msgids(po_text):
    """The msgids of a catalogue, multi-line strings joined, header excluded."""
    ids, current, in_id = set(), [], False
    for line in [*po_text.splitlines(), ""]:
        if line.startswith("msgid "):
            current, in_id = [line[6:]], True
        elif in_id and line.startswith('"'):
            current.append(line)
        elif in_id:
            text = "".join(s.strip()[1:-1] for s in current)
            if text:
                ids.add(text)
            in_id = False
    return ids


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr
    assert "untranslated" not in stats, stats
    assert "fuzzy" not in stats, stats
    assert re.search(r"\d+ translated message", stats), stats


def test_english_catalogue_covers_every_source_string(tmp_path):
    backup = tmp_path / "django.po"
    shutil.copy(PO, backup)
    try:
        call_command(
            "makemessages", locale=["en"], ignore_patterns=IGNORE, no_obsolete=True, verbosity=0
        )
        extracted = msgids(PO.read_text())
    finally:
        shutil.copy(backup, PO)
    committed = msgids(backup.read_text())
    missing = extracted - committed
    assert not missing, f"run `make translations`; strings missing from the catalogue: {missing}"
