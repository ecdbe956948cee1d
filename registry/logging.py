"""Structured logs: one JSON line per request, and errors tagged with the request's id.

What a line holds is chosen to carry no personal data: no client address, no cookies or
headers, no user identity, and of the query string only the parameter names (a search
term can be a person's name). The request id comes from the load balancer's X-Request-ID
when it sends a well-formed one, so one id follows a request across the tiers; otherwise
a new one is made. It is returned in the response's X-Request-ID header.
"""

import json
import logging
import re
import time
import traceback
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

request_logger = logging.getLogger("registry.request")
current_request_id = ContextVar("current_request_id", default=None)
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,128}\Z")


def request_id_for(request):
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex


class RequestLogMiddleware:
    """Logs each request once, after the response, with its duration in milliseconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_for(request)
        token = current_request_id.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            request_logger.info(
                "request", extra={"fields": self.fields(request, response, started)}
            )
            return response
        finally:
            current_request_id.reset(token)

    @staticmethod
    def fields(request, response, started):
        match = getattr(request, "resolver_match", None)
        return {
            "method": request.method,
            "path": request.path,
            "route": match.route if match else None,
            "query_keys": sorted(request.GET.keys()),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "bytes": None if response.streaming else len(response.content),
        }


class RequestIdFilter(logging.Filter):
    """Stamps every record logged while a request is handled with that request's id."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; a traceback becomes a string field, not extra lines."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update(getattr(record, "fields", {}))
        if hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)
