"""List pages read as ``values()`` rows instead of model instances.

A rows reader gives the view two things: ``values(queryset)``, the query of a page, and
``render(page, request)``, what the renderer receives for the rows of that page. The
paginator cuts the ``values()`` query as it would cut a queryset of records, so a page
holds the same records in the same order whatever the format.
"""

from functools import cache

from registry.choices import PublicationState
from registry.importing import exporting
from registry.importing.schema import sheet_for
from registry.models.base import RecordModel


class PublishedSheetRows(exporting.SheetRows):
    """The admin export's rows of a table, naming only related records the public may see.

    The export names a draft parent zone or a draft funder by its code; the JSON shows
    such a record as ``null`` and leaves it out of lists, so here its cell is blank.
    """

    def related_filter(self, model):
        if issubclass(model, RecordModel):
            return {"publication_state": PublicationState.PUBLISHED}
        return None

    def render(self, page, request):
        return list(self.rows(page))


@cache
def published_sheet_rows(model):
    return PublishedSheetRows(sheet_for(model))
