"""The limits on password resets (and sign-ups, and failed sign-ins) hold for the whole site:
every gunicorn worker counts the same attempts, and no flood of page requests can make the
site forget them."""

import http.client
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from tests.conftest import Gunicorn, served_database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.subprocess]

TOKEN = "c" * 32
LIMIT_PER_CLIENT = 10  # settings.ACCOUNT_RATE_LIMITS["reset_password"], per client address


@pytest.fixture
def site(tmp_path, django_db_blocker):
    """Two workers (the Gunicorn helper's), the page cache on, as `make run` serves."""
    server = Gunicorn(
        served_database_url(django_db_blocker),
        env={"DJANGO_PAGE_CACHE": "1"},
        log=tmp_path / "gunicorn.log",
    )
    yield server
    server.stop()


def request(server, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        headers = {"Host": f"127.0.0.1:{server.port}"}
        if body is not None:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={TOKEN}",
                "Origin": server.url,
            }
        connection.request(
            method, path, body=urlencode(body) if body is not None else None, headers=headers
        )
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def reset(server, number: int) -> int:
    status, _ = request(
        server,
        "POST",
        "/account/password/reset/",
        {"csrfmiddlewaretoken": TOKEN, "email": f"someone{number}@example.com"},
    )
    return status


def test_password_resets_are_counted_by_every_worker_and_survive_a_flood_of_urls(site):
    # Each address once, so only the limit per client address applies.
    statuses = [reset(site, number) for number in range(LIMIT_PER_CLIENT + 4)]
    # Two workers each counting their own would let about twice the limit through.
    assert statuses[:LIMIT_PER_CLIENT] == [302] * LIMIT_PER_CLIENT
    assert statuses[LIMIT_PER_CLIENT:] == [429] * 4

    # Thousands of distinct URLs of pages that ignore their query strings, and corrected ones.
    def flood(number: int) -> dict:
        path = f"/robots.txt?evict={number}" if number % 2 else f"/jobs/?level=bogus{number}"
        return request(site, "GET", path)[1]

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(flood, range(2500)))
    assert not [a for a in answers if "X-Page-Cache" in a], "none of them is kept"

    assert [reset(site, 100 + number) for number in range(3)] == [429] * 3
