"""An import killed with SIGKILL while it writes leaves nothing behind; a rerun imports all."""

import io
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from registry.management.commands.benchmark_import import csv_bytes, generate_rows
from registry.models import Zone

ROOT = Path(__file__).resolve().parents[2]
ROWS = 20_000
HISTORY_TABLE = Zone.history.model._meta.db_table

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: a second process must see the test database while the import "
    "writes, and the import's COPY and advisory lock are PostgreSQL's",
)


def database_url():
    """The test database (not the one in DATABASE_URL), for the import's own process."""
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or 'localhost'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def server_value(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def history_streaming():
    """Whether a session of this database is in the import's last step: every zone row is
    already written (uncommitted) and the history rows are being copied in."""
    return server_value(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        f" AND state = 'active' AND query LIKE 'COPY \"{HISTORY_TABLE}\"%'"
    )


def leftovers():
    """Advisory locks in this database (pg_locks covers the whole server, shared with other
    test databases) and sessions other than this test's still inside a transaction."""
    return server_value(
        "SELECT (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database ="
        " (SELECT oid FROM pg_database WHERE datname = current_database()))"
        " + (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%')"
    )


def wait_for(condition, seconds, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if process is not None and process.poll() is not None:
            return False
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_import_killed_while_writing_leaves_nothing_behind(tmp_path):
    # Committed, so the import's process sees them and the rerun must keep them.
    Zone.objects.create(code="KEPT-1", name_fr="Déjà là", kind="industrial_zone")
    zones, history = Zone.objects.count(), Zone.history.count()
    path = tmp_path / "zones.csv"
    path.write_bytes(csv_bytes(generate_rows(ROWS)))
    environment = {**os.environ, "DATABASE_URL": database_url()}
    with open(tmp_path / "import.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_registry", str(path), "--table", "zone"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            caught = wait_for(history_streaming, 50, process)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
    assert caught, (tmp_path / "import.log").read_text()[-2000:]

    # If the import committed anything before its end (per batch, or zones before their
    # history rows), the zones would be here now: killed, it must have written nothing.
    assert wait_for(lambda: leftovers() == 0, 10), "a lock or an open transaction is left"
    assert Zone.objects.count() == zones
    assert Zone.history.count() == history

    call_command("import_registry", str(path), "--table", "zone", stdout=io.StringIO())
    assert Zone.objects.count() == zones + ROWS
    assert Zone.history.count() == history + ROWS
    assert Zone.objects.get(code="BENCH-0019999").area_ha == Decimal("5000.25")
