"""Email digests of new roles for saved searches.

A digest is made in one transaction — its AlertDelivery row (one per saved search and period,
by a unique constraint), the roles it lists recorded as sent (SentRole), and the saved search's
schedule moved on — and sent after that commits. So a run that stops half-way resumes where it
stopped: searches not yet done are still due, digests made but not sent are still pending, and
nothing is listed or made twice. Sending claims the digest first (pending → sending), so it is
not sent twice by two runs at once: if the SMTP server refuses it for now, it goes back to
pending for the next run (after MAX_ATTEMPTS it is marked failed). If the run dies in the
middle, the next run, once it is the only one, sends it again (`release_abandoned`): none is
lost, and one goes twice only if its mail had left in the instant before the death.

An address the mail server refuses for good (a 5xx answer to it) is recorded as undeliverable
(alerts.UndeliverableAddress), as are bounces and complaints reported later (alerts.views.
mail_events); nothing more is sent to it until its reader asks to try it again.
"""

import contextlib
import logging
import smtplib
from datetime import timedelta
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from alerts.models import (
    AlertDelivery,
    DeliveryStatus,
    SavedSearch,
    SentRole,
    Undeliverable,
    UndeliverableAddress,
    period_key,
)
from alerts.searches import matching_roles
from core import mail
from jobs.models import Job

log = logging.getLogger(__name__)

# A digest lists this many of the newest roles and links to the rest.
DIGEST_ROLES = 20
MAX_ATTEMPTS = 5
# Roles published a little before the last digest still count: one committed late would
# otherwise never be seen. Roles already listed are left out by SentRole.
OVERLAP = timedelta(minutes=15)
BATCH = 500

UNSUBSCRIBE_SALT = "alerts.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=90)


def verified_address():
    """The reader's verified email address (the primary one first), or NULL: nothing is sent
    to an address that has not been verified."""
    return Subquery(
        EmailAddress.objects.filter(user=OuterRef("user"), verified=True)
        .exclude(Exists(UndeliverableAddress.objects.filter(address=Lower(OuterRef("email")))))
        .order_by("-primary", "pk")
        .values("email")[:1]
    )


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(search: SavedSearch) -> str:
    return signing.dumps(search.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> int:
    """The saved search's id; signing.BadSignature (or SignatureExpired) when the token was
    tampered with or is too old."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE.total_seconds())
    if not isinstance(value, int):
        raise signing.BadSignature("not a saved search")
    return value


def send_due_digests(now=None) -> int:
    """Send every digest that is due or still pending; returns how many were sent. One mail
    connection serves the whole run."""
    now = now or timezone.now()
    mailer = mailers.default
    try:
        mailer.open()
    except Exception:
        log.exception("could not connect to the mail server; each digest will try again")
    try:
        return _send_all(now, mailer)
    finally:
        mailer.close()


def _send_all(now, mailer) -> int:
    sent = 0
    for delivery in AlertDelivery.objects.filter(status=DeliveryStatus.PENDING).select_related(
        "saved_search"
    ):
        delivery.job_ids = list(delivery.roles.values_list("job", flat=True))
        sent += send(delivery, mailer)
    last = 0
    while True:
        batch = list(
            SavedSearch.objects.due(now)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not batch:
            return sent
        for pk in batch:
            delivery = make_digest(pk, now)
            if delivery is not None:
                sent += send(delivery, mailer)
        last = batch[-1]


def make_digest(search_pk: int, now) -> AlertDelivery | None:
    """Make the digest due for one saved search, if it is still due and has new roles, and move
    its schedule on; returns the new, pending AlertDelivery. A search another worker holds is
    skipped: that worker does it."""
    with transaction.atomic():
        search = (
            SavedSearch.objects.due(now)
            .select_for_update(skip_locked=True, of=("self",))
            .annotate(address=verified_address(), active=F("user__is_active"))
            .filter(pk=search_pk)
            .first()
        )
        if search is None:
            return None
        period = period_key(search.frequency, search.next_due_at)
        since = search.alerted_until - OVERLAP
        search.advance(now)
        search.save(update_fields=["next_due_at", "alerted_until"])
        if not search.address or not search.active:
            return None
        if AlertDelivery.objects.filter(saved_search=search, period=period).exists():
            return None
        new = matching_roles(search.scope, search.query, published_after=since).exclude(
            pk__in=SentRole.objects.filter(saved_search=search).values("job")
        )
        newest = list(
            new.order_by("-published_at", "-pk").values_list("pk", flat=True)[:DIGEST_ROLES]
        )
        if not newest:
            return None
        delivery = AlertDelivery.objects.create(
            saved_search=search,
            period=period,
            to=search.address,
            new_roles=new.count() if len(newest) == DIGEST_ROLES else len(newest),
            created_at=now,
        )
        SentRole.objects.bulk_create(
            [SentRole(saved_search=search, job_id=pk, delivery=delivery) for pk in newest]
        )
        delivery.job_ids = newest
        return delivery


def release_abandoned() -> int:
    """Digests left being sent by a run that died: pending again, so the next send mails them.
    None is lost; one whose mail had gone out in the instant before the run died would go
    twice. How many."""
    released = AlertDelivery.objects.filter(status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.PENDING
    )
    if released:
        log.warning("%d alert digest(s) left unsent by a run that died are pending again", released)
    return released


def send(delivery: AlertDelivery, mailer) -> int:
    """Send a pending digest unless another run has claimed it; returns 1 when it was sent.
    If the mail server refuses it, it goes back to pending for the next run (failed after
    MAX_ATTEMPTS)."""
    claimed = AlertDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return 0
    delivery.attempts += 1
    jobs = list(
        Job.objects.filter(pk__in=delivery.job_ids)
        .select_related("company")
        .order_by("-published_at", "-pk")
    )
    try:
        mailer.send_messages([digest_message(delivery, jobs)])
    except smtplib.SMTPRecipientsRefused as refused:
        codes = [code for code, _ in refused.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            # For good: nothing more goes there until its reader asks to try again.
            reason = "; ".join(
                f"{code} {message.decode(errors='replace') if isinstance(message, bytes) else message}"
                for code, message in refused.recipients.values()
            )
            UndeliverableAddress.record(delivery.to, Undeliverable.BOUNCE, reason)
            log.warning("alert digest %s refused for good: %s", delivery.pk, reason)
            AlertDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
            return 0
        return _failed_attempt(delivery, mailer)
    except Exception:
        return _failed_attempt(delivery, mailer)
    AlertDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now()
    )
    return 1


def _failed_attempt(delivery: AlertDelivery, mailer) -> int:
    """A digest the mail server did not take this time: pending for the next run, or failed
    after MAX_ATTEMPTS."""
    failed = delivery.attempts >= MAX_ATTEMPTS
    log.exception(
        "alert digest %s not sent (attempt %s%s)",
        delivery.pk,
        delivery.attempts,
        ", giving up" if failed else "",
    )
    AlertDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING
    )
    # The next digest connects afresh.
    with contextlib.suppress(Exception):
        mailer.close()
    return 0


def digest_message(delivery: AlertDelivery, jobs: list) -> EmailMultiAlternatives:
    """Plain text and HTML in the site's email layout (core/mail.py), with RFC 8058's one-click
    unsubscribe headers."""
    search = delivery.saved_search
    unsubscribe_url = site_url(reverse("alerts:unsubscribe", args=[unsubscribe_token(search)]))
    return mail.render(
        "alerts/email/digest",
        delivery.to,
        {
            "search": search,
            "jobs": [(job, site_url(job.get_absolute_url())) for job in jobs],
            "more": delivery.new_roles - len(jobs),
            "count": delivery.new_roles,
            "results_url": site_url(search.get_absolute_url()),
            "manage_url": site_url(reverse("alerts:searches")),
            "unsubscribe_url": unsubscribe_url,
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The same for every attempt, so a mail client could tell a repeat.
            "Message-ID": f"<alert-{delivery.pk}-{delivery.period}@{urlsplit(settings.SITE_URL).hostname}>",
        },
    )
