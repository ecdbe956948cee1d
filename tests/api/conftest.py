import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def api_settings(settings):
    """No rate limit unless a test sets one; throttle counts start from zero."""
    settings.REGISTRY_API_THROTTLE_RATE = None
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def client():
    return APIClient(HTTP_HOST="testserver", HTTP_ACCEPT_LANGUAGE="en")
