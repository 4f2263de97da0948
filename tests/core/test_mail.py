"""Email: rendered from templates as plain text with an HTML alternative, queued after
commit, and sent by the real worker process through a real SMTP server."""

import email
import email.policy
import os
import subprocess
import sys

import pytest
from django.db import transaction

from core import mail
from tests.conftest import ROOT


@pytest.fixture
def greeting_templates(settings, tmp_path):
    """A message's three templates, extending the site's email layout, in a folder of their own."""
    folder = tmp_path / "templates"
    (folder / "greeting").mkdir(parents=True)
    (folder / "greeting" / "hello_subject.txt").write_text("Hello\n  {{ name }}\n")
    (folder / "greeting" / "hello.txt").write_text(
        '{% extends "email/base.txt" %}{% block content %}Hi {{ name }}.\n{% endblock %}'
    )
    (folder / "greeting" / "hello.html").write_text(
        '{% extends "email/base.html" %}{% block content %}<p>Hi {{ name }}.</p>{% endblock %}'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "greeting/hello"


def test_the_worker_sends_what_was_queued_once_the_transaction_commits(
    worker, smtp_server, greeting_templates, settings
):
    with transaction.atomic():
        mail.enqueue(mail.render(greeting_templates, "ada@example.com", {"name": "<Ada>"}))
    with transaction.atomic():
        mail.enqueue(mail.render(greeting_templates, "bob@example.com", {"name": "Bob"}))
        transaction.set_rollback(True)

    worker.wait_until_idle()
    (message,) = smtp_server.wait_for(1)
    assert smtp_server.recipients == [["ada@example.com"]], "a rolled-back change sends nothing"
    assert message["Subject"] == "Hello <Ada>"
    assert message["To"] == "ada@example.com"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hi <Ada>." in text
    assert f"{settings.SITE_URL}/" in text
    assert "<p>Hi &lt;Ada&gt;.</p>" in html, "HTML is escaped"
    assert f'href="{settings.SITE_URL}/"' in html
    assert "<img" not in html, "no tracking pixels or remote images"
    assert 'lang="en"' in html


def test_without_smtp_settings_mail_is_written_as_eml_files(settings, tmp_path, greeting_templates):
    settings.MAILERS = {
        "default": {
            "BACKEND": "core.mail.EmlFileBackend",
            "OPTIONS": {"file_path": tmp_path / "mail"},
        }
    }
    mail.render(greeting_templates, "ada@example.com", {"name": "Ada"}).send()

    (written,) = (tmp_path / "mail").glob("*.eml")
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert message["To"] == "ada@example.com"
    assert "Hi Ada." in message.get_body(("plain",)).get_content()


def _settings_of(**env) -> subprocess.CompletedProcess:
    script = "from django.conf import settings; import json; print(json.dumps(settings.MAILERS['default'], default=str))"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("EMAIL_")}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.subprocess
def test_smtp_settings_come_from_the_environment():
    import json

    result = _settings_of(
        EMAIL_HOST="smtp.example.com",
        EMAIL_PORT="465",
        EMAIL_USE_SSL="1",
        EMAIL_HOST_USER="ladder",
        EMAIL_HOST_PASSWORD="s3cret",
    )
    assert result.returncode == 0, result.stderr
    mailer = json.loads(result.stdout)
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "smtp.example.com",
        "port": 465,
        "username": "ladder",
        "password": "s3cret",
        "use_tls": False,
        "use_ssl": True,
        "timeout": 20,
    }
    local = json.loads(_settings_of(EMAIL_FILE_PATH="/tmp/ladder-mail").stdout)
    assert local == {
        "BACKEND": "core.mail.EmlFileBackend",
        "OPTIONS": {"file_path": "/tmp/ladder-mail"},
    }


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"EMAIL_HOST": "smtp.example.com", "EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        (
            {"EMAIL_HOST": "smtp.example.com", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"},
            "EMAIL_USE_TLS",
        ),
        ({"DJANGO_SITE_URL": "ladder.example"}, "DJANGO_SITE_URL"),
    ],
)
@pytest.mark.subprocess
def test_bad_email_settings_stop_start_up_naming_the_variable(env, named):
    result = _settings_of(**env)
    assert result.returncode != 0
    assert named in result.stderr
