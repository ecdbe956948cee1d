"""Conditional GET and cache headers, decided before any query of the data runs.

The validators come from :class:`registry.models.DataVersion` (one primary-key read)
and the request itself: a changed record anywhere changes every ``ETag``, which is
coarse but never stale, and costs nothing to compute.
"""

import hashlib

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import get_language

from registry.models import DataVersion

from .errors import NotModified

CONDITIONAL_METHODS = ("GET", "HEAD")


class ConditionalGetMixin:
    """Adds ``ETag``, ``Last-Modified`` and ``Cache-Control``; answers 304 when it can."""

    def check_conditions(self, request):
        if request.method not in CONDITIONAL_METHODS:
            return
        version, changed = DataVersion.current()
        # The language too: CSV headers follow it (LocaleMiddleware adds Vary: Accept-Language).
        variant = "|".join(
            (
                str(version),
                request.build_absolute_uri(),
                request.accepted_media_type or "",
                get_language() or "",
            )
        )
        digest = hashlib.blake2b(variant.encode(), digest_size=12).hexdigest()
        self.etag = f'"{version}-{digest}"'
        self.last_modified = int(changed.timestamp()) if changed else None
        if self.client_copy_is_current(request):
            raise NotModified()

    def client_copy_is_current(self, request):
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = parse_etags(if_none_match)
            return "*" in tags or self.etag in tags or f"W/{self.etag}" in tags
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return since is not None and self.last_modified is not None and self.last_modified <= since

    def add_cache_headers(self, response):
        if getattr(self, "etag", None) is None or response.status_code not in (200, 304):
            return
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified)
        patch_cache_control(response, public=True, max_age=settings.REGISTRY_API_CACHE_SECONDS)
        patch_vary_headers(response, ("Accept",))
