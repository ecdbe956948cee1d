"""The OpenAPI schema is valid, and the API keeps every promise it makes.

schemathesis generates requests from the schema and calls the WSGI application in
process (no network), against the document fixtures: no answer may be a 5xx, and
every answer must match its documented status, content type, headers and body.
"""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_spectacular_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")
    assert "/api/v1/zones/{code}/" in (tmp_path / "s.yaml").read_text()


@pytest.mark.django_db
def test_schema_documents_filters_errors_and_formats(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    zones = schema["paths"]["/api/v1/zones/"]["get"]
    parameters = {p["name"]: p for p in zones["parameters"]}
    assert parameters["region"]["schema"]["items"] == {"type": "string", "maxLength": 64}
    assert parameters["area_ha__gte"]["schema"]["format"] == "decimal"
    assert parameters["status"]["schema"]["items"]["enum"]
    assert parameters["limit"]["schema"]["maximum"] == 1000
    assert {"304", "400", "404", "405", "406", "429"} <= set(zones["responses"])
    assert set(zones["responses"]["200"]["content"]) == {
        "application/json",
        "text/csv",
        "application/geo+json",
    }
    assert "Retry-After" in zones["responses"]["429"]["headers"]


@pytest.mark.django_db
def test_docs_are_served_without_a_cdn(client):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()
    assert client.get("/api/redoc/").status_code == 200


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker):
    """The document fixtures, loaded once for every operation and rolled back after."""
    # As Django's test client does: requests must not close the test transaction's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command(
                "loaddata", "fixtures/geography.json", "fixtures/registry.json", verbosity=0
            )
            yield
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


application = get_wsgi_application()
# Random generation only: the coverage phase's boundary cases multiply with our many filters
# and the hand-written rejection tests in test_filters.py cover those boundaries.
api_schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json",
    application,
    config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}}),
)


@api_schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, documents, db):
    case.call_and_validate(checks=CHECKS, headers={"Host": "testserver"})
