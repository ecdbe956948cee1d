"""Where a change came from, recorded on every history row.

django-simple-history stores a free-text ``history_change_reason`` on each
historical row. Every writer fills it the same way, ``"<origin>"`` or
``"<origin>: <detail>"``, so the history view, the dashboard and audits can tell
an editor's form from a bulk action or an import:

    admin                    a change form or inline, saved by an editor
    admin: revert            a revert to an earlier version from the history view
    bulk action: publish     an admin bulk action (publish, unpublish, delete)
    import: zones.xlsx       a bulk import, with the file name

Writers that bypass ``save()`` (bulk actions, importers) call
:func:`bulk_update_with_origin` so that they still leave history rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history


class ChangeOrigin(models.TextChoices):
    ADMIN = "admin", _("Admin form")
    BULK_ACTION = "bulk action", _("Bulk action")
    IMPORT = "import", _("Import")


def change_reason(origin, detail=""):
    """The ``history_change_reason`` text for a change from ``origin``."""
    origin = ChangeOrigin(origin)
    return f"{origin.value}: {detail}" if detail else origin.value


def origin_of(reason):
    """The :class:`ChangeOrigin` a stored change reason names, or ``None``."""
    head = (reason or "").split(":", 1)[0].strip()
    return ChangeOrigin(head) if head in ChangeOrigin.values else None


def set_change_origin(obj, origin, detail=""):
    """Make the next ``obj.save()`` or ``obj.delete()`` record where it came from."""
    obj._change_reason = change_reason(origin, detail)


def bulk_update_with_origin(objs, model, fields, *, user, origin, detail="", batch_size=500):
    """``bulk_update`` that also writes one history row per object, with its origin."""
    return bulk_update_with_history(
        objs,
        model,
        fields,
        batch_size=batch_size,
        default_user=user,
        default_change_reason=change_reason(origin, detail),
    )
