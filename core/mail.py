"""Email from the site: rendered from templates, sent by the worker.

Every message is plain text with an HTML alternative, both rendered from templates that extend
``email/base.txt`` and ``email/base.html`` (which carry the site's address). Nothing in them
loads from elsewhere: no tracking pixels, no remote images or fonts.

    message = mail.render("accounts/email/welcome", "reader@example.com", {"name": "Ada"})
    mail.enqueue(message)   # sent by the worker once the current transaction commits

``render`` reads ``<prefix>_subject.txt``, ``<prefix>.txt`` and ``<prefix>.html``. The worker
sends with the ``default`` mailer: SMTP in production, ``.eml`` files locally (settings.py).
"""

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template import Context
from django.template.loader import get_template, render_to_string


def site_context() -> dict:
    """What every email template may use: the site's name and address."""
    return {"site_name": "Ladder", "site_url": settings.SITE_URL}


def _render_text(template_name: str, context: dict) -> str:
    """A plain-text template, rendered without HTML escaping: "<" stays "<" in a subject."""
    template = get_template(template_name).template  # type: ignore[attr-defined]  # Django's own engine
    return template.render(Context(context, autoescape=False))


def render(
    template_prefix: str,
    to: str | Iterable[str],
    context: dict | None = None,
    *,
    headers: dict | None = None,
    from_email: str | None = None,
) -> EmailMultiAlternatives:
    context = {**site_context(), **(context or {})}
    # A subject is one line, whatever whitespace its template has.
    subject = " ".join(_render_text(f"{template_prefix}_subject.txt", context).split())
    context["subject"] = subject
    text = _render_text(f"{template_prefix}.txt", context)
    html = render_to_string(f"{template_prefix}.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        from_email=from_email,
        to=[to] if isinstance(to, str) else list(to),
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


SIGNATURE = "\n-- \n"


def with_html_from_text(message: EmailMessage) -> EmailMultiAlternatives:
    """`message` with an HTML alternative made from its text (paragraphs kept, addresses
    linked) in the site's email layout, for messages written as text only."""
    html = render_to_string(
        "email/text.html",
        {**site_context(), "subject": message.subject, "text": message.body.split(SIGNATURE)[0]},
    )
    return from_json({**to_json(message), "alternatives": [[html, "text/html"]]})


def to_json(message: EmailMessage) -> dict:
    """The message as task arguments (JSON); `from_json` makes it again."""
    return {
        "subject": str(message.subject),
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {name: str(value) for name, value in message.extra_headers.items()},
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def from_json(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        data["subject"],
        data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


@task
def deliver(message: dict, user_id: int | None = None) -> None:
    """Send one message (see `to_json`); run by the worker. `user_id` names the account it is
    about, for `forget`."""
    from_json(message).send()


def enqueue(message: EmailMessage, *, user_id: int | None = None) -> None:
    """Have the worker send `message` once the current transaction commits (at once outside
    one), so a rolled-back change sends nothing and a slow mail server never holds a page.
    Pass the account it is about (`user_id`) when there is one, so that deleting the account
    deletes the message too, whatever address it went to."""
    data = to_json(message)
    transaction.on_commit(lambda: deliver.enqueue(data, user_id=user_id))


def forget(user_id: int, addresses: Iterable[str]) -> int:
    """Delete the worker's records of mail about an account or to any of its addresses, sent
    or waiting (their bodies hold the address and links such as a password reset's), when the
    account is deleted; how many. One being sent at this instant is left to finish; the
    worker's upkeep deletes finished mail soon after (`prune_finished_tasks`)."""
    from django_tasks_db.models import DBTaskResult

    addresses = sorted(
        {form for address in addresses if address for form in (address, address.lower())}
    )
    path = f"{deliver.func.__module__}.{deliver.func.__name__}"
    mails = DBTaskResult.objects.filter(task_path=path).exclude(status="RUNNING")
    about = Q(args_kwargs__kwargs__user_id=user_id)
    for address in addresses:
        for field in ("to", "cc", "bcc"):
            about |= Q(**{f"args_kwargs__args__0__{field}__contains": [address]})
    deleted, _ = mails.filter(about).delete()
    return deleted


class EmlFileBackend(BaseEmailBackend):
    """Writes each message as one ``.eml`` file into ``file_path``: how mail is "sent" on a
    laptop, where a developer opens it in any mail client."""

    def __init__(self, *, file_path: str, **kwargs):
        super().__init__(**kwargs)
        self.file_path = Path(file_path)

    def send_messages(self, email_messages) -> int:
        self.file_path.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            path = self.file_path / f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
            path.write_bytes(message.message().as_bytes())
            sent += 1
        return sent
