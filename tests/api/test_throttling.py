"""Anonymous clients are rate limited, per address, in the shared cache."""

import os
import socket

import pytest
from django.core.cache import caches

from .base import list_url


@pytest.mark.django_db
def test_over_the_rate_answers_429_with_retry_after(client, settings):
    settings.REGISTRY_API_THROTTLE_RATE = "3/minute"
    for _ in range(3):
        assert client.get(list_url("region")).status_code == 200
    response = client.get(list_url("region"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"]
    other = client.get(list_url("region"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def redis_available():
    try:
        import redis  # noqa: F401
    except ImportError:
        return False
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db
@pytest.mark.skipif(not redis_available(), reason="needs the redis package and Redis on :6379")
def test_counts_are_shared_through_redis(client, settings):
    """Two workers share one count when the cache is Redis (production sets REDIS_URL)."""
    location = f"redis://127.0.0.1:6379/{os.environ.get('REDIS_TEST_DB', '15')}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    }
    caches["default"].clear()
    settings.REGISTRY_API_THROTTLE_RATE = "2/minute"
    try:
        assert client.get(list_url("region")).status_code == 200
        # what another worker process sees: a fresh connection to the same Redis
        import redis

        assert redis.Redis.from_url(location).keys("*throttle_anonymous*")
        assert client.get(list_url("region")).status_code == 200
        assert client.get(list_url("region")).status_code == 429
    finally:
        caches["default"].clear()
