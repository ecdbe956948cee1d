"""Admin login lockout (django-axes): the backend and how the client address is found."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class LockoutBackend(AxesStandaloneBackend):
    """Counts failed logins made over HTTP; lets request-less calls through to the next backend.

    Password guessing arrives as HTTP requests, which always carry ``request``. Calls without
    one (the test client's ``login()``, shell scripts) run on the server itself, so there is
    no client to lock out; django-axes' own backend would refuse them with an exception.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the one the trusted proxies saw.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies appends the address it received the
    request from to X-Forwarded-For, so the client is that many entries from the right;
    anything further left was written by the client and cannot be trusted.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
