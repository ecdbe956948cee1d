from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from registry import health


@pytest.fixture(autouse=True)
def forget_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrations_checked", False)


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_when_database_answers_and_migrations_are_applied(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}


@pytest.mark.django_db
def test_readyz_remembers_applied_migrations(client, django_assert_max_num_queries):
    client.get("/readyz")
    with django_assert_max_num_queries(1):  # only SELECT 1
        assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_reports_unapplied_migrations(client):
    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        return_value=[("registry", "9999_next"), ("registry", "9999_next2")],
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["checks"] == {"database": "ok", "migrations": "2 unapplied"}


@pytest.mark.django_db
def test_readyz_reports_unreachable_database(client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused to db.internal"),
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": "error: OperationalError", "migrations": "unknown"}
    assert "db.internal" not in response.content.decode()


def test_readyz_refuses_writes(client):
    assert client.post("/readyz").status_code == 405


@pytest.mark.django_db
def test_lost_database_gives_503_with_retry_after_and_request_id():
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32  # the session is read from the database
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get("/admin/", headers={"x-request-id": "lb-0123456789"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["X-Request-ID"] == "lb-0123456789"
    assert response.json()["request_id"] == "lb-0123456789"


@pytest.mark.django_db
def test_other_errors_stay_500():
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load", side_effect=ValueError("bug")
    ):
        response = client.get("/admin/")
    assert response.status_code == 500
