import pytest


@pytest.fixture
def registry_fixtures(db, django_db_blocker):
    """The document fixtures (geography and the five seeds), loaded into the test database."""
    from django.core.management import call_command

    call_command("loaddata", "fixtures/geography.json", "fixtures/registry.json", verbosity=0)
