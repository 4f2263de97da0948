"""The whole loop with the real parts: the site enqueues, a worker process (manage.py
db_worker) runs the alert schedule, and the email arrives at a real SMTP server (aiosmtpd),
parsed as a mail client would. The schedule runs every second here
(LADDER_ALERTS_SCHEDULE_SECONDS); the only thing a test changes behind the site's back is
the clock of a saved search: its next digest is made due now instead of tomorrow."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import AlertDelivery, SavedSearch, Schedule
from tests.alerts.conftest import make_reader
from tests.conftest import Worker, html, make_job, served_database_url

pytestmark = pytest.mark.subprocess

FAST = {"LADDER_ALERTS_SCHEDULE_SECONDS": "1"}


@pytest.fixture
def start_worker(transactional_db, smtp_server, django_db_blocker, tmp_path):
    """Start a worker (again): `start_worker()`; every one started is stopped at the end."""
    started = []

    def start() -> Worker:
        worker = Worker(
            served_database_url(django_db_blocker),
            env={**smtp_server.env, **FAST},
            log=tmp_path / f"worker-{len(started)}.log",
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def make_due(search) -> None:
    """A day has passed for this saved search."""
    SavedSearch.objects.filter(pk=search.pk).update(next_due_at=timezone.now())


def wait_for_runs(count: int, timeout: float = 30) -> None:
    """Wait until the schedule has run `count` more times."""
    seen = Schedule.objects.get().next_run_at
    deadline = time.monotonic() + timeout
    runs = 0
    while runs < count:
        assert time.monotonic() < deadline, "the schedule stopped running"
        time.sleep(0.2)
        now = Schedule.objects.get().next_run_at
        if now != seen:
            runs, seen = runs + 1, now


def save_search(client, query: str, frequency: str) -> SavedSearch:
    page = client.get(f"/jobs/?{query}")
    save = html(page).find("a", string="Save this search")["href"]
    form = html(client.get(save)).select_one("form.saved-form")
    response = client.post(
        form["action"],
        {
            "scope": form.select_one("input[name=scope]")["value"],
            "query": form.select_one("input[name=query]")["value"],
            "name": "Backend roles",
            "frequency": frequency,
        },
    )
    assert response.status_code == 302
    return SavedSearch.objects.get()


def test_a_new_matching_role_is_emailed_once_and_one_click_unsubscribes(
    client, smtp_server, start_worker
):
    start_worker()
    reader = make_reader("ada@example.com")
    client.force_login(reader)
    search = save_search(client, "discipline=backend", "daily")
    make_job(title="Platform Backend Engineer", discipline="backend", days_old=0)
    make_job(title="iOS Engineer", discipline="mobile", days_old=0)
    make_due(search)

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "1 new role for “Backend roles” on Ladder"
    text = message.get_body(("plain",)).get_content()
    html_part = message.get_body(("html",)).get_content()
    assert "Platform Backend Engineer" in text
    assert "Platform Backend Engineer" in html_part
    assert "iOS Engineer" not in text
    # No tracking pixel, nothing loaded from elsewhere.
    assert "<img" not in html_part
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(http://[^>]+)>", message["List-Unsubscribe"]).group(1)
    assert unsubscribe in text

    # Nothing more while nothing new appears.
    wait_for_runs(2)
    assert len(smtp_server.messages) == 1

    # The mail client's one click: a POST without session or CSRF token.
    client.logout()
    client.handler.enforce_csrf_checks = True
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    response = client.post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200

    make_job(title="Another Backend Engineer", discipline="backend", days_old=0)
    wait_for_runs(3)
    assert len(smtp_server.messages) == 1
    assert AlertDelivery.objects.count() == 1


def test_a_weekly_alert_comes_a_week_later(client, smtp_server, start_worker):
    start_worker()
    client.force_login(make_reader("ada@example.com"))
    search = save_search(client, "discipline=backend", "weekly")
    assert search.next_due_at > timezone.now() + timedelta(days=6, hours=23)
    make_job(title="Backend Engineer", discipline="backend", days_old=0)
    wait_for_runs(2)
    assert smtp_server.messages == []
    make_due(search)
    [message] = smtp_server.wait_for(1)
    assert "Backend Engineer" in message.get_body(("plain",)).get_content()
    assert re.fullmatch(r"\d{4}-W\d\d", AlertDelivery.objects.get().period)
    search.refresh_from_db()
    assert search.next_due_at > timezone.now() + timedelta(days=6, hours=23)


def test_restarting_the_worker_loses_nothing(client, smtp_server, start_worker):
    first = start_worker()
    client.force_login(make_reader("ada@example.com"))
    search = save_search(client, "discipline=backend", "daily")
    wait_for_runs(1)
    # The worker stops (a deploy); meanwhile a role appears and the digest falls due.
    first.stop()
    make_job(title="Backend Engineer", discipline="backend", days_old=0)
    make_due(search)
    time.sleep(2)
    assert smtp_server.messages == []
    # The next worker picks up the schedule's waiting run: nobody has to start it again.
    start_worker()
    [message] = smtp_server.wait_for(1)
    assert "Backend Engineer" in message.get_body(("plain",)).get_content()
    wait_for_runs(2)
    assert len(smtp_server.messages) == 1


def test_readers_get_only_their_own_alerts(client, smtp_server, start_worker):
    start_worker()
    ada, eve = make_reader("ada@example.com"), make_reader("eve@example.com")
    client.force_login(ada)
    backend = save_search(client, "discipline=backend", "daily")
    client.force_login(eve)
    page = client.get("/jobs/?discipline=mobile")
    save = html(page).find("a", string="Save this search")["href"]
    client.post(
        "/saved/searches/new/",
        {"scope": "jobs", "query": "discipline=mobile", "name": "Mobile", "frequency": "daily"},
    )
    assert "scope=jobs" in save
    mobile = SavedSearch.objects.get(user=eve)
    make_job(title="Backend Engineer", discipline="backend", days_old=0)
    make_job(title="Android Engineer", discipline="mobile", days_old=0)
    make_due(backend)
    make_due(mobile)
    messages = smtp_server.wait_for(2)
    by_reader = {m["To"]: m.get_body(("plain",)).get_content() for m in messages}
    assert "Backend Engineer" in by_reader["ada@example.com"]
    assert "Android" not in by_reader["ada@example.com"]
    assert "Android Engineer" in by_reader["eve@example.com"]
    assert "Backend" not in by_reader["eve@example.com"]


def test_a_worker_killed_mid_run_is_resumed_at_once_losing_and_repeating_nothing(
    smtp_server, start_worker
):
    smtp_server.rcpt_delay = 0.5
    make_job(title="Backend Engineer", discipline="backend", days_old=0)
    addresses = [f"reader{n}@example.com" for n in range(10)]
    for address in addresses:
        SavedSearch.objects.create(
            user=make_reader(address),
            scope="jobs",
            query="discipline=backend",
            name="Backend",
            frequency="daily",
            next_due_at=timezone.now(),
            alerted_until=timezone.now() - timedelta(days=1),
        )
    # Nobody turned alerts on: the worker starts the schedule itself.
    first = start_worker()
    smtp_server.wait_for(3, timeout=60)
    time.sleep(0.25)  # in the middle of the next message
    first.process.kill()
    first.process.wait()
    killed = time.monotonic()
    assert len(smtp_server.messages) < len(addresses)

    start_worker()
    smtp_server.wait_for(len(addresses), timeout=60)
    assert time.monotonic() - killed < 60
    time.sleep(2)  # anything sent twice would have arrived by now
    assert sorted(to for (to,) in smtp_server.recipients) == addresses
