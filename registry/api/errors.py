"""Every error of the API has one shape: ``{"detail": ..., "errors": {...}}``."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class QueryParameterError(exceptions.APIException):
    """A query parameter is unknown or its value is invalid (400)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_query"

    def __init__(self, errors, accepted=None):
        detail = {"detail": _("The query parameters are not valid."), "errors": errors}
        if accepted is not None:
            detail["accepted"] = sorted(accepted)
        super().__init__(detail)


class NotModified(exceptions.APIException):
    """The client's copy is current: answer 304 without running the query or rendering."""

    status_code = status.HTTP_304_NOT_MODIFIED
    default_detail = ""


def exception_handler(exc, context):
    """DRF's handler, with validation errors reshaped to ``{"detail", "errors"}``."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": str(_("The query parameters are not valid.")), "errors": data}
    elif not isinstance(data, dict) or "detail" not in data:
        response.data = {"detail": str(exc), "errors": data}
    return response
