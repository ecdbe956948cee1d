"""A restored registry is identical to the original (JSON on any engine, pg_dump on PostgreSQL)."""

import shutil
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, connections

from registry.backup import fingerprint
from registry.models import Citation, Sector, Zone

from .conftest import make_registry_sample


@pytest.fixture(autouse=True)
def fresh_content_type_cache():
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def sample_fingerprint(registry_sample):
    state = fingerprint()
    assert state["counts"]["registry.Zone"] == 3
    assert state["counts"]["registry.HistoricalZone"] >= 3
    assert state["counts"]["auth.User"] == 1
    return state


def empty_registry():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # TRUNCATE needs no deferred checks pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    # flush recreates content types under new ids; the rollback after the test undoes them.
    ContentType.objects.clear_cache()
    # flush runs post_migrate, which seeds the staff groups as a fresh migrate does.
    left = {k: v for k, v in fingerprint()["counts"].items() if v}
    assert set(left) <= {"auth.Group"}, left


@pytest.mark.parametrize("suffix", ["json", "json.gz"])
def test_json_backup_restores_identically(sample_fingerprint, tmp_path, suffix):
    path = tmp_path / f"registry.{suffix}"
    call_command("backup_registry", str(path), "--format", "json", verbosity=0)
    empty_registry()
    call_command("restore_registry", str(path), "--format", "json", verbosity=0)
    assert fingerprint() == sample_fingerprint
    zone = Zone.objects.get(code="ZONE-2")
    assert zone.name_ar == "المنطقة الصناعية 2"
    assert sorted(zone.sectors.values_list("code", flat=True)) == ["agro", "textile"]
    assert Citation.objects.get().record.code == "ZONE-1"
    # Sequences were moved past the restored ids: new records get fresh ones.
    assert Zone.objects.create(code="ZONE-NEW", name_fr="Nouvelle", kind="agropole").pk > 3


def test_fingerprint_sees_any_change(sample_fingerprint):
    Zone.objects.filter(code="ZONE-1").update(area_ha="13.5001")
    assert fingerprint()["fingerprint"] != sample_fingerprint["fingerprint"]


def test_json_restore_into_a_freshly_migrated_database(sample_fingerprint, tmp_path):
    """migrate leaves the staff groups (post_migrate) and the data-version row (0005)."""
    path = tmp_path / "registry.json"
    call_command("backup_registry", str(path), verbosity=0)
    empty_registry()
    import_module("registry.migrations.0005_data_version").create_singleton(apps, None)
    call_command("restore_registry", str(path), verbosity=0)
    assert fingerprint() == sample_fingerprint


def test_json_restore_refuses_to_overwrite_without_replace(sample_fingerprint, tmp_path):
    path = tmp_path / "registry.json"
    call_command("backup_registry", str(path), verbosity=0)
    Sector.objects.create(code="added-after", name_fr="Ajouté")
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore_registry", str(path), verbosity=0)
    assert Sector.objects.filter(code="added-after").exists()
    call_command("restore_registry", str(path), "--replace", verbosity=0)
    assert fingerprint() == sample_fingerprint


def test_tampered_backup_is_rolled_back_entirely(sample_fingerprint, tmp_path):
    path = tmp_path / "registry.json"
    call_command("backup_registry", str(path), verbosity=0)
    path.write_text(path.read_text().replace("ZONE-2", "ZONE-X"))
    Sector.objects.create(code="kept", name_fr="Gardé")
    before = fingerprint()
    with pytest.raises(CommandError, match="differs from the backup"):
        call_command("restore_registry", str(path), "--replace", verbosity=0)
    assert fingerprint() == before  # the replace and the load were both undone


def test_interrupted_restore_leaves_nothing_behind(sample_fingerprint, tmp_path):
    """A load that dies halfway (here: a broken row after good ones) commits nothing."""
    path = tmp_path / "registry.json"
    call_command("backup_registry", str(path), verbosity=0)
    empty_registry()
    text = path.read_text()
    broken = text.replace('"area_ha": "14.5000"', '"area_ha": "-14.5000"', 1)
    assert broken != text
    path.write_text(broken)
    with pytest.raises(Exception):  # noqa: B017 - the database's own integrity error
        call_command("restore_registry", str(path), verbosity=0)
    # flush runs post_migrate, which seeds the staff groups as a fresh migrate does.
    left = {k: v for k, v in fingerprint()["counts"].items() if v}
    assert set(left) <= {"auth.Group"}, left


def test_restore_without_manifest_is_refused(tmp_path):
    path = tmp_path / "other.json"
    path.write_text("[]")
    with pytest.raises(CommandError, match="No manifest"):
        call_command("restore_registry", str(path), verbosity=0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
@pytest.mark.django_db(transaction=True)
def test_pg_dump_restores_identically(tmp_path):
    make_registry_sample()
    original = fingerprint()
    path = tmp_path / "registry.dump"
    call_command("backup_registry", str(path), "--format", "pg", verbosity=0)
    Zone.objects.filter(code="ZONE-1").update(name_fr="changed after the dump")
    Sector.objects.create(code="after", name_fr="Après")
    assert fingerprint() != original
    call_command("restore_registry", str(path), "--format", "pg", verbosity=0)
    connections["default"].close()
    assert fingerprint() == original


def test_document_fixtures_survive_a_json_round_trip(registry_fixtures, tmp_path):
    original = fingerprint()
    assert original["counts"]["registry.Citation"] > 0
    path = tmp_path / "registry.json.xz"
    call_command("backup_registry", str(path), verbosity=0)
    empty_registry()
    call_command("restore_registry", str(path), verbosity=0)
    assert fingerprint() == original
