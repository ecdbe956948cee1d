"""Primary/replica database routing.

Writes, migrations and every read outside the public API go to ``default`` (the primary),
so editors and importers always read what they just wrote. Reads made while serving a
safe request whose path matches ``REPLICA_READ_PATHS`` (the public API) go to one of
``DATABASE_REPLICAS``, picked at random per query. Replicas come from the
``DATABASE_REPLICA_URLS`` environment variable, so adding one is configuration.
"""

import random
import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_reading_from_replicas = ContextVar("reading_from_replicas", default=False)


@contextmanager
def replica_reads():
    """Within this block, reads may be served by a replica (a little behind the primary)."""
    token = _reading_from_replicas.set(True)
    try:
        yield
    finally:
        _reading_from_replicas.reset(token)


class ReplicaReadMiddleware:
    """Marks safe requests to the public API as allowed to read from a replica."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = re.compile(settings.REPLICA_READ_PATHS)

    def __call__(self, request):
        if request.method in self.SAFE_METHODS and self.paths.search(request.path):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = settings.DATABASE_REPLICAS
        if replicas and _reading_from_replicas.get():
            return random.choice(replicas)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data, so objects from any of them may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas receive the schema through replication, never through migrate.
        return db == "default"
