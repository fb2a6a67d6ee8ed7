"""Settings refuse unsafe production starts and switch HTTPS-only options with their own flag."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "redtalentos.example",
    "EMAIL_URL": "smtp://localhost:25",
}


def load_settings(extra_env, *, drop=(), expr="settings.DEBUG"):
    """Imports the settings in a fresh interpreter; returns (exit code, output)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "HTTPS"))}
    env.update(extra_env)
    for name in drop:
        env.pop(name, None)
    env["DJANGO_SETTINGS_MODULE"] = "redtalentos.settings"
    code = f"from django.conf import settings; print({expr})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    return result.returncode, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    code, output = load_settings(PRODUCTION_ENV, drop=["SECRET_KEY"])
    assert code != 0
    assert "SECRET_KEY must be set" in output


def test_production_refuses_a_short_secret_key():
    code, output = load_settings({**PRODUCTION_ENV, "SECRET_KEY": "short"})
    assert code != 0
    assert "SECRET_KEY must be set" in output


def test_production_refuses_to_start_without_allowed_hosts():
    code, output = load_settings(PRODUCTION_ENV, drop=["ALLOWED_HOSTS"])
    assert code != 0
    assert "ALLOWED_HOSTS must be set" in output


def test_environment_defaults_to_production():
    code, output = load_settings({}, drop=["SECRET_KEY"])
    assert code != 0
    assert "SECRET_KEY must be set" in output


def test_unknown_environment_is_refused():
    code, output = load_settings({"DJANGO_ENV": "staging"})
    assert code != 0
    assert "DJANGO_ENV must be" in output


def test_production_with_its_settings_starts_with_debug_off():
    code, output = load_settings(PRODUCTION_ENV)
    assert code == 0, output
    assert output.strip() == "False"


def test_https_flag_turns_on_secure_cookies_redirect_and_hsts():
    expr = (
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS > 0"
    )
    code, output = load_settings({**PRODUCTION_ENV, "HTTPS": "1"}, expr=expr)
    assert code == 0, output
    assert output.split() == ["True", "True", "True", "True"]
    code, output = load_settings(PRODUCTION_ENV, expr=expr)
    assert output.split() == ["False", "False", "False", "False"]


def test_cache_is_shared_between_processes():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"


def test_only_postgresql_is_used():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_manage_py_defaults_to_development_but_wsgi_to_production():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "HTTPS"))}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [sys.executable, "-c", "import redtalentos.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
