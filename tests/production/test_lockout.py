"""Admin login is protected against password guessing by django-axes."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import RequestFactory

from registry.lockout import client_ip

PASSWORD = "a-long-enough-password-1"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Each failed login hashes a password; the production hasher would take seconds here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return User.objects.create_user("staffer", password=PASSWORD, is_staff=True)


def login(client, username, password, address="198.51.100.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_right_password_signs_in(client, staff):
    response = login(client, "staffer", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_account_is_locked_after_five_wrong_passwords(client, staff, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "staffer", f"guess-{attempt}")
        assert response.status_code == 200 if attempt < 4 else 429
    # Locked: even the right password is refused now, from the same address or another.
    assert login(client, "staffer", PASSWORD).status_code == 429
    assert login(client, "staffer", PASSWORD, address="192.0.2.44").status_code == 429
    assert not client.session.get("_auth_user_id")


def test_one_address_guessing_many_accounts_is_locked(client, staff, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"someone-{attempt}", "guess")
    assert login(client, "staffer", PASSWORD).status_code == 429


def test_success_before_the_limit_resets_the_count(client, staff):
    for attempt in range(4):
        login(client, "staffer", f"guess-{attempt}")
    assert login(client, "staffer", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="staffer").exists()


def test_test_client_login_and_force_login_still_work(client, staff):
    assert client.login(username="staffer", password=PASSWORD)
    client.logout()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_client_ip_trusts_only_as_many_forwarded_entries_as_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"  # not the spoofed 6.6.6.6
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"  # fewer entries than proxies: not trusted
