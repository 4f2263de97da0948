"""The directory has an Atom feed for any filter combination, and the pages about a tag, a
company and a guide advertise the feeds that follow them."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from companies.models import Company
from tests.conftest import html, make_company, make_guide, make_job, make_tag

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def titles(response) -> list[str]:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


def test_the_directorys_feed_lists_matching_companies_newest_first(client):
    learning = make_tag("learning")
    older = make_company("Older Learning Co", tags=[learning])
    make_company("Newer Learning Co", tags=[learning])
    make_company("Untagged Co")
    make_company("Unlisted Learning Co", tags=[learning], is_listed=False)
    Company.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))

    assert titles(client.get("/companies/feed/?tag=learning")) == [
        "Newer Learning Co",
        "Older Learning Co",
    ]
    assert set(titles(client.get("/companies/feed/"))) == {
        "Newer Learning Co",
        "Older Learning Co",
        "Untagged Co",
    }
    refused = client.get("/companies/feed/?stage=not-a-stage")
    assert refused.status_code == 400
    assert "cannot apply" in refused.content.decode()


def test_the_directory_advertises_the_feed_of_what_it_shows(client):
    make_company("Learning Co", tags=[make_tag("learning")])
    page = html(client.get("/companies/?tag=learning"))
    (alternate,) = page.select('link[rel="alternate"][type="application/atom+xml"]')
    assert alternate["href"] == "/companies/feed/?tag=learning"
    assert page.find("a", string="Atom feed of these companies")["href"] == alternate["href"]


def test_tag_company_and_guide_pages_advertise_feeds_that_answer(client, author):
    tag = make_tag("learning")
    company = make_company("Learning Co", slug="learning-co", tags=[tag])
    make_job(company, title="Platform Engineer", track="tech-lead")
    make_guide(author, slug="leads", jobs_query="track=tech-lead&sort=newest")
    feeds = {}
    for path in ["/companies/tags/learning/", "/companies/learning-co/", "/guides/leads/"]:
        page = html(client.get(path))
        feeds[path] = [
            link["href"]
            for link in page.select('link[rel="alternate"][type="application/atom+xml"]')
        ]
    assert feeds == {
        "/companies/tags/learning/": ["/jobs/feed/?tag=learning", "/companies/feed/?tag=learning"],
        "/companies/learning-co/": ["/jobs/feed/?company=learning-co"],
        "/guides/leads/": ["/jobs/feed/?track=tech-lead"],
    }
    for links in feeds.values():
        for link in links:
            assert titles(client.get(link)), link
