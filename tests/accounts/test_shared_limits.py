"""The limits on password resets (and sign-ups, and failed sign-ins) hold for the whole site:
every gunicorn worker counts the same attempts, and no flood of page requests can make the
site forget them."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import fetch, post_form

pytestmark = pytest.mark.django_db(transaction=True)

LIMIT_PER_CLIENT = 10  # settings.ACCOUNT_RATE_LIMITS["reset_password"], per client address


def reset(server, number: int) -> int:
    form = {"email": f"someone{number}@example.com"}
    return post_form(server, "/account/password/reset/", form)[0]


def test_password_resets_are_counted_by_every_worker_and_survive_a_flood_of_urls(serve):
    # Two workers (the Gunicorn helper's), the page cache on, as `make run` serves.
    site = serve(DJANGO_PAGE_CACHE="1")
    # Each address once, so only the limit per client address applies.
    statuses = [reset(site, number) for number in range(LIMIT_PER_CLIENT + 4)]
    # Two workers each counting their own would let about twice the limit through.
    assert statuses[:LIMIT_PER_CLIENT] == [302] * LIMIT_PER_CLIENT
    assert statuses[LIMIT_PER_CLIENT:] == [429] * 4

    # Thousands of distinct URLs of pages that ignore their query strings, and corrected ones.
    def flood(number: int):
        path = f"/robots.txt?evict={number}" if number % 2 else f"/jobs/?level=bogus{number}"
        return fetch(site.url + path)[1]

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(flood, range(2500)))
    assert not [a for a in answers if "X-Page-Cache" in a], "none of them is kept"

    assert [reset(site, 100 + number) for number in range(3)] == [429] * 3
