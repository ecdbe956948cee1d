"""Insert validated records and their history rows with PostgreSQL ``COPY``.

``bulk_create`` builds one giant parameterised INSERT per batch; COPY streams rows and
is several times faster. Ids are drawn from the table's own sequence first
(``nextval``), so concurrent inserts never collide and the sequence is never reset.
Other databases use simple-history's ``bulk_create_with_history``.
"""

from django.db import connection
from django.db.models import JSONField
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
    fields = model._meta.concrete_fields
    copy_rows(model, fields, (prepared_row(fields, obj) for obj in objs))
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    history_model = model.history.model
    now = timezone.now()
    specials = {
        "history_date": now,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": user.pk if user is not None else None,
    }
    history_fields = [f for f in history_model._meta.concrete_fields if f.attname != "history_id"]
    source = {f.attname for f in fields}
    getters = [
        (lambda obj, value=specials[f.attname]: value)
        if f.attname in specials
        else (lambda obj, f=f: prepare(f, getattr(obj, f.attname)))
        if f.attname in source
        else (lambda obj: None)
        for f in history_fields
    ]
    copy_rows(history_model, history_fields, ([get(obj) for get in getters] for obj in objs))
    return objs


def prepare(field, value):
    """A value for COPY: psycopg adapts plain Python values; JSON needs Django's wrapper."""
    if isinstance(field, JSONField):
        return field.get_db_prep_save(value, connection)
    return value


def prepared_row(fields, obj):
    # pre_save fills auto_now(_add) timestamps, as Model.save() would.
    return [prepare(f, f.pre_save(obj, True)) for f in fields]
