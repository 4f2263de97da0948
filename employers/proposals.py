"""What every decision on a team's proposal does, whatever it proposes (employers.roles,
employers.profiles): the comment it needs, its record, and the mail to whoever wrote it."""

from django.utils import timezone

from core import mail
from employers.models import Proposal


def said(text: str) -> str:
    """The comment of a request for changes or a rejection, which may not be empty."""
    if not text.strip():
        raise ValueError("Say what to change, or why: the team is told.")
    return text.strip()


def decide(proposal: Proposal, status: str, editor, *, comment: str, also=()) -> None:
    """Record the decision: the status, the comment, who and when (`also`: other fields the
    decision changed)."""
    proposal.status, proposal.comment = status, comment  # type: ignore[attr-defined]
    proposal.decided_at, proposal.decided_by = timezone.now(), editor
    proposal.save(update_fields=["status", "comment", "decided_at", "decided_by", *also])


def mail_writer(proposal: Proposal, template: str, **context) -> None:
    """Mail the team member who wrote the proposal, at their own address."""
    writer = proposal.written_by
    if writer is None or not writer.email:
        return
    message = mail.render(template, writer.email, {"proposal": proposal, **context})
    mail.enqueue(message, user_id=writer.pk)


def send_back(proposal: Proposal, editor, status: str, text: str, template: str, **context):
    """Ask for changes, or reject, saying what or why; the writer is mailed the comment."""
    decide(proposal, status, editor, comment=said(text))
    mail_writer(proposal, template, **context)
