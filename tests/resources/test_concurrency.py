"""Two imports into the same table at once: serialised, never interleaved, sequences intact."""

import threading

import pytest
from django.db import connection, connections

from registry.importing.service import import_file
from registry.models import Zone

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections"
)


def rows(prefix, count):
    lines = [f"{prefix}{i:04d},Zone {prefix} {i},industrial_zone" for i in range(count)]
    return ("code,name_fr,kind\n" + "\n".join(lines) + "\n").encode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_are_serialised_and_keep_sequences():
    results, errors = {}, []

    def worker(prefix):
        try:
            results[prefix] = import_file(rows(prefix, 300), f"{prefix}.csv", model=Zone)
        except Exception as error:  # reported below; a thread must not die silently
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(p,)) for p in ("A", "B", "C")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(result.ok for result in results.values())
    assert Zone.objects.count() == 900
    # Each import's rows got one contiguous block of ids: no interleaving.
    for prefix in "ABC":
        ids = sorted(Zone.objects.filter(code__startswith=prefix).values_list("pk", flat=True))
        assert ids[-1] - ids[0] == len(ids) - 1
    # The sequence still hands out fresh ids.
    zone = Zone.objects.create(code="AFTER", name_fr="Après", kind="industrial_zone")
    assert zone.pk > max(Zone.objects.exclude(pk=zone.pk).values_list("pk", flat=True))
    assert Zone.history.filter(history_change_reason="import: A.csv").count() == 300
