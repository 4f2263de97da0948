"""Prometheus metrics at /metrics, for the machine itself: requests by view and status,
database time, the page cache, the workers and their queue, alert digests; added up over
every gunicorn worker, and refused to anyone who comes through the proxy."""

import re

import pytest

from tests.conftest import fetch, make_job

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.subprocess]


def sample(text: str, name: str, **labels) -> float:
    """The value of one sample of the exposition (labels in any order)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no {name} {labels} in:\n{text[:3000]}")


def test_metrics_add_up_every_worker_and_stay_private(live_site):
    make_job(title="Platform Engineer")
    for _ in range(6):  # over both of the server's workers
        assert fetch(live_site.url + "/jobs/")[0] == 200
    assert fetch(live_site.url + "/no-such-page/")[0] == 404

    status, headers, body = fetch(live_site.url + "/metrics")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    text = body.decode()
    counted = sample(text, "ladder_request_seconds_count", view="jobs:list", status="200")
    assert counted >= 6
    assert sample(text, "ladder_request_seconds_count", view="unmatched", status="404") >= 1
    assert sample(text, "ladder_request_database_seconds_count", view="jobs:list") >= 6
    assert sample(text, "ladder_workers_alive") == 0
    assert sample(text, "ladder_tasks_due") >= 0

    # Through the proxy (which always says who the client is), or cached: nothing.
    status, _, _ = fetch(live_site.url + "/metrics", {"X-Forwarded-For": "203.0.113.5"})
    assert status == 404


def test_the_apps_gauges_are_read_at_each_scrape():
    from core import metrics

    text = metrics.exposition().decode()
    assert "# TYPE ladder_alert_digests gauge" in text
    assert "# TYPE ladder_workers_alive gauge" in text
