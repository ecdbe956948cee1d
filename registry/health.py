"""Health checks for load balancers, and the 503 answer when the database is down.

``/healthz`` says the process is up and serving (liveness): it touches nothing else, so
a database outage never gets healthy app servers restarted. ``/readyz`` says this
instance can serve traffic (readiness): the primary database answers and every
migration is applied, so a new release is not sent traffic before ``migrate`` ran.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as default_server_error

from registry.logging import current_request_id

# Seconds a client should wait before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 5

_migrations_checked = False


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    checks = {"database": check_database(), "migrations": "unknown"}
    if checks["database"] == "ok":
        checks["migrations"] = check_migrations()
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
        headers=None if ready else {"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def check_database(alias="default"):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # The class name says what failed without leaking host names or credentials.
        return f"error: {type(error).__name__}"
    return "ok"


def check_migrations(alias="default"):
    """``ok`` once nothing is left to apply; remembered, since it stays true for the process."""
    global _migrations_checked
    if _migrations_checked:
        return "ok"
    try:
        executor = MigrationExecutor(connections[alias])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return f"error: {type(error).__name__}"
    if plan:
        return f"{len(plan)} unapplied"
    _migrations_checked = True
    return "ok"


def server_error(request):
    """The project's handler500: a lost database connection is a 503 to retry, not a bug."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return JsonResponse(
            {
                "detail": _("The database is unavailable. Try again in a few seconds."),
                "request_id": current_request_id.get(),
            },
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return default_server_error(request)
