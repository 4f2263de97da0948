import time

import pytest

from employers.models import Member
from tests.companies.test_contributions import reader_client
from tests.conftest import make_company


class Sent:
    """Requests whose mail is sent at once: each runs what waits for its transaction to
    commit (the mail's place in the worker's queue) as it returns."""

    capture = None

    @classmethod
    def post(cls, client, url, data=None):
        with cls.capture(execute=True):
            return client.post(url, data or {})


@pytest.fixture(autouse=True)
def _tasks_in_this_process(request, settings, django_capture_on_commit_callbacks):
    """Run queued tasks (the mail) here, at once, so tests read `mail.outbox`; tests with the
    real worker (test_journey.py) leave them in its queue."""
    if "worker" not in request.fixturenames:
        settings.TASKS = {
            "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
        }
    Sent.capture = django_capture_on_commit_callbacks


def mail_about(smtp_server, subject: str, *, to: str):
    """The one message with `subject` in its subject, waited for (the server may also hold
    mail from earlier tests' queues, which this test does not count on)."""
    deadline = time.monotonic() + 30
    while True:
        found = [m for m in smtp_server.messages if subject in m["Subject"]]
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    (message,) = found
    assert message["To"] == to
    return message


@pytest.fixture
def quarry():
    return make_company("Quarry", slug="quarry", email_domains=["quarry.example"])


@pytest.fixture
def owner(django_user_model, quarry):
    """A reader who owns Quarry's team, signed in."""
    client = reader_client(django_user_model, "ada")
    Member.objects.create(
        company=quarry, user=client.user, email="ada@quarry.example", is_owner=True
    )
    return client
