"""Under more load than the workers can serve, a request that waited in line past the limit is
answered 503 with Retry-After at once, and the health checks still answer."""

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import make_job


def started(seconds_ago: float, unit: float = 1) -> str:
    return f"t={(time.time() - seconds_ago) * unit:.3f}"


@pytest.mark.django_db
@pytest.mark.parametrize("unit", [1, 1e3, 1e6], ids=["seconds", "milliseconds", "microseconds"])
def test_a_request_that_waited_past_the_limit_is_shed(client, settings, unit):
    settings.LOAD_SHED_AFTER_SECONDS = 5
    shed = client.get("/jobs/", HTTP_X_REQUEST_START=started(6, unit))
    assert shed.status_code == 503
    assert int(shed["Retry-After"]) > 0
    assert "no-store" in shed["Cache-Control"]
    assert client.get("/jobs/", HTTP_X_REQUEST_START=started(1, unit)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["", "t=", "soon", "t=12", "t=-1", "t=nan", "t=1e400"])
def test_without_a_readable_start_nothing_is_shed(client, header):
    assert client.get("/jobs/", HTTP_X_REQUEST_START=header).status_code == 200


@pytest.mark.django_db
def test_health_checks_are_never_shed(client, settings):
    settings.LOAD_SHED_AFTER_SECONDS = 1
    for path in ["/healthz", "/healthz/live"]:
        assert client.get(path, HTTP_X_REQUEST_START=started(60)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_hundred_clients_at_once(serve):
    for number in range(30):
        make_job(title=f"Platform Engineer {number}")
    server = serve(LADDER_LOAD_SHED_AFTER_SECONDS="1")
    answers: list[tuple[int, str | None]] = []
    go = threading.Barrier(201)

    def client(path: str) -> None:
        go.wait()
        # As nginx says it: when the request was passed on.
        request = urllib.request.Request(server.url + path, headers={"X-Request-Start": started(0)})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                answers.append((response.status, None))
        except urllib.error.HTTPError as error:
            answers.append((error.code, error.headers.get("Retry-After")))

    clients = [
        threading.Thread(target=client, args=(f"/jobs/?q=platform&page={n % 2 + 1}",))
        for n in range(200)
    ]
    for thread in clients:
        thread.start()
    go.wait()
    time.sleep(1.5)  # the line is long by now
    asked = time.monotonic()
    with urllib.request.urlopen(server.url + "/healthz", timeout=60) as health:
        assert health.status == 200
    health_seconds = time.monotonic() - asked
    for thread in clients:
        thread.join()

    statuses = [status for status, _ in answers]
    assert set(statuses) <= {200, 503}, statuses
    assert statuses.count(503) > 0, "some waited past the limit"
    assert all(int(retry) > 0 for status, retry in answers if status == 503)
    # Each shed request cost the server next to nothing.
    records = [
        json.loads(line)
        for line in server.log_lines()
        if line.startswith("{") and '"event": "request"' in line
    ]
    shed = [r for r in records if r.get("status") == 503]
    assert len(shed) == statuses.count(503)
    assert max(r["duration_ms"] for r in shed) < 100
    assert health_seconds < 10, health_seconds
