"""Reads of the public API go to replicas; everything else, and every write, to the primary."""

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from config.routers import PrimaryReplicaRouter, ReplicaReadMiddleware, replica_reads
from registry.models import Zone


@pytest.fixture
def replica(settings):
    """A second alias, ``replica``, mirroring the test database as a real replica would."""
    default = connections["default"]
    connections.settings["replica"] = {**default.settings_dict, "TEST": {"MIRROR": "default"}}
    connections["replica"].creation.set_as_test_mirror(default.settings_dict)
    # Connect explicitly: the test case only lets aliases it knew at its start connect lazily.
    connections["replica"].connect()
    settings.DATABASE_REPLICAS = ["replica"]
    yield connections["replica"]
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


def test_without_replicas_everything_uses_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    router = PrimaryReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Zone) == "default"


def test_replica_reads_only_inside_the_marked_block(settings):
    settings.DATABASE_REPLICAS = ["replica_1", "replica_2"]
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Zone) == "default"
    with replica_reads():
        assert {router.db_for_read(Zone) for _ in range(100)} == {"replica_1", "replica_2"}
        assert router.db_for_write(Zone) == "default"
    assert router.db_for_read(Zone) == "default"
    assert router.allow_migrate("default", "registry")
    assert not router.allow_migrate("replica_1", "registry")


@pytest.mark.parametrize(
    ("method", "path", "alias"),
    [
        ("get", "/api/v1/zones/", "replica_1"),
        ("head", "/api/v1/zones/ZONE-1/", "replica_1"),
        ("post", "/api/v1/zones/", "default"),
        ("get", "/admin/registry/zone/", "default"),
        ("get", "/readyz", "default"),
    ],
)
def test_middleware_routes_safe_api_requests_only(settings, method, path, alias):
    settings.DATABASE_REPLICAS = ["replica_1"]
    seen = []

    def view(request):
        seen.append(PrimaryReplicaRouter().db_for_read(Zone))
        return HttpResponse()

    ReplicaReadMiddleware(view)(getattr(RequestFactory(), method)(path))
    assert seen == [alias]


@pytest.mark.django_db(transaction=True)
def test_queries_run_on_the_replica_alias(replica):
    Zone.objects.create(code="ZONE-R", name_fr="Zone R", kind="industrial_zone")
    primary = connections["default"]
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(primary) as on_primary:
        with replica_reads():
            zone = Zone.objects.get(code="ZONE-R")
            assert zone._state.db == "replica"
        Zone.objects.filter(pk=zone.pk).update(name_fr="Zone R2")  # a write: the primary
        assert Zone.objects.get(code="ZONE-R").name_fr == "Zone R2"  # outside: the primary
    assert len(on_replica.captured_queries) == 1
    assert "registry_zone" in on_replica.captured_queries[0]["sql"]
    assert len(on_primary.captured_queries) == 2
