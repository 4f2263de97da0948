"""The board's index is built once for the whole fleet: two servers of two gunicorn workers
each, all starting cold at once, cost PostgreSQL one build; the other workers load the
snapshot it published (jobs.board)."""

import time
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from jobs.models import BoardSnapshot
from tests.conftest import Gunicorn, fetch, make_company, make_job, served_database_url

pytestmark = [pytest.mark.subprocess, pytest.mark.django_db(transaction=True)]


def board_records(server: Gunicorn) -> list[dict]:
    return [record for record in server.json_log() if record["message"].startswith("Board index")]


def test_two_servers_of_two_workers_build_the_index_once(django_db_blocker, tmp_path):
    company = make_company("Acme")
    for number in range(30):
        make_job(company, title=f"Engineer {number}")
    BoardSnapshot.objects.all().delete()
    url = served_database_url(django_db_blocker)
    servers = [Gunicorn(url, log=tmp_path / f"server-{number}.log") for number in range(2)]
    try:
        workers = {
            child.pid
            for server in servers
            for child in psutil.Process(server.process.pid).children()
        }
        assert len(workers) == 4
        # Requests at every server at once until each of the four workers has answered one.
        deadline = time.monotonic() + 60
        with ThreadPoolExecutor(8) as pool:
            while {r["pid"] for s in servers for r in board_records(s)} != workers:
                assert time.monotonic() < deadline, "not every worker served the board"
                urls = [f"{server.url}/jobs/?page=1" for server in servers] * 8
                assert {status for status, _, _ in pool.map(fetch, urls)} == {200}
    finally:
        for server in servers:
            server.stop()

    records = [record for server in servers for record in board_records(server)]
    first = {}
    for record in records:
        first.setdefault(record["pid"], record["how"])
    assert sorted(first.values()) == ["built", "loaded", "loaded", "loaded"]
    assert [record["how"] for record in records].count("built") == 1
    assert {record["roles"] for record in records} == {30}
    assert BoardSnapshot.objects.count() == 1
