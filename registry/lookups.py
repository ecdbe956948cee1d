"""``field__any=values``: membership in a long list as one parameter.

``field__in`` sends one placeholder per value, and PostgreSQL parses and plans them
all: matching a 100,000-row import's codes that way costs seconds. ``= ANY(%s)`` sends
one array instead. Other databases run it as ``IN``, so callers must keep lists under
their parameter limit (see :func:`rows_matching`).
"""

from django.db import connections, models
from django.db.models.lookups import In

# SQLite allows 32,766 parameters per statement; stay well below it.
IN_CHUNK = 5000


class AnyOf(In):
    lookup_name = "any"

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [value for value in self.rhs if value is not None]
        return f"{lhs} = ANY(%s)", (*lhs_params, values)


# Relations keep a lookup registry of their own.
models.Field.register_lookup(AnyOf)
models.ForeignObject.register_lookup(AnyOf)


def rows_matching(queryset, field, values):
    """The rows of ``queryset`` whose ``field`` is one of ``values``, however many there are."""
    values = list(values)
    if connections[queryset.db].vendor == "postgresql":
        chunks = [values] if values else []
        lookup = f"{field}__any"
    else:
        chunks = [values[start : start + IN_CHUNK] for start in range(0, len(values), IN_CHUNK)]
        lookup = f"{field}__in"
    for chunk in chunks:
        yield from queryset.filter(**{lookup: chunk})
