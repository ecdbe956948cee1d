import pytest
from django.contrib.auth.models import Group, User

from registry.groups import EDITOR, IMPORTER, PUBLISHER, VIEWER


# Users without a password: tests log in with force_login, and hashing is slow.
def staff_in(group_name):
    user = User.objects.create_user(f"{group_name.lower()}-user", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin", "admin@example.org")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def viewer(db):
    return staff_in(VIEWER)


@pytest.fixture
def editor(db):
    return staff_in(EDITOR)


@pytest.fixture
def publisher(db):
    return staff_in(PUBLISHER)


@pytest.fixture
def importer(db):
    return staff_in(IMPORTER)
