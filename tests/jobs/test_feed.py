import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import html, make_company, make_job, make_tag

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}id").text, e.find(f"{ATOM}updated").text)
        for e in root.findall(f"{ATOM}entry")
    ]


def test_feed_of_a_filter_combination_contains_exactly_the_matching_roles(client):
    driven = make_tag("engineering-driven")
    series_a = make_company("Match co", tags=[driven], stage="series-a")
    make_job(series_a, title="Remote A", workplace="remote", city="", remote_regions=["anywhere"])
    make_job(series_a, title="Onsite A")
    make_job(
        make_company("Other", stage="series-a"),
        title="Untagged",
        workplace="remote",
        city="",
        remote_regions=["eu"],
    )
    make_job(
        series_a,
        title="Closed",
        status="closed",
        workplace="remote",
        city="",
        remote_regions=["eu"],
    )

    query = "tag=engineering-driven&stage=series-a&workplace=remote"
    board = html(client.get(f"/jobs/?{query}"))
    feed_link = board.find("link", rel="alternate", type="application/atom+xml")["href"]

    response = client.get(feed_link)

    assert response["Content-Type"].startswith("application/atom+xml")
    assert [title for title, _, _ in entries(response)] == ["Remote A at Match co"]


def test_feed_ids_do_not_change_when_a_role_is_renamed(client):
    job = make_job(title="Before")
    first = entries(client.get("/jobs/feed/"))[0][1]
    job.title, job.slug = "After", "after"
    job.save()

    assert entries(client.get("/jobs/feed/"))[0][1] == first


def test_feed_ignores_parameters_that_are_no_filter(client):
    make_job(title="Any")
    response = client.get("/jobs/feed/?page=x&utm_source=mail&q=")
    assert response.status_code == 200
    assert len(entries(response)) == 1


@pytest.mark.parametrize("query", ["level=zz", "tag=no-such-tag", "min_salary=lots", "country=ZZ"])
def test_a_filter_that_cannot_apply_is_a_plain_400_not_the_unfiltered_feed(client, query):
    make_job()

    response = client.get(f"/jobs/feed/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "cannot apply" in response.content.decode()


def test_entries_carry_company_level_location_and_salary(client):
    make_job(
        make_company("Fernhill"),
        title="Staff Engineer",
        level="l6",
        city="Berlin",
        country="DE",
        salary_currency="EUR",
        salary_min=95_000,
        salary_max=125_000,
    )

    root = ET.fromstring(client.get("/jobs/feed/").content)
    summary = root.find(f"{ATOM}entry").find(f"{ATOM}summary").text

    assert "Company: Fernhill" in summary
    assert "Level: L6 · Staff" in summary
    assert "Location: Berlin, Germany (on-site)" in summary
    assert "EUR 95,000–125,000 per year" in summary


def test_a_feed_matching_nothing_is_the_same_feed_whenever_it_is_asked(client):
    """Its <updated> is not the moment of the request: a reader polling it gets the same
    feed, and the page cache's copy is the feed made afresh."""
    make_job(title="Backend role", discipline="backend")
    url = "/jobs/feed/?discipline=security"
    first = client.get(url).content
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert client.get(url).content == first
    assert b"<updated>1970-01-01T00:00:00+00:00</updated>" in first
