import pytest
from django.core.management import call_command
from django.db import transaction

DOCUMENT_FIXTURES = ("fixtures/geography.json", "fixtures/registry.json")


@pytest.fixture
def registry_fixtures(db):
    """The document fixtures (geography and the five seeds), loaded for one test."""
    call_command("loaddata", *DOCUMENT_FIXTURES, verbosity=0)


@pytest.fixture(scope="module")
def document_fixtures_for_module(django_db_setup, django_db_blocker):
    """The document fixtures loaded once for a whole module of read-only tests.

    They live in an outer transaction that is rolled back after the module; each test's
    own transaction nests inside it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", *DOCUMENT_FIXTURES, verbosity=0)
        yield
        transaction.set_rollback(True)
