import xml.etree.ElementTree as ET

import pytest

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
    make_job(series_a, title="Remote A", workplace="remote", city="", remote_regions="Anywhere")
    make_job(series_a, title="Onsite A")
    make_job(
        make_company("Other", stage="series-a"),
        title="Untagged",
        workplace="remote",
        city="",
        remote_regions="EU",
    )
    make_job(
        series_a, title="Closed", status="closed", workplace="remote", city="", remote_regions="EU"
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


def test_feed_ignores_bad_filter_values(client):
    make_job(title="Any")
    response = client.get("/jobs/feed/?level=l99&page=x&tag=%00")
    assert response.status_code == 200
    assert len(entries(response)) == 1
