import pytest


class Sent:
    """Requests whose mail is sent at once: each runs what waits for its transaction to
    commit (the mail's place in the worker's queue) as it returns."""

    capture = None

    @classmethod
    def post(cls, client, url, data=None):
        with cls.capture(execute=True):
            return client.post(url, data or {})


@pytest.fixture(autouse=True)
def _tasks_in_this_process(settings, django_capture_on_commit_callbacks):
    """Run queued tasks (the mail) here, at once, so tests read `mail.outbox`; the same mail
    through the real worker and an SMTP server is in test_claims.py."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    Sent.capture = django_capture_on_commit_callbacks
