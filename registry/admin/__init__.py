"""The staff admin: one module per model family, all on the shared bases in ``base``."""

from . import agreements, funding, geography, meetings, organisations, sources, zones

__all__ = ["agreements", "funding", "geography", "meetings", "organisations", "sources", "zones"]
