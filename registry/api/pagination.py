"""Pages without ``COUNT(*)``: ``limit``/``offset``, and ``after`` for deep paging.

A page fetches ``limit + 1`` rows to learn whether another page follows, so its cost
does not grow with the table. ``offset`` costs what it skips; ``after=<code>`` (a
keyset on the unique, indexed ``code``) costs the same on page 1 and page 20,000, and
the ``next`` link uses it whenever the order is the default one, by code.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .errors import QueryParameterError

NUMBER = re.compile(r"[0-9]{1,10}")


def code_of(record):
    """The code of a record, or of a ``values()`` row (see :mod:`registry.api.rows`)."""
    return record["code"] if isinstance(record, dict) else record.code


class KeysetPagination(BasePagination):
    default_limit = 50
    max_limit = 1000
    max_offset = 1_000_000
    limit_query_param = "limit"
    offset_query_param = "offset"
    after_query_param = "after"
    query_params = (limit_query_param, offset_query_param, after_query_param)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.read_number(request, self.limit_query_param, self.default_limit, 1)
        self.offset = self.read_number(request, self.offset_query_param, 0, 0)
        self.after = request.query_params.get(self.after_query_param)
        self.by_code = not request.query_params.get("ordering")
        if self.limit > self.max_limit:
            raise QueryParameterError(
                {"limit": [_("At most %(max)d records per page.") % {"max": self.max_limit}]}
            )
        if self.offset > self.max_offset:
            raise QueryParameterError(
                {
                    "offset": [
                        _("Offsets stop at %(max)d; page on with 'after'.")
                        % {"max": self.max_offset}
                    ]
                }
            )
        if self.after is not None:
            if not self.by_code:
                raise QueryParameterError(
                    {"after": [_("'after' pages in code order; leave out 'ordering'.")]}
                )
            queryset = queryset.filter(code__gt=self.after)
        rows = list(queryset[self.offset : self.offset + self.limit + 1])
        self.has_next = len(rows) > self.limit
        self.page = rows[: self.limit]
        return self.page

    def read_number(self, request, name, default, minimum):
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not NUMBER.fullmatch(raw) or int(raw) < minimum:
            raise QueryParameterError(
                {name: [_("Give a whole number of at least %(min)d.") % {"min": minimum}]}
            )
        return int(raw)

    def get_next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        if self.by_code:
            url = remove_query_param(url, self.offset_query_param)
            return replace_query_param(url, self.after_query_param, code_of(self.page[-1]))
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_previous_link(self):
        if self.offset <= 0:
            return None
        url = self.request.build_absolute_uri()
        previous = max(self.offset - self.limit, 0)
        if previous == 0:
            return remove_query_param(url, self.offset_query_param)
        return replace_query_param(url, self.offset_query_param, previous)

    def get_paginated_response(self, data):
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.limit_query_param,
                "in": "query",
                "required": False,
                "description": str(_("Records per page (default 50, at most 1000).")),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit},
            },
            {
                "name": self.offset_query_param,
                "in": "query",
                "required": False,
                "description": str(_("Records to skip. For deep pages prefer 'after'.")),
                "schema": {"type": "integer", "minimum": 0, "maximum": self.max_offset},
            },
            {
                "name": self.after_query_param,
                "in": "query",
                "required": False,
                "description": str(
                    _("Keyset paging: records whose code sorts after this one (code order only).")
                ),
                "schema": {"type": "string", "maxLength": 64},
            },
        ]
