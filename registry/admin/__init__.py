"""The staff admin: one module per model family, all on the shared bases in ``base``."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import agreements, funding, geography, meetings, organisations, sources, zones

__all__ = ["agreements", "funding", "geography", "meetings", "organisations", "sources", "zones"]

admin.site.site_header = _("Morocco industrial zones registry")
admin.site.site_title = _("Industrial zones registry")
admin.site.index_title = _("Dashboard")
