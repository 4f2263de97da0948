import pytest
from django.apps import apps


def make_reader(email: str | None = None, *, verified: bool = True):
    """A reader (never staff) whose email address is verified unless `verified` is False."""
    from django.contrib.auth import get_user_model

    email = email or f"reader{get_user_model().objects.count() + 1}@example.com"
    user = get_user_model().objects.create_user(
        username=email, email=email, password="a-long-reader-password-1"
    )
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    elif not verified:
        user.email = ""
        user.save()
    return user


@pytest.fixture
def reader(db):
    return make_reader("ada@example.com")


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client
