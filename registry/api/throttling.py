"""Anonymous rate limit, counted per client address in Django's default cache.

The count must be shared by every worker process, so production sets ``REDIS_URL``
(see the README); without it each process keeps its own count in memory.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class AnonymousRateThrottle(SimpleRateThrottle):
    scope = "anonymous"

    def get_rate(self):
        # Read on every request (throttles are built per request), so settings overrides apply.
        return settings.REGISTRY_API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
