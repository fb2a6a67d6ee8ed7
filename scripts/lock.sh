#!/usr/bin/env bash
# Re-lock dependencies from pyproject.toml as plain name==version lines (no index or download URLs).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q pip-tools
opts=(-q --no-emit-index-url --no-emit-trusted-host --no-emit-find-links --strip-extras
      --no-header --annotation-style=line --upgrade)
"$tmp/venv/bin/pip-compile" "${opts[@]}" -o requirements.txt pyproject.toml
"$tmp/venv/bin/pip-compile" "${opts[@]}" --extra dev -o requirements-dev.txt pyproject.toml
echo "Locked: requirements.txt and requirements-dev.txt"
