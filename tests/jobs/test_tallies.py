"""Role page views and apply clicks (jobs/tallies.py): counted per role and day with nothing
about the reader, from cached pages too, robots left out, and folded a day later."""

import urllib.request
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from jobs import tallies
from jobs.models import RoleTally
from tests.conftest import Gunicorn, database_url, make_company, make_job

pytestmark = pytest.mark.django_db

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
BROWSER = {"HTTP_USER_AGENT": CHROME}


def ping(client, job, **headers):
    """What a browser sends to an apply link's `ping` address as the link is followed."""
    return client.post(
        f"/jobs/{job.slug}/apply/",
        data="PING",
        content_type="text/ping",
        HTTP_PING_TO=job.apply_to,
        **{**BROWSER, **headers},
    )


@pytest.fixture(autouse=True)
def _nothing_counted_yet():
    tallies._counts.clear()
    yield
    tallies._counts.clear()


def test_views_and_apply_clicks_are_counted_per_role_and_day_and_nothing_else(client):
    job = make_job(title="Platform Engineer", apply_to="https://quarry.example/apply")
    other = make_job(title="Data Engineer")
    for _ in range(3):
        assert client.get(job.get_absolute_url(), **BROWSER).status_code == 200
    client.get(other.get_absolute_url(), **BROWSER)

    response = ping(client, job)
    assert response.status_code == 204
    assert "Set-Cookie" not in response.headers

    assert tallies.flush() == 2
    assert tallies.of_roles([job, other]) == {job.pk: (3, 1), other.pk: (1, 0)}
    # A role, a day and two numbers: nothing about who looked.
    assert {field.name for field in RoleTally._meta.get_fields()} == {
        "id",
        "job",
        "day",
        "views",
        "apply_clicks",
    }
    assert set(RoleTally.objects.values_list("day", flat=True)) == {timezone.localdate()}


def test_the_apply_button_goes_straight_to_the_role_and_pings_the_counter(client):
    job = make_job(apply_to="https://quarry.example/apply")
    page = client.get(job.get_absolute_url()).content.decode()
    assert (
        f'href="https://quarry.example/apply" ping="http://testserver/jobs/{job.slug}/apply/"'
        in page
    )
    # Opened directly, the counter's address leads to the role's page, never elsewhere.
    response = client.get(f"/jobs/{job.slug}/apply/", **BROWSER)
    assert (response.status_code, response["Location"]) == (302, job.get_absolute_url())


def test_a_role_page_answered_by_the_page_cache_is_counted_too(client, page_cache):
    job = make_job(title="Platform Engineer")
    first = client.get(job.get_absolute_url(), **BROWSER)
    second = client.get(job.get_absolute_url(), **BROWSER)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    revalidated = client.get(job.get_absolute_url(), HTTP_IF_NONE_MATCH=second["ETag"], **BROWSER)
    assert revalidated.status_code == 304
    tallies.flush()
    assert tallies.of_roles([job]) == {job.pk: (3, 0)}


def test_robots_heads_and_what_is_not_a_role_page_are_not_counted(client):
    job = make_job()
    url = job.get_absolute_url()
    client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    client.get(url, HTTP_USER_AGENT="curl/8.5.0")
    client.get(url)  # no User-Agent at all
    client.head(url, **BROWSER)
    client.get("/jobs/no-such-role/", **BROWSER)
    client.get("/jobs/feed/", **BROWSER)
    ping(client, job, HTTP_USER_AGENT="Slackbot-LinkExpanding 1.0")
    client.get(f"/jobs/{job.slug}/apply/", **BROWSER)  # not a ping
    tallies.flush()
    assert not RoleTally.objects.exists()


def test_a_closed_or_missing_roles_ping_counts_nothing(client):
    closed = make_job(status="closed", apply_to="https://quarry.example/apply")
    assert ping(client, closed).status_code == 204
    by_mail = make_job(apply_to="jobs@quarry.example")
    assert ping(client, by_mail).status_code == 204
    assert client.post("/jobs/no-such-role/apply/", **BROWSER).status_code == 404
    tallies.flush()
    assert tallies.of_roles([closed, by_mail]) == {by_mail.pk: (0, 1)}


def test_past_days_fold_into_one_row_and_days_no_one_is_shown_go():
    job = make_job()
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    for views, clicks in [(3, 1), (4, 0), (1, 2)]:
        RoleTally.objects.create(job=job, day=yesterday, views=views, apply_clicks=clicks)
    RoleTally.objects.create(job=job, day=today, views=2)
    RoleTally.objects.create(job=job, day=today, views=5)
    RoleTally.objects.create(job=job, day=today - timedelta(days=tallies.KEEP_DAYS + 1), views=9)

    assert tallies.fold() == 1
    assert sorted(RoleTally.objects.values_list("day", "views", "apply_clicks")) == [
        (yesterday, 8, 3),
        (today, 2, 0),
        (today, 5, 0),
    ]
    assert tallies.of_roles([job]) == {job.pk: (15, 3)}
    # Thirty days, today included.
    RoleTally.objects.create(job=job, day=today - timedelta(days=tallies.SHOWN_DAYS), views=100)
    assert tallies.of_roles([job]) == {job.pk: (15, 3)}


@pytest.mark.django_db(transaction=True)
@pytest.mark.subprocess
def test_served_through_gunicorn_from_the_page_cache_views_and_clicks_reach_the_database():
    job = make_job(make_company("Quarry", slug="quarry"), apply_to="https://quarry.example/a")
    server = Gunicorn(
        database_url(connection.settings_dict),
        env={"DJANGO_PAGE_CACHE": "1", "LADDER_ROLE_COUNTS_FLUSH_SECONDS": "0"},
    )
    try:

        def send(path: str, data: bytes | None = None):
            request = urllib.request.Request(
                server.url + path,
                data=data,
                headers={"User-Agent": CHROME, "Content-Type": "text/ping"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers

        states = [send(job.get_absolute_url())[1]["X-Page-Cache"] for _ in range(6)]
        assert "hit" in states  # each of its two workers caches its own copy
        assert send(f"/jobs/{job.slug}/apply/", b"PING")[0] == 204
    finally:
        server.stop()
    assert tallies.of_roles([job]) == {job.pk: (6, 1)}
