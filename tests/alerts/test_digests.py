"""Digests made and sent in this process, against the mail outbox: what they list, when, and
that a run stopped half-way never sends anything twice. The whole loop through a real worker
and a real SMTP server is in test_alert_loop.py."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alerts import digests
from alerts.models import AlertDelivery, DeliveryStatus, SavedSearch
from tests.alerts.conftest import make_reader
from tests.conftest import make_company, make_job, make_tag

pytestmark = pytest.mark.django_db


def saved_search(user, query="discipline=backend", frequency="daily", scope="jobs", **fields):
    search = SavedSearch(user=user, scope=scope, name=fields.pop("name", "Backend"), query=query)
    search.set_frequency(frequency)
    search.alerted_until = timezone.now() - timedelta(days=1)
    search.save()
    return search


def make_due(search, ago=timedelta(minutes=1)):
    SavedSearch.objects.filter(pk=search.pk).update(next_due_at=timezone.now() - ago)


def role(title, *, hours_old=1, **fields):
    fields.setdefault("discipline", "backend")
    job = make_job(title=title, days_old=0, **fields)
    job.published_at = timezone.now() - timedelta(hours=hours_old)
    job.save()
    return job


def titles_in(message) -> list[str]:
    return re.findall(r"^(.+) at Company \d+$", message.body, flags=re.MULTILINE)


def test_a_digest_lists_new_matching_roles_newest_first_once(reader, mailoutbox):
    search = saved_search(reader)
    role("Older backend", hours_old=5)
    role("Newer backend", hours_old=2)
    role("A frontend role", discipline="frontend")
    role("Too old", hours_old=48)
    make_due(search)

    assert digests.send_due_digests() == 1
    [message] = mailoutbox
    assert message.to == ["ada@example.com"]
    assert titles_in(message) == ["Newer backend", "Older backend"]
    assert message.subject == "2 new roles for “Backend” on Ladder"

    # Due again tomorrow; not sent again now.
    search.refresh_from_db()
    assert search.next_due_at > timezone.now() + timedelta(hours=23)
    assert digests.send_due_digests() == 0

    # The next day: only the role that appeared since, never those already sent.
    role("Newest backend", hours_old=0)
    assert digests.send_due_digests(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert titles_in(mailoutbox[1]) == ["Newest backend"]


def test_nothing_new_sends_nothing_and_moves_the_schedule_on(reader, mailoutbox):
    search = saved_search(reader)
    make_due(search)
    assert digests.send_due_digests() == 0
    assert mailoutbox == []
    search.refresh_from_db()
    assert search.next_due_at > timezone.now()
    assert not AlertDelivery.objects.exists()


def test_a_digest_is_capped_with_a_link_to_the_rest(reader, mailoutbox, settings):
    search = saved_search(reader)
    for n in range(digests.DIGEST_ROLES + 3):
        role(f"Backend {n}", hours_old=1 + n)
    make_due(search)
    digests.send_due_digests()
    [message] = mailoutbox
    assert len(titles_in(message)) == digests.DIGEST_ROLES
    assert titles_in(message)[0] == "Backend 0"
    assert message.subject.startswith(f"{digests.DIGEST_ROLES + 3} new roles")
    assert f"And 3 more: {settings.SITE_URL}{search.get_absolute_url()}" in message.body


def test_a_weekly_alert_is_due_a_week_later(reader, mailoutbox):
    search = saved_search(reader, frequency="weekly")
    assert search.next_due_at > timezone.now() + timedelta(days=6, hours=23)
    role("Backend")
    digests.send_due_digests()
    assert mailoutbox == []
    make_due(search)
    digests.send_due_digests()
    assert len(mailoutbox) == 1
    delivery = AlertDelivery.objects.get()
    assert re.fullmatch(r"\d{4}-W\d\d", delivery.period)
    search.refresh_from_db()
    assert search.next_due_at > timezone.now() + timedelta(days=6, hours=23)


def test_a_directory_search_alerts_on_new_roles_at_the_companies_it_finds(reader, mailoutbox):
    tag = make_tag("learning")
    learning = make_company(tags=[tag])
    search = saved_search(reader, scope="companies", query="tag=learning")
    role("At a learning company", company=learning)
    role("Elsewhere")
    make_due(search)
    digests.send_due_digests()
    [message] = mailoutbox
    assert [line.split(" at ")[0] for line in titles_in(message)] == ["At a learning company"]


def test_only_verified_addresses_get_alerts(mailoutbox):
    unverified = make_reader("new@example.com", verified=False)
    search = saved_search(unverified)
    role("Backend")
    make_due(search)
    assert digests.send_due_digests() == 0
    assert mailoutbox == []


def test_closed_and_unlisted_roles_are_never_sent(reader, mailoutbox):
    search = saved_search(reader)
    role("Closed", status="closed")
    role("Hidden", company=make_company(is_listed=False))
    make_due(search)
    digests.send_due_digests()
    assert mailoutbox == []


def test_a_digest_whose_sending_failed_is_sent_once_by_the_next_run(reader, settings):
    search = saved_search(reader)
    role("Backend")
    make_due(search)
    # The SMTP server is down: nothing listens on the port.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    assert digests.send_due_digests() == 0
    delivery = AlertDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    assert digests.send_due_digests() == 1
    assert digests.send_due_digests() == 0
    assert len(mail.outbox) == 1
    assert titles_in(mail.outbox[0]) == ["Backend"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_a_run_stopped_after_making_a_digest_resumes_without_repeating(reader, mailoutbox):
    search = saved_search(reader)
    first = role("First", hours_old=2)
    make_due(search)
    # The run made the digest (committed) and stopped before sending it.
    pk = digests.make_digest(search.pk, timezone.now()).pk
    role("Published after", hours_old=0)
    # The same period again finds the digest it already made.
    make_due(search)
    assert digests.make_digest(search.pk, timezone.now()) is None
    assert digests.send_due_digests() == 1
    [message] = mailoutbox
    assert titles_in(message) == ["First"]
    assert AlertDelivery.objects.get().pk == pk
    assert list(AlertDelivery.objects.get().roles.values_list("job", flat=True)) == [first.pk]


def test_a_digest_interrupted_while_sending_is_never_sent_twice(reader, mailoutbox):
    search = saved_search(reader)
    role("Backend")
    make_due(search)
    pk = digests.make_digest(search.pk, timezone.now()).pk
    # The process died in the middle of the SMTP conversation.
    AlertDelivery.objects.filter(pk=pk).update(status=DeliveryStatus.SENDING)
    assert digests.send_due_digests() == 0
    assert mailoutbox == []


def test_a_saved_search_turned_off_sends_nothing(reader, mailoutbox):
    search = saved_search(reader)
    role("Backend")
    search.set_frequency("none")
    search.save()
    digests.send_due_digests()
    assert mailoutbox == []


def test_queries_per_email_do_not_grow_with_readers_or_roles(db):
    """Each digest costs the same number of queries whatever the number of readers, saved
    searches or roles."""

    def run(readers: int, roles: int) -> tuple[int, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from jobs import board

        for n in range(roles):
            role(f"Backend {readers}-{n}", hours_old=1 + n)
        searches = [saved_search(make_reader()) for _ in range(readers)]
        for search in searches:
            make_due(search)
        mail.outbox = []
        board.current_index()  # the board's index reads the roles just written
        with CaptureQueriesContext(connection) as queries:
            sent = digests.send_due_digests()
        assert sent == readers
        return len(queries), sent

    # Both over the cap: a digest then also counts the roles it leaves out.
    small, sent_small = run(readers=2, roles=digests.DIGEST_ROLES + 1)
    large, sent_large = run(readers=10, roles=30)
    # A fixed cost for the run (looking for pending digests and due searches) plus the same
    # number for every email.
    per_email = (large - small) / (sent_large - sent_small)
    assert per_email == int(per_email)
    assert small == 3 + sent_small * per_email
