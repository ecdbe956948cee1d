"""Settings come from the environment; production refuses to start without a real secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret():
    result = run_check(REGISTRY_ENV="production", SECRET_KEY="", ALLOWED_HOSTS="registry.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_development_secret():
    from config.settings import DEVELOPMENT_SECRET_KEY

    result = run_check(REGISTRY_ENV="production", SECRET_KEY=DEVELOPMENT_SECRET_KEY)
    assert result.returncode != 0


def test_languages_and_time_zone(settings):
    assert [code for code, _ in settings.LANGUAGES] == ["ar", "fr", "en"]
    assert settings.TIME_ZONE == "Africa/Casablanca"
