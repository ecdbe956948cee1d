from django import template

from registry.importing.service import STATUS_LABELS

register = template.Library()


@register.filter
def import_status(status):
    """A row's import status ("updated") in the reader's language."""
    return STATUS_LABELS.get(status, status)
