import io
import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from registry.logging import JsonFormatter, RequestIdFilter


@pytest.fixture
def log_lines():
    """Lines written by the JSON handler of the request and error loggers."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(name) for name in ("registry.request", "django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_one_json_line_per_request_without_personal_data(client, log_lines):
    response = client.get(
        "/admin/login/?next=/admin/&username=someone",
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Secret Browser",
        HTTP_COOKIE="sessionid=abcdefabcdefabcdefabcdefabcdefab",
    )
    [line] = log_lines()
    assert line["message"] == "request"
    assert line["method"] == "GET"
    assert line["path"] == "/admin/login/"
    assert line["route"] == "admin/login/"
    assert line["query_keys"] == ["next", "username"]
    assert line["status"] == 200
    assert line["bytes"] == len(response.content)
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    text = json.dumps(line)
    for private in ("203.0.113.9", "Secret Browser", "someone", "abcdefabcdef"):
        assert private not in text


@pytest.mark.django_db
def test_well_formed_incoming_request_id_is_kept(client):
    response = client.get("/healthz", headers={"x-request-id": "edge-7f3a9c21"})
    assert response["X-Request-ID"] == "edge-7f3a9c21"


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["short", "bad id with spaces", "x" * 200, "<script>"])
def test_malformed_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/healthz", headers={"x-request-id": incoming})
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_error_is_logged_once_as_json_with_the_request_id(log_lines):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get("/admin/", headers={"x-request-id": "req-00000001"})
    error, request = log_lines()
    assert error["level"] == "ERROR"
    assert error["logger"] == "django.request"
    assert error["request_id"] == "req-00000001"
    assert error["status"] == 503
    assert "OperationalError" in error["exception"]
    assert request["request_id"] == "req-00000001"
    assert request["status"] == response.status_code == 503


def test_formatter_keeps_one_line_for_multiline_messages():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "a\nb", None, None)
    assert "\n" not in JsonFormatter().format(record)
