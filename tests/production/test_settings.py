"""Production mode is selected by the environment and passes Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_django(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "REGISTRY_ENV"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


PRODUCTION_ENV = {
    "REGISTRY_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "registry.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://registry.example.org",
}


def test_check_deploy_reports_nothing_in_production_mode():
    result = run_django("manage.py", "check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_flags_development_mode():
    result = run_django("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "SECRET_KEY of at least 50"), ("ALLOWED_HOSTS", "needs ALLOWED_HOSTS")],
)
def test_production_refuses_to_start_without(missing, message):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_django("-c", "import django; django.setup()", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_values():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.CSRF_TRUSTED_ORIGINS, s.STORAGES['staticfiles']['BACKEND'], "
        "s.DATABASES['default']['OPTIONS'].get('pool', {}).get('max_size'), "
        "','.join(s.DATABASE_REPLICAS), s.DATABASES['replica_2']['HOST'], "
        "s.DATABASES['replica_2']['TEST']['MIRROR'])"
    )
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "postgres://u@db.internal:5432/registry",
        "DATABASE_REPLICA_URLS": "postgres://u@r1.internal/registry, postgres://u@r2.internal/registry",
    }
    result = run_django("-c", code, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "31536000",
        "True",
        "True",
        "['https://registry.example.org']",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "4",
        "replica_1,replica_2",
        "r2.internal",
        "default",
    ]


def test_production_redirects_to_https_except_the_health_checks():
    code = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "r = c.get('/admin/'); h = c.get('/healthz'); s = c.get('/healthz', secure=True); "
        "print(r.status_code, r['Location'], h.status_code, "
        "s['Strict-Transport-Security'], s['X-Content-Type-Options'])"
    )
    result = run_django("-c", code, **{**PRODUCTION_ENV, "ALLOWED_HOSTS": "testserver"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "301",
        "https://testserver/admin/",
        "200",
        "max-age=31536000;",
        "includeSubDomains;",
        "preload",
        "nosniff",
    ]
