"""Insert validated records and their history rows with PostgreSQL ``COPY``.

``bulk_create`` builds one giant parameterised INSERT per batch; COPY streams rows and
is several times faster. Ids are drawn from the table's own sequence first
(``nextval``), so concurrent inserts never collide and the sequence is never reset.
Other databases use simple-history's ``bulk_create_with_history``.
"""

import json
from operator import attrgetter

from django.db import connection
from django.db.models import DateField, Field, JSONField
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

BATCH_SIZE = 1000


def reserve_ids(model, count):
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model, fields, rows):
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def create_with_history(model, objs, *, user=None, reason=""):
    """Save new ``objs`` (unsaved instances) and one '+' history row each."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return bulk_create_with_history(
            objs, model, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
        )
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
    now = timezone.now()
    fields = model._meta.concrete_fields
    getters = [column_getter(f, now) for f in fields]
    rows = [[get(obj) for get in getters] for obj in objs]
    copy_rows(model, fields, rows)
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias

    # A history row repeats the record's row, plus who, when and why.
    history_model = model.history.model
    specials = {
        "history_date": now,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": user.pk if user is not None else None,
    }
    position = {f.attname: i for i, f in enumerate(fields)}
    history_fields = [f for f in history_model._meta.concrete_fields if f.attname != "history_id"]
    plan = [(position.get(f.attname), specials.get(f.attname)) for f in history_fields]
    copy_rows(
        history_model,
        history_fields,
        ([value if i is None else row[i] for i, value in plan] for row in rows),
    )
    return objs


def column_getter(field, now):
    """A function giving ``field``'s COPY value of an instance, as ``Model.save()`` would."""
    if isinstance(field, DateField) and (field.auto_now or field.auto_now_add):

        def stamp(obj, attname=field.attname):
            setattr(obj, attname, now)  # as pre_save does, one clock reading per batch
            return now

        return stamp
    if isinstance(field, JSONField):
        # COPY's text format takes the JSON text; psycopg's Jsonb wrapper is slower.
        def as_json(obj, attname=field.attname, encoder=field.encoder):
            value = getattr(obj, attname)
            return None if value is None else json.dumps(value, cls=encoder)

        return as_json
    if type(field).pre_save is Field.pre_save:
        return attrgetter(field.attname)
    return lambda obj: field.pre_save(obj, True)
