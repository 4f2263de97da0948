"""The health endpoints: readiness for the load balancer (/healthz), liveness that needs
nothing (/healthz/live), and the background workers' state for monitoring (/healthz/worker)."""

import time

import pytest

from tests.conftest import fetch


def lines(response) -> list[str]:
    return response.content.decode().splitlines()


@pytest.mark.django_db
def test_without_a_worker_pages_can_be_served_but_monitoring_is_told(client):
    ready = client.get("/healthz")
    assert ready.status_code == 200
    assert lines(ready)[:2] == ["ok", "workers 0"]
    worker = client.get("/healthz/worker")
    assert worker.status_code == 503
    assert lines(worker)[0] == "no worker alive"
    assert client.get("/healthz/live").status_code == 200
    for path in ["/healthz", "/healthz/live", "/healthz/worker"]:
        assert "no-store" in client.get(path)["Cache-Control"], path


def test_a_live_worker_is_seen_and_its_end_at_once(client, worker):
    deadline = time.monotonic() + 30
    while (answer := client.get("/healthz/worker")).status_code != 200:
        assert time.monotonic() < deadline, answer.content.decode()
        time.sleep(0.1)
    assert lines(answer)[:2] == ["ok", "workers 1"]
    assert lines(client.get("/healthz"))[1] == "workers 1"

    worker.stop()
    answer = client.get("/healthz/worker")
    assert answer.status_code == 503
    assert lines(answer)[:2] == ["no worker alive", "workers 0"]


def test_liveness_needs_no_database(server_without_database):
    status, _, body = fetch(server_without_database.url + "/healthz/live")
    assert (status, body) == (200, b"ok\n")
    status, _, body = fetch(server_without_database.url + "/healthz/worker")
    assert (status, body) == (503, b"database unavailable\n")
